import type { AnyLab, EventOf, ViewOf } from '../engine/core/lab';
import type { Frame, Timeline } from '../engine/core/timeline';
import { labs, timelineFor } from '../engine/labs';
import { parseScenario, type Scenario } from '../engine/scenario/schema';
import { explore, ExploreError } from '../engine/transactions/explorer';
import { type EngineApi, type EngineClient, type FrameMsg, PROTOCOL_VERSION } from './protocol';
import { loadTransactionsParser } from './sql-parser';

/**
 * The engine behind the protocol. The worker exposes exactly this object; tests
 * and the in-process fallback call it directly. It only translates calls into
 * engine operations: no simulation logic lives here.
 */
export function createEngineHost(): EngineApi {
  let scenario: Scenario | null = null;
  let lab: AnyLab | null = null;
  let timeline: Timeline<AnyLab> | null = null;

  const loaded = () => {
    if (!scenario || !lab || !timeline) throw new Error('No scenario is loaded.');
    return { scenario, lab, timeline };
  };

  const toMsg = (frame: Frame<ViewOf<AnyLab>, EventOf<AnyLab>>): FrameMsg => {
    const { scenario: s, lab: l, timeline: t } = loaded();
    const step = s.steps[frame.step - 1];
    const atEnd = frame.step === frame.total;
    return {
      lab: s.lab,
      step: frame.step,
      total: frame.total,
      events: frame.events,
      view: frame.view,
      narration: step?.say ?? l.describe(frame.events, step?.do),
      outcome: atEnd && s.expect ? l.check(t.engineState, s.expect) : null,
      suggestions: l.suggest(t.engineState),
    };
  };

  return {
    load(input) {
      scenario = parseScenario(input);
      lab = labs[scenario.lab];
      timeline = timelineFor(scenario);
      const l = lab;
      return {
        protocol: PROTOCOL_VERSION,
        frame: toMsg(timeline.frame()),
        labels: scenario.steps.map((s) => l.label(s.do)),
      };
    },
    seek: (step) => toMsg(loaded().timeline.seek(step)),
    runTo(step) {
      const { frames, frame } = loaded().timeline.runTo(step);
      return { steps: frames, frame: toMsg(frame) };
    },
    reset: () => toMsg(loaded().timeline.seek(0)),
    explore(input, onProgress) {
      const s = input === undefined ? loaded().scenario : parseScenario(input);
      if (s.lab !== 'transactions') throw new ExploreError('The interleaving explorer runs transactions scenarios only.');
      return explore(s, { onProgress });
    },
  };
}

/** Whether an (unvalidated) scenario is the transactions lab's: its SQL needs PostgreSQL's parser. */
const isTransactions = (input: unknown): boolean =>
  typeof input === 'object' && input !== null && (input as { lab?: unknown }).lab === 'transactions';

/**
 * The host as the worker and the in-process client expose it: the same calls, answered
 * asynchronously, where loading (or exploring) a transactions scenario first loads PostgreSQL's
 * parser (WebAssembly), once. The other labs never fetch it.
 */
export function createAsyncEngineHost(): EngineClient {
  const host = createEngineHost();
  return {
    async load(input) {
      if (isTransactions(input)) await loadTransactionsParser();
      return host.load(input);
    },
    seek: async (step) => host.seek(step),
    runTo: async (step) => host.runTo(step),
    reset: async () => host.reset(),
    async explore(input, onProgress) {
      if (isTransactions(input)) await loadTransactionsParser();
      return host.explore(input, onProgress);
    },
  };
}
