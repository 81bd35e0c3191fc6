import type { Scenario } from '../../engine/scenario/schema';

/** The Connection pooling lab's presets, in gallery order. */
export const poolPresets: (Scenario & { lab: 'pool'; preset: string })[] = [];

/** Gallery card text per preset id. */
export const poolCards: Record<string, { teaser: string; tags: readonly string[] }> = {};
