/**
 * Headings: numbered section titles (level 1) and sub-headings; never the last thing on a page
 * (`keepWithNext`, applied while pdfmake places them: src/pdf/engine/keep-with-next.ts).
 */
import type { Heading } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { inlines } from '../inline.js';
import { smartQuotes } from '../typography.js';
import { anchor, type Inline, type LayoutContext, type Node } from '../types.js';

export function sectionHeading(label: string | undefined, title: string, id: string, ctx: LayoutContext, newPage: boolean): Node {
  const t = ctx.theme;
  title = smartQuotes(title, ctx.profile?.language);
  const text: Inline[] = label ? [{ text: label + '\u2003', color: t.palette.accent }, { text: title }] : [{ text: title }];
  ctx.toc.push({ id, ...(label ? { label } : {}), title, level: 0, list: 'sections' });
  const head = anchor(ctx, id, {
    text,
    role: 'H1',
    fontSize: t.scale.h1,
    bold: true,
    color: t.palette.accent,
    headlineLevel: 1,
    outline: true,
    outlineText: (label ? label + ' ' : '') + title,
    // a chapter's short last page is filled before it (src/pdf/engine/page-fill.ts)
    ...(newPage ? { pageBreak: 'before', pageFill: true } : { margin: [0, t.space.headingAbove * 1.5, 0, 0] }),
  });
  return {
    // a section that does not start a page keeps its heading (and rule) with what follows
    ...(newPage ? {} : { keepWithNext: true }),
    stack: [head, { canvas: [{ type: 'line', x1: 0, y1: 3, x2: t.contentWidth, y2: 3, lineWidth: 1, lineColor: t.palette.accent }], margin: [0, 0, 0, t.space.headingBelow + 3] }],
  };
}

export function slug(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'heading';
}

export function heading(n: Heading, ctx: LayoutContext): Node {
  const t = ctx.theme;
  // the section's shallowest heading is a subsection (level 2), whatever its Markdown depth
  const depth = Math.max(2, n.depth - Math.max(0, (ctx.section.topDepth ?? 2) - 2));
  const size = depth <= 2 ? t.scale.h2 : t.scale.h3;
  // typographic quotes in the contents and the outline too
  const title = smartQuotes(toString(n), ctx.profile?.language);
  let id = `${ctx.section.id}--${slug(title)}`;
  for (let i = 2; ctx.anchors.has(id); i++) id = `${ctx.section.id}--${slug(title)}-${i}`;
  if (depth <= 2) ctx.toc.push({ id, title, level: 1, list: 'sections' });
  return anchor(ctx, id, {
    text: inlines(n.children, ctx),
    role: n.depth <= 2 ? 'H2' : 'H3',
    fontSize: size,
    bold: true,
    color: depth <= 2 ? t.palette.accent : t.palette.text,
    margin: [0, t.space.headingAbove, 0, t.space.headingBelow],
    headlineLevel: depth,
    keepWithNext: true,
    ...(depth <= 2 ? { outline: true, outlineText: title, outlineParentId: ctx.section.id, outlineExpanded: false } : {}),
  });
}
