import type { RpcKind } from '../../../engine/kademlia/types';
import type { LabEvent } from '../../../engine/labs';
import { ColumnHeads } from '../../components/ColumnHeads';
import { Panel } from '../../components/Panel';
import { eventOf, eventsOf } from '../step-events';

type Rpc = Extract<LabEvent<'kademlia'>, { type: 'rpc.sent' }>;

/** Rows shown; a lookup among thousands sends more, and the rest are counted. */
const SHOWN = 40;
const KINDS: readonly RpcKind[] = ['PING', 'STORE', 'FIND_NODE', 'FIND_VALUE', 'MESSAGE'];
const OUTCOME: Record<Rpc['outcome'], string> = { ok: '✓ reply', lost: '✗ lost', down: '✗ no answer (down)' };

/** The RPCs of this step, in the order they were sent: kind, from and to, round, send time and round-trip latency. */
export function MessageLog({ events, nameOf }: { events: readonly LabEvent<'kademlia'>[]; nameOf: (x: number) => string }) {
  const rpcs = eventsOf(events, 'rpc.sent');
  const counts = KINDS.map((k) => [k, rpcs.filter((r) => r.kind === k).length] as const).filter(([, n]) => n > 0);
  const batch = eventOf(events, 'lookups.measured');
  return (
    <Panel
      name="messages"
      title="RPC message log"
      legend="Kademlia's messages this step: PING, STORE, FIND_NODE, FIND_VALUE (and the article's MESSAGE); latency is the round trip, or the timeout when no reply came."
      touchedBy={['rpc.sent', 'lookups.measured']}
      optional
      className="kad-log-panel"
      empty={
        rpcs.length === 0 &&
        (batch ? `${batch.count.toLocaleString('en')} lookups ran silently this step: see the statistics.` : 'No RPCs this step.')
      }
    >
      <p className="rpc-counts">
        {counts.map(([k, n]) => (
          <span key={k} className={`rpc-kind kind-${k}`}>
            {k} × {n}
          </span>
        ))}
      </p>
      <div className="log-scroll" role="region" aria-label="RPC list (scrolls)" tabIndex={0}>
        <table className="rpc-table">
          <ColumnHeads names={['sent at', 'RPC', 'from → to', 'round', 'latency', 'result']} />
          <tbody>
            {rpcs.slice(0, SHOWN).map((r, i) => (
              <tr key={i} className={`rpc rpc-${r.outcome}`} data-kind={r.kind}>
                <td className="num">{r.at} ms</td>
                <td>
                  <span className={`rpc-kind kind-${r.kind}`}>{r.kind}</span>
                </td>
                <td>
                  {nameOf(r.from)} → {nameOf(r.to)}
                </td>
                <td className="num">{r.round || '–'}</td>
                <td className="num">{r.latency} ms</td>
                <td className={`result result-${r.outcome}`}>{OUTCOME[r.outcome]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rpcs.length > SHOWN && <p className="note">… and {rpcs.length - SHOWN} more RPCs this step.</p>}
    </Panel>
  );
}
