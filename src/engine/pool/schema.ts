import * as v from 'valibot';
import { labSchema } from '../scenario/lab-schema';
import { Count } from '../scenario/values';

const Num = (min: number, max: number) => v.pipe(v.number(), v.minValue(min), v.maxValue(max));
const Ms = Num(0, 3_600_000);
const Distribution = v.optional(v.picklist(['fixed', 'exponential']));

/** The most arrivals one action may schedule. */
const MAX_ARRIVALS = 1_000_000;

const Arrival = v.strictObject({ atMs: Ms, serviceMs: Ms, leak: v.optional(v.boolean()) });

/** The actions of the Connection pooling lab, as they appear in scenario files and links. Times in ms. */
export const ActionSchema = v.variant('type', [
  /** Let the simulated time run on by `ms`. */
  v.strictObject({ type: v.literal('advance'), ms: Ms }),
  /** Run to the next pool event or failed request (at most `maxMs`, 60 s by default). */
  v.strictObject({ type: v.literal('next'), maxMs: v.optional(Ms) }),
  /** Steady Poisson arrivals (0 stops them), each running a query for `serviceMs`. */
  v.strictObject({ type: v.literal('rate'), perSecond: Num(0, 10_000_000), serviceMs: Ms, distribution: Distribution }),
  /** `count` requests at once, or spread evenly over `overMs`. */
  v.strictObject({ type: v.literal('burst'), count: Count(1, MAX_ARRIVALS), serviceMs: Ms, overMs: v.optional(Ms) }),
  /** One request `atMs` from now; `leak`: the application never calls release(). */
  v.strictObject({ type: v.literal('request'), serviceMs: Ms, atMs: v.optional(Ms), leak: v.optional(v.boolean()) }),
  /** A recorded arrival script, offsets from now. */
  v.strictObject({ type: v.literal('script'), arrivals: v.pipe(v.array(Arrival), v.minLength(1), v.maxLength(10_000)) }),
  /** A closed loop of application clients: send, wait for the answer, think, send again (0 stops them). */
  v.strictObject({ type: v.literal('clients'), count: Count(0, 100_000), thinkMs: Ms, serviceMs: Ms, distribution: Distribution }),
  /** pg_terminate_backend() on a connection's backend (FATAL 57P01). */
  v.strictObject({ type: v.literal('terminate'), conn: Count(1, 2 ** 31 - 1) }),
]);

export const OptionsSchema = v.strictObject({
  /** false: no pool, every request opens its own connection and closes it (the default is a pool). */
  pooled: v.optional(v.boolean()),
  /** node-postgres Pool options; unset ones take node-postgres' defaults (max 10, idleTimeoutMillis 10000, connectionTimeoutMillis 0). */
  pool: v.optional(
    v.strictObject({
      max: v.optional(Count(1, 100_000)),
      idleTimeoutMillis: v.optional(Count(0, 86_400_000)),
      connectionTimeoutMillis: v.optional(Count(0, 86_400_000)),
    }),
  ),
  /** The server's max_connections (PostgreSQL's default is 100). */
  server: v.optional(v.strictObject({ max_connections: v.optional(Count(1, 100_000)) })),
  /** What a connection costs; defaults are the calibration's (calibration.ts). */
  costs: v.optional(
    v.strictObject({
      rttMs: v.optional(Num(0, 10_000)),
      authRoundTrips: v.optional(Count(0, 10)),
      backendStartMs: v.optional(Num(0, 10_000)),
    }),
  ),
  /** Also run the same arrivals without a pool, side by side. */
  compare: v.optional(v.boolean()),
  /** Width of a history bucket (latency percentiles, throughput), ms. */
  bucketMs: v.optional(Num(0.1, 3_600_000)),
  /** Time the swimlanes show, ms back from now. */
  windowMs: v.optional(Num(0.1, 3_600_000)),
  /** Connections drawn as swimlanes, at most. */
  lanes: v.optional(Count(1, 64)),
});

const Bound = v.union([Num(0, 1e12), v.strictObject({ min: v.optional(Num(0, 1e12)), max: v.optional(Num(0, 1e12)) })]);

/** What a run should end with; each field a number (exactly) or {min, max}. */
const Counts = {
  arrived: v.optional(Bound),
  completed: v.optional(Bound),
  timedOut: v.optional(Bound),
  refused: v.optional(Bound),
  failed: v.optional(Bound),
  opened: v.optional(Bound),
  removed: v.optional(Bound),
  poolErrors: v.optional(Bound),
  leaked: v.optional(Bound),
  peakBackends: v.optional(Bound),
  peakWaiting: v.optional(Bound),
  peakClients: v.optional(Bound),
  /** Gauges at the end: pool clients, idle clients, waiting requests, server backends. */
  clients: v.optional(Bound),
  idle: v.optional(Bound),
  waiting: v.optional(Bound),
  backends: v.optional(Bound),
  p50Ms: v.optional(Bound),
  p99Ms: v.optional(Bound),
  meanMs: v.optional(Bound),
};

export const ExpectedSchema = v.strictObject({ ...Counts, withoutPool: v.optional(v.strictObject(Counts)) });

export type Action = v.InferOutput<typeof ActionSchema>;
export type Options = v.InferOutput<typeof OptionsSchema>;
export type Expected = v.InferOutput<typeof ExpectedSchema>;
export type ExpectedCounts = Omit<Expected, 'withoutPool'>;

/** The lab's schemas, defined once: its types and its scenario variant derive from them. */
export const schema = labSchema('pool', { options: OptionsSchema, action: ActionSchema, expected: ExpectedSchema });
