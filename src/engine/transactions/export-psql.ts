import type { ScenarioOf } from '../scenario/schema';
import { errorText, comment, orderLine, psqlQuery, stepComment } from './export-psql-text';
import { type PsqlRun, runForPsql, type RunStep } from './export-psql-run';
import { scenarioToSpec, specFileName } from './spec-scenario';

type TxnScenario = ScenarioOf<'transactions'>;

/** One session's psql script: its opening lines, then one piece per step, in run order. */
export interface PsqlSessionScript {
  readonly session: string;
  readonly file: string;
  /** Comments and the session's SET line, sent before its first step. */
  readonly head: string;
  /** Each of the session's steps: its comment and its SQL (commented out when the lab refused it). */
  readonly steps: readonly { readonly n: number; readonly text: string }[];
}

/** A scenario exported for psql: the scripts, the order to run them in, and the whole as one file. */
export interface PsqlExport {
  readonly fileName: string;
  readonly setup: string;
  readonly sessions: readonly PsqlSessionScript[];
  readonly teardown: string;
  /** The run order: which step to run in which session's psql, with waits and releases. */
  readonly runOrder: string;
  /** The isolation tester spec, or why the format cannot hold the scenario. */
  readonly spec: string;
  /** Everything as one text file, in sections. */
  readonly text: string;
  /** The steps that wait on a lock in the lab's run (marked WAITS). */
  readonly waits: readonly number[];
}

const RULE = '-- ' + '='.repeat(72);
const section = (title: string, body: string) => `${RULE}\n-- ${title}\n${RULE}\n${body.trimEnd()}\n`;
/** A file name for a session's script (names may hold characters a file name should not). */
const sessionFile = (s: string) => `${s.replace(/[^\w.-]+/g, '_') || 'session'}.sql`;
const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);

/**
 * A transactions scenario as psql scripts, from the lab's own run of it (`runForPsql`): a setup
 * script, one script per session (its isolation level set first, then its steps, each marked
 * with its place in the run order, whether it waits, what releases it and what the lab printed),
 * a teardown, the run order, and the isolation tester spec. A step that failed or was refused
 * in the lab is marked so; a scenario the lab could not run still exports, with the reason.
 */
export function scenarioToPsql(scenario: TxnScenario, run: PsqlRun): PsqlExport {
  const { options } = scenario;
  const total = scenario.steps.length;
  const byN = new Map(run.steps.map((s) => [s.n, s]));
  const name = (n: number) => `step ${n} (${byN.get(n)?.session ?? '?'})`;
  // Steps the lab never reached (an engine failure part-way) get no outcome comments.
  const lastRan = run.failure === null ? total : Math.max(0, ...run.steps.filter((s) => s.outputs.length || s.refused).map((s) => s.n));
  const ran = (st: RunStep) => st.n <= lastRan;

  const notes: string[] = [];
  if (options.textbookDirtyReads)
    notes.push('This scenario asks for textbook dirty reads, which PostgreSQL never gives: its reads will differ from the lab’s.');
  if (run.failure) notes.push(`The lab could not run this scenario to its end (${run.failure}); steps after ${lastRan} have no outcome.`);

  const setupParts = (options.setup ?? []).map((sql, i) => `-- setup block ${i + 1}\n${psqlQuery(sql)}`);
  if (run.setupError) setupParts.push(comment(`The lab's setup fails here: ${errorText(run.setupError)}`));
  const setup = [
    comment(`setup.sql: run once, before the sessions connect:  psql -X -d yourdb -f setup.sql`),
    ...(setupParts.length ? setupParts : ['-- (this scenario has no setup)']),
  ].join('\n');

  const sessions = options.sessions.map((s): PsqlSessionScript => {
    const iso =
      (options.isolation && Object.hasOwn(options.isolation, s) ? options.isolation[s] : options.defaultIsolation) ?? 'read committed';
    const head = [
      comment(
        `${sessionFile(s)}: session ${s} of "${scenario.title}".\nOpen its own psql (psql -X -d yourdb) and paste each step when the run order says.`,
      ),
      `SET default_transaction_isolation = ${sqlString(iso)};`,
    ].join('\n');
    const steps = run.steps
      .filter((st) => st.session === s)
      .map((st) => {
        const sql = psqlQuery(st.sql);
        return { n: st.n, text: `${stepComment(st, total, name, ran(st))}\n${st.refused ? comment(sql) : sql}` };
      });
    return { session: s, file: sessionFile(s), head, steps };
  });

  const tables = run.tables.map(ident);
  const teardown = [
    comment('teardown.sql: run once, after the sessions have quit (or ended their transactions).'),
    tables.length ? `DROP TABLE IF EXISTS ${tables.join(', ')} CASCADE;` : '-- (the setup creates no table)',
  ].join('\n');

  const width = Math.max(...options.sessions.map((s) => s.length));
  const runOrder = comment(
    [
      `How to run "${scenario.title}" on PostgreSQL 15 with psql:`,
      '1. Create an empty database and run setup.sql in it once.',
      `2. Open one psql per session (${sessions.map((x) => x.file).join(', ')}), each on that database,`,
      '   and run the SET line at the top of its script.',
      '3. Run the steps below in this order, each in its session’s psql. Wait for a step’s result',
      '   before the next, except a step marked WAITS: it blocks on a lock and psql prints nothing;',
      '   go on with the next step in another psql. When the step named "releases" runs,',
      '   the waiting step’s result appears in its own psql.',
      '4. Run teardown.sql.',
      ...notes,
      '',
      ...run.steps.map((st) => orderLine(st, name, width)),
    ].join('\n'),
  );

  let spec: string;
  try {
    spec = scenarioToSpec(scenario);
  } catch (err) {
    spec = comment(`The isolation tester's format cannot hold this scenario: ${err instanceof Error ? err.message : String(err)}`);
  }
  const specFile = specFileName(scenario.title);

  const text = [
    comment(
      `"${scenario.title}": the WALkthrough transactions scenario as psql scripts for PostgreSQL 15.\n` +
        `Sections: the run order, setup.sql, ${sessions.map((x) => x.file).join(', ')}, teardown.sql, and ${specFile}\n` +
        '(the same scenario for PostgreSQL’s isolationtester). Save each section as its own file.',
    ),
    '',
    section('RUN ORDER', runOrder),
    section('setup.sql', setup),
    ...sessions.map((x) => section(x.file, [x.head, ...x.steps.map((st) => st.text)].join('\n\n'))),
    section('teardown.sql', teardown),
    section(`${specFile}  (isolationtester: isolationtester "dbname=yourdb" < ${specFile})`, spec),
  ].join('\n');

  const waits = run.steps.filter((st) => st.waitedFor !== null && ran(st)).map((st) => st.n);
  return { fileName: specFile.replace(/\.spec$/, '.psql.txt'), setup, sessions, teardown, runOrder, spec, text, waits };
}

/** The lab's run of `scenario` and its psql export, in one call (the editor's "Export for psql"). Needs the SQL parser loaded. */
export const exportForPsql = (scenario: TxnScenario): PsqlExport => scenarioToPsql(scenario, runForPsql(scenario));
