/**
 * Stage 6 — lay out: sections' syntax trees → one pdfmake document definition:
 * cover, contents (sections, figures, tables), numbered sections, notes and sources,
 * running header and footer, metadata.
 */
import { formatIsoDate } from '../format/format.js';
import { polishTree, smartQuotes } from './typography.js';
import { blocks } from './blocks/index.js';
import { sectionHeading } from './blocks/heading.js';
import { COVER_FOOT, cover, coverBackground } from './cover.js';
import { tocList, type TocEntry } from './contents.js';
import { footnoteBlock, notesSection } from './notes.js';
import type { FootnoteBlock } from '../pdf/engine/footnotes.js';
import { number } from './numbering.js';
import type { LayoutContext, LayoutInput, Node } from './types.js';
import { fill, profileLabels } from '../i18n/index.js';
import { applyFontChain } from '../theme/fonts.js';

export type { LayoutInput };

export interface DocumentDefinition {
  dd: Node;
  /** Printed titles of the sections in order, for the manifest and tests. */
  headings: string[];
  /** Nodes carrying ids; after rendering, their positions give each id's page. */
  anchors: Map<string, Node>;
  toc: TocEntry[];
  /** "Figure 3", "Table 2", "Section 4" by id. */
  labels: Map<string, string>;
  /** After drawing: the printed page of an anchor. */
  pageOf: (id: string) => string | undefined;
}

export function layoutDocument(input: LayoutInput): DocumentDefinition {
  const { theme: t, profile } = input;
  const numbering = number(input.sections, profile);
  const words = profileLabels(profile);
  const hasContents = profile.contents?.enabled !== false;
  const hasCover = profile.cover?.enabled !== false;
  const footnotes = profile.notes?.placement === 'footnotes';
  // Front matter = cover (+ contents, which may run over several pages): everything before the
  // first section. pdfmake lays the content out before it asks for headers and footers and
  // draws page references, so by then the first section's heading knows its page.
  const firstId = input.sections[0]?.id;
  const frontPages = () => {
    const first = firstId !== undefined ? (ctx.anchors.get(firstId)?.positions as { pageNumber: number }[] | undefined)?.[0]?.pageNumber : undefined;
    return first !== undefined ? first - 1 : Number(hasCover) + Number(hasContents);
  };
  const offset = () => (profile.numbering?.startAfterFrontMatter ? frontPages() : 0);
  const pageLabel = (physical: number) => String(physical - offset());
  const ctx: LayoutContext = { theme: t, profile, data: input.data, model: input.model, charts: input.charts, numbering, section: { id: '', file: '', label: '' }, pageLabel, anchors: new Map(), toc: [], measure: input.measure, blocks };

  const content: Node[] = [];
  content.push(...cover(input, ctx));
  // The contents list needs every entry: it is inserted once the sections have been laid out.
  const contentsAt = content.length;

  const headings: string[] = [];
  /** [section title for the running header, heading node] in order. */
  const marks: { title: string; node: Node }[] = [];
  input.sections.forEach((s, i) => {
    const label = numbering.sectionNumbers.get(s.id);
    ctx.section = { id: s.id, file: s.file, label: label ?? '', topDepth: topHeadingDepth(s.tree) };
    // without a cover or contents, the first section starts under the title on the first page
    const newPage = i === 0 && !hasCover && !hasContents ? false : (s.meta.newPage ?? (i === 0 || s.meta.numbered || s.meta.appendix));
    const printed = s.meta.appendix ? `${words.appendix} ${label}` : label;
    const h = sectionHeading(printed, s.title, s.id, ctx, newPage);
    headings.push((printed ? printed + ' ' : '') + s.title);
    // the running header names an appendix by its letter, which depends on the edition
    const running = s.short ?? s.title;
    marks.push({ title: s.meta.appendix ? fill(words.appendixHeader, { number: label ?? '', title: running }) : running, node: (h.stack as Node[])[0]! });
    content.push(h, ...blocks(s.tree.children, ctx));
  });
  if (!footnotes) {
    const notes = notesSection(ctx, input.sections.length === 0);
    marks.push({ title: words.notesAndSources, node: (notes[0]!.stack as Node[])[0]! });
    headings.push(words.notesAndSources);
    content.push(...notes);
  }
  if (hasContents) content.splice(contentsAt, 0, ...contents(ctx, input, ctx.toc, hasCover));
  const runningTitle = profile.title;
  const watermark = profile.draft ? input.outline(words.draft, { cx: t.page.width / 2, cy: t.page.height / 2, angle: -Math.atan2(t.page.height, t.page.width), width: Math.hypot(t.page.width, t.page.height) * 0.55 }) : undefined;
  const dd: Node = {
    pageSize: 'A4',
    pageMargins: t.page.margins,
    content,
    defaultStyle: { font: t.font, fontSize: t.fontSize, lineHeight: t.lineHeight, color: t.palette.text },
    info: {
      title: profile.title,
      ...(profile.author ? { author: profile.author } : {}),
      subject: profile.subject ?? profile.subtitle ?? profile.title,
      keywords: (profile.keywords ?? []).join(', '),
      creator: `briefkit ${input.version}`,
      producer: `briefkit ${input.version} (pdfmake)`,
    },
    language: profile.language,
    displayTitle: true,
    // a structure tree, page furniture as artifacts, alt text (src/pdf/engine/tagging.ts)
    tagged: true,
    ...(profile.pdfa ? { subset: 'PDF/A-2b', version: '1.7' } : {}),
    background: (page: number) => (page === 1 && hasCover ? coverBackground(input, ctx) : null),
    // the notes at the foot of the pages that call them (src/pdf/engine/footnotes.ts)
    ...(footnotes ? { footnotes: footnoteBlock(ctx) } : {}),
    header: (page: number) => {
      // The DRAFT mark is vector artwork drawn with the header, i.e. over the page content.
      const mark = watermark ? [{ canvas: [{ type: 'path', d: watermark, color: '#b42318', fillOpacity: 0.13 }], absolutePosition: { x: 0, y: 0 } }] : [];
      // the first page of an edition without a cover opens with the title: no running header above it
      if (page <= Math.max(frontPages(), hasCover ? 0 : 1)) return mark.length ? { stack: mark } : null;
      const current = sectionAt(marks, page);
      return { stack: [...mark, {
        margin: [t.page.margins[0], 12 * (72 / 25.4) - 8, t.page.margins[2], 0],
        stack: [
          {
            columns: [
              { text: runningTitle, fontSize: t.scale.small, color: t.palette.muted, width: '*' },
              { text: current, fontSize: t.scale.small, color: t.palette.muted, alignment: 'right', width: 'auto' },
            ],
          },
          { canvas: [{ type: 'line', x1: 0, y1: 3, x2: t.contentWidth, y2: 3, lineWidth: 0.4, lineColor: t.palette.rule }] },
        ],
      }] };
    },
    footer: (page: number, pages: number) => {
      if (page <= frontPages()) return null;
      const start = offset();
      return {
        margin: [t.page.margins[0], 8, t.page.margins[2], 0],
        columns: [
          { text: [profile.publisher, input.asOf && formatIsoDate(input.asOf, profile.dateStyle, profile.locale)].filter(Boolean).join(' · '), fontSize: t.scale.small, color: t.palette.muted },
          { text: pages - start > 1 ? fill(words.pageOfPages, { page: page - start, pages: pages - start }) : '', fontSize: t.scale.small, color: t.palette.muted, alignment: 'right' },
        ],
      };
    },
  };
  // quotes, dashes and non-breaking spaces in every printed string, the running header and footer
  // too; then each character in the first font of the theme's chain that has it
  const base = { font: t.font, lineHeight: t.lineHeight };
  const polish = (node: unknown) => {
    polishTree(node, profile.language);
    if (input.covers) applyFontChain(node, t.fonts, input.covers, base);
  };
  polish(content);
  const { header, footer, background } = dd as { header: (...a: number[]) => unknown; footer: (...a: number[]) => unknown; background: (...a: number[]) => unknown };
  dd.header = (...a: number[]) => { const r = header(...a); polish(r); return r; };
  dd.footer = (...a: number[]) => { const r = footer(...a); polish(r); return r; };
  dd.background = (...a: number[]) => { const r = background(...a); if (input.covers && r) applyFontChain(r, t.fonts, input.covers, base); return r; };
  if (footnotes) {
    const block = dd.footnotes as FootnoteBlock;
    // on the cover, the notes of its key figures stand above its foot line (src/layout/cover.ts)
    const coverFoot = Math.max(0, COVER_FOOT + 8 - t.page.margins[3]);
    dd.footnotes = ((notes, page) => {
      const r = block(notes, page);
      polish(r);
      return hasCover && page === 1 ? { stack: [r], margin: [0, 0, 0, coverFoot] } : r;
    }) satisfies FootnoteBlock;
  }
  const info = dd.info as Record<string, string>;
  for (const k of ['title', 'subject', 'author'] as const) info[k] = smartQuotes(info[k]!, profile.language);
  // once drawn: the printed page of an anchor (for the claims register's cross-references)
  const pageOf = (id: string) => {
    const at = (ctx.anchors.get(id)?.positions as { pageNumber: number }[] | undefined)?.[0]?.pageNumber;
    return at === undefined ? undefined : pageLabel(at);
  };
  return { dd, headings, anchors: ctx.anchors, toc: ctx.toc, labels: numbering.labels, pageOf };
}

/**
 * The depth of a section's shallowest heading: one hierarchy whatever a template writes, so a
 * section whose subsections are "###" sets them as every other section's "##" (blue, listed in
 * the contents and the outline).
 */
function topHeadingDepth(tree: { children: unknown[] }): number | undefined {
  let top: number | undefined;
  const walk = (nodes: unknown[]) => {
    for (const n of nodes as { type?: string; depth?: number; children?: unknown[] }[]) {
      if (n.type === 'heading' && typeof n.depth === 'number') top = Math.min(top ?? 6, n.depth);
      else if (Array.isArray(n.children) && n.type !== 'paragraph') walk(n.children);
    }
  };
  walk(tree.children);
  return top;
}

/** Title of the last section whose heading starts on or before `page`. */
function sectionAt(marks: { title: string; node: Node }[], page: number): string {
  let current = '';
  for (const m of marks) {
    const pos = (m.node.positions as { pageNumber: number }[] | undefined)?.[0];
    if (pos && pos.pageNumber <= page) current = m.title;
  }
  return current;
}

function contents(ctx: LayoutContext, input: LayoutInput, entries: TocEntry[], ownPage: boolean): Node[] {
  const t = ctx.theme;
  const p = ctx.profile.contents;
  const words = profileLabels(ctx.profile);
  const title = (text: string, top: number) => ({ text, role: 'H2', fontSize: t.scale.h2, bold: true, color: t.palette.accent, margin: [0, top, 0, 6] });
  // one TOC element per list (tagged PDF), its entries TOCI
  const list = (which: TocEntry['list']): Node[] => [{ role: 'TOC', stack: tocList(entries.filter((e) => e.list === which), ctx, input.measure) }];
  const out: Node[] = [{ text: words.contents, role: 'H1', fontSize: t.scale.h1, bold: true, color: t.palette.accent, margin: [0, ownPage ? 0 : t.space.headingAbove, 0, 10], ...(ownPage ? { pageBreak: 'before' } : {}) }, ...list('sections')];
  if (p?.figures !== false && input.model.figures.size > 0) out.push(title(words.listOfFigures, 10), ...list('figures'));
  if (p?.tables !== false && input.model.tables.size > 0) out.push(title(words.listOfTables, 10), ...list('tables'));
  return out;
}
