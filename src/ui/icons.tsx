/** Small inline icons: no icon font to load, and every system renders them. */
const paths = {
  start: 'M5 4h2v16H5zM20 4v16L9 12z',
  back: 'M17 4v16L6 12z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4v16H6zM14 4h4v16h-4z',
  forward: 'M7 4v16l11-8z',
  end: 'M17 4h2v16h-2zM4 4v16l11-8z',
  fork: 'M7 3a3 3 0 0 1 1 5.8v2.4c1.2-.8 2.7-1.2 4-1.2 2 0 3-1 3-2.2A3 3 0 1 1 17 7.8C17 10.6 14.8 12 12 12c-2 0-4 1-4 3.2A3 3 0 1 1 6 15.2V8.8A3 3 0 0 1 7 3z',
  plus: 'M11 4h2v7h7v2h-7v7h-2v-7H4v-2h7z',
} as const;

export function Icon({ name }: { name: keyof typeof paths }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="currentColor" />
    </svg>
  );
}
