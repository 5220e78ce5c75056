/**
 * Contents, list of figures and list of tables, built by briefkit (not pdfmake's toc) so each
 * entry has dot leaders and a link. The page number is a page reference pdfmake fills in when it
 * draws the page (src/pdf/engine/page-refs.ts), right-aligned in a column as wide as "000".
 */
import type { LayoutContext, Measure, Node, TocEntry } from './types.js';

export type { Measure, TocEntry };

/** The text a page number is set as until pdfmake draws it: wide enough for any page label up to 999. */
export const PAGE_PLACEHOLDER = '000';

export function tocList(entries: TocEntry[], ctx: LayoutContext, measure: Measure): Node[] {
  const t = ctx.theme;
  const width = t.contentWidth;
  // One label column per list, as wide as its widest label ("Appendix B", "Figure 12").
  const labelCol = Math.max(0, ...entries.filter((e) => e.label).map((e) => measure(e.label!, t.fontSize + 0.5, true))) + 10;
  const numCol = measure(PAGE_PLACEHOLDER, t.fontSize + 0.5, true) + 6;
  return entries.map((e) => {
    const size = e.list === 'sections' && e.level === 0 ? t.fontSize + 0.5 : t.fontSize - 0.5;
    const bold = e.list === 'sections' && e.level === 0;
    const indent = e.level === 1 ? labelCol : 0;
    const labelW = e.level === 1 ? 0 : e.label ? labelCol : e.list === 'sections' && entries.some((x) => x.label) ? labelCol : 0;
    // one page-number column for the whole list, so every leader ends at the same place
    const numW = numCol;
    // The title wraps within its column; the dot leader runs from the end of its last line to
    // the page number, which sits on that last line.
    const avail = width - indent - labelW - numW;
    const lines = wrap(e.title, avail - 16, (x) => measure(x, size, bold));
    const last = lines.at(-1)!;
    const lastW = measure(last, size, bold) + 1;
    const leaderW = Math.max(0, avail - lastW);
    const leaderEnd = Math.max(4, leaderW - 4);
    const lastLine: Node = {
      columns: [
        { width: lastW, text: last, linkToDestination: e.id, bold },
        // dots counted back from the right end, so every leader's last dot falls in one column
        { width: leaderW, canvas: [{ type: 'line', x1: leaderEnd - Math.max(0, Math.floor((leaderEnd - 4) / 3.5)) * 3.5, y1: size * 1.02, x2: leaderEnd + 0.9, y2: size * 1.02, lineWidth: 0.9, dash: { length: 0.9, space: 2.6 }, lineCap: 'round', lineColor: t.palette.muted }] },
        { width: numW, pageReference: e.id, pagePlaceholder: PAGE_PLACEHOLDER, pageLabel: ctx.pageLabel, alignment: 'right', bold },
      ],
      columnGap: 0,
    };
    const body: Node = lines.length > 1 ? { width: '*', stack: [{ text: lines.slice(0, -1).join('\n'), linkToDestination: e.id, bold }, lastLine] } : { width: '*', stack: [lastLine] };
    const columns: Node[] = [];
    if (labelW) columns.push({ width: labelW, text: e.label ?? '', linkToDestination: e.id, color: e.list === 'sections' ? t.palette.accent : t.palette.text, bold });
    columns.push(body);
    // an entry moves to the next page whole: its title, dot leader and page number are separate columns,
    // which pdfmake would otherwise split (a leader left at the foot of one page, its title atop the next)
    // the entry's label and title describe its one link (src/pdf/engine/link-annotations.ts)
    return { role: 'TOCI', tocTitle: e.title, ...(e.label ? { tocLabel: e.label } : {}), unbreakable: true, columns, columnGap: 0, fontSize: size, margin: [indent, e.level === 0 && e.list === 'sections' ? 3.5 : 0.8, 0, e.level === 0 && e.list === 'sections' ? 1.5 : 0.8] };
  });
}

/** Greedy line breaking at spaces with real glyph widths (a word longer than a line stays whole). */
export function wrap(text: string, maxWidth: number, width: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && width(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}
