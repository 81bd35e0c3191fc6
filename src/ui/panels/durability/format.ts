import type { WalRecordView } from '../../../engine/durability/view';
import type { LabEvent } from '../../../engine/labs';

export { formatLsn } from '../../../engine/wal/lsn';
export { eventsOf } from '../step-events';

/** What a durability frame carries as events: the lab's own, and the kernel's refusal. */
export type DurabilityEvent = LabEvent<'durability'>;

/** Bytes as a person reads them: 34 B, 8.1 kB, 2.3 MB (1 kB = 1024 B, as PostgreSQL counts). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Stable key of the step a frame shows, for effects and CSS animations that must restart each step. */
export const stepKey = (step: number, events: readonly unknown[]): string => `${step}:${events.length}`;

/**
 * Whether two WAL record views draw the same. Each frame from the worker is a fresh copy, so
 * the memoised tape records and list rows compare what they show, not object identity.
 */
export function sameRecord(a: WalRecordView, b: WalRecordView): boolean {
  return (
    a === b ||
    (a.lsn === b.lsn &&
      a.end === b.end &&
      a.state === b.state &&
      a.kind === b.kind &&
      a.size === b.size &&
      a.fpi === b.fpi &&
      a.tx === b.tx &&
      a.xid === b.xid &&
      a.page === b.page &&
      a.lsnText === b.lsnText)
  );
}
