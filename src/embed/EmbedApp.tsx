import { useEffect, useState } from 'react';
import { messageOf } from '../ui/engine-trouble';
import { type EmbedTarget, parseEmbedHash } from './embed-link';
import { EmbedMessage, EmbedPlayer } from './EmbedPlayer';

type Parsed = { hash: string } & ({ ok: true; target: EmbedTarget } | { ok: false; message: string });

const parse = (hash: string): Parsed => {
  try {
    return { hash, ok: true, target: parseEmbedHash(hash) };
  } catch (err) {
    return { hash, ok: false, message: messageOf(err) };
  }
};

/** The embed page: the player for the link in the address, or what is wrong with that link. */
export function EmbedApp({ win = window }: { win?: Window }) {
  const [parsed, setParsed] = useState(() => parse(win.location.hash));
  useEffect(() => {
    const onHash = () => setParsed(parse(win.location.hash));
    win.addEventListener('hashchange', onHash);
    return () => win.removeEventListener('hashchange', onHash);
  }, [win]);
  return (
    <div className="app embed-app">
      {parsed.ok ? (
        <EmbedPlayer key={parsed.hash} target={parsed.target} />
      ) : (
        <EmbedMessage title="This player’s link could not be opened" message={parsed.message} />
      )}
    </div>
  );
}
