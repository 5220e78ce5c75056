/**
 * Tables: data tables declared with {{table}} (numbered caption, header row repeated on every
 * page, tabular figures right-aligned, source line) and plain GFM tables written in Markdown.
 */
import type { Table } from 'mdast';
import * as msg from '../../log/message.js';
import { cjkRuns, inlines } from '../inline.js';

/**
 * Right-aligned numbers line up on the decimal point: cells with fewer decimals are padded at
 * the end with figure spaces (U+2007, the width of Roboto's tabular digits) and a punctuation
 * space for a missing point, so "12.5%", "7%" and "1,045.25%" share one decimal column.
 */
export function alignDecimals(cells: string[], numeric: boolean): string[] {
  if (!numeric) return cells;
  const frac = (c: string) => /\d\.(\d+)(?!.*\d\.\d)/.exec(c)?.[1]?.length ?? 0;
  const max = Math.max(0, ...cells.map(frac));
  if (max === 0) return cells;
  return cells.map((c) => {
    if (!/\d/.test(c)) return c;
    const f = frac(c);
    return c + (f === 0 ? '\u2008' + '\u2007'.repeat(max) : '\u2007'.repeat(max - f));
  });
}
import type { LayoutContext, Node } from '../types.js';
import { caption, sourceLine } from './caption.js';

function layoutFor(ctx: LayoutContext): Node {
  const t = ctx.theme;
  return {
    fillColor: (row: number) => (row === 0 ? t.palette.accent : row % 2 === 0 ? t.palette.tableStripe : null),
    hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === 1 ? 0 : i === node.table.body.length ? 0.8 : 0.3),
    hLineColor: () => t.palette.rule,
    vLineWidth: () => 0,
    paddingLeft: () => 4,
    paddingRight: () => 4,
    paddingTop: () => 2.5,
    paddingBottom: () => 2.5,
  };
}

export function dataTable(id: string, ctx: LayoutContext): Node {
  const tb = ctx.model.tables.get(id);
  if (!tb) throw msg.unknownReference(ctx.section.file, id, 'table');
  const t = ctx.theme;
  const header = tb.header.map((h, i) => ({ text: h, bold: true, color: 'white', alignment: tb.align[i] }));
  const cols = tb.header.map((_, i) => alignDecimals(tb.rows.map((r) => r[i] ?? ''), tb.numeric[i] === true));
  // Left-aligned text columns share the free width; the others are as wide as their content,
  // and short cells (dates, periods, statuses, numbers) never wrap, so rows read alike. A table
  // of short columns only is as wide as its content rather than stretched across the page.
  const star = starColumns(tb);
  const widths = star.map((s) => (s ? '*' : 'auto'));
  const short = tb.header.map((_, i) => tb.numeric[i] === true || longest(tb, i) <= SHORT);
  const body = tb.rows.map((r, ri) =>
    // decimal padding is trailing space, which pdfmake would otherwise drop from right-aligned text
    r.map((_, i) => ({ text: cjkRuns(cols[i]![ri]!, {}, ctx.theme.lineHeight), alignment: tb.align[i], ...(short[i] ? { noWrap: true } : {}), ...(tb.numeric[i] ? { preserveTrailingSpaces: true } : {}) })),
  );
  // A table kept whole must fit well within a page: pdfmake silently drops the rest of an
  // unbreakable block taller than a page, so the decision uses the table's estimated height.
  const small = tb.rows.length <= 18 && estimatedHeight(tb, ctx) <= 0.6 * (t.page.height - t.page.margins[1] - t.page.margins[3]);
  const tableNode = {
    table: { headerRows: 1, keepWithHeaderRows: 1, dontBreakRows: true, widths, body: [header, ...body] },
    layout: layoutFor(ctx),
    fontSize: t.scale.caption,
  };
  const parts = [caption(id, ctx.numbering.labels.get(id)!, tb.caption, 'tables', ctx), tableNode, sourceLine(tb.sources, ctx, tb.note)];
  return { stack: parts, margin: [0, t.space.block / 2, 0, t.space.block], ...(small ? { unbreakable: true } : {}) };
}

export function markdownTable(n: Table, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const align = (i: number) => (n.align?.[i] ?? 'left') as string;
  const body = n.children.map((row, r) =>
    // right-aligned cells hold figures (with their note calls): they never wrap
    row.children.map((cell, i) => ({ text: inlines(cell.children, ctx), alignment: align(i), ...(align(i) === 'right' ? { noWrap: true } : {}), ...(r === 0 ? { bold: true, color: 'white' } : {}) })),
  );
  const cols = body[0]?.length ?? 1;
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, widths: Array.from({ length: cols }, (_, i) => (i === 0 ? '*' : 'auto')), body },
    layout: layoutFor(ctx),
    fontSize: t.scale.caption,
    margin: [0, t.space.block / 2, 0, t.space.block],
  };
}

type TableShape = { header: string[]; rows: string[][]; numeric: boolean[]; align: string[] };
/** Cells up to this many characters (dates, periods, statuses) are short: they never wrap. */
const SHORT = 20;
const longest = (tb: TableShape, i: number) => Math.max(0, ...tb.rows.map((r) => (r[i] ?? '').length));
/** Columns that share the free width: left-aligned text with cells longer than SHORT. */
const starColumns = (tb: TableShape) => tb.align.map((a, i) => a === 'left' && !tb.numeric[i] && longest(tb, i) > SHORT);

/** Height in pt of a data table with its caption and source line, from the body font's real widths. */
export function estimatedHeight(tb: TableShape & { sources: string[]; note?: string }, ctx: LayoutContext): number {
  const t = ctx.theme;
  const size = t.scale.caption;
  const line = size * t.lineHeight * 1.17; // Roboto's line box is ~1.17 em
  const pad = 8; // paddingLeft + paddingRight
  const cells = [tb.header, ...tb.rows];
  const natural = tb.header.map((_, i) => Math.max(...cells.map((r) => ctx.measure(r[i] ?? '', size))) + pad);
  const star = starColumns(tb);
  const fixed = natural.reduce((sum, w, i) => sum + (star[i] ? 0 : w), 0);
  const starWidth = Math.max(40, (t.contentWidth - fixed) / star.filter(Boolean).length);
  const widths = natural.map((w, i) => (star[i] ? Math.min(w, starWidth) : w));
  const rowHeight = (r: string[]) => 5 + line * Math.max(1, ...r.map((c, i) => (tb.numeric[i] ? 1 : Math.ceil(ctx.measure(c ?? '', size) / Math.max(1, widths[i]! - pad)))));
  const body = cells.reduce((sum, r) => sum + rowHeight(r), 0);
  const sourceText = tb.sources.map((id) => ctx.data.sources.get(id)?.publisher ?? '').join('; ') + (tb.note ?? '');
  const sourceLines = Math.ceil(ctx.measure(sourceText, t.scale.small) / t.contentWidth) + 1;
  return 2 * line + body + sourceLines * t.scale.small * t.lineHeight * 1.17 + t.space.block;
}
