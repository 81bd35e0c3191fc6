/** A duration in ms as a reader wants it: µs below 1 ms, ms below 10 s, else s. */
export function fmtMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 10_000) return `${Math.round(ms).toLocaleString('en')} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A clock reading in ms since the start of the run. */
export const fmtClock = (ms: number): string =>
  ms < 10_000 ? `${ms.toLocaleString('en', { maximumFractionDigits: 1 })} ms` : `${(ms / 1000).toFixed(2)} s`;

export const fmtCount = (n: number): string => n.toLocaleString('en');

/** Each connection state's word on the lanes and in the legend. */
export const STATE_WORD = { connecting: 'connecting', busy: 'busy', idle: 'idle', leaked: 'never released', closed: 'closed' } as const;
