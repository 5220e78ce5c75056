/**
 * Contents, list of figures and list of tables, built by briefkit (not pdfmake's toc) so each
 * entry has dot leaders, a link, and the page number from the previous layout pass.
 */
import type { LayoutContext, Node } from './types.js';

export interface TocEntry {
  id: string;
  /** Label shown before the title, e.g. "1", "Figure 3". */
  label?: string;
  title: string;
  level: 0 | 1;
  list: 'sections' | 'figures' | 'tables';
}

export type Measure = (text: string, sizePt: number, bold?: boolean) => number;

export function tocList(entries: TocEntry[], ctx: LayoutContext, pages: Map<string, number>, measure: Measure, pageLabel: (n: number) => string): Node[] {
  const t = ctx.theme;
  const width = t.contentWidth;
  // One label column per list, as wide as its widest label ("Appendix B", "Figure 12").
  const labelCol = Math.max(0, ...entries.filter((e) => e.label).map((e) => measure(e.label!, t.fontSize + 0.5, true))) + 10;
  return entries.map((e) => {
    const size = e.list === 'sections' && e.level === 0 ? t.fontSize + 0.5 : t.fontSize - 0.5;
    const bold = e.list === 'sections' && e.level === 0;
    const indent = e.level === 1 ? labelCol : 0;
    const labelW = e.level === 1 ? 0 : e.label ? labelCol : e.list === 'sections' && entries.some((x) => x.label) ? labelCol : 0;
    const page = pages.get(e.id);
    const num = page === undefined ? '000' : pageLabel(page);
    const numW = Math.max(measure(num, size, bold), measure('000', size, bold)) + 2;
    const titleW = measure(e.title, size, bold);
    const avail = width - indent - labelW - numW - 8;
    const fits = titleW <= avail - 12;
    const leaderW = fits ? avail - titleW : 0;
    const columns: Node[] = [];
    if (labelW) columns.push({ width: labelW, text: e.label ?? '', linkToDestination: e.id, color: e.list === 'sections' ? t.palette.accent : t.palette.text, bold });
    columns.push({ width: fits ? titleW + 1 : '*', text: e.title, linkToDestination: e.id, bold });
    if (fits) {
      columns.push({
        width: leaderW,
        canvas: [{ type: 'line', x1: 4, y1: size * 1.02, x2: Math.max(4, leaderW - 2), y2: size * 1.02, lineWidth: 0.9, dash: { length: 0.9, space: 2.6 }, lineCap: 'round', lineColor: t.palette.muted }],
      });
    }
    columns.push({ width: numW, text: num, alignment: 'right', linkToDestination: e.id, bold });
    return { columns, columnGap: fits ? 0 : 6, fontSize: size, margin: [indent, e.level === 0 && e.list === 'sections' ? 4 : 1.5, 0, e.level === 0 && e.list === 'sections' ? 2 : 1.5] };
  });
}
