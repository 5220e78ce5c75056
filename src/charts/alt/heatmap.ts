/**
 * A heat map (rect marks on two discrete axes, coloured by a field): with a numeric colour, the
 * highest and lowest cells and the row with the highest mean; with a category colour, each row's
 * runs of consecutive columns by category ("Priority Watch List: Year-specific source 2006–2017 …").
 */
import { fill, list, sayAt, sayNumber, wordsOf, type AltStyle, type DatePrecision } from './words.js';

export interface Cell {
  x: unknown;
  y: string;
  value: number | string;
}

/** Consecutive positions of the x order as ranges: 2006–2009, 2011. */
function ranges(positions: number[], xs: unknown[], style: AltStyle, precision: DatePrecision | undefined): string {
  const out: string[] = [];
  let start = positions[0]!;
  let prev = start;
  const flush = () => out.push(start === prev ? sayAt(xs[start], style, precision) : `${sayAt(xs[start], style, precision)}–${sayAt(xs[prev], style, precision)}`);
  for (const p of positions.slice(1)) {
    if (p !== prev + 1) {
      flush();
      start = p;
    }
    prev = p;
  }
  flush();
  return list(out, style);
}

export function describeHeatmap(cells: Cell[], xs: unknown[], o: { style: AltStyle; precision: DatePrecision | undefined; colourNoun: string }): string {
  const w = wordsOf(o.style);
  const sep = w.clause;
  const rows = [...new Set(cells.map((c) => c.y))];
  const numeric = cells.every((c) => typeof c.value === 'number');
  const index = new Map(xs.map((x, i) => [x instanceof Date ? x.getTime() : x, i]));
  const pos = (c: Cell) => index.get(c.x instanceof Date ? c.x.getTime() : c.x) ?? 0;
  if (numeric) {
    const max = cells.reduce((a, b) => ((b.value as number) > (a.value as number) ? b : a));
    const min = cells.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
    const at = (c: Cell) => `${c.y}, ${sayAt(c.x, o.style, o.precision)}`;
    const means = rows.map((r) => {
      const vs = cells.filter((c) => c.y === r).map((c) => c.value as number);
      return [r, vs.reduce((s, v) => s + v, 0) / vs.length] as const;
    });
    const hot = means.reduce((a, b) => (b[1] > a[1] ? b : a));
    return fill(w.cells, { n: cells.length, rows: rows.length, hv: sayNumber(max.value as number, o.style), h: at(max), lv: sayNumber(min.value as number, o.style), l: at(min) }) + (rows.length > 1 ? fill(w.hottestRow, { r: hot[0] }) : '');
  }
  return rows
    .map((r) => {
      const mine = cells.filter((c) => c.y === r);
      const cats = [...new Set(mine.map((c) => String(c.value)))];
      const span = ranges(mine.map(pos).sort((a, b) => a - b), xs, o.style, o.precision);
      const row = fill(w.runs, { row: r, span });
      if (cats.length === 1) return `${row} (${o.colourNoun ? fill(w.byGroup, { noun: o.colourNoun, list: cats[0]! }) : cats[0]})`;
      const byCat = cats.map((k) => fill(w.item, { name: k, value: ranges(mine.filter((c) => String(c.value) === k).map(pos).sort((a, b) => a - b), xs, o.style, o.precision) }));
      return `${row}${sep}${o.colourNoun ? fill(w.byGroup, { noun: o.colourNoun, list: byCat.join(sep) }) : byCat.join(sep)}`;
    })
    .join(w.stop);
}
