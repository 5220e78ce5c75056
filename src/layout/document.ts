/**
 * Stage 6 — lay out: sections' syntax trees → one pdfmake document definition:
 * cover, contents (sections, figures, tables), numbered sections, notes and sources,
 * running header and footer, metadata.
 */
import { formatIsoDate } from '../templates/format.js';
import type { DataBundle } from '../data/load.js';
import type { ChartOutput } from '../charts/render.js';
import type { Profile } from '../profile/schema.js';
import type { DocModel } from '../templates/model.js';
import type { Theme } from '../theme/theme.js';
import { blocks } from './blocks/index.js';
import { sectionHeading } from './blocks/heading.js';
import { cover } from './cover.js';
import { notesSection } from './notes.js';
import { number, type SectionInput } from './numbering.js';
import type { LayoutContext, Node } from './types.js';

export interface LayoutInput {
  theme: Theme;
  profile: Profile;
  data: DataBundle;
  model: DocModel;
  charts: Map<string, ChartOutput>;
  sections: (SectionInput & { file: string; short?: string })[];
  version: string;
  asOf: string;
}

export interface DocumentDefinition {
  dd: Node;
  /** Printed titles of the sections in order, for the manifest and tests. */
  headings: string[];
}

export function layoutDocument(input: LayoutInput): DocumentDefinition {
  const { theme: t, profile } = input;
  const numbering = number(input.sections, profile);
  const ctx: LayoutContext = { theme: t, profile, data: input.data, model: input.model, charts: input.charts, numbering, section: { id: '', file: '', label: '' } };

  const content: Node[] = [];
  content.push(...cover(input, ctx));
  const frontPages = profile.contents?.enabled === false ? 1 : 2;
  if (frontPages === 2) content.push(...contents(ctx, input));

  const headings: string[] = [];
  /** [section title for the running header, heading node] in order. */
  const marks: { title: string; node: Node }[] = [];
  input.sections.forEach((s, i) => {
    const label = numbering.sectionNumbers.get(s.id);
    ctx.section = { id: s.id, file: s.file, label: label ?? '' };
    const newPage = s.meta.newPage ?? (i === 0 || s.meta.numbered || s.meta.appendix);
    const printed = s.meta.appendix ? `Appendix ${label}` : label;
    const h = sectionHeading(printed, s.title, s.id, ctx, newPage);
    headings.push((printed ? printed + ' ' : '') + s.title);
    marks.push({ title: s.short ?? s.title, node: (h.stack as Node[])[0]! });
    content.push(h, ...blocks(s.tree.children, ctx));
  });
  const notes = notesSection(ctx, input.sections.length === 0);
  marks.push({ title: 'Notes and sources', node: (notes[0]!.stack as Node[])[0]! });
  headings.push('Notes and sources');
  content.push(...notes);

  const runningTitle = profile.title;
  const dd: Node = {
    pageSize: 'A4',
    pageMargins: t.page.margins,
    content,
    defaultStyle: { font: t.font, fontSize: t.fontSize, lineHeight: t.lineHeight, color: t.palette.text },
    info: {
      title: profile.title,
      author: profile.author,
      subject: profile.subject ?? profile.subtitle ?? profile.title,
      keywords: (profile.keywords ?? []).join(', '),
      creator: `briefkit ${input.version}`,
      producer: `briefkit ${input.version} (pdfmake)`,
    },
    language: profile.language,
    pageBreakBefore: (node: Node, following: { nodesOnNextPage?: unknown[] } | Node[]) => {
      // A heading is never the last thing on a page.
      const rest = Array.isArray(following) ? following : [];
      return typeof node.headlineLevel === 'number' && node.headlineLevel > 0 && rest.length === 0 && !node.pageBreak;
    },
    header: (page: number) => {
      if (page <= frontPages) return null;
      const current = sectionAt(marks, page);
      return {
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
      };
    },
    footer: (page: number, pages: number) => {
      if (page <= frontPages) return null;
      const start = profile.numbering?.startAfterFrontMatter === false ? 0 : frontPages;
      return {
        margin: [t.page.margins[0], 8, t.page.margins[2], 0],
        columns: [
          { text: `${profile.publisher} · ${formatIsoDate(input.asOf, profile.dateStyle)}`, fontSize: t.scale.small, color: t.palette.muted },
          { text: `Page ${page - start} of ${pages - start}`, fontSize: t.scale.small, color: t.palette.muted, alignment: 'right' },
        ],
      };
    },
  };
  return { dd, headings };
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

function contents(ctx: LayoutContext, input: LayoutInput): Node[] {
  const t = ctx.theme;
  const p = ctx.profile.contents;
  const title = (text: string, top: number) => ({ text, fontSize: t.scale.h2, bold: true, color: t.palette.accent, margin: [0, top, 0, 6] });
  const out: Node[] = [
    { text: 'Contents', fontSize: t.scale.h1, bold: true, color: t.palette.accent, margin: [0, 0, 0, 10] },
    { toc: { id: 'sections', numberStyle: { bold: false }, textMargin: [0, 2, 0, 2] } },
  ];
  if (p?.figures !== false && input.model.figures.size > 0) out.push(title('Figures', 14), { toc: { id: 'figures', textStyle: { fontSize: t.fontSize - 0.5 }, numberStyle: { fontSize: t.fontSize - 0.5 }, textMargin: [0, 1.5, 0, 1.5] } });
  if (p?.tables !== false && input.model.tables.size > 0) out.push(title('Tables', 14), { toc: { id: 'tables', textStyle: { fontSize: t.fontSize - 0.5 }, numberStyle: { fontSize: t.fontSize - 0.5 }, textMargin: [0, 1.5, 0, 1.5] } });
  return out;
}
