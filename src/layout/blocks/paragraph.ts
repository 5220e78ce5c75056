/**
 * Paragraphs: ragged-right, or justified and hyphenated if the theme says so (justification
 * over word spaces only, soft hyphens drawn at breaks: src/pdf/engine/justify.ts). Every paragraph, in a list
 * item too, is under widow/orphan control (see widows.ts).
 */
import type { Paragraph } from 'mdast';
import { tieParagraph } from '../breaks.js';
import { hyphenateParagraph, hyphenatorFor } from '../hyphenate.js';
import { inlines } from '../inline.js';
import { KEEP_LINES } from '../widows.js';
import type { LayoutContext, Node } from '../types.js';

export function paragraph(n: Paragraph, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const h = t.hyphenate ? hyphenatorFor(ctx.profile.language, ctx.profile.hyphenation?.exceptions) : undefined;
  const tied = tieParagraph(inlines(n.children, ctx));
  const text = h ? hyphenateParagraph(tied, h) : tied;
  return { text, role: 'P', alignment: t.justify ? 'justify' : 'left', margin: [0, 0, 0, t.space.paragraph], keepLines: KEEP_LINES, lineFit: true };
}
