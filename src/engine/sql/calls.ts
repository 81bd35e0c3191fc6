import type { ColType, Value } from './ast';
import { unsupported } from './errors';

/**
 * Function calls. nextval and currval change or read the engine's sequences, which this folder
 * does not know: the executor installs a hook around each statement it runs.
 */

/** The functions the lab models and their result types. */
export const FUNCTION_TYPES: Readonly<Record<string, ColType>> = { nextval: 'bigint', currval: 'bigint' };

export type CallHook = (name: string, args: readonly Value[]) => Value;

let hook: CallHook | null = null;

/** Run `f` with function calls answered by `h` (the executor, for one statement). */
export function withCalls<T>(h: CallHook, f: () => T): T {
  const prev = hook;
  hook = h;
  try {
    return f();
  } finally {
    hook = prev;
  }
}

export function callFunction(name: string, args: readonly Value[]): Value {
  if (!hook) throw unsupported(`function ${name}() here`);
  return hook(name, args);
}
