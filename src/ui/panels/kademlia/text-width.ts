/**
 * About how wide a line of text draws, in CSS pixels, so SVG labels can be placed before
 * layout (jsdom and the first render have none): average advance widths of the app's sans
 * and monospace faces, a little generous so estimates err towards more room.
 */
export function textWidth(text: string, px: number, bold = false, mono = false): number {
  const per = mono ? 0.62 : bold ? 0.64 : 0.58;
  return text.length * px * per;
}
