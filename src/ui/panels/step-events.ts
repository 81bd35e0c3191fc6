/** Any lab's event: what the typed look-ups below need of it. */
interface TypedEvent {
  readonly type: string;
}

/** A step's events of one type, each typed as that event. */
export function eventsOf<E extends TypedEvent, T extends E['type']>(events: readonly E[], type: T): Extract<E, { type: T }>[] {
  return events.filter((e): e is Extract<E, { type: T }> => e.type === type);
}

/** A step's first event of one type, typed as that event; undefined when the step has none. */
export function eventOf<E extends TypedEvent, T extends E['type']>(events: readonly E[], type: T): Extract<E, { type: T }> | undefined {
  return events.find((e): e is Extract<E, { type: T }> => e.type === type);
}
