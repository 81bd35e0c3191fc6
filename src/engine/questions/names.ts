/**
 * The probes each lab's questions may ask about, by lab id: what a preset step's `ask.about`
 * names (`readValue(s2)`, `redoStartLsn`). The scenario schema validates `about` against this
 * list; `probes.ts` holds the functions, typed so that each name here has one.
 */
export const PROBE_NAMES = {
  'intent-log': ['recoveryKeeps'],
  durability: ['redoStartLsn'],
  transactions: ['readValue', 'failedSession'],
  kademlia: ['nextPeerAsked'],
  pool: ['serverConnections', 'poolClients'],
  'two-phase-commit': ['decision'],
  replication: ['readValue'],
} as const;

/** `name` or `name(argument)`: the probe and, for some, what it is about (a session, a node). */
const ABOUT = /^([A-Za-z]+)(?:\(([A-Za-z0-9_.@ -]{1,60})\))?$/;

/** The parts of an `about`, or null when it is not of the form `name` or `name(argument)`. */
export function parseAbout(about: string): { name: string; arg: string | null } | null {
  const m = ABOUT.exec(about);
  return m ? { name: m[1], arg: m[2] ?? null } : null;
}

/** The probe names of a lab (none for an id that is not a lab). */
export function probeNamesOf(lab: string): readonly string[] {
  return Object.entries(PROBE_NAMES).find(([id]) => id === lab)?.[1] ?? [];
}

/** Is `about` a probe of this lab (`name` or `name(argument)` with a name the lab defines)? */
export function isProbeOf(lab: string, about: string): boolean {
  const parsed = parseAbout(about);
  return parsed !== null && probeNamesOf(lab).includes(parsed.name);
}
