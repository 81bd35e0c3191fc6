import { memo } from 'react';
import type { WalRecordView } from '../../../engine/durability/view';
import { ColumnHeads } from '../../components/ColumnHeads';
import { sameRecord } from './format';

const LIST_LENGTH = 40;
const STATE_TEXT = { buffered: 'in buffers', written: 'not fsync’d', flushed: 'flushed' } as const;

const Row = memo(
  function Row({ r, fresh }: { r: WalRecordView; fresh: boolean }) {
    return (
      <tr className={`wal-row state-${r.state}${fresh ? ' fresh' : ''}`} data-kind={r.kind}>
        <td className="lsn">{r.lsnText}</td>
        <td className="kind">
          {r.kind} {r.fpi && <span className="fpi-tag">FPI</span>}
        </td>
        <td className="num">{r.size}</td>
        <td>{r.tx ? `${r.tx} · ${r.xid}` : r.xid || ''}</td>
        <td>{r.page ?? ''}</td>
        <td className="state">{STATE_TEXT[r.state]}</td>
      </tr>
    );
  },
  (a, b) => a.fresh === b.fresh && sameRecord(a.r, b.r),
);

/** The newest records as pg_waldump would list them: LSN, kind (FPI: with a full-page image), length, transaction, block. */
export function WalList({ records, fresh, total }: { records: readonly WalRecordView[]; fresh: ReadonlySet<number>; total: number }) {
  const shown = records.slice(-LIST_LENGTH);
  // The list stays scrolled to its newest row by CSS (`.wal-list-scroll` is a column-reverse
  // flex box, whose scroll origin is its end), not by reading scrollHeight each step.
  if (shown.length === 0) return <p className="empty">The WAL is empty.</p>;
  return (
    <div className="wal-list-scroll" role="region" aria-label="WAL records (newest last)" tabIndex={0}>
      <table className="wal-list">
        <caption className="visually-hidden">WAL records, newest last</caption>
        <ColumnHeads names={['LSN', 'record', 'len', 'tx · xid', 'block', 'state']} />
        <tbody>
          {total > shown.length && (
            <tr className="wal-hidden">
              <td colSpan={6}>… {(total - shown.length).toLocaleString('en')} earlier records</td>
            </tr>
          )}
          {shown.map((r) => (
            <Row key={r.lsn} r={r} fresh={fresh.has(r.lsn)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
