/**
 * A value set for the length of one call and restored on the way out, however it ends: how the
 * executor lends this folder what it does not own (the statement's subquery runner and function
 * calls, the session's time zone). The engine is synchronous, so a module-level slot is safe.
 */
export interface Dynamic<T> {
  get(): T;
  with<R>(value: T, f: () => R): R;
  /** Set the value and return the one it replaces, for a caller that restores it itself (in a `finally`). */
  swap(value: T): T;
}

export function dynamic<T>(initial: T): Dynamic<T> {
  let current = initial;
  return {
    get: () => current,
    with(value, f) {
      const prev = current;
      current = value;
      try {
        return f();
      } finally {
        current = prev;
      }
    },
    swap(value) {
      const prev = current;
      current = value;
      return prev;
    },
  };
}
