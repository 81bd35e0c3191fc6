import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type CSSProperties, useRef } from 'react';
import { diagnosticText, useDiagnosis } from './diagnose';
import { type Draft, type DraftAction, type DraftStep, type EditorPart, MAX_EDIT_STEPS, type Problem } from './draft';
import { SqlEditor } from './SqlEditor';

interface ListProps extends EditorPart {
  /** Ctrl+Enter in a step's SQL. */
  readonly onSubmit: () => void;
  /** The step just added: its editor takes the focus. */
  readonly focusId: number | null;
  readonly onAdded: (id: number) => void;
  /** PostgreSQL's error for a step when the applied run reached it, by step id. */
  readonly runErrors: ReadonlyMap<number, string>;
}

const oneLine = (sql: string) => {
  const s = sql.replace(/\s+/g, ' ').trim();
  return s.length > 40 ? `${s.slice(0, 39)}…` : s || '(empty)';
};

/**
 * The schedule: the steps in the order they run, each in its session's column as the
 * interleaving shows it. Reorder by dragging the handle, by keyboard on the handle (Space to
 * pick up, arrows, Space to drop, Escape to cancel), or with the move buttons.
 */
export function StepList({ draft, dispatch, problems, announce, focusId, onAdded, onSubmit, runErrors }: ListProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const { steps, sessions } = draft;
  const indexOf = (id: unknown) => steps.findIndex((s) => s.id === id);
  const describe = (id: unknown) => {
    const st = steps[indexOf(id)];
    const session = sessions.find((s) => s.id === st?.session)?.name ?? '?';
    return st ? `step ${indexOf(id) + 1} (${session}: ${oneLine(st.sql)})` : 'the step';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${describe(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `${describe(active.id)} is over position ${indexOf(over.id) + 1} of ${steps.length}.` : undefined,
    onDragEnd: ({ active, over }) =>
      over ? `Dropped ${describe(active.id)} at position ${indexOf(over.id) + 1} of ${steps.length}.` : `Dropped ${describe(active.id)}.`,
    onDragCancel: ({ active }) => `Moving ${describe(active.id)} was cancelled.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) dispatch({ type: 'move', from: indexOf(active.id), to: indexOf(over.id) });
  };
  const box = useRef<HTMLDivElement>(null);
  const move = (i: number, to: number) => {
    dispatch({ type: 'move', from: i, to });
    announce(`Moved ${describe(steps[i].id)} to position ${to + 1} of ${steps.length}.`);
    // Keep the focus on the moved step's button; at the top or bottom, on the one still enabled.
    const dir = to < i ? 'up' : 'down';
    requestAnimationFrame(() => {
      const pick = (d: string) =>
        box.current?.querySelector<HTMLButtonElement>(`button[aria-label="Move step ${to + 1} ${d}"]:not(:disabled)`);
      (pick(dir) ?? pick(dir === 'up' ? 'down' : 'up'))?.focus();
    });
  };
  const lanes = { ['--lanes' as string]: String(sessions.length) } as CSSProperties;
  const full = steps.length >= MAX_EDIT_STEPS;

  return (
    <div className="txn-ed-schedule" style={lanes} ref={box}>
      <div className="txn-ed-lanes-head" aria-hidden="true">
        <span className="txn-ed-gutter">step</span>
        <div className="txn-ed-lanes">
          {sessions.map((s) => (
            <span key={s.id}>{s.name || '(unnamed)'}</span>
          ))}
        </div>
      </div>
      {steps.length === 0 && <p className="empty-note">No steps yet: add one to a session below.</p>}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        onDragEnd={onDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              'To move a step, press Space or Enter, move it with the up and down arrow keys, then press Space or Enter to drop it there, or Escape to cancel.',
          },
        }}
      >
        <SortableContext items={steps.map((s) => s.id)} strategy={verticalListSortingStrategy}>
          <ol className="txn-ed-steps" aria-label="Steps in the order they run">
            {steps.map((st, i) => (
              <SortableStep
                key={st.id}
                step={st}
                index={i}
                draft={draft}
                problem={problems.find((p) => p.where === 'step' && p.id === st.id)}
                dispatch={dispatch}
                onMove={move}
                onRemove={() => {
                  dispatch({ type: 'removeStep', id: st.id });
                  announce(`Removed ${describe(st.id)}.`);
                }}
                autoFocus={st.id === focusId}
                onSubmit={onSubmit}
                runError={runErrors.get(st.id) ?? null}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <div className="txn-ed-add">
        <span className="txn-ed-gutter">add</span>
        <div className="txn-ed-lanes">
          {sessions.map((s) => (
            <button
              key={s.id}
              type="button"
              disabled={full || !s.name.trim()}
              onClick={() => {
                dispatch({ type: 'addStep', session: s.id });
                onAdded(draft.nextId);
                announce(`Added step ${steps.length + 1} to ${s.name}.`);
              }}
            >
              + Step in {s.name || '(unnamed)'}
            </button>
          ))}
        </div>
      </div>
      {full && (
        <p className="txn-ed-note" role="note">
          The editor holds at most {MAX_EDIT_STEPS} steps.
        </p>
      )}
    </div>
  );
}

interface StepProps {
  readonly step: DraftStep;
  readonly index: number;
  readonly draft: Draft;
  readonly problem: Problem | undefined;
  readonly dispatch: (a: DraftAction) => void;
  readonly onMove: (from: number, to: number) => void;
  readonly onRemove: () => void;
  readonly autoFocus: boolean;
  readonly onSubmit: () => void;
  readonly runError: string | null;
}

/** What PostgreSQL says about a step's SQL: its parse error where it points, else the error the run gave it (on its first line). */
function useMarked(sql: string, runError: string | null) {
  const parsed = useDiagnosis(sql);
  if (parsed) return { ...parsed, text: diagnosticText(parsed, sql.split('\n').length) };
  if (runError) return { from: 0, to: sql.indexOf('\n') < 0 ? sql.length : sql.indexOf('\n'), text: runError };
  return null;
}

function SortableStep({ step, index, draft, problem, dispatch, onMove, onRemove, autoFocus, onSubmit, runError }: StepProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: step.id });
  const lane = draft.sessions.findIndex((s) => s.id === step.session);
  const session = draft.sessions[lane]?.name ?? '?';
  const n = index + 1;
  const last = draft.steps.length - 1;
  const errId = `txn-ed-step-err-${step.id}`;
  const marked = useMarked(step.sql, runError);
  const markId = `txn-ed-step-sql-${step.id}`;
  const describedBy = [problem ? errId : '', marked ? markId : ''].filter(Boolean).join(' ');
  const style: CSSProperties = { transform: CSS.Translate.toString(transform), transition, ['--lane' as string]: String(lane + 1) };
  return (
    <li ref={setNodeRef} style={style} className={isDragging ? 'txn-ed-step dragging' : 'txn-ed-step'} data-session={session}>
      <div className="txn-ed-gutter">
        <button
          type="button"
          className="txn-ed-handle"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`Drag step ${n} (${session})`}
        >
          <span aria-hidden="true">⠿</span>
        </button>
        <span className="txn-ed-num">{n}</span>
      </div>
      <div className="txn-ed-lanes">
        <div className="txn-ed-card left-bar">
          <span className="txn-ed-sess">
            <select
              value={step.session}
              aria-label={`Session of step ${n}`}
              onChange={(e) => dispatch({ type: 'stepSession', id: step.id, session: Number(e.currentTarget.value) })}
            >
              {lane < 0 && <option value={step.session}>?</option>}
              {draft.sessions.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name || '(unnamed)'}
                </option>
              ))}
            </select>
            {step.name ? <span className="txn-ed-name"> · step {step.name}</span> : null}
          </span>
          <SqlEditor
            value={step.sql}
            onChange={(sql) => dispatch({ type: 'editStep', id: step.id, sql })}
            label={`SQL of step ${n} (${session})`}
            placeholder="SQL, e.g. BEGIN"
            autoFocus={autoFocus}
            invalid={problem !== undefined || marked !== null}
            describedBy={describedBy || undefined}
            onSubmit={onSubmit}
            marked={marked}
          />
          {marked && (
            <span className="visually-hidden" id={markId}>
              {marked.text}
            </span>
          )}
          {problem && (
            <p className="txn-ed-problem" id={errId}>
              {problem.message}
            </p>
          )}
        </div>
      </div>
      <div className="txn-ed-tools">
        <button type="button" aria-label={`Move step ${n} up`} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
          <span aria-hidden="true">↑</span>
        </button>
        <button type="button" aria-label={`Move step ${n} down`} disabled={index === last} onClick={() => onMove(index, index + 1)}>
          <span aria-hidden="true">↓</span>
        </button>
        <button type="button" aria-label={`Remove step ${n}`} onClick={onRemove}>
          <span aria-hidden="true">✕</span>
        </button>
      </div>
    </li>
  );
}
