/** How each server state looks: a glyph for the eye (never colour alone) and the words. */
const LOOK = {
  running: { glyph: '●', text: 'Server up' },
  crashed: { glyph: '⚡', text: 'Server down: crashed' },
  failed: { glyph: '✗', text: 'Server down: recovery failed' },
} as const;

/**
 * A database server's state as one line (`p.server.server-<phase>`): up, down after a crash,
 * or down because recovery failed, with an optional detail after a colon ("recovered").
 */
export function ServerStatus({ phase, detail }: { phase: keyof typeof LOOK; detail?: string }) {
  const look = LOOK[phase];
  return (
    <p className={`server server-${phase}`}>
      <span aria-hidden="true">{look.glyph}</span> {detail ? `${look.text}: ${detail}` : look.text}
    </p>
  );
}
