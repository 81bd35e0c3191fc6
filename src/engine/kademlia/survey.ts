/**
 * The scaling survey: hop counts against network size and success rates against failed
 * nodes, measured on separate networks so the scenario's own network is untouched and the
 * state keeps only the numbers (a few hundred bytes, whatever the sizes).
 */
import { refuse } from '../core/refusal';
import { build, fail, lookupMany } from './actions';
import type { Ctx } from './network';
import type { Action, State, SurveyPoint } from './types';

type Survey = Extract<Action, { type: 'survey' }>;

/** How the survey makes its networks: the engine's own init and clone (passed in to avoid an import cycle). */
export interface Maker {
  readonly init: (seed: number, k: number) => State;
  readonly clone: (s: State) => State;
}

/** Most points a state keeps (sizes x fractions over all survey steps). */
const MAX_SURVEY_POINTS = 64;

/** One point: `lookups` random lookups between live nodes of `net` after `failed` of its nodes went down. */
function measure(ctx: Ctx, net: State, failed: number, lookups: number): SurveyPoint {
  const sub: Ctx = { st: net, rnd: ctx.rnd, emit: null, round: 0, time: net.now };
  if (failed > 0) fail(sub, null, failed);
  const before = { lookups: net.stats.lookups, found: net.stats.found, messages: net.stats.messages, hops: net.stats.hops.slice() };
  lookupMany(sub, lookups);
  const hops = net.stats.hops.map((h, i) => h - (before.hops[i] ?? 0));
  const count = net.stats.lookups - before.lookups;
  return {
    nodes: net.n,
    k: net.cfg.k,
    failed,
    lookups: count,
    found: net.stats.found - before.found,
    meanHops: hops.reduce((sum, h, i) => sum + h * i, 0) / Math.max(1, count),
    meanMessages: (net.stats.messages - before.messages) / Math.max(1, count),
    hops,
  };
}

/**
 * Run the survey: per size, one settled network seeded from this step's stream; per failed
 * fraction, a copy of it with that fraction down. Returns the new points (also merged into
 * `State.survey`, replacing any with the same k, size and fraction).
 */
export function survey(ctx: Ctx, a: Survey, make: Maker): SurveyPoint[] {
  const { st } = ctx;
  const failed = a.failed ?? [0];
  for (const n of a.sizes)
    if (n < 2 || n > 2 ** st.cfg.bits) refuse(`A survey network of ${n} nodes does not fit (2 to 2^${st.cfg.bits}).`);
  const points: SurveyPoint[] = [];
  for (const n of a.sizes) {
    const base = make.init(ctx.rnd.int(2 ** 31), a.k ?? st.cfg.k);
    // The survey's networks spend the scenario's budget.
    base.work = st.work;
    base.built = st.built;
    build({ st: base, rnd: ctx.rnd, emit: null, round: 0, time: 0 }, { type: 'build', nodes: n });
    for (const f of failed)
      points.push(measure(ctx, failed.length === 1 ? base : { ...make.clone(base), work: st.work, built: st.built }, f, a.lookups));
  }
  const key = (p: SurveyPoint) => `${p.k}/${p.failed}/${p.nodes}`;
  const fresh = new Set(points.map(key));
  const merged = [...st.survey.filter((p) => !fresh.has(key(p))), ...points].sort(
    (x, y) => x.k - y.k || x.failed - y.failed || x.nodes - y.nodes,
  );
  if (merged.length > MAX_SURVEY_POINTS) refuse(`A scenario keeps at most ${MAX_SURVEY_POINTS} survey points.`);
  st.survey = merged;
  return points;
}
