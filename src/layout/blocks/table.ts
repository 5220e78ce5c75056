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
  const body = tb.rows.map((r, ri) =>
    r.map((_, i) => ({ text: cjkRuns(cols[i]![ri]!, {}), alignment: tb.align[i], ...(tb.numeric[i] ? { noWrap: true } : {}) })),
  );
  const widths = tb.align.map((a, i) => (a === 'left' && !tb.numeric[i] ? '*' : 'auto'));
  if (!widths.includes('*')) widths[0] = '*';
  const small = tb.rows.length <= 18;
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
    row.children.map((cell, i) => ({ text: inlines(cell.children, ctx), alignment: align(i), ...(r === 0 ? { bold: true, color: 'white' } : {}) })),
  );
  const cols = body[0]?.length ?? 1;
  return {
    table: { headerRows: 1, keepWithHeaderRows: 1, widths: Array.from({ length: cols }, (_, i) => (i === 0 ? '*' : 'auto')), body },
    layout: layoutFor(ctx),
    fontSize: t.scale.caption,
    margin: [0, t.space.block / 2, 0, t.space.block],
  };
}
