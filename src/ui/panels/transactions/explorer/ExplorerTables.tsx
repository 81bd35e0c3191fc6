import { type ExploreResult, levelTitle, OUTCOME_CLASSES } from '../../../../engine/transactions/explorer-result';
import { ColumnHeads } from '../../../components/ColumnHeads';
import { CLASS_GLYPH, CLASS_NAME, classStyle, longLabel, shortLabel } from './outcome';
import { ScrollX } from '../../../components/ScrollX';

// The explorer's summary tables and its permutation tokens (ExplorerPanel.tsx lays them out).

/** One order of steps as coloured tokens (a1 b1 a2 …), one colour per session. */
export function Permutation({ result, order }: { result: ExploreResult; order: readonly number[] }) {
  const index = new Map(result.sessions.map((s, i) => [s.name, i]));
  return (
    <span className="xp-perm">
      {order.map((i) => {
        const st = result.steps[i];
        return (
          <span key={i} className={`xp-tok xs-${(index.get(st.session) ?? 0) % 4}`} title={`${st.session}: ${st.sql}`}>
            {st.short}
          </span>
        );
      })}
    </span>
  );
}

/** How many orders end in each outcome class, per level, and the anomalies found. */
export function Summary({ result }: { result: ExploreResult }) {
  const classes = OUTCOME_CLASSES.filter((k) => result.summary.some((s) => s.counts[k] > 0));
  return (
    <ScrollX label="Outcomes per isolation level (scrolls sideways)">
      <table className="xp-summary">
        <caption>
          Outcomes per isolation level ({result.permutations.length.toLocaleString('en')} orders each, {result.runs.toLocaleString('en')}{' '}
          runs)
        </caption>
        <ColumnHeads names={['Outcome', ...result.levels.map(levelTitle)]} />
        <tbody>
          {classes.map((k) => (
            <tr key={k}>
              <th scope="row">
                <span className={`xp-swatch k-${k}`} style={classStyle(k)} aria-hidden="true">
                  {CLASS_GLYPH[k]}
                </span>{' '}
                {CLASS_NAME[k]}
              </th>
              {result.summary.map((s) => (
                <td key={s.level} className={s.counts[k] ? undefined : 'zero'}>
                  {s.counts[k].toLocaleString('en')}
                </td>
              ))}
            </tr>
          ))}
          <tr className="xp-anomalies">
            <th scope="row">Anomalies found</th>
            {result.summary.map((s) => {
              const found = Object.entries(s.anomalies);
              return (
                <td key={s.level} data-level={s.level}>
                  {found.length === 0 ? (
                    <span className="none">none</span>
                  ) : (
                    found.map(([a, n]) => <span key={a} className="xp-anomaly">{`${a} ×${n}`}</span>)
                  )}
                </td>
              );
            })}
          </tr>
        </tbody>
      </table>
    </ScrollX>
  );
}

/** Orders that end the same way at every level. */
export interface PatternGroup {
  /** The outcomes' short labels, joined: the pattern's identity. */
  readonly key: string;
  /** The first order with this pattern. */
  readonly first: number;
  readonly count: number;
}

/** The distinct outcome patterns, most frequent first, each a filter of the matrix. */
export function PatternTable({
  result,
  groups,
  pattern,
  onPattern,
}: {
  result: ExploreResult;
  groups: readonly PatternGroup[];
  pattern: string | null;
  /** Filter the matrix to one pattern (null: show every order again). */
  onPattern: (key: string | null) => void;
}) {
  return (
    <ScrollX label="Outcome patterns (scrolls sideways)">
      <table className="xp-groups">
        <caption className="visually-hidden">Orders grouped by their outcome at every level</caption>
        <ColumnHeads names={[...result.levels.map(levelTitle), 'Orders']}>
          <th scope="col">
            <span className="visually-hidden">Filter</span>
          </th>
        </ColumnHeads>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              {result.outcomes[g.first].map((o, l) => (
                <td key={l}>
                  <span className={`xp-chip k-${o.kind}`} style={classStyle(o.kind)} title={longLabel(o)}>
                    <span aria-hidden="true">{CLASS_GLYPH[o.kind]} </span>
                    {shortLabel(o)}
                  </span>
                </td>
              ))}
              <td className="num">{g.count.toLocaleString('en')}</td>
              <td>
                <button type="button" aria-pressed={pattern === g.key} onClick={() => onPattern(pattern === g.key ? null : g.key)}>
                  {pattern === g.key ? 'Show all' : 'Only these'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollX>
  );
}
