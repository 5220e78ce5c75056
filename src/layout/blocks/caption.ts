/** Captions and source lines shared by figures and tables. */
import type { LayoutContext, Node } from '../types.js';

export function caption(label: string, text: string, tocId: 'figures' | 'tables', ctx: LayoutContext): Node {
  const t = ctx.theme;
  return {
    text: [{ text: label + '\u2003', bold: true, color: t.palette.accent }, { text }],
    fontSize: t.scale.caption + 0.5,
    margin: [0, 0, 0, 4],
    tocItem: tocId,
    tocStyle: { fontSize: t.fontSize - 0.5 },
  };
}

/** "Source: CNIPA; Lexology; WIPO (notes 3–5, 9)." built from the sources behind the data. */
export function sourceLine(sourceIds: string[], ctx: LayoutContext, note?: string): Node {
  const t = ctx.theme;
  const publishers: string[] = [];
  for (const id of sourceIds) {
    const p = ctx.data.sources.get(id)?.publisher;
    if (p && !publishers.includes(p)) publishers.push(p);
  }
  const nums = [...new Set(sourceIds.map((id) => ctx.model.notes.number(id)))].sort((a, b) => a - b);
  const noteRefs = nums.flatMap((n, i) => [
    ...(i > 0 ? [{ text: ', ' }] : []),
    { text: String(n), linkToDestination: `note-${n}`, color: t.palette.accent },
  ]);
  return {
    text: [
      { text: publishers.length > 1 ? 'Sources: ' : 'Source: ', bold: true },
      { text: publishers.join('; ') + ` (note${nums.length > 1 ? 's' : ''} ` },
      ...noteRefs,
      { text: ').' },
      ...(note ? [{ text: ' ' + note }] : []),
    ],
    fontSize: t.scale.small,
    color: t.palette.muted,
    margin: [0, 3, 0, 0],
  };
}
