import type { ColType, Value } from './ast';
import { dynamic } from './dynamic';
import { unsupported } from './errors';

/**
 * Function calls. nextval and currval change or read the engine's sequences, which this folder
 * does not know: the executor installs a hook around each statement it runs.
 */

/** The functions the lab models and their result types. */
export const FUNCTION_TYPES: Readonly<Record<string, ColType>> = { nextval: 'bigint', currval: 'bigint' };

export type CallHook = (name: string, args: readonly Value[]) => Value;

const hook = dynamic<CallHook | null>(null);

/** Install a hook and return the previous one (the executor restores it in a `finally`). */
export const swapCalls = (h: CallHook | null): CallHook | null => hook.swap(h);

export function callFunction(name: string, args: readonly Value[]): Value {
  const h = hook.get();
  if (!h) throw unsupported(`function ${name}() here`);
  return h(name, args);
}
