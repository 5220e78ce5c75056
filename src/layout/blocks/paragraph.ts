/**
 * Paragraphs: ragged-right, or justified and hyphenated if the theme says so (justification
 * over word spaces only, soft hyphens drawn at breaks: src/pdf/engine/justify.ts). Each paragraph is registered for
 * widow/orphan control (see widows.ts), which reads where its lines landed.
 */
import type { Paragraph } from 'mdast';
import { tieParagraph } from '../breaks.js';
import { hyphenateParagraph, hyphenatorFor } from '../hyphenate.js';
import { inlines } from '../inline.js';
import type { LayoutContext, Node } from '../types.js';

export function paragraph(n: Paragraph, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const h = t.hyphenate ? hyphenatorFor(ctx.profile.locale) : undefined;
  const tied = tieParagraph(inlines(n.children, ctx));
  const text = h ? hyphenateParagraph(tied, h) : tied;
  const node: Node = { text, role: 'P', alignment: t.justify ? 'justify' : 'left', margin: [0, 0, 0, t.space.paragraph] };
  ctx.flowing.set(text, ctx.paragraphs.push(node) - 1);
  return node;
}
