import { defineConfig } from 'vitest/config';

/** The differential suite: the engine against a real PostgreSQL server (see compare.ts). */
export default defineConfig({
  test: {
    include: ['test/differential/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['./test/setup-sql.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
