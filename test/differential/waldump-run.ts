import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startCluster } from '../../scripts/pg-cluster';
import type { State, WalRecord } from '../../src/engine/durability/types';
import { rmgrOf } from '../../src/engine/durability/waldump';
import { timelineFor } from '../../src/engine/labs';
import { columnsOf, utf8 } from '../../src/engine/wal/tuple';
import type { DurabilityScenario } from '../../src/scenarios/durability/presets';

/*
 * One durability preset on both sides: the engine's WAL, and PostgreSQL 15's as the real
 * pg_waldump prints it. PostgreSQL's lines are only split into fields (rmgr, rec, tot, the
 * record type, FPW marks); nothing of the lab's printer touches them.
 */

type Step = DurabilityScenario['steps'][number]['do'];
type Row = Readonly<Record<string, string | number | boolean | null>>;

/** A record as compared: resource manager, type, pg_waldump's rec and tot lengths, page images. */
export interface Compared {
  readonly rmgr: string;
  readonly type: string;
  readonly rec: number;
  readonly tot: number;
  readonly fpw: number;
  /** The raw line (PostgreSQL's) or the engine's record, for failure messages. */
  readonly text: string;
}

/** What the engine did at each step that the PostgreSQL side must mirror. */
interface StepFacts {
  readonly checkpointed: boolean;
  readonly walWriterFlushed: boolean;
  readonly crashLostWal: number | null;
  readonly recoveryFailed: boolean;
  /** Tables the lab's autovacuum vacuumed at this step (PostgreSQL's side runs autovacuum off and VACUUMs them there). */
  readonly autovacuumed: readonly string[];
}

/** The engine's run: its final WAL after initdb's checkpoint record, and per-step facts. */
export function engineRun(preset: DurabilityScenario): { records: Compared[]; facts: StepFacts[] } {
  const timeline = timelineFor(preset);
  const { frames } = timeline.runTo(preset.steps.length);
  const facts = frames.map(({ events }): StepFacts => {
    const e = events as readonly { type: string; reason?: string; lostWal?: number; auto?: boolean; table?: string }[];
    return {
      checkpointed: e.some((x) => x.type === 'checkpoint.finished') && !e.some((x) => x.type === 'recovery.finished'),
      walWriterFlushed: e.some((x) => x.type === 'wal.flushed' && x.reason === 'WAL writer'),
      crashLostWal: e.find((x) => x.type === 'node.crashed')?.lostWal ?? null,
      recoveryFailed: e.some((x) => x.type === 'recovery.failed'),
      autovacuumed: e.filter((x) => x.type === 'table.vacuumed' && x.auto).map((x) => x.table!),
    };
  });
  const state = timeline.engineState as State;
  const records = state.wal.records.slice(1).map((r: WalRecord) => ({
    rmgr: rmgrOf(r.kind),
    type:
      r.kind === 'BTREE_VACUUM'
        ? 'VACUUM'
        : r.kind === 'STANDBY_LOCK'
          ? 'LOCK'
          : r.init && rmgrOf(r.kind) === 'Heap'
            ? `${r.kind}+INIT`
            : r.kind,
    rec: r.rec,
    tot: r.size,
    // A btree split or downlink names its blocks in its desc, each image marked FPW as pg_waldump marks it.
    fpw: r.desc.includes('blkref') ? (r.desc.match(/ FPW/g) ?? []).length : (r.size > r.rec ? 1 : 0) + (r.fpi && r.oldFpi ? 1 : 0),
    text: `${r.kind} ${r.rec}/${r.size} (engine, lsn ${r.lsn})`,
  }));
  return { records, facts };
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
const SQL_TYPE = { text: 'text', int4: 'int', int8: 'bigint', float8: 'float8', bool: 'boolean' } as const;

/**
 * The preset's tables as SQL: the key column first (text primary key), then the other columns
 * typed from the first row's values as the engine types them (../../src/engine/wal/tuple.ts).
 * A text column holding values of 127 bytes or more is STORAGE PLAIN: the lab has no TOAST, so
 * wide rows stay inline and uncompressed. Only those: under PLAIN, heap_fill_tuple stops packing
 * short values into 1-byte headers (a value an UPDATE assigns would keep its 4-byte header).
 */
export function tableSql(preset: DurabilityScenario): string[] {
  const sql: string[] = [];
  for (const [table, rows] of Object.entries(preset.options?.tables ?? {})) {
    const first = (rows[0]?.values ?? {}) as Row;
    const keyCol = 'name' in first ? 'key' : 'name';
    const cols = columnsOf(first).map((col) => ({ c: col.name, type: SQL_TYPE[col.type] }));
    sql.push(`CREATE TABLE ${ident(table)} (${ident(keyCol)} text primary key${cols.map((x) => `, ${ident(x.c)} ${x.type}`).join('')})`);
    const long = (c: string) => rows.some((r) => typeof r.values[c] === 'string' && utf8(r.values[c]).length >= 127);
    for (const c of cols.filter((x) => x.type === 'text' && long(x.c)))
      sql.push(`ALTER TABLE ${ident(table)} ALTER COLUMN ${ident(c.c)} SET STORAGE PLAIN`);
    for (const row of rows) sql.push(insertSql(table, row.key, row.values as Row));
  }
  return sql;
}

const literal = (v: string | number | boolean | null): string =>
  v === null ? 'NULL' : typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v);

function insertSql(table: string, key: string, values: Row): string {
  return `INSERT INTO ${ident(table)} VALUES (${[key, ...Object.values(values)].map(literal).join(', ')})`;
}

/** The key column of a table (as tableSql names it). */
function keyColumn(preset: DurabilityScenario, table: string): string {
  const first = (preset.options?.tables?.[table]?.[0]?.values ?? {}) as Row;
  return 'name' in first ? 'key' : 'name';
}

/** A step's SQL, for the writes and reads (other steps are handled by the runner). */
export function stepSql(preset: DurabilityScenario, s: Step): string | null {
  switch (s.type) {
    case 'insert':
      return insertSql(s.table, s.key, s.values as Row);
    case 'update': {
      const sets = [
        ...Object.entries(s.set ?? {}).map(([c, v]) => `${ident(c)} = ${literal(v)}`),
        ...Object.entries(s.add ?? {}).map(([c, v]) => `${ident(c)} = ${ident(c)} + ${v}`),
      ];
      return `UPDATE ${ident(s.table)} SET ${sets.join(', ')} WHERE ${ident(keyColumn(preset, s.table))} = ${literal(s.key)}`;
    }
    case 'delete':
      return `DELETE FROM ${ident(s.table)} WHERE ${ident(keyColumn(preset, s.table))} = ${literal(s.key)}`;
    case 'vacuum':
      return `VACUUM (PROCESS_TOAST false) ${ident(s.table)}`;
    case 'read':
      return `SELECT * FROM ${ident(s.table)} WHERE ${ident(keyColumn(preset, s.table))} = ${literal(s.key)}`;
    default:
      return null;
  }
}

/** The settings a preset changes, as the server's (times: the WAL writer wakes every 2 s, see runOnPostgres). */
function serverSettings(preset: DurabilityScenario): Record<string, string> {
  const o = preset.options ?? {};
  return {
    full_page_writes: o.full_page_writes === false ? 'off' : 'on',
    synchronous_commit: o.synchronous_commit === false ? 'off' : 'on',
    wal_writer_delay: '2000ms',
    autovacuum: 'off',
  };
}

/** Run a server binary (as `postgres` when the tests run as root); its standard output. */
export const runAs = (cmd: string[]): string => {
  const q = cmd.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const asRoot = process.getuid?.() === 0;
  const r = asRoot
    ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', q], { encoding: 'utf8' })
    : spawnSync('sh', ['-c', q], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd[0]} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
};

/** The harness's own table, for a flush when PostgreSQL has not flushed what the lab has. */
const HARNESS = 'harness_flush';

/** One pg_waldump line split into the compared fields (the raw line is kept as it is). */
export function parseWaldumpLine(line: string): Compared | null {
  const m = /^rmgr: (\S+)\s+len \(rec\/tot\):\s+(\d+)\/\s*(\d+), tx:\s+(\d+), lsn: \S+, prev \S+, desc: (\S+)/.exec(line);
  if (!m) return null;
  return { rmgr: m[1], rec: Number(m[2]), tot: Number(m[3]), type: m[5], fpw: (line.match(/ FPW/g) ?? []).length, text: line };
}

/**
 * Records PostgreSQL writes that the lab does not model, left out of the comparison:
 * - a RUNNING_XACTS that is not followed by a checkpoint record: the background writer logs one
 *   every 15 s of activity (LOG_SNAPSHOT_INTERVAL_MS), on a wall clock the lab does not have;
 * - the harness's own flush (an INSERT into its table and the COMMIT, by a known xid), written
 *   before a crash that keeps every record in the lab but where PostgreSQL, which never had to
 *   evict a page (its pool has at least 16), has not flushed them yet (pg-wal-rule);
 * - what VACUUM writes in the catalogs after the table's work: vac_update_relstats and
 *   vac_update_datfrozenxid update pg_class and pg_database in place (Heap INPLACE) and send
 *   cache invalidations (Standby INVALIDATIONS); the lab has no catalogs.
 */
function filterUnmodelled(lines: readonly Compared[], harnessXids: ReadonlySet<number>): Compared[] {
  return lines.filter((r, i) => {
    if (r.type === 'INPLACE' || r.type === 'INVALIDATIONS') return false;
    if (r.type === 'RUNNING_XACTS') return lines[i + 1]?.type === 'CHECKPOINT_ONLINE';
    const tx = /tx:\s+(\d+)/.exec(r.text);
    return !(tx && harnessXids.has(Number(tx[1])));
  });
}

/** Run the preset's statements on a throwaway PostgreSQL 15 and read its WAL with pg_waldump. */
export async function runOnPostgres(
  preset: DurabilityScenario,
  facts: readonly StepFacts[],
  /** Called with the data directory after the setup checkpoint (step -1) and after each CHECKPOINT at a step (its index). */
  afterCheckpoint?: (step: number, data: string) => void,
): Promise<{ records: Compared[]; raw: string; start: string }> {
  const bin = findPgBin()!;
  const settings = serverSettings(preset);
  const cluster = await startCluster(settings);
  const data = join(cluster.dir, 'data');
  const connect = async () => {
    const c = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
    c.on('error', () => {}); // a crash terminates every session
    await c.connect();
    return c;
  };
  const sessions = new Map<string, pg.Client>();
  const harnessXids = new Set<number>();
  let admin = await connect();
  let running = true;
  const lsnOf = async (fn: string) => (await admin.query(`SELECT ${fn}() AS l`)).rows[0].l as string;
  const flushedAll = async () =>
    (await admin.query('SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn() AS ok')).rows[0].ok as boolean;
  // A synchronous commit that wrote WAL flushes everything before it (one that only took an xid
  // does not: RecordTransactionCommit checks for WAL written before its own record).
  const forceFlush = async () => {
    const r = await admin.query(
      `BEGIN; SET LOCAL synchronous_commit = on; INSERT INTO ${HARNESS} VALUES (1); SELECT txid_current() AS x; COMMIT`,
    );
    return Number((r as unknown as pg.QueryResult[])[3].rows[0].x);
  };
  try {
    await admin.query(`CREATE TABLE ${HARNESS} (x int)`);
    for (const sql of tableSql(preset)) await admin.query(sql);
    // A fresh segment, then the setup's checkpoint: the compared WAL starts right after its record.
    await admin.query('SELECT pg_switch_wal()');
    await admin.query('CHECKPOINT');
    afterCheckpoint?.(-1, data);
    const start = await lsnOf('pg_current_wal_insert_lsn');
    for (const [i, step] of preset.steps.entries()) {
      const s = step.do;
      const f = facts[i];
      if (s.type === 'begin') {
        const c = await connect();
        await c.query('isolation' in s && s.isolation === 'repeatable read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ' : 'BEGIN');
        sessions.set(s.tx, c);
      } else if (s.type === 'commit' || s.type === 'abort') {
        const c = sessions.get(s.tx)!;
        await c.query(s.type === 'commit' ? 'COMMIT' : 'ROLLBACK');
        await c.end();
        sessions.delete(s.tx);
      } else if (s.type === 'crash') {
        // The lab's power cut kept every record: PostgreSQL must have them on disk too before its
        // immediate stop (it flushes at evictions the lab made and a 16-page-minimum pool did not).
        if (f.crashLostWal === 0 && !(await flushedAll())) harnessXids.add(await forceFlush());
        runAs([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
        running = false;
        for (const c of sessions.values()) c.end().catch(() => {});
        sessions.clear();
        admin.end().catch(() => {});
      } else if (s.type === 'recover') {
        if (f.recoveryFailed) break; // a torn page without an image: the lab stops; PostgreSQL cannot tear one
        const o = Object.entries({
          listen_addresses: '127.0.0.1',
          unix_socket_directories: cluster.dir,
          fsync: 'off',
          max_connections: '60',
          ...settings,
        })
          .map(([k, v]) => `-c ${k}=${v}`)
          .join(' ');
        runAs([join(bin, 'pg_ctl'), '-D', data, '-l', join(cluster.dir, 'log'), '-o', `-p ${cluster.port} ${o}`, '-w', 'start']);
        running = true;
        admin = await connect();
      } else if (s.type !== 'checkpoint' && s.type !== 'tick' && s.type !== 'set') {
        const sql = stepSql(preset, s)!;
        const c = 'tx' in s && s.tx ? sessions.get(s.tx)! : admin;
        await c.query(sql);
      }
      for (const table of f.autovacuumed) if (running) await admin.query(stepSql(preset, { type: 'vacuum', table })!);
      // CHECKPOINT where the lab writes its checkpoint record (an immediate one, or a spread one finishing on a tick).
      if (f.checkpointed && running) {
        await admin.query('CHECKPOINT');
        afterCheckpoint?.(i, data);
      }
      // The lab's WAL writer flushed asynchronous commits: wait for PostgreSQL's (it wakes every wal_writer_delay).
      if (f.walWriterFlushed && running && preset.options?.synchronous_commit === false) {
        const deadline = performance.now() + 10_000;
        while (!(await flushedAll())) {
          if (performance.now() > deadline) throw new Error('the WAL writer did not flush within 10 s');
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
    let end: string | null = null;
    if (running) {
      end = await lsnOf('pg_current_wal_insert_lsn');
      // Records still in PostgreSQL's WAL buffers reach pg_wal with one flush past `end`.
      await forceFlush();
    }
    const args = ['-p', join(data, 'pg_wal'), '-s', start, ...(end ? ['-e', end] : [])];
    // Without an end, pg_waldump reads to the end of valid WAL and reports where it stopped (exit 1).
    const dump = spawnSync(join(bin, 'pg_waldump'), args, { encoding: 'utf8' });
    const parsed = dump.stdout
      .split('\n')
      .map(parseWaldumpLine)
      .filter((r): r is Compared => r !== null);
    return { records: filterUnmodelled(parsed, harnessXids), raw: dump.stdout, start };
  } finally {
    for (const c of sessions.values()) await c.end().catch(() => {});
    await admin.end().catch(() => {});
    cluster.stop();
  }
}
