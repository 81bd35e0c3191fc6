/** What happened to one node's buckets in a step, read from the engine's bucket events in order. */
import type { LabEvent } from '../../../engine/labs';

/** A full bucket met a newcomer: the oldest contact was pinged, then kept or evicted. */
export interface Incident {
  readonly bucket: number;
  readonly newcomer: number;
  readonly oldest: number;
  /** `kept`: the oldest answered and stays (the newcomer goes to the replacement cache); `evicted`: it was silent. */
  readonly result: 'kept' | 'evicted' | 'pending';
}

export interface BucketChanges {
  readonly incidents: Incident[];
  /** Contacts that entered a bucket this step. */
  readonly inserted: Set<number>;
  /** Contacts seen again (moved to the tail, or their last-seen time renewed). */
  readonly seen: Set<number>;
  /** A stale contact replaced from the cache: stale -> replacement. */
  readonly replaced: { readonly bucket: number; readonly stale: number; readonly replacement: number }[];
}

/** The changes to `node`'s routing table among a step's events. */
export function bucketChanges(events: readonly LabEvent<'kademlia'>[], node: number): BucketChanges {
  const incidents: Incident[] = [];
  const inserted = new Set<number>();
  const seen = new Set<number>();
  const replaced: BucketChanges['replaced'][number][] = [];
  for (const e of events) {
    if (!('node' in e) || e.node !== node) continue;
    switch (e.type) {
      case 'contact.added':
        inserted.add(e.contact);
        break;
      case 'contact.moved':
      case 'lastSeen.updated':
        seen.add(e.contact);
        break;
      case 'oldest.pinged':
        incidents.push({ bucket: e.bucket, newcomer: e.newcomer, oldest: e.oldest, result: 'pending' });
        break;
      case 'contact.evicted':
      case 'newcomer.dropped': {
        const i = incidents.findLastIndex((x) => x.bucket === e.bucket && x.newcomer === e.newcomer && x.result === 'pending');
        if (i >= 0) incidents[i] = { ...incidents[i], result: e.type === 'contact.evicted' ? 'evicted' : 'kept' };
        if (e.type === 'contact.evicted') inserted.add(e.newcomer);
        else seen.add(e.kept);
        break;
      }
      case 'contact.replaced':
        replaced.push({ bucket: e.bucket, stale: e.stale, replacement: e.replacement });
        inserted.add(e.replacement);
        break;
    }
  }
  return { incidents, inserted, seen, replaced };
}
