/**
 * Contents, list of figures and list of tables, built by briefkit (not pdfmake's toc) so each
 * entry has dot leaders, a link, and the page number from the previous layout pass.
 */
import type { LayoutContext, Measure, Node, TocEntry } from './types.js';

export type { Measure, TocEntry };

export function tocList(entries: TocEntry[], ctx: LayoutContext, pages: Map<string, number>, measure: Measure, pageLabel: (n: number) => string): Node[] {
  const t = ctx.theme;
  const width = t.contentWidth;
  // One label column per list, as wide as its widest label ("Appendix B", "Figure 12").
  const labelCol = Math.max(0, ...entries.filter((e) => e.label).map((e) => measure(e.label!, t.fontSize + 0.5, true))) + 10;
  const numCol = Math.max(measure('000', t.fontSize + 0.5, true), ...entries.map((e) => measure(pageLabel(pages.get(e.id) ?? 0), t.fontSize + 0.5, true))) + 6;
  return entries.map((e) => {
    const size = e.list === 'sections' && e.level === 0 ? t.fontSize + 0.5 : t.fontSize - 0.5;
    const bold = e.list === 'sections' && e.level === 0;
    const indent = e.level === 1 ? labelCol : 0;
    const labelW = e.level === 1 ? 0 : e.label ? labelCol : e.list === 'sections' && entries.some((x) => x.label) ? labelCol : 0;
    const page = pages.get(e.id);
    const num = page === undefined ? '000' : pageLabel(page);
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
        { width: numW, text: num, alignment: 'right', linkToDestination: e.id, bold },
      ],
      columnGap: 0,
    };
    const body: Node = lines.length > 1 ? { width: '*', stack: [{ text: lines.slice(0, -1).join('\n'), linkToDestination: e.id, bold }, lastLine] } : { width: '*', stack: [lastLine] };
    const columns: Node[] = [];
    if (labelW) columns.push({ width: labelW, text: e.label ?? '', linkToDestination: e.id, color: e.list === 'sections' ? t.palette.accent : t.palette.text, bold });
    columns.push(body);
    return { role: 'TOCI', columns, columnGap: 0, fontSize: size, margin: [indent, e.level === 0 && e.list === 'sections' ? 3.5 : 0.8, 0, e.level === 0 && e.list === 'sections' ? 1.5 : 0.8] };
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
