import type { Emit } from './events';
import type { Session, State, Txn } from './types';

/** What every executor function works on: the state, the acting session and its transaction. */
export interface Ctx {
  readonly state: State;
  readonly session: Session;
  readonly txn: Txn;
  readonly emit: Emit;
}

/** A statement either finished or waits for a transaction to end. */
export type Outcome =
  | { readonly k: 'done' }
  | {
      readonly k: 'wait';
      readonly xid: number;
      readonly table: string;
      readonly tuple: number;
      readonly mode: import('./types').LockStrength | 'unique';
      /** Not a row's transaction: a heavyweight lock or a safe snapshot (see heavy-locks.ts). */
      readonly on?: import('./types').Wait;
      /** The session it waits for, when not the owner of `xid` (a lock holder without an xid). */
      readonly holder?: string;
    };

export const DONE: Outcome = { k: 'done' };
