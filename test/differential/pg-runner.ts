import pg from 'pg';
import { allPermutations, type Spec, type SpecStep } from '../../src/engine/transactions/spec-parse';
import { formatError, formatResultSet } from '../../src/engine/transactions/spec-format';

/** Connection settings of a running server. */
export interface Server {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Values as text, exactly as the server sent them (libpq's PQgetvalue), never parsed. */
const rawTypes = { getTypeParser: () => (v: string) => v };

/** How long a step must stay blocked on a lock before we call it waiting (past the server's 20 ms deadlock_timeout). */
const WAIT_SETTLE_MS = 150;

interface Conn {
  readonly name: string;
  readonly client: pg.Client;
  readonly pid: number;
  notices: string[];
}

async function connect(server: Server, name: string): Promise<Conn> {
  const client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: server.database, types: rawTypes });
  await client.connect();
  const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  const conn: Conn = { name, client, pid, notices: [] };
  client.on('notice', (n) => conn.notices.push(`${name}: ${n.severity}:  ${n.message}\n`));
  return conn;
}

type Res = { fields: { name: string }[]; rows: unknown[][] };

/** A step in flight: the query promise, settled into output text. */
interface Flight {
  readonly step: SpecStep;
  readonly conn: Conn;
  done: boolean;
  text: string;
}

function send(conn: Conn, step: SpecStep): Flight {
  const f: Flight = { step, conn, done: false, text: '' };
  conn.client
    .query({ text: step.sql, rowMode: 'array' })
    .then((r) => {
      const list = (Array.isArray(r) ? r : [r]) as unknown as Res[];
      for (const x of list) {
        if (!x.fields?.length) continue;
        f.text += formatResultSet({
          columns: x.fields.map((c) => c.name),
          rows: x.rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
        });
      }
    })
    .catch((e: { severity?: string; message: string }) => {
      f.text += formatError(e.severity ?? 'ERROR', e.message);
    })
    .finally(() => (f.done = true));
  return f;
}

/**
 * The tester's lock-wait check, through pg_locks: the backend has a lock request not granted.
 * A step counts as waiting once it has stayed so for WAIT_SETTLE_MS.
 */
async function settle(control: Conn, f: Flight, timeoutMs = 15_000): Promise<'done' | 'waiting'> {
  const t0 = Date.now();
  let blockedSince = 0;
  for (;;) {
    if (f.done) return 'done';
    await sleep(4);
    if (f.done) return 'done';
    const r = await control.client.query('SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted) AS w', [f.conn.pid]);
    const blocked = r.rows[0].w === 't' || r.rows[0].w === true;
    if (f.done) return 'done';
    if (blocked) {
      blockedSince ||= Date.now();
      if (Date.now() - blockedSince >= WAIT_SETTLE_MS) return 'waiting';
    } else blockedSince = 0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`step ${f.step.name} neither finished nor waited on a lock in ${timeoutMs} ms`);
  }
}

const takeNotices = (c: Conn) => c.notices.splice(0).join('');

async function runQuiet(conn: Conn, sql: string, failLabel: string, out: string[]): Promise<boolean> {
  try {
    const r = (await conn.client.query({ text: sql, rowMode: 'array' })) as unknown as Res | Res[];
    out.push(takeNotices(conn));
    for (const x of Array.isArray(r) ? r : [r])
      if (x.fields?.length)
        out.push(
          formatResultSet({
            columns: x.fields.map((c) => c.name),
            rows: x.rows.map((row) => row.map((v) => (v === null ? null : String(v)))),
          }),
        );
    return true;
  } catch (e) {
    out.push(takeNotices(conn));
    out.push(`${failLabel} failed: ${formatError((e as { severity?: string }).severity ?? 'ERROR', (e as Error).message)}`);
    return false;
  }
}

/** Run a spec on a real server the way isolationtester does, printing the same format. */
export async function runSpecOnServer(server: Server, spec: Spec): Promise<string> {
  const control = await connect(server, 'control connection');
  const conns = new Map<string, Conn>();
  for (const s of spec.sessions) conns.set(s.name, await connect(server, s.name));
  const steps = new Map<string, SpecStep>();
  for (const s of spec.sessions) for (const st of s.steps) steps.set(st.name, st);
  const out: string[] = [`Parsed test spec with ${spec.sessions.length} sessions\n`];
  try {
    for (const perm of spec.permutations.length ? spec.permutations : allPermutations(spec)) {
      out.push(`\nstarting permutation: ${perm.join(' ')}\n`);
      for (const [i, sql] of spec.setup.entries())
        if (!(await runQuiet(control, sql, 'setup', out))) throw new Error(`setup ${i} failed: ${out.at(-1)}`);
      for (const s of spec.sessions) if (s.setup) await runQuiet(conns.get(s.name) as Conn, s.setup, `setup of session ${s.name}`, out);
      const waiting: Flight[] = [];
      for (const name of perm) {
        const step = steps.get(name) as SpecStep;
        const conn = conns.get(step.session) as Conn;
        const busy = waiting.find((w) => w.conn === conn);
        if (busy) {
          out.push(`step ${name} cannot start: session ${step.session} is still waiting (the isolation tester would time out)\n`);
          continue;
        }
        const f = send(conn, step);
        const state = await settle(control, f);
        out.push(takeNotices(conn));
        if (state === 'waiting') out.push(`step ${name}: ${step.sql} <waiting ...>\n`);
        else out.push(`step ${name}: ${step.sql}\n${f.text}`);
        for (const w of waiting.slice()) {
          if ((await settle(control, w)) === 'done') {
            out.push(takeNotices(w.conn));
            out.push(`step ${w.step.name}: <... completed>\n${w.text}`);
            waiting.splice(waiting.indexOf(w), 1);
          }
        }
        if (state === 'waiting') waiting.push(f);
      }
      if (waiting.length) {
        out.push('failed to complete permutation due to mutually-blocking steps\n');
        for (const w of waiting) await control.client.query('SELECT pg_cancel_backend($1)', [w.conn.pid]);
        for (const w of waiting) while (!w.done) await sleep(5);
      }
      for (const s of spec.sessions)
        if (s.teardown) await runQuiet(conns.get(s.name) as Conn, s.teardown, `teardown of session ${s.name}`, out);
      // A spec that leaves a transaction open would block the teardown forever; the engine starts afresh anyway.
      for (const c of conns.values()) {
        await c.client.query('ROLLBACK').catch(() => {});
        c.notices.length = 0;
      }
      if (spec.teardown) await runQuiet(control, spec.teardown, 'teardown', out);
    }
  } finally {
    for (const c of [control, ...conns.values()]) await c.client.end().catch(() => {});
  }
  return out.join('');
}
