import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bankTransfer } from '../../src/scenarios/durability/commit';
import { parseWaldumpLine } from './waldump-run';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules/.bin/tsx');

describe('When `npm run lab:durability -- FILE --waldump` prints the engine WAL', () => {
  it('prints one pg_waldump line per record, which the parser of PostgreSQL’s output reads field for field', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'waldump-')), 'bank.json');
    writeFileSync(file, JSON.stringify(bankTransfer));
    const { stdout } = await run(tsx, ['scripts/lab.ts', file, '--lab', 'durability', '--waldump']);
    const lines = stdout.trim().split('\n');
    const parsed = lines.map(parseWaldumpLine);
    expect(parsed.every((p) => p !== null)).toBe(true);
    expect(parsed.map((p) => `${p!.rmgr} ${p!.type} ${p!.rec}/${p!.tot}${p!.fpw ? ' FPW' : ''}`)).toEqual([
      'XLOG CHECKPOINT_SHUTDOWN 114/114',
      'Heap HOT_UPDATE 65/213 FPW',
      'Heap HOT_UPDATE 71/71',
      'Transaction COMMIT 34/34',
      'XLOG CHECKPOINT_SHUTDOWN 114/114',
    ]);
    expect(lines[2]).toBe(
      'rmgr: Heap        len (rec/tot):     71/    71, tx:        750, lsn: 0/01000178, prev 0/010000A0, desc: HOT_UPDATE off 2 xmax 750 flags 0x60 ; new off 4 xmax 0, blkref #0: rel 1663/5/16384 blk 0',
    );
  });

  it('refuses a scenario of another lab', async () => {
    await expect(run(tsx, ['scripts/lab.ts', 'examples/recipe-all-or-none.json', '--waldump'])).rejects.toMatchObject({ code: 1 });
  });
});
