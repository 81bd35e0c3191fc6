import { errorText, type StepError } from './outcome';

/**
 * Right under the Apply button: what the editor last did (a live region), and the errors of
 * the applied run up to the step the lab shows, each with its step and PostgreSQL's message.
 */
export function RunResult({ status, errors, step }: { status: string; errors: readonly StepError[]; step: number }) {
  return (
    <div className={`txn-ed-result${errors.length ? ' has-errors' : ''}`}>
      <p className="txn-ed-status" role="status" aria-live="polite">
        {status}
      </p>
      {errors.length > 0 && (
        <ul aria-label={`Errors up to step ${step}`}>
          {errors.map((e) => (
            <li key={`${e.step}-${e.session}`} className="err">
              {errorText(e)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
