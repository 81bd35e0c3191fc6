import type { Scenario } from '../../engine/scenario/schema';

/** The Two-phase commit lab's presets, in gallery order. */
export const twopcPresets: (Scenario & { lab: 'two-phase-commit'; preset: string })[] = [];

/** Gallery card text per preset id. */
export const twopcCards: Record<string, { teaser: string; tags: readonly string[] }> = {};
