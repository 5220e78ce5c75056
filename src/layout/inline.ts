/** Phrasing content (text, emphasis, links, note calls, cross-references) → pdfmake inlines. */
import type { PhrasingContent } from 'mdast';
import type { Inline, LayoutContext, Node } from './types.js';
import { smarten } from './typography.js';
import { noteRefs } from './blocks/caption.js';
import { claimMark } from './claims.js';
import { PAGE_PLACEHOLDER } from './contents.js';
import { CJK_FONT, CJK_LEADING, CJK_RUN } from '../theme/theme.js';

/** Splits text so Chinese runs are set in the CJK font (real text, extractable) and the rest in the body font. */
export function cjkRuns(text: string, style: Node, lineHeight?: number): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const m of text.matchAll(CJK_RUN)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), ...style });
    // the same leading and baseline as the body text around it (see CJK_LEADING, src/pdf/engine/line-ascent.ts)
    out.push({ text: m[0], ...style, font: CJK_FONT, ascentScale: CJK_LEADING, ...(lineHeight ? { lineHeight: lineHeight * CJK_LEADING } : {}) });
    last = m.index + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last), ...style });
  return out;
}

/**
 * A soft line break (a line ending inside a paragraph, with the spaces around it) is a space, as
 * CommonMark says; only a hard break (two trailing spaces or a backslash: mdast's `break` node)
 * starts a new line. pdfmake would otherwise print every "\n" in a text as a line break.
 */
export const softBreaks = (text: string): string => text.replace(/[ \t]*\r?\n[ \t]*/g, ' ');

type Directive = { type: 'textDirective'; name: string; attributes?: Record<string, string | null | undefined>; children: PhrasingContent[] };

export function inlines(nodes: PhrasingContent[], ctx: LayoutContext, style: Node = {}): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const d = n as PhrasingContent | Directive;
    // a figure with no source (no note call) records its page on the text before its marker
    if (d.type === 'textDirective' && d.name === 'src' && d.attributes?.claim) {
      const mark = claimMark(ctx, String(d.attributes.claim).split(','));
      const last = out.at(-1);
      if (last !== undefined && mark) out[out.length - 1] = typeof last === 'string' ? { text: last, onDraw: mark } : { ...last, onDraw: mark };
      continue;
    }
    out.push(...inline(d, ctx, style));
  }
  return out;
}

function inline(n: PhrasingContent | Directive, ctx: LayoutContext, style: Node): Inline[] {
  const t = ctx.theme;
  switch (n.type) {
    case 'text':
      return cjkRuns(smarten(softBreaks(n.value), ctx.profile?.language), style, ctx.theme.lineHeight);
    case 'strong':
      return inlines(n.children, ctx, { ...style, bold: true });
    case 'emphasis':
      return inlines(n.children, ctx, { ...style, italics: true });
    case 'delete':
      return inlines(n.children, ctx, { ...style, decoration: 'lineThrough' });
    case 'inlineCode':
      // in a code span a line ending is a space, and the spaces around it stay (CommonMark 6.1)
      return [{ text: n.value.replace(/\r?\n/g, ' '), ...style, background: t.palette.calloutFill }];
    case 'break':
      return [{ text: '\n', ...style }];
    case 'link':
      return inlines(n.children, ctx, { ...style, link: n.url, color: t.palette.accent });
    case 'textDirective':
      return directive(n as Directive, ctx, style);
    default:
      return 'value' in n && typeof n.value === 'string' ? [{ text: n.value, ...style }] : [];
  }
}

function directive(d: Directive, ctx: LayoutContext, style: Node): Inline[] {
  const a = d.attributes ?? {};
  switch (d.name) {
    case 'cite': {
      // compressed ranges: "1–4,7"; the claims whose sources it carries learn its page (src/layout/claims.ts)
      const mark = claimMark(ctx, String(a.claims ?? '').split(',').filter(Boolean));
      return noteRefs(String(a.n ?? '').split(',').filter(Boolean), ctx, { ...style, sup: true, ...(mark ? { onDraw: mark } : {}) }, ',');
    }
    case 'ref': {
      const id = String(a.id);
      // "Figure 1" never breaks between the word and the number (src/layout/breaks.ts)
      return [{ text: (ctx.numbering.labels.get(id) ?? id).replace(/^(\p{L}+) (?=[\dA-Z][\d.]*(?:,|$))/u, '$1\u00a0'), linkToDestination: id, ...style }];
    }
    case 'pageref': {
      // filled in when the page is drawn (src/pdf/engine/page-refs.ts); set as wide as any page
      // number until then (the words after a shorter one close up)
      return [{ pageReference: String(a.id), pagePlaceholder: PAGE_PLACEHOLDER, pageLabel: ctx.pageLabel, ...style }];
    }
    case 'src':
      // a figure's source marker, moved into the paragraph's citation by the citations stage
      return [];
    default:
      // Unknown directives are shown as their text: nothing is silently dropped.
      return [{ text: `:${d.name}`, ...style }];
  }
}
