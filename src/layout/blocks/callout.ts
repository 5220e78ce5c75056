/** Callouts (::::callout{title}) — a tinted box; key figures inside become a band of numbers. */
import type { RootContent } from 'mdast';
import type { LayoutContext, Node } from '../types.js';

export function callout(children: RootContent[], attributes: Record<string, string | null | undefined>, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const inner: Node[] = [];
  // the title is the box's caption for a screen reader
  if (attributes.title) inner.push({ text: attributes.title, role: 'Caption', bold: true, color: t.palette.accent, fontSize: t.scale.h3, margin: [0, 0, 0, 4] });
  inner.push(...ctx.blocks(children, ctx));
  return {
    role: 'Div',
    table: { widths: ['*'], body: [[{ stack: inner, margin: [6, 5, 6, 2] }]] },
    layout: {
      fillColor: () => t.palette.calloutFill,
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i === 0 ? 2.5 : 0),
      vLineColor: () => t.palette.accent,
    },
    margin: [0, t.space.block / 2, 0, t.space.block],
    unbreakable: true,
  };
}
