import { createContext, type ReactNode, useContext, useId, useRef, useState } from 'react';
import { useHeldOffScreen } from './held-off-screen';

/** What a step did, as the panels need it: its events' types (and fields) and whether it is the first step. */
export interface StepInfo {
  readonly step: number;
  readonly events: readonly { readonly type: string }[];
  /** Essentials view: optional panels start folded. */
  readonly essentials: boolean;
  /** The scenario's focus: the names of the panels its lesson is about. */
  readonly focus?: readonly string[];
  /** Playing at Max: a panel out of view keeps its last drawing until it scrolls in or play stops. */
  readonly atMax?: boolean;
}

/** Provided once per lab by the panel registry. */
export const StepContext = createContext<StepInfo>({ step: 0, events: [], essentials: false });

/**
 * The events a panel draws: event types (`page.dirtied`), whole nouns (`page.*`), or a
 * predicate for panels that care about a field (`page.written` by the checkpointer only).
 */
export type TouchedBy = readonly string[] | ((event: { readonly type: string }) => boolean);

/** An event type (`page.dirtied`) or whole noun (`page.*`) matches `type`. */
const matches = (t: string, type: string): boolean => t === type || (t.endsWith('.*') && type.startsWith(t.slice(0, -1)));

/** True when one of `events` is drawn by a panel touched by `by`. */
export function isTouched(by: TouchedBy | undefined, events: StepInfo['events']): boolean {
  if (by === undefined) return false;
  if (typeof by === 'function') return events.some(by);
  return events.some((e) => by.some((t) => matches(t, e.type)));
}

/**
 * How much a panel matters to a step, by event type or whole noun: `{ 'table.vacuumed': 1 }`.
 * Of the panels a step changed, the ones of the highest priority are kept in view (in-view.ts).
 */
export type Priority = Readonly<Record<string, number>>;

/** The panel's priority for these events: the highest its table gives one of them, 0 without one. */
export function priorityOf(priority: Priority | undefined, events: StepInfo['events']): number {
  if (priority === undefined) return 0;
  let best = 0;
  for (const e of events) for (const t in priority) if (matches(t, e.type)) best = Math.max(best, priority[t]);
  return best;
}

export interface PanelProps {
  /** The panel's name in its lab, as a scenario's `focus` lists it (`heap-items`); also `data-panel`. */
  readonly name: string;
  /** The panel's heading. */
  readonly title: ReactNode;
  /** One sentence under the heading: what the panel shows. */
  readonly legend?: ReactNode;
  /** The events whose step this panel shows a change of: it is marked and brought into view. */
  readonly touchedBy?: TouchedBy;
  /** When this panel, changed, is the step's point rather than one of the panels it touched (default 0). */
  readonly priority?: Priority;
  /** Not one of the lab's essentials: folded (one click away) in the essentials view. */
  readonly optional?: boolean;
  readonly className?: string;
  /** Controls on the heading's line (a toggle, a select). */
  readonly actions?: ReactNode;
  /**
   * What the panel says in place of its body while it has nothing to show (`No transaction yet.`),
   * written as `empty={rows.length === 0 && 'No transaction yet.'}`; false or absent: the body.
   */
  readonly empty?: ReactNode;
  readonly children?: ReactNode;
}

const FIRST = { order: -1 } as const;

/**
 * A lab panel: a titled region with an optional legend. It marks itself `data-changed` when
 * the step's events are ones it draws (and `data-priority` when it is the step's point), so
 * the lab view can highlight it and scroll it into view, and presenter mode can show only what changed. In the essentials view an optional
 * panel shows its heading and a button instead of its body.
 */
export function Panel({ name, title, legend, touchedBy, priority, optional = false, className, actions, empty, children }: PanelProps) {
  const id = useId();
  const { step, events, essentials, focus, atMax = false } = useContext(StepContext);
  const [unfolded, setUnfolded] = useState(false);
  const section = useRef<HTMLElement>(null);
  const body = useHeldOffScreen(section, atMax, children);
  const focused = focus?.includes(name) === true;
  const folded = optional && essentials && !unfolded && !focused;
  const changed = step > 0 && isTouched(touchedBy, events);
  const rank = changed ? priorityOf(priority, events) : 0;
  return (
    <section
      ref={section}
      className={`panel${className ? ` ${className}` : ''}${folded ? ' panel-folded' : ''}${focused ? ' panel-focus' : ''}`}
      // A focus panel comes first in its column (flex and grid layouts honour `order`).
      style={focused ? FIRST : undefined}
      aria-labelledby={id}
      data-panel={name}
      data-changed={changed ? '' : undefined}
      data-focus={focused ? '' : undefined}
      data-priority={rank > 0 ? rank : undefined}
      data-optional={optional ? '' : undefined}
    >
      <div className="panel-head">
        <h2 id={id}>{title}</h2>
        {folded ? (
          <button type="button" className="panel-unfold" aria-expanded="false" onClick={() => setUnfolded(true)}>
            Show{changed ? ' (changed)' : ''}
          </button>
        ) : (
          actions
        )}
      </div>
      {!folded && legend !== undefined && <p className="legend">{legend}</p>}
      {!folded && (empty ? <p className="empty">{empty}</p> : body)}
    </section>
  );
}
