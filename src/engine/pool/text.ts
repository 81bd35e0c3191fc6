import type { RefusedEvent } from '../core/lab';
import type { Action } from './schema';
import type { PoolEvent } from './types';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** Short text of an action, for the timeline and the fork menu. */
export function label(a: Action): string {
  switch (a.type) {
    case 'advance':
      return `+${a.ms} ms`;
    case 'next':
      return 'to the next pool event';
    case 'rate':
      return a.perSecond > 0 ? `${a.perSecond.toLocaleString('en')} requests/s of ${a.serviceMs} ms` : 'stop the steady traffic';
    case 'burst':
      return `burst of ${a.count.toLocaleString('en')}${a.overMs ? ` over ${a.overMs} ms` : ''}`;
    case 'request':
      return `${a.leak ? 'leaky ' : ''}request of ${a.serviceMs} ms${a.atMs ? ` at +${a.atMs} ms` : ''}`;
    case 'script':
      return `arrival script (${plural(a.arrivals.length, 'request')})`;
    case 'clients':
      return a.count > 0 ? `${a.count.toLocaleString('en')} clients, think ${a.thinkMs} ms` : 'clients stop';
    case 'terminate':
      return `pg_terminate_backend(connection ${a.conn})`;
  }
}

/** One sentence about a step's events, when a preset has no narration. */
export function describe(events: readonly (PoolEvent | RefusedEvent)[], action: Action | undefined): string {
  if (!action) return 'No traffic yet: the pool is empty and the server has no client backends.';
  const count = (t: PoolEvent['type']) => events.filter((e) => e.type === t).length;
  const refusal = events.find((e) => e.type === 'action.refused');
  if (refusal?.type === 'action.refused') return `Not done: ${refusal.message}.`;
  const failed = events.filter((e) => e.type === 'request.failed');
  const parts: string[] = [];
  const connects = count('pool.connected') + count('client.connected');
  if (connects) parts.push(`${plural(connects, 'new connection')} opened`);
  if (count('pool.acquired')) parts.push(`${plural(count('pool.acquired'), 'acquire')}`);
  if (count('pool.released')) parts.push(`${plural(count('pool.released'), 'release')}`);
  if (count('pool.removed')) parts.push(`${plural(count('pool.removed'), 'client')} removed from the pool`);
  if (count('pool.errored')) parts.push(`${plural(count('pool.errored'), "'error' event")} on idle clients`);
  const timeouts = failed.filter((e) => e.type === 'request.failed' && e.code === 'timeout').length;
  const refused = failed.filter((e) => e.type === 'request.failed' && e.code === '53300').length;
  if (timeouts) parts.push(`${plural(timeouts, 'request')} timed out`);
  if (refused) parts.push(`${plural(refused, 'connection')} refused: "sorry, too many clients already" (53300)`);
  const dropped = events.find((e) => e.type === 'events.dropped');
  const head = `${label(action)}: `;
  if (parts.length === 0) return `${head}nothing the pool reports happened.`;
  return `${head}${parts.join(', ')}${dropped && dropped.type === 'events.dropped' ? ` (and ${plural(dropped.count, 'more event')})` : ''}.`;
}
