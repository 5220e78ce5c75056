/** Key figures: consecutive ::keyfigure directives set as a band of large numbers with labels. */
import type { LayoutContext, Node } from '../types.js';
import { noteRefs } from './caption.js';

export interface KeyFigure {
  value: string;
  label: string;
  notes: string[];
  /** Records the page the value is drawn on (src/layout/claims.ts). */
  onDraw?: (physical: number) => void;
}

/** Key-figure values shrink to fit their column rather than run past it (they never wrap). */
export function keyFigureBand(figs: KeyFigure[], ctx: LayoutContext, perRow = 3, width = ctx.theme.contentWidth - 24): Node {
  const t = ctx.theme;
  const rows: Node[] = [];
  const col = (width - 12 * (perRow - 1)) / perRow;
  const sizeOf = (value: string) => {
    const w = ctx.measure(value, t.scale.keyFigure, true);
    return w > col ? Math.max(10, Math.floor(((t.scale.keyFigure * col) / w) * 10) / 10) : t.scale.keyFigure;
  };
  for (let i = 0; i < figs.length; i += perRow) {
    const slice = figs.slice(i, i + perRow);
    while (slice.length < perRow) slice.push({ value: '', label: '', notes: [] });
    rows.push({
      columnGap: 12,
      margin: [0, 2, 0, 8],
      columns: slice.map((f) =>
        f.value
          ? {
              width: '*',
              stack: [
                { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 40, y2: 0, lineWidth: 2, lineColor: t.palette.accent }] },
                { text: [{ text: f.value, ...(f.onDraw ? { onDraw: f.onDraw } : {}) }], fontSize: sizeOf(f.value), bold: true, color: t.palette.accent, margin: [0, 3, 0, 1], noWrap: true },
                {
                  text: [
                    { text: f.label },
                    ...(f.notes.length ? noteRefs(f.notes, ctx, { sup: true }, ',') : []),
                  ],
                  fontSize: t.scale.caption,
                  color: t.palette.muted,
                },
              ],
            }
          : { width: '*', text: '' },
      ),
    });
  }
  return { stack: rows, unbreakable: true };
}
