import type { Scenario } from '../../engine/scenario/schema';

/** The Replication lab's presets, in gallery order. */
export const replicationPresets: (Scenario & { lab: 'replication'; preset: string })[] = [];

/** Gallery card text per preset id. */
export const replicationCards: Record<string, { teaser: string; tags: readonly string[] }> = {};
