import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Every unit and component test. */
const UNIT = ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}'];

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
  // Anything else named so.
  '**/*.slow.test.{ts,tsx}',
];

export default defineConfig({
  plugins: [react()],
  test: {
    // Each project names its own files (a root include would be concatenated onto theirs).
    environment: 'node',
    setupFiles: ['./test/setup.ts'],
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: a single worker on this 2-core machine.
    // The main process mostly waits on the workers, so use every core.
    maxWorkers: Math.max(2, availableParallelism()),
    // Worker threads start faster and take less memory than forked processes (measured in the README).
    pool: 'threads',
    projects: [
      { extends: true, test: { name: 'fast', include: UNIT, exclude: [...configDefaults.exclude, ...SLOW] } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
