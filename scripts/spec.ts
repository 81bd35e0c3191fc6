/**
 * Run a PostgreSQL isolation-tester spec on the WALkthrough engine and print the output in
 * the tester's format:  npx tsx scripts/spec.ts FILE.spec [--textbook-dirty-reads]
 */
import { readFileSync } from 'node:fs';
import { loadSqlParser } from '../src/engine/sql/pg';
import { parseSpec, SpecError } from '../src/engine/transactions/spec-parse';
import { runSpec } from '../src/engine/transactions/spec-run';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npx tsx scripts/spec.ts FILE.spec [--textbook-dirty-reads]');
  process.exit(2);
}
try {
  await loadSqlParser();
  const spec = parseSpec(readFileSync(file, 'utf8'));
  process.stdout.write(runSpec(spec, { textbookDirtyReads: args.includes('--textbook-dirty-reads') }));
} catch (e) {
  console.error(e instanceof SpecError ? `${file}: ${e.message}` : e);
  process.exit(1);
}
