import { useState } from 'react';
import { selectFrame, selectScenario } from '../ui/selectors';
import { useApp } from '../ui/store-context';
import { EmbedDialog } from './EmbedDialog';
import './embed.css';

/** "Embed" in the lab's share bar: opens the dialog with the iframe snippet for the scenario on screen. */
export function EmbedButton() {
  const scenario = useApp(selectScenario);
  const frame = useApp(selectFrame);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} disabled={!scenario || !frame} aria-haspopup="dialog">
        Embed
      </button>
      {open && scenario && frame && (
        <EmbedDialog
          scenario={scenario}
          step={frame.step}
          total={frame.total}
          appHref={window.location.href}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
