/** Headings: numbered section titles (level 1) and sub-headings; always kept with what follows. */
import type { Heading } from 'mdast';
import { inlines } from '../inline.js';
import type { Inline, LayoutContext, Node } from '../types.js';

export function sectionHeading(label: string | undefined, title: string, id: string, ctx: LayoutContext, newPage: boolean): Node {
  const t = ctx.theme;
  const text: Inline[] = label ? [{ text: label + '\u2003', color: t.palette.accent }, { text: title }] : [{ text: title }];
  return {
    stack: [
      { text, id, fontSize: t.scale.h1, bold: true, color: t.palette.accent, tocItem: 'sections', outline: true, outlineText: (label ? label + ' ' : '') + title, tocStyle: { bold: true } },
      { canvas: [{ type: 'line', x1: 0, y1: 3, x2: t.contentWidth, y2: 3, lineWidth: 1, lineColor: t.palette.accent }], margin: [0, 0, 0, t.space.headingBelow + 3] },
    ],
    headlineLevel: 1,
    ...(newPage ? { pageBreak: 'before' } : { margin: [0, t.space.headingAbove * 1.5, 0, 0] }),
  };
}

export function heading(n: Heading, ctx: LayoutContext, id?: string): Node {
  const t = ctx.theme;
  const size = n.depth <= 2 ? t.scale.h2 : t.scale.h3;
  return {
    text: inlines(n.children, ctx),
    fontSize: size,
    bold: true,
    color: n.depth <= 2 ? t.palette.accent : t.palette.text,
    margin: [0, t.space.headingAbove, 0, t.space.headingBelow],
    headlineLevel: n.depth,
    ...(id ? { id } : {}),
    ...(n.depth <= 2 ? { tocItem: 'sections', tocMargin: [12, 0, 0, 0], outline: true } : {}),
  };
}
