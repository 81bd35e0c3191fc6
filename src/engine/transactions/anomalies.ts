// Kept apart from history.ts so the scenario schema (in the first page load) can name the
// anomalies without pulling the SQL parser and the checker into the gallery's bundle.

/** Adya's phenomena, most severe first. */
export const ANOMALIES = ['G0', 'G1a', 'G1b', 'G1c', 'G-single', 'G2-item', 'G2'] as const;
export type Anomaly = (typeof ANOMALIES)[number];
