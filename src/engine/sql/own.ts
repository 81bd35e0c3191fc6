/*
 * Names in SQL are the user's: a table or column may be called `constructor`, `toString` or
 * `__proto__`. Records keyed by them are read only through their own properties and written
 * as own properties (an assignment to `__proto__` would replace the record's prototype).
 */

/** The record's own value for `key`, never one inherited from Object.prototype. */
export const own = <T>(rec: Readonly<Record<string, T>>, key: string): T | undefined => (Object.hasOwn(rec, key) ? rec[key] : undefined);

/** Set `key` as an own property, `__proto__` included. */
export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, writable: true, enumerable: true, configurable: true });
}
