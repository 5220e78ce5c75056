/** Paragraphs: ragged-right by default (no justification gaps), or justified if the theme says so. */
import type { Paragraph } from 'mdast';
import { inlines } from '../inline.js';
import type { LayoutContext, Node } from '../types.js';

export function paragraph(n: Paragraph, ctx: LayoutContext): Node {
  const t = ctx.theme;
  return {
    text: inlines(n.children, ctx),
    alignment: t.justify ? 'justify' : 'left',
    margin: [0, 0, 0, t.space.paragraph],
  };
}
