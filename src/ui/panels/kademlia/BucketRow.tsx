import { memo, useMemo } from 'react';
import type { BucketView, ContactView } from '../../../engine/kademlia/view';
import type { BucketChanges, Incident } from './bucket-story';
import { useD3Behaviour } from '../../d3-behaviour';
import { type BeatProps, bucketBeats } from './bucket-beats';
import { CompactSlots, slotSig, type SlotMark } from './CompactSlots';
import { nodeName, shortHex } from './format';

/** `full`: name, ID and distance; `name`: the name only (k ≤ 8 rows; k > 8 rows draw CompactSlots). */
function Chip({ c, variant, mark }: { c: ContactView; variant: 'full' | 'name'; mark?: 'new' | 'seen' }) {
  const state = c.alive ? (c.fails > 0 ? `, ${c.fails} unanswered` : '') : ', down';
  return (
    <li
      className={`chip${c.alive ? '' : ' down'}${mark ? ` chip-${mark}` : ''}`}
      data-contact={c.index}
      title={`${nodeName(c)}: ID ${c.id}, XOR distance ${c.distance}, last seen at ${c.lastSeen} ms${state}`}
    >
      <span className="chip-name">
        {nodeName(c)}
        {!c.alive && (
          <>
            <span aria-hidden="true"> ✗</span>
            <span className="visually-hidden"> (down)</span>
          </>
        )}
        {mark === 'new' && <span className="chip-flag"> new</span>}
      </span>
      {variant === 'full' && (
        <>
          <code className="chip-id">{shortHex(c.id, 4)}</code>
          <code className="chip-dist">d {shortHex(c.distance, 4)}</code>
        </>
      )}
    </li>
  );
}

function Story({ inc, nameOf }: { inc: Incident; nameOf: (x: number) => string }) {
  const kept = inc.result === 'kept';
  return (
    <p className={`story story-${inc.result}`}>
      <span className="beat">Full: {nameOf(inc.newcomer)} wants in.</span>{' '}
      <span className="beat">
        PING the oldest, <strong>{nameOf(inc.oldest)}</strong>…
      </span>{' '}
      {inc.result !== 'pending' && (
        <span className={`beat outcome-${inc.result}`}>
          {kept ? (
            <>
              <span aria-hidden="true">✓</span> it answered: {nameOf(inc.oldest)} stays (now most recent), {nameOf(inc.newcomer)} goes to
              the replacement cache.
            </>
          ) : (
            <>
              <span aria-hidden="true">✗</span> no answer: {nameOf(inc.oldest)} is evicted, {nameOf(inc.newcomer)} joins at the tail.
            </>
          )}
        </span>
      )}
    </p>
  );
}

/** One k-bucket: its contacts oldest first, empty slots up to k, the replacement cache, and what a full bucket did. */
export const BucketRow = memo(function BucketRow({
  b,
  k,
  bits,
  changes,
  duration,
  stepKey,
  nameOf,
}: {
  b: BucketView;
  k: number;
  bits: number;
  changes: BucketChanges;
  duration: number;
  stepKey: number;
  nameOf: (x: number) => string;
}) {
  const wide = k <= 8;
  const shared = bits - 1 - b.index;
  const incidents = changes.incidents.filter((i) => i.bucket === b.index);
  const full = b.contacts.length >= k;
  const beatProps = useMemo<BeatProps>(
    () => ({ step: stepKey, duration, incidents: incidents.length }),
    [stepKey, duration, incidents.length],
  );
  const row = useD3Behaviour<HTMLLIElement, BeatProps>(bucketBeats, beatProps);

  const mark = (c: ContactView): SlotMark => (changes.inserted.has(c.index) ? 'new' : changes.seen.has(c.index) ? 'seen' : undefined);
  const marks = wide ? [] : b.contacts.map(mark);
  return (
    <li ref={row} className={`bucket${full ? ' full' : ''}`} data-bucket={b.index}>
      <div className="bucket-head">
        <strong>bucket {b.index}</strong>
        <span className="muted">{b.own ? `own, ≥ ${shared} bits` : `${shared} bit${shared === 1 ? '' : 's'} shared`}</span>
        <span className="fill" title={`${b.contacts.length} of k = ${k}`}>
          <span className="fill-bar" aria-hidden="true">
            <span style={{ width: `${(100 * b.contacts.length) / k}%` }} />
          </span>
          {b.contacts.length}/{k}
          {full ? ' full' : ''}
        </span>
      </div>
      <div className="bucket-body">
        <span className="order-hint" aria-hidden="true">
          oldest
        </span>
        {wide ? (
          <ol className="slots wide" aria-label={`bucket ${b.index}, least recently seen first`}>
            {b.contacts.map((c) => (
              <Chip key={c.index} c={c} variant="full" mark={mark(c)} />
            ))}
            {Array.from({ length: Math.max(0, k - b.contacts.length) }, (_, i) => (
              <li key={`empty${i}`} className="chip empty-slot" aria-hidden="true" />
            ))}
          </ol>
        ) : (
          <CompactSlots
            contacts={b.contacts}
            marks={marks}
            k={k}
            label={`bucket ${b.index}, least recently seen first`}
            sig={slotSig(b.contacts, marks)}
          />
        )}
        <span className="order-hint" aria-hidden="true">
          newest
        </span>
      </div>
      {incidents.some((i) => i.result === 'evicted') && (
        <div className="repl evicted">
          <span className="muted">evicted:</span>
          <ol className="slots wide">
            {incidents
              .filter((i) => i.result === 'evicted')
              .map((i) => (
                <li key={i.oldest} className="chip chip-evicted" data-contact={i.oldest}>
                  <span className="chip-name">
                    {nameOf(i.oldest)} <span aria-hidden="true">✗</span>
                  </span>
                </li>
              ))}
          </ol>
        </div>
      )}
      {b.replacements.length > 0 && (
        <div className="repl">
          <span className="muted">replacement cache:</span>
          {wide ? (
            <ol className="slots wide">
              {b.replacements.map((c) => (
                <Chip key={c.index} c={c} variant="name" />
              ))}
            </ol>
          ) : (
            <CompactSlots
              contacts={b.replacements}
              marks={[]}
              k={null}
              label={`bucket ${b.index}'s replacement cache`}
              sig={slotSig(b.replacements, [])}
            />
          )}
        </div>
      )}
      {incidents.slice(-2).map((inc, i) => (
        <Story key={i} inc={inc} nameOf={nameOf} />
      ))}
      {incidents.length > 2 && <p className="story muted">… and {incidents.length - 2} earlier PING(s) this step.</p>}
    </li>
  );
});
