import type { NodeView, View } from '../../../engine/replication/view';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const W = 300;
const H = 126;
const GAP_X = 130;
const GAP_Y = 22;
/** Room in a node box beside a bar: its label on the left, its LSN on the right. */
export const BAR_SPARE = 136;

/**
 * Fixed places by node order, so a failover changes roles, never positions: the first
 * primary on the left, the standbys stacked on the right.
 */
export function layout(view: View): { boxes: Map<string, Box>; width: number; height: number } {
  const [first, ...rest] = view.nodes;
  const height = Math.max(H, rest.length * H + (rest.length - 1) * GAP_Y) + 4;
  const boxes = new Map<string, Box>();
  if (first) boxes.set(first.name, { x: 2, y: (height - H) / 2, w: W, h: H });
  rest.forEach((n, i) => boxes.set(n.name, { x: W + GAP_X, y: 2 + i * (H + GAP_Y), w: W, h: H }));
  return { boxes, width: 2 * W + GAP_X + 4, height: height + 2 };
}

/** What a node is now, in words. */
export function roleText(node: NodeView, primary: string | null): string {
  if (!node.up) return node.refused ? 'stopped' : 'down';
  if (node.role === 'primary') return node.name === primary ? 'primary' : 'primary (not serving)';
  if (node.refused) return `standby, stuck`;
  return node.upstream ? `standby of ${node.upstream}` : 'standby';
}

/** The standbys, in node order (down ones too). */
export function standbysOf(view: View): readonly NodeView[] {
  return view.nodes.filter((n) => n.role === 'standby');
}
