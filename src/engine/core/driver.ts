import type * as v from 'valibot';
import type { LabSchema } from '../scenario/lab-schema';
import { type AnyLab, applyAction, type BaseState, type EngineEvent, type LabEngine, type RefusedEvent, refusalIn } from './lab';

type In<S extends v.GenericSchema> = v.InferOutput<S>;

/**
 * The one test driver for every lab (tldraw's TestEditor idea): actions go through the
 * kernel's `applyAction`, exactly as on the timeline, so the clock and refusals behave as
 * they do for a user. A refused action fails the test unless it was run with `try`.
 */
export class LabDriver<Sc extends LabSchema, S extends BaseState, E extends EngineEvent, V> {
  readonly state: S;
  /** Events of the state's creation, then of the last action. */
  events: (E | RefusedEvent)[];
  /** Every event so far, in order. */
  readonly log: (E | RefusedEvent)[] = [];

  constructor(
    readonly lab: LabEngine<Sc, S, E, V>,
    options: In<Sc['options']>,
    seed = 1,
  ) {
    const { state, events } = lab.init(options, seed);
    this.state = state;
    this.events = events;
    this.log.push(...events);
  }

  /** Run actions in order; throws on the first one the lab refuses. */
  run(...actions: In<Sc['action']>[]): this {
    for (const action of actions) {
      this.try(action);
      const refusal = this.refusal;
      if (refusal !== null) throw new Error(`${this.lab.label(action)}: ${refusal}`);
    }
    return this;
  }

  /** Run one action that may be refused; returns its events. */
  try(action: In<Sc['action']>): (E | RefusedEvent)[] {
    const lab: AnyLab = this.lab;
    this.events = applyAction(lab, this.state, action);
    this.log.push(...this.events);
    return this.events;
  }

  /** The message of the last action's refusal, or null if it ran. */
  get refusal(): string | null {
    return refusalIn(this.events);
  }

  view(): V {
    return this.lab.view(this.state);
  }

  /** The last action's events of one type, narrowed to that type. */
  of<T extends (E | RefusedEvent)['type']>(type: T): Extract<E | RefusedEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<E | RefusedEvent, { type: T }> => e.type === type);
  }
}
