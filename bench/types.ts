/**
 * The shapes every benchmark shares. A benchmark is a module whose default export
 * is a `Bench`; run.ts registers it under its command-line name in one line.
 */
import type { Postgres } from './postgres';

/** How a figure is compared with its target. */
export type TargetOp = '<' | '<=' | '>=' | '>';

export interface Target {
  readonly op: TargetOp;
  readonly value: number;
}

/** One measured number, with its target when it has one. */
export interface Figure {
  /** Short name, unique within its bench (e.g. "median", "initial JS (gzip)"). */
  readonly name: string;
  readonly value: number;
  /** Unit as printed: "ms", "KB", "score"... */
  readonly unit: string;
  readonly target?: Target;
  /** Anything a reader needs to interpret the number (method, caveats). */
  readonly note?: string;
}

/** A figure as reported: with its bench and whether it met its target. */
export interface Result extends Figure {
  readonly bench: string;
  /** true/false when the figure has a target, null when it is informative only. */
  readonly met: boolean | null;
}

/** Services the runner gives benchmarks; each is started lazily and shared. */
export interface BenchContext {
  /**
   * The run's throwaway PostgreSQL cluster (postgres.ts), for figures beside the engines'; null
   * when PostgreSQL is not installed. Stopped by the runner.
   */
  postgres(): Promise<Postgres | null>;
  /** Build dist/ if it is missing or older than its sources. */
  ensureBuild(): Promise<void>;
  /** Base URL of `vite preview` serving dist/ (built first if needed); stopped by the runner. */
  previewUrl(): Promise<string>;
  /** A progress line on stderr (the table goes to stdout). */
  log(message: string): void;
}

export interface Bench {
  /** One line saying what it measures. */
  readonly title: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

export function meets(value: number, target: Target): boolean {
  switch (target.op) {
    case '<':
      return value < target.value;
    case '<=':
      return value <= target.value;
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
  }
}
