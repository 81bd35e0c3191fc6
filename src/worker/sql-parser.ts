import { loadSqlParser } from '../engine/sql/pg';

/** Node (tests, runners, benchmarks) reads the wasm next to the module; a page or worker fetches it. */
const inNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * Load PostgreSQL's parser (913 KB of WebAssembly, 192 KB gzipped) for the transactions lab, once.
 * Called only where transactions SQL is parsed, so the other labs never fetch it: the worker
 * before it loads a transactions scenario, the page before the scenario editor checks SQL.
 */
export async function loadTransactionsParser(): Promise<void> {
  if (inNode) return loadSqlParser();
  const { default: url } = await import('libpg-query/wasm/libpg-query.wasm?url');
  return loadSqlParser(url);
}
