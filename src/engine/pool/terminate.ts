import { MSG } from './kinds';
import { emit, ms } from './log';
import { closeConn, fail, release, remove } from './pool';
import { ConnState, type Req, type Sim } from './types';

/**
 * pg_terminate_backend() on a connection's backend. An idle pooled client gets the error
 * in its idle listener ('error', then removal); a client running a query gets it as the
 * query's error, and the application releases it with that error ('release', removal).
 * Returns a reason when the action does not apply.
 */
export function terminate(sim: Sim, connId: number): string | null {
  const c = sim.conns.find((x) => x !== null && x.id === connId) ?? null;
  if (!c) return `connection ${connId} is not open`;
  if (!c.backend || c.state === ConnState.connecting) return `connection ${connId} is still connecting`;
  if (c.state === ConnState.leaked) return `connection ${connId} is checked out and never released: nobody would see the error`;
  if (!sim.cfg.pooled) {
    const r = sim.reqs[c.req] as Req;
    closeConn(sim, c);
    fail(sim, r, '57P01', MSG.terminated);
    return null;
  }
  if (c.state === ConnState.idle) {
    sim.counters.poolErrors++;
    emit(sim, { type: 'pool.errored', t: ms(sim.now), conn: c.id, code: '57P01', message: MSG.terminated });
    remove(sim, c, 'error');
    return null;
  }
  // Busy: the query fails, the application releases the client with the error.
  const r = sim.reqs[c.req] as Req;
  release(sim, c, MSG.terminated);
  fail(sim, r, '57P01', MSG.terminated);
  return null;
}
