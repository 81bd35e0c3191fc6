import { loadSqlParser } from '../src/engine/sql/pg';

/** PostgreSQL's parser (WebAssembly) is loaded once before a test file runs: parseSql is synchronous after. */
await loadSqlParser();
