import type { LabEvent } from '../../../engine/labs';
import type { PoolEvent } from '../../../engine/pool/types';
import { ColumnHeads } from '../../components/ColumnHeads';
import { Panel } from '../../components/Panel';
import { ScrollX } from '../../components/ScrollX';
import { eventOf } from '../step-events';
import { fmtClock, fmtCount } from './format';

const SHOWN = 14;

/** The rows listed: node-postgres' event name ('connect'...) and what it means. */
const WHAT: Partial<Record<PoolEvent['type'], string>> = {
  'pool.connected': "'connect': new client connected",
  'pool.acquired': "'acquire': client handed to a request",
  'pool.released': "'release': client given back",
  'pool.removed': "'remove': client closed and dropped",
  'pool.errored': "'error': idle client lost its connection",
  'client.connected': 'connected (no pool)',
  'client.ended': 'client.end() (no pool)',
  'request.failed': 'request failed',
};

/** The counts' words: node-postgres' own event names. */
const WORD: Readonly<Record<string, string>> = {
  'pool.connected': 'connect',
  'pool.acquired': 'acquire',
  'pool.released': 'release',
  'pool.removed': 'remove',
  'pool.errored': 'error',
  'client.connected': 'client connect',
  'client.ended': 'client end',
};

const listed = (e: LabEvent<'pool'>): e is PoolEvent => e.type in WHAT;

/** The events this log lists, and the count of those left out. */
const LOG_TOUCHED_BY = [...Object.keys(WHAT), 'events.dropped'];

const NOTABLE = new Set<PoolEvent['type']>(['request.failed', 'pool.errored', 'pool.removed']);

/** At most SHOWN rows in time order, failures, errors and removals kept first when there are more. */
function pick(events: readonly LabEvent<'pool'>[]): PoolEvent[] {
  const all = events.filter(listed);
  if (all.length <= SHOWN) return all;
  const notable = all.filter((e) => NOTABLE.has(e.type)).slice(0, SHOWN);
  const keep = new Set<PoolEvent>(notable);
  for (const e of all) {
    if (keep.size >= SHOWN) break;
    keep.add(e);
  }
  return all.filter((e) => keep.has(e));
}

/** This step's pool events as node-postgres emits them, and failed requests with their error. */
export function EventLog({ events }: { events: readonly LabEvent<'pool'>[] }) {
  const all = events.filter(listed);
  const shown = pick(events);
  const dropped = eventOf(events, 'events.dropped');
  const more = all.length - shown.length + (dropped?.count ?? 0);
  // Counts of every event of the step, listed or not.
  const counts = new Map<string, number>();
  const word = (type: string, code?: string) =>
    type === 'request.failed' ? (code === 'timeout' ? 'timed out' : `failed ${code}`) : (WORD[type] ?? type);
  const add = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
  for (const e of all) add(word(e.type, e.type === 'request.failed' ? e.code : undefined), 1);
  if (dropped)
    for (const [k, n] of Object.entries(dropped.byType)) {
      const [type, code] = k.split(' ');
      add(word(type, code), n);
    }
  return (
    <Panel
      name="log"
      title="Pool events this step"
      className="pool-log-panel"
      touchedBy={LOG_TOUCHED_BY}
      legend="What pool.on('connect' | 'acquire' | 'release' | 'remove' | 'error') would see, and requests whose acquire rejected."
    >
      {shown.length === 0 ? (
        <p className="note">No pool event in this step.</p>
      ) : (
        <>
          <p className="pool-log-counts">In this step: {[...counts].map(([k, n]) => `${fmtCount(n)} ${k}`).join(' · ')}</p>
          <ScrollX label="Pool events (scrolls sideways)">
            <table className="pool-log">
              <ColumnHeads names={['time', 'event', 'client', 'request', 'detail']} />
              <tbody>
                {shown.slice(0, SHOWN).map((e, i) => (
                  // biome-ignore lint: events of a step have no id of their own
                  <tr key={i} className={`ev-${e.type.replace('.', '-')}`}>
                    <td>{'t' in e ? fmtClock(e.t) : ''}</td>
                    <td>{WHAT[e.type]}</td>
                    <td>{'conn' in e ? `c${e.conn}` : '—'}</td>
                    <td>{'req' in e ? `r${e.req}` : '—'}</td>
                    <td>
                      {e.type === 'request.failed' ? (
                        <span className="err">
                          {e.code === 'timeout' ? '' : `${e.code} `}
                          {e.message}
                        </span>
                      ) : e.type === 'pool.errored' ? (
                        <span className="err">
                          {e.code} {e.message}
                        </span>
                      ) : e.type === 'pool.removed' ? (
                        e.reason === 'idle' ? (
                          'idle for idleTimeoutMillis'
                        ) : (
                          'after an error'
                        )
                      ) : e.type === 'pool.released' && e.error ? (
                        <span className="err">with error</span>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        </>
      )}
      {more > 0 && (
        <p className="note">{fmtCount(more)} more events in this step are not listed (failures, errors and removals are listed first).</p>
      )}
    </Panel>
  );
}
