import type { IsoLevel } from '../../../../engine/transactions/types';
import { type EditorPart, ISO_LEVELS, MAX_SESSIONS } from './draft';

const upper = (l: string) => l.toUpperCase();

/** Sessions: their names and each one's default isolation level (options.isolation). */
export function SessionsEditor({ draft, dispatch, problems, announce }: EditorPart) {
  const fallback = draft.base.options.defaultIsolation ?? 'read committed';
  return (
    <fieldset className="txn-ed-sessions">
      <legend>Sessions</legend>
      <p className="txn-ed-hint">
        A session is one connection. Its isolation level applies to every transaction it starts without naming one, as{' '}
        <code>SET default_transaction_isolation</code> does.
      </p>
      <ul>
        {draft.sessions.map((s, i) => {
          const problem = problems.find((p) => p.where === 'session' && p.id === s.id);
          const errId = `txn-ed-sess-err-${s.id}`;
          const count = draft.steps.filter((st) => st.session === s.id).length;
          return (
            <li key={s.id}>
              <label>
                <span>Name</span>
                <input
                  type="text"
                  value={s.name}
                  maxLength={64}
                  spellCheck={false}
                  aria-label={`Name of session ${i + 1}`}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? errId : undefined}
                  onChange={(e) => dispatch({ type: 'renameSession', id: s.id, name: e.currentTarget.value })}
                />
              </label>
              <label>
                <span>Isolation</span>
                <select
                  value={s.isolation ?? ''}
                  aria-label={`Isolation level of session ${s.name || i + 1}`}
                  onChange={(e) => dispatch({ type: 'isolation', id: s.id, level: (e.currentTarget.value || null) as IsoLevel | null })}
                >
                  <option value="">Default ({upper(fallback)})</option>
                  {ISO_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {upper(l)}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                disabled={draft.sessions.length <= 1}
                aria-label={`Remove session ${s.name || i + 1}${count ? ` and its ${count} step${count === 1 ? '' : 's'}` : ''}`}
                onClick={() => {
                  dispatch({ type: 'removeSession', id: s.id });
                  announce(`Removed session ${s.name}${count ? ` and its ${count} step${count === 1 ? '' : 's'}` : ''}.`);
                }}
              >
                Remove
              </button>
              {problem && (
                <p className="txn-ed-problem" id={errId}>
                  {problem.message}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        disabled={draft.sessions.length >= MAX_SESSIONS}
        onClick={() => {
          dispatch({ type: 'addSession' });
          announce('Added a session.');
        }}
      >
        + Session
      </button>
      {draft.sessions.length >= MAX_SESSIONS && <span className="txn-ed-note"> At most {MAX_SESSIONS} sessions.</span>}
    </fieldset>
  );
}
