/**
 * Paragraphs: ragged-right by default (pdfmake's justification leaves a gap after hyphens;
 * ragged-right has none), justified if the theme says so. Each paragraph is registered for
 * widow/orphan control (see widows.ts), which reads where its lines landed.
 */
import type { Paragraph } from 'mdast';
import { inlines } from '../inline.js';
import type { LayoutContext, Node } from '../types.js';

export function paragraph(n: Paragraph, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const text = inlines(n.children, ctx);
  const node: Node = { text, role: 'P', alignment: t.justify ? 'justify' : 'left', margin: [0, 0, 0, t.space.paragraph] };
  ctx.flowing.set(text, ctx.paragraphs.push(node) - 1);
  return node;
}
