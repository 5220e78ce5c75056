/**
 * Paragraphs: ragged-right by default (pdfmake's justification leaves a gap after hyphens;
 * ragged-right has none), justified if the theme says so. Paragraphs of up to five lines are
 * kept whole, so a page never starts or ends with a single stranded line of them; pdfmake has
 * no widow/orphan control for longer ones.
 */
import type { Paragraph } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { inlines } from '../inline.js';
import type { LayoutContext, Node } from '../types.js';

/** Estimated lines: average Roboto glyph ≈ 0.5 em. */
export function estimateLines(text: string, fontSize: number, width: number): number {
  return Math.ceil((text.length * fontSize * 0.5) / width);
}

export function paragraph(n: Paragraph, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const short = estimateLines(toString(n), t.fontSize, t.contentWidth) <= 5;
  return {
    text: inlines(n.children, ctx),
    alignment: t.justify ? 'justify' : 'left',
    margin: [0, 0, 0, t.space.paragraph],
    ...(short ? { unbreakable: true } : {}),
  };
}
