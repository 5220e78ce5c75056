/**
 * Tables: data tables declared with {{table}} (numbered caption, header row repeated on every
 * page, tabular figures right-aligned, source line) and plain GFM tables written in Markdown.
 */
import type { Table } from 'mdast';
import { profileLabels } from '../../i18n/index.js';
import * as msg from '../../log/message.js';
import { toString } from 'mdast-util-to-string';
import type { CaptionedTableData } from '../../markdown/table-captions.js';
import { tieParagraph } from '../breaks.js';
import { cjkRuns, inlines } from '../inline.js';
import type { Inline, LayoutContext, Node } from '../types.js';
import { caption, SOURCE_LINES, sourceLine } from './caption.js';
import { claimMark } from '../claims.js';

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

/** A text cell's runs tied as a paragraph's are (src/layout/breaks.ts); figures are left as they are. */
const textCell = <T extends Parameters<typeof tieParagraph>[0]>(runs: T, text: boolean): T => (text ? (tieParagraph(runs) as T) : runs);

/** Cell padding left and right, in pt: two cells of text are 8 pt apart. */
const PAD = 4;

/**
 * Left padding of column `i`: a figure column and its neighbour are at least an em apart (of the
 * table's type size) so "−21.89541 3413829" reads as two values.
 */
export function paddingLeftOf(i: number, numeric: boolean[], em: number): number {
  return i > 0 && (numeric[i] || numeric[i - 1]) ? Math.max(PAD, em + em / 2 - PAD) : PAD;
}

/**
 * Table rules and fills; `top` header rows come before the column headers (the caption row), and
 * `foot` rows (the source line) after the body; `numeric` marks the figure columns.
 */
function layoutFor(ctx: LayoutContext, numeric: boolean[], top = 0, foot = 0): Node {
  const t = ctx.theme;
  type Table = { table: { body: unknown[] } };
  const inFoot = (row: number, node: Table) => row >= node.table.body.length - foot;
  return {
    fillColor: (row: number, node: Table) => (row < top || inFoot(row, node) ? null : row === top ? t.palette.accent : (row - top) % 2 === 0 ? t.palette.tableStripe : null),
    hLineWidth: (i: number, node: Table) => (i <= top + 1 || i > node.table.body.length - foot ? 0 : i === node.table.body.length - foot ? 0.8 : 0.3),
    hLineColor: () => t.palette.rule,
    vLineWidth: () => 0,
    paddingLeft: (i: number) => paddingLeftOf(i, numeric, t.scale.caption),
    paddingRight: () => PAD,
    paddingTop: (row: number, node: Table) => (row < top ? 0 : inFoot(row, node) ? 3 : 2.5),
    paddingBottom: (row: number, node: Table) => (row < top || inFoot(row, node) ? 0 : 2.5),
  };
}

/** Tables of at most this many body rows are kept whole; longer ones break between rows. */
const KEEP_WHOLE_ROWS = 6;
/** A table that breaks keeps at least this many body rows with its header on each page. */
const KEEP_WITH_HEADER = 3;
/** ... and this many last rows with its source line: a table never carries fewer to a new page. */
export const KEEP_LAST_ROWS = 3;

/**
 * A column header's unit stays on the header's last line: "Growth as stated, %" breaks as
 * "Growth as / stated, %", never with a lone "%" below (a no-break space before a trailing unit:
 * a symbol, a short word such as "bn", or a bracketed unit such as "(US$ bn)").
 */
export function tieHeaderUnit(header: string): string {
  return header.replace(/ (\([^()\s]{1,12}(?: [^()\s]{1,8})?\)|[^\s\p{L}\d]{1,3}|\p{L}{1,3})$/u, '\u00a0$1');
}

/** A header cell's runs with its unit tied to the word before it (tieHeaderUnit on the last run). */
function tieLastUnit(runs: Inline[]): Inline[] {
  const last = runs.at(-1);
  if (typeof last === 'string') return [...runs.slice(0, -1), tieHeaderUnit(last)];
  if (last && typeof last.text === 'string') return [...runs.slice(0, -1), { ...last, text: tieHeaderUnit(last.text) }];
  return runs;
}

/** The columns empty or "–" in most of their rows (of a table of at least three rows): a reader learns nothing from them. */
export function sparseColumns(tb: { header: string[]; rows: string[][] }): { column: string; blank: number; rows: number }[] {
  if (tb.rows.length < 3) return [];
  const isBlank = (c: string | undefined) => /^[\s\u2013\u2014-]*$/.test(c ?? '');
  return tb.header.map((column, i) => ({ column, blank: tb.rows.filter((r) => isBlank(r[i])).length, rows: tb.rows.length })).filter((c) => c.blank * 2 > c.rows);
}

/**
 * A table with its caption as the first header row, so the caption is never parted from the
 * table and a page the table runs onto starts with "Table N (continued)" and the column
 * headers (see src/pdf/engine/continued-header.ts).
 */
export function captionedTable(opts: { id: string; label: string; caption: string; header: Node[]; body: Node[][]; widths: (string | number)[]; numeric: boolean[]; sources: string[]; note?: string; rowNotes?: Node[]; unbreakable: boolean }, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const n = opts.header.length;
  // the anchored node itself goes into the table: pdfmake writes its position onto it
  const captionNode = Object.assign(caption(opts.id, opts.label, opts.caption, 'tables', ctx), { margin: [-4, 0, 0, 4], colSpan: n });
  const captionRow = [captionNode, ...Array.from({ length: n - 1 }, () => ({}))];
  // The source line is the table's last row, kept on one page with the last body rows (never
  // starting a page alone, src/pdf/engine/keep-last-rows.ts); a short table is kept whole.
  const line = opts.sources.length || opts.note ? sourceLine(opts.sources, ctx, opts.note) : undefined;
  // the rows' lettered notes go under the source line, in its type
  const source = opts.rowNotes?.length ? { stack: [...(line ? [line] : []), ...opts.rowNotes.map((r) => ({ ...r, fontSize: t.scale.small, color: t.palette.muted, margin: [0, 1, 0, 0] }))] } : line;
  const rows = opts.body.length;
  // (tagged as a paragraph after the table, not as a row one cell wide)
  const footRow = source ? [[{ ...source, role: 'TableNote', margin: [-PAD, 0, -PAD, 0], colSpan: n }, ...Array.from({ length: n - 1 }, () => ({}))]] : [];
  const keepAll = source !== undefined && rows <= KEEP_WITH_HEADER + KEEP_LAST_ROWS;
  const tableNode = {
    role: 'Table',
    table: {
      headerRows: 2,
      keepWithHeaderRows: keepAll ? rows + 1 : Math.min(KEEP_WITH_HEADER, rows),
      ...(source && !keepAll ? { keepLastRows: KEEP_LAST_ROWS + 1 } : {}),
      dontBreakRows: true,
      widths: opts.widths,
      body: [captionRow, opts.header, ...opts.body, ...footRow],
      continued: opts.label,
      continuedWord: profileLabels(ctx.profile).continued,
    },
    layout: layoutFor(ctx, opts.numeric, 1, footRow.length),
    fontSize: t.scale.caption,
  };
  return { stack: [tableNode], margin: [0, t.space.block / 2, 0, t.space.block], ...(opts.unbreakable ? { unbreakable: true } : {}) };
}

export function dataTable(id: string, ctx: LayoutContext): Node {
  const tb = ctx.model.tables.get(id);
  if (!tb) throw msg.unknownReference(ctx.section.file, id, 'table');
  const t = ctx.theme;
  // never centred: figures right, text left
  const align = tb.align.map((a, i) => (a === 'center' ? (tb.numeric[i] ? 'right' : 'left') : a));
  const header = tb.header.map((h, i) => ({ text: tieHeaderUnit(h), bold: true, color: 'white', alignment: align[i] }));
  const cols = tb.header.map((_, i) => alignDecimals(tb.rows.map((r) => r[i] ?? ''), tb.numeric[i] === true));
  // Left-aligned text columns with long cells share the free width; the others are as wide as
  // their content, and short cells (dates, periods, statuses, numbers) never wrap, so rows read
  // alike. A full-width table (the default) with no long text column gives every column a share.
  const star = starColumns(tb);
  const full = tb.full !== false;
  const anyStar = star.some(Boolean);
  const widths = star.map((s) => (s || (full && !anyStar) ? '*' : 'auto'));
  const short = tb.header.map((_, i) => tb.numeric[i] === true || longest(tb, i) <= SHORT);
  // a row with a note (the spec's `asNote` columns) is marked a, b, c… after its first cell
  const letters = rowLetters(tb.rowNotes ?? []);
  const marks = new Map((tb.cellClaims ?? []).map((c) => [`${c.row},${c.col}`, { onDraw: claimMark(ctx, [c.claim]) }]));
  const rowHeaders = names(tb.header.length, tb.rows.map((r) => r[0] ?? ''));
  const body = tb.rows.map((r, ri) =>
    // decimal padding is trailing space, which pdfmake would otherwise drop from right-aligned text
    // a text cell breaks its lines as a paragraph does ("of US$30.2 billion", "up to 600" stay whole)
    // a cell that prints a number records its page for the claims register (src/layout/claims.ts)
    r.map((_, i) => {
      const runs = textCell(cjkRuns(cols[i]![ri]!, marks.get(`${ri},${i}`) ?? {}, ctx.theme.lineHeight), !tb.numeric[i]);
      // a thin space keeps the letter apart from a figure it follows ("2024 ᵏ", not "2024k" in copied text)
      const mark = i === 0 && letters[ri] ? [{ text: `\u2009${letters[ri]}`, sup: true, lineBreakBefore: 'never' }] : [];
      // a first column of text (a year, a name, a period) names its row: a row header (TH, Scope Row)
      return { text: [...(Array.isArray(runs) ? runs : [runs]), ...mark], ...(i === 0 && rowHeaders ? { role: 'TH' } : {}), alignment: align[i], ...(short[i] ? { noWrap: true } : {}), ...(tb.numeric[i] ? { preserveTrailingSpaces: true } : {}) };
    }),
  );
  // a note that prints a number records its page for the claims register too
  const noteMark = (ri: number) => {
    const onDraw = claimMark(ctx, (tb.noteClaims ?? []).filter((c) => c.row === ri).map((c) => c.claim));
    return onDraw ? { onDraw } : {};
  };
  const rowNotes = tb.rows.flatMap((r, ri) => (letters[ri] ? [{ text: [{ text: letters[ri], bold: true }, { text: `\u2002${r[0]}: ${tb.rowNotes![ri]}`, ...noteMark(ri) }] }] : []));
  // A short table is kept whole; a longer one breaks between rows, its header repeated under
  // "Table N (continued)", so it fills the page it starts on instead of leaving a gap.
  const small = tb.rows.length <= KEEP_WHOLE_ROWS && estimatedHeight(tb, ctx) <= 0.6 * (t.page.height - t.page.margins[1] - t.page.margins[3]);
  return captionedTable({ id, label: ctx.numbering.labels.get(id)!, caption: tb.caption, header, body, widths, numeric: tb.header.map((_, i) => tb.numeric[i] === true), sources: tb.sources, ...(tb.note ? { note: tb.note } : {}), ...(rowNotes.length ? { rowNotes } : {}), unbreakable: small }, ctx);
}

/**
 * Whether a table's first column names its rows (a year, a country, a period, a rank): a table of
 * two columns or more whose first cells are distinct and filled (a key, not a repeated category
 * or a blank).
 */
export function names(columns: number, first: string[]): boolean {
  const cells = first.map((c) => c.trim());
  return columns > 1 && cells.length > 0 && cells.every((c) => c !== '' && c !== '\u2013') && new Set(cells).size === cells.length;
}

/** The letters of the rows that have a note, in order (a–z, then aa, ab, …); '' for the others. */
export function rowLetters(notes: (string | undefined)[]): string[] {
  let n = 0;
  const letter = (i: number): string => (i < 26 ? String.fromCharCode(97 + i) : letter(Math.floor(i / 26) - 1) + letter(i % 26));
  return notes.map((x) => (x ? letter(n++) : ''));
}

/** Note-call source ids in a Markdown table's cells (:cite{ids="a,b"}), in reading order. */
function citedIds(node: unknown, out: string[] = []): string[] {
  const n = node as { type?: string; name?: string; attributes?: Record<string, unknown>; children?: unknown[] };
  if (n.type === 'textDirective' && n.name === 'cite') for (const id of String(n.attributes?.ids ?? '').split(',').filter(Boolean)) if (!out.includes(id)) out.push(id);
  for (const c of n.children ?? []) citedIds(c, out);
  return out;
}

export function markdownTable(n: Table, ctx: LayoutContext): Node {
  const t = ctx.theme;
  const numericCell = (i: number) => n.children.slice(1).every((row) => /^[\s≈<>≤~+\-−–$US€£¥%.,\d\u00a0]*\d[\s%\u00a0\d.,]*(?:million|billion)?[\d,\s]*$/.test(toString(row.children[i] ?? '').trim()) || toString(row.children[i] ?? '').trim() === '–');
  // text left, figures right; a centred column is set left (text) or right (figures)
  const align = (i: number) => {
    const a = n.align?.[i];
    return a === 'right' || (a === 'center' && numericCell(i)) ? 'right' : 'left';
  };
  const cells = (row: Table['children'][number], header: boolean) =>
    // right-aligned cells hold figures (with their note calls): they never wrap
    row.children.map((cell, i) => ({ text: textCell(header ? tieLastUnit(inlines(cell.children, ctx)) : inlines(cell.children, ctx), align(i) === 'left'), ...(!header && i === 0 && rowHeaders ? { role: 'TH' } : {}), alignment: align(i), ...(align(i) === 'right' ? { noWrap: true } : {}), ...(header ? { bold: true, color: 'white' } : {}) }));
  const [head, ...rest] = n.children;
  const cols = head?.children.length ?? 1;
  const rowHeaders = names(cols, rest.map((r) => toString(r.children[0] ?? '')));
  const widths = Array.from({ length: cols }, (_, i) => (i === 0 ? '*' : 'auto'));
  const numeric = Array.from({ length: cols }, (_, i) => align(i) === 'right');
  const data = (n.data ?? {}) as CaptionedTableData;
  if (data.briefkitCaption && head) {
    const { id, caption: text } = data.briefkitCaption;
    const label = ctx.numbering.labels.get(id)!;
    return captionedTable({ id, label, caption: text, header: cells(head, true), body: rest.map((r) => cells(r, false)), widths, numeric, sources: citedIds(n), unbreakable: rest.length <= KEEP_WHOLE_ROWS }, ctx);
  }
  const body = n.children.map((row, r) => cells(row, r === 0));
  return {
    role: 'Table',
    table: { headerRows: 1, keepWithHeaderRows: Math.min(KEEP_WITH_HEADER, Math.max(1, body.length - 1)), dontBreakRows: true, widths, body },
    layout: layoutFor(ctx, numeric),
    fontSize: t.scale.caption,
    margin: [0, t.space.block / 2, 0, t.space.block],
  };
}

type TableShape = { header: string[]; rows: string[][]; numeric: boolean[]; align: string[] };
/** Cells up to this many characters (dates, periods, statuses) are short: they never wrap. */
const SHORT = 20;
const longest = (tb: TableShape, i: number) => Math.max(0, ...tb.rows.map((r) => (r[i] ?? '').length));
/**
 * The column that takes the free width: the left-aligned text column with the longest cells,
 * when they are longer than SHORT (other text columns are as wide as their content allows).
 */
const starColumns = (tb: TableShape) => {
  const text = tb.align.map((a, i) => (a === 'left' && !tb.numeric[i] ? longest(tb, i) : 0));
  const max = Math.max(...text);
  const at = max > SHORT ? text.indexOf(max) : -1;
  return text.map((_, i) => i === at);
};

/** Height in pt of a data table with its caption and source line, from the body font's real widths. */
export function estimatedHeight(tb: TableShape & { sources: string[]; note?: string; rowNotes?: (string | undefined)[] }, ctx: LayoutContext): number {
  const t = ctx.theme;
  const size = t.scale.caption;
  const line = size * t.lineHeight * 1.17; // Roboto's line box is ~1.17 em
  const pad = 2 * PAD; // paddingLeft + paddingRight
  const cells = [tb.header, ...tb.rows];
  const natural = tb.header.map((_, i) => Math.max(...cells.map((r) => ctx.measure(r[i] ?? '', size))) + pad);
  const star = starColumns(tb);
  const fixed = natural.reduce((sum, w, i) => sum + (star[i] ? 0 : w), 0);
  const starWidth = Math.max(40, (t.contentWidth - fixed) / star.filter(Boolean).length);
  const widths = natural.map((w, i) => (star[i] ? Math.min(w, starWidth) : w));
  const rowHeight = (r: string[]) => 5 + line * Math.max(1, ...r.map((c, i) => (tb.numeric[i] ? 1 : Math.ceil(ctx.measure(c ?? '', size) / Math.max(1, widths[i]! - pad)))));
  const body = cells.reduce((sum, r) => sum + rowHeight(r), 0);
  // the publishers take at most SOURCE_LINES lines (caption.ts names the first few and counts the rest)
  const publishers = tb.sources.map((id) => ctx.data.sources.get(id)?.publisher ?? '').join('; ');
  const noteLines = [tb.note, ...(tb.rowNotes ?? [])].reduce((sum, x) => sum + (x ? Math.ceil(ctx.measure(x, t.scale.small) / t.contentWidth) : 0), 0);
  const sourceLines = Math.min(SOURCE_LINES, Math.ceil(ctx.measure(publishers, t.scale.small) / t.contentWidth) + 1) + noteLines;
  return 2 * line + body + sourceLines * t.scale.small * t.lineHeight * 1.17 + t.space.block;
}
