/** Small blocks: quotations, thematic breaks and code. */
import type { Blockquote, Code } from 'mdast';
import type { LayoutContext, Node } from '../types.js';

export function blockquote(n: Blockquote, ctx: LayoutContext): Node {
  const t = ctx.theme;
  return { stack: ctx.blocks(n.children, ctx), role: 'BlockQuote', italics: true, color: t.palette.muted, margin: [14, 0, 14, t.space.paragraph] };
}

export function rule(ctx: LayoutContext): Node {
  const t = ctx.theme;
  return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: t.contentWidth, y2: 0, lineWidth: 0.5, lineColor: t.palette.rule }], margin: [0, 4, 0, 8] };
}

export function code(n: Code, ctx: LayoutContext): Node {
  const t = ctx.theme;
  return { text: n.value, fontSize: t.scale.caption, background: t.palette.calloutFill, preserveLeadingSpaces: true, margin: [0, 0, 0, t.space.paragraph] };
}
