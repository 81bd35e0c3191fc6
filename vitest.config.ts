import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

/** Every unit and component test. */
const UNIT = ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}', 'test/fuzz/**/*.test.ts'];

/**
 * The slow part of the unit suite, chosen by file pattern (`npm run test:slow`): property sweeps,
 * every-preset replays, tools started as processes and fuzzing. Everything else is
 * `npm run test:fast`, which must stay under a minute; `npm run test:unit` runs both. Name a new
 * sweep `*.property.test.ts`, or any slow file `*.slow.test.ts(x)`, and it lands here.
 */
const SLOW = [
  // fast-check sweeps of random workloads.
  'src/**/*.property.test.ts',
  // Each lab's presets replayed to their expected outcomes, and every preset's narration.
  'src/scenarios/**/presets.test.ts',
  // Every preset of every lab run twice, and at four snapshot intervals.
  'src/engine/core/timeline.test.ts',
  // The headless runners, each started as a tsx process.
  'test/unit/lab-runner.test.ts',
  // 10,000 random and mutated share links.
  'src/share/codec.test.ts',
  // Every event of every preset of every lab checked against the vocabulary.
  'test/unit/event-vocabulary.test.ts',
  // ESLint and a tsc process run on fixtures, to show the engine's boundaries hold.
  'test/unit/engine-boundaries.test.ts',
  // SHA-1 against node:crypto on random strings.
  'src/engine/kademlia/sha1.test.ts',
  // Links, scenario files and Object.prototype's names through the decoder and the engine (test/fuzz/).
  'test/fuzz/**/*.test.ts',
  // Anything else named so.
  '**/*.slow.test.{ts,tsx}',
];

const UNIT_FILES = ['src', 'test/unit']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)))
  .filter((f) => /\.test\.tsx?$/.test(f))
  .map((f) => ({ f, text: readFileSync(f, 'utf8') }));

/** Test files that mock a module (`vi.mock`): a module already imported in a shared worker cannot be mocked, so each runs isolated. */
const MOCKING = UNIT_FILES.filter(({ text }) => /\bvi\.(do)?mock\(/.test(text)).map(({ f }) => f);

/**
 * Component tests, in jsdom. They share one jsdom and one module cache per worker, as the node
 * tests do (a fresh jsdom for each of 45 files cost more than their tests); test/setup.ts puts back
 * what a file may change (the DOM, the address, storage, matchMedia, stubbed globals) between files.
 */
const DOM = UNIT_FILES.filter(({ f, text }) => /@vitest-environment\s+jsdom/.test(text) && !MOCKING.includes(f)).map(({ f }) => f);

export default defineConfig({
  plugins: [react()],
  test: {
    // Each project names its own files (a root include would be concatenated onto theirs).
    environment: 'node',
    setupFiles: ['./test/setup.ts', './test/setup-sql.ts'],
    testTimeout: 60_000,
    // A file's vi.stubGlobal is undone after each test: component files share a jsdom (see DOM).
    unstubGlobals: true,
    // Vitest's default is one worker fewer than the cores: a single worker on this 2-core machine.
    // The main process mostly waits on the workers, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    // Worker threads start faster and take less memory than forked processes (measured in the README).
    pool: 'threads',
    projects: [
      {
        extends: true,
        test: { name: 'fast', include: UNIT, exclude: [...configDefaults.exclude, ...SLOW, ...DOM, ...MOCKING], isolate: false },
      },
      { extends: true, test: { name: 'fast-dom', include: DOM, exclude: [...configDefaults.exclude, ...SLOW], isolate: false } },
      { extends: true, test: { name: 'fast-isolated', include: MOCKING, exclude: [...configDefaults.exclude, ...SLOW] } },
      // A sweep replays whole labs (the 100,000-node network among them): on a shared machine with every core
      // busy one test can take minutes, so the slow project waits longer before calling a test stuck.
      { extends: true, test: { name: 'slow', include: SLOW, testTimeout: 300_000 } },
    ],
  },
});
