/**
 * Branded numbers keep one kind of id from being passed as another
 * (an LSN where a step number is expected, say) at no run-time cost.
 */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** A position on the timeline: 0 is the state before the first action. */
export type StepNo = Brand<number, 'step'>;

export const stepNo = (n: number) => n as StepNo;
