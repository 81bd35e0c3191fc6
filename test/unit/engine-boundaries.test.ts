import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** Lint a snippet as if it lived at `path`, returning the rule ids that fired. */
async function rulesFor(code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), path) });
  return result.messages.map((m) => m.ruleId ?? 'parse');
}

describe('When engine code reaches for wall time, randomness, the DOM or the UI', () => {
  const cases: [string, string, string][] = [
    ['Math.random', 'export const r = () => Math.random();', 'no-restricted-properties'],
    ['Date.now', 'export const t = () => Date.now();', 'no-restricted-properties'],
    ['new Date()', 'export const t = () => new Date();', 'no-restricted-syntax'],
    ['setTimeout', 'export const f = () => setTimeout(() => 0, 1);', 'no-restricted-globals'],
    ['document', 'export const f = () => document.title;', 'no-restricted-globals'],
    ['a UI import', "import { App } from '../../ui/App';\nexport const a = App;", 'no-restricted-imports'],
    ['React', "import { useState } from 'react';\nexport const u = useState;", 'no-restricted-imports'],
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'no-restricted-imports'],
  ];
  for (const [what, code, rule] of cases) {
    it(`lint rejects ${what} under src/engine/`, async () => {
      expect(await rulesFor(code, 'src/engine/core/example.ts')).toContain(rule);
    });
  }

  it('the same code is allowed outside the engine', async () => {
    expect(await rulesFor('export const r = () => Math.random() + Date.now();', 'src/ui/example.ts')).toEqual([]);
  });
});

describe('When engine code uses a DOM type', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-boundary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the engine type check fails, because its tsconfig has no DOM library', async () => {
    // The engine's own compiler settings, applied to one file that touches the DOM.
    writeFileSync(join(dir, 'uses-dom.ts'), 'export const el = (e: HTMLElement) => e.tagName;\n');
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(process.cwd(), 'tsconfig.engine.json'), include: ['uses-dom.ts'], exclude: [] }),
    );
    const tsc = join(process.cwd(), 'node_modules/.bin/tsc');
    const failure = await promisify(execFile)(tsc, ['-p', join(dir, 'tsconfig.json'), '--noEmit']).then(
      () => null,
      (e: { stdout: string }) => e.stdout,
    );
    expect(failure).toMatch(/uses-dom\.ts.*Cannot find name 'HTMLElement'/);
  });
});
