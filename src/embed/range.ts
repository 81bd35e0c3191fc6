/** The steps a player may show: `from..to`, both inclusive, numbered as in the whole scenario. */
export interface StepRange {
  readonly from: number;
  readonly to: number;
}

/** A step moved inside the range. */
export const clampToRange = (step: number, { from, to }: StepRange): number => Math.max(from, Math.min(to, step));
