import type { ScenarioOf } from '../../engine/scenario/schema';

export type TxnScenario = ScenarioOf<'transactions'>;
export type TxnStep = TxnScenario['steps'][number];

/** A step of a transactions preset: session, SQL, and what the narrator says. */
export const step = (session: string, sql: string, say: string): TxnStep => ({ do: { type: 'step', session, sql }, say });

/** A step that asks the viewer first: `about` names the probe that grades it (engine/questions). */
export const asking = (st: TxnStep, q: string, about: string): TxnStep => ({ ...st, ask: { q, about } });

/** A transactions preset scenario with the common fields filled in. */
export function preset(p: {
  id: string;
  title: string;
  /** What the preset shows and what to watch (step 0 shows it). */
  goal: string;
  options: TxnScenario['options'];
  steps: TxnStep[];
  expect: NonNullable<TxnScenario['expect']>;
}): TxnScenario {
  return {
    v: 1,
    lab: 'transactions',
    title: p.title,
    seed: 1,
    preset: p.id,
    goal: p.goal,
    options: p.options,
    steps: p.steps,
    expect: p.expect,
  };
}

export const ACCOUNTS = [
  "CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL); INSERT INTO accounts VALUES (1, 'Ana', 100);",
];
