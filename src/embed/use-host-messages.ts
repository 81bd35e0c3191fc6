import { useEffect, useRef } from 'react';
import { type HostCommand, readCommand } from './messages';

/** What the player does with a host's commands. */
export interface HostHandlers {
  onCommand(command: HostCommand): void;
  /** A seek whose step is not a whole number (shown as received, cut short). */
  onBadSeek(shown: string): void;
}

/**
 * Listen for the host page's commands. Only messages from the window that frames the player
 * count (not from popups, other frames or extensions); of those, only the documented shapes.
 * The listener reads the message's data and nothing else of the parent.
 */
export function useHostMessages(handlers: HostHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const command = readCommand(e.data);
      if (command === null) return;
      if (command.type === 'bad-seek') latest.current.onBadSeek(command.shown);
      else latest.current.onCommand(command);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
}
