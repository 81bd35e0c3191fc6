/** The step's event log (capped) and the swimlane history of each connection. */
import * as kinds from './kinds';
import type { Conn, ConnStateCode, PoolEvent, Sim } from './types';

const { LOG_CAP, SEGS_KEPT } = kinds;

/** µs to ms, as events carry them. */
export const ms = (us: number) => Math.round(us) / 1000;

/** Past LOG_CAP a step still keeps what a reader looks for (failures, errors, removals), up to as many again. */
export function emit(sim: Sim, e: PoolEvent): void {
  if (sim.log.length < LOG_CAP) sim.log.push(e);
  else if (sim.log.length < 2 * LOG_CAP && (e.type === 'request.failed' || e.type === 'pool.errored' || e.type === 'pool.removed'))
    sim.log.push(e);
  else drop(sim, e.type === 'request.failed' ? `request.failed ${e.code}` : e.type);
}

function drop(sim: Sim, key: string): void {
  sim.dropped++;
  sim.droppedTypes[key] = (sim.droppedTypes[key] ?? 0) + 1;
}

/** Room for a routine event in this step's log; counted as dropped when there is none (no object made). */
export function room(sim: Sim, type: PoolEvent['type']): boolean {
  if (sim.log.length < LOG_CAP) return true;
  drop(sim, type);
  return false;
}

/**
 * A lane's new state from now on. A state that lasted no time is replaced (a client released and
 * acquired again in the same instant stays busy), and segments that ended before the lanes'
 * window are dropped (at most SEGS_KEPT entries are kept in any case).
 */
export function setState(sim: Sim, c: Conn, state: ConnStateCode): void {
  c.state = state;
  if (!sim.trace) return;
  const s = c.segs;
  let n = s.length;
  if (n >= 2 && s[n - 1] === sim.now) {
    // Two pops rather than a shorter length: V8 sets an array's length through a slow built-in.
    s.pop();
    s.pop();
    n -= 2;
  }
  if (n >= 2 && s[n - 2] === state) return;
  s.push(state, sim.now);
  n += 2;
  // Trimmed in batches, so a busy lane does not shift its array at every transition.
  if (n < 64 && n <= SEGS_KEPT) return;
  const from = sim.now - sim.cfg.windowUs;
  let drop = 0;
  while (drop + 3 < n && s[drop + 3] <= from) drop += 2;
  if (n - drop > SEGS_KEPT) drop = n - SEGS_KEPT;
  if (drop >= 32 || n > SEGS_KEPT) s.splice(0, drop);
}
