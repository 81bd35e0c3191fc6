/** SQLSTATE codes the engine raises, with PostgreSQL's condition names. */
export const SQLSTATE = {
  syntax_error: '42601',
  undefined_table: '42P01',
  undefined_column: '42703',
  duplicate_column: '42701',
  duplicate_table: '42P07',
  datatype_mismatch: '42804',
  feature_not_supported: '0A000',
  unique_violation: '23505',
  check_violation: '23514',
  not_null_violation: '23502',
  foreign_key_violation: '23503',
  serialization_failure: '40001',
  deadlock_detected: '40P01',
  in_failed_sql_transaction: '25P02',
  active_sql_transaction: '25001',
  no_active_sql_transaction: '25P01',
  read_only_sql_transaction: '25006',
  invalid_savepoint_specification: '3B001',
  lock_not_available: '55P03',
  division_by_zero: '22012',
  numeric_value_out_of_range: '22003',
  invalid_text_representation: '22P02',
  invalid_parameter_value: '22023',
  undefined_object: '42704',
  wrong_object_type: '42809',
  dependent_objects_still_exist: '2BP01',
  invalid_table_definition: '42P16',
  invalid_foreign_key: '42830',
  grouping_error: '42803',
  invalid_column_reference: '42P10',
  undefined_function: '42883',
  ambiguous_function: '42725',
  ambiguous_column: '42702',
  duplicate_alias: '42712',
  cardinality_violation: '21000',
  string_data_right_truncation: '22001',
  invalid_datetime_format: '22007',
  datetime_field_overflow: '22008',
  generated_always: '428C9',
  object_not_in_prerequisite_state: '55000',
  invalid_row_count_in_limit_clause: '2201W',
  invalid_row_count_in_result_offset_clause: '2201X',
  statement_too_complex: '54001',
  character_not_in_repertoire: '22021',
} as const;

export type SqlState = (typeof SQLSTATE)[keyof typeof SQLSTATE];

/** A PostgreSQL-style error: severity ERROR, a SQLSTATE and the primary message PostgreSQL prints. */
export class SqlError extends Error {
  constructor(
    readonly code: SqlState,
    message: string,
    readonly detail?: string,
    /** Where in the query string the error points (0-based), as PostgreSQL's "LINE n: ... ^" shows it. */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'SqlError';
  }
}

/** Plain-data form of an error, as events and views carry it. */
export interface ErrorInfo {
  readonly severity: 'ERROR';
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
}

/** The plain-data form of PostgreSQL's error (any other exception is an engine bug and is never shown as one). */
export function errorInfo(e: SqlError): ErrorInfo {
  return { severity: 'ERROR', code: e.code, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
}

/** "X is not supported in WALkthrough" (0A000). */
export const unsupported = (what: string): SqlError =>
  new SqlError(SQLSTATE.feature_not_supported, `${what} is not supported in WALkthrough`);
