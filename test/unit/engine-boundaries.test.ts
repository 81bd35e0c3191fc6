import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

/** Files reachable from `entry` through static, non-type-only imports of project files. */
function staticGraph(entry: string): Map<string, string | null> {
  const seen = new Map<string, string | null>();
  const queue: [string, string | null][] = [[entry, null]];
  while (queue.length > 0) {
    const [file, from] = queue.shift() as [string, string | null];
    if (seen.has(file)) continue;
    seen.set(file, from);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)([^'"]*?)from\s+['"](\.[^'"]+)['"]/gm)) {
      const base = join(dirname(file), m[2]);
      const found = ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
      if (found) queue.push([found, file]);
    }
  }
  return seen;
}

describe('When the page first loads', () => {
  it('its bundle does not import any lab engine (they live in the worker and in lazy chunks)', () => {
    const graph = staticGraph('src/main.tsx');
    const engines = [...graph.keys()].filter((f) => /src\/engine\/(?!scenario\/)[^/]+\/(engine|host)\.ts$|src\/worker\/host\.ts$/.test(f));
    const chains = engines.map((f) => {
      const chain: string[] = [];
      for (let c: string | null | undefined = f; c; c = graph.get(c)) chain.push(c);
      return chain.join(' <- ');
    });
    expect(chains).toEqual([]);
    expect(graph.has('src/ui/Gallery.tsx')).toBe(true);
  });
});
