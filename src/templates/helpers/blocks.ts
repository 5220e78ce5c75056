/**
 * Block helpers: they declare figures, tables, notes and callouts in the document model and
 * leave a Markdown directive where the block goes. Directive syntax never comes from data:
 * attribute values are entity-escaped, text is Markdown-escaped.
 *   {{chart "invention-grants" id="fig-grants" caption="…"}}   → ::figure{id="fig-grants"}
 *   {{chart "ip-fee-trade-target" id="…" caption="…" currency="CNY"}}  other hash keys keep only the
 *     rows whose fields equal them: the chart plots those rows and its source line cites only them
 *   {{table "pct-by-origin" id="tbl-pct"}}                     → ::table{id="tbl-pct"}
 *   {{cite "seed-000" "ip-commission-2017"}}  → :cite{ids="…"}, numbered in reading order by markdown/citations.ts
 *   {{cite source}}   (a row's source list, e.g. in {{#each}}) → every source of the row
 *   {{ref "fig-grants"}} → "Figure 3" (a link)   {{pageref "fig-grants"}} → its page number
 *   {{see "fig-grants"}} → "see Figure 3, page 7"
 *   {{#callout title="…"}} … {{/callout}}                       → :::callout … :::
 *   {{keyfigure "invention-grants" 2024 label="…" style="compact"}} → ::keyfigure{…}
 */
import * as msg from '../../log/message.js';
import type { Row } from '../../data/load.js';
import { escapeAttribute, safe } from '../escape.js';
import { argsOf, checkFields, dataset, lineOf, type RenderContext } from '../context.js';
import { matchRows } from '../../data/query.js';
import { formatCompact, formatIsoDate, formatMoney, formatNumber, formatOrdinal, formatPercent, numberStyle, qualifierSymbol, statedDecimals } from '../../format/format.js';
import type { Align } from '../../model/document.js';
import type { TableSpec } from '../table-spec.js';
import { cappedDigits, digitsProblem, fieldFormat, formatValue, unitProblem, valueField } from '../../format/value.js';
import { claimRow, holdsFigure, type ClaimRow } from '../../model/claims.js';

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Whether a row passes a figure's row filter (every named field equals the given value). */
export function figureRowMatches(row: Row, filter: Record<string, unknown> | undefined): boolean {
  return !filter || Object.entries(filter).every(([k, v]) => row[k] === v);
}

export function blockHelpers(ctx: RenderContext) {
  const where = (opts: { loc?: { start: { line: number } } }) => lineOf(ctx, opts as never);

  function claimId(id: string, kind: string, line?: number) {
    const prior = ctx.model.figures.get(id) ?? ctx.model.tables.get(id);
    if (prior) throw msg.idUsedTwice(id, { kind: ctx.model.figures.has(id) ? 'figure' : 'table', file: prior.file, line: prior.line }, { kind, file: ctx.file, line });
  }
  const reference = (id: string, opts: { loc?: { start: { line: number } } }) => {
    const line = where(opts);
    ctx.model.references.push({ id, file: ctx.file, ...(line !== undefined ? { line } : {}) });
  };

  function sourcesOf(names: string[], filter?: (r: Row) => boolean): string[] {
    const ids: string[] = [];
    for (const n of names) {
      for (const r of ctx.data.datasets.get(n)?.rows ?? []) {
        if (r.excluded === true || (filter && !filter(r))) continue;
        for (const s of r.source ?? []) if (!ids.includes(s)) ids.push(s);
      }
    }
    return ids;
  }

  return {
    chart(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const name = pos[0];
      const usage = '{{chart "chart-name" id="fig-…" caption="…"}}';
      if (typeof name !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'chart', 'the first argument must be a chart name in quotes', usage);
      const datasets = ctx.charts.get(name);
      if (!datasets) {
        const line = where(opts);
        throw msg.unknownChart(name, [...ctx.charts.keys()], { file: ctx.file, ...(line !== undefined ? { line } : {}) });
      }
      const id = String(opts.hash.id ?? `fig-${name}`);
      const caption = opts.hash.caption;
      if (!ID.test(id)) throw msg.helperArguments(ctx.file, where(opts), 'chart', `id "${id}" must be kebab-case`, usage);
      if (typeof caption !== 'string' || !caption.trim()) throw msg.helperArguments(ctx.file, where(opts), 'chart', 'a caption is required', usage);
      for (const d of datasets) if (!ctx.data.datasets.has(d)) throw msg.unknownDataset(d, [...ctx.data.datasets.keys()], { file: `templates/charts/${name}.vl.json`, field: 'data.name' });
      const line = where(opts);
      claimId(id, 'figure', line);
      // Any other hash key narrows the rows, so that the source line cites only what is plotted.
      const { id: _id, caption: _caption, alt, decorative, ...rowFilter } = opts.hash as Record<string, unknown>;
      if (decorative !== undefined && decorative !== true && decorative !== false) throw msg.helperArguments(ctx.file, line, 'chart', 'decorative must be true or false (no quotes)', usage);
      // alt="" is a decorative chart only when the template says so; otherwise an alt text was forgotten
      if (typeof alt === 'string' && !alt.trim() && decorative !== true) throw msg.emptyAlt(ctx.file, line, name);
      // a decorative chart is skipped by a screen reader: words for it would never be read
      if (decorative === true && typeof alt === 'string' && alt.trim()) throw msg.decorativeWithAlt(ctx.file, line, name);
      const filter = Object.keys(rowFilter).length ? rowFilter : undefined;
      if (filter && !datasets.some((d) => ctx.data.datasets.get(d)!.rows.some((r) => r.excluded !== true && figureRowMatches(r, filter)))) {
        throw msg.helperArguments(ctx.file, line, 'chart', `no row matches ${Object.entries(filter).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`, usage);
      }
      const sources = sourcesOf(datasets, filter && ((r) => figureRowMatches(r, filter)));
      // the chart is one claim of the register: every value it plots
      const plotted: ClaimRow[] = datasets.flatMap((d) => ctx.data.datasets.get(d)!.rows.filter((r) => r.excluded !== true && figureRowMatches(r, filter)).flatMap((r) => {
        const f = valueField(r, undefined);
        return f && r[f] !== undefined ? [claimRow(ctx.data, d, r, f)] : [];
      }));
      ctx.model.claims.add({ kind: 'chart', text: caption, rows: plotted, sources, file: ctx.file, ...(line !== undefined ? { line } : {}), context: `⟦ref:${id}⟧: ${caption}`, figure: id });
      ctx.model.figures.set(id, { id, chart: name, caption, datasets, sources, file: ctx.file, ...(line !== undefined ? { line } : {}), ...(filter ? { filter } : {}), ...(typeof alt === 'string' && alt.trim() ? { alt: alt.trim() } : {}), ...(decorative === true ? { decorative: true } : {}) });
      return safe(`\n\n::figure{id="${id}"}\n\n`);
    },

    table(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const name = pos[0];
      const usage = '{{table "table-name" id="tbl-…"}} with templates/tables/<table-name>.yaml';
      if (typeof name !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'table', 'the first argument must be a table name in quotes', usage);
      const spec = ctx.tables.get(name);
      if (!spec) throw msg.helperArguments(ctx.file, where(opts), 'table', `unknown table "${name}" (known: ${[...ctx.tables.keys()].join(', ')})`, usage);
      const id = String(opts.hash.id ?? `tbl-${name}`);
      if (!ID.test(id)) throw msg.helperArguments(ctx.file, where(opts), 'table', `id "${id}" must be kebab-case`, usage);
      const line = where(opts);
      claimId(id, 'table', line);
      const entry = buildTable(ctx, name, spec, id, typeof opts.hash.caption === 'string' ? opts.hash.caption : undefined, line);
      ctx.model.tables.set(id, { ...entry, ...(line !== undefined ? { line } : {}) });
      return safe(`\n\n::table{id="${id}"}\n\n`);
    },

    cite(...args: unknown[]) {
      const { pos: given, opts } = argsOf(args);
      // a row's source list ({{cite source}}) counts as its ids
      const pos = given.flat();
      if (pos.length === 0) throw msg.helperArguments(ctx.file, where(opts), 'cite', 'name at least one source id', '{{cite "source-id" ["another-id" …]}}, or {{cite source}} with a row\'s source list');
      for (const id of pos) if (typeof id !== 'string' || !ctx.data.sources.has(id)) throw msg.unknownCitation(ctx.file, String(id), where(opts));
      // numbered later, in reading order, by the citations stage
      return safe(`:cite{ids="${[...new Set(pos as string[])].join(',')}"}`);
    },

    ref(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      if (typeof pos[0] !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'ref', 'name the id of a figure, table or section', '{{ref "fig-grants"}}');
      reference(pos[0], opts);
      return safe(`:ref{id="${escapeAttribute(pos[0])}"}`);
    },
    pageref(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      if (typeof pos[0] !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'pageref', 'name the id of a figure, table or section', '{{pageref "fig-grants"}}');
      reference(pos[0], opts);
      return safe(`:pageref{id="${escapeAttribute(pos[0])}"}`);
    },
    see(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      if (typeof pos[0] !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'see', 'name the id of a figure, table or section', '{{see "fig-grants"}}');
      reference(pos[0], opts);
      const id = escapeAttribute(pos[0]);
      return safe(`see :ref{id="${id}"}, page\u00a0:pageref{id="${id}"}`);
    },

    /** {{#ifSection "caveats"}}…{{else}}…{{/ifSection}}: text that depends on the edition's sections. */
    ifSection(this: unknown, ...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      if (typeof pos[0] !== 'string' || !opts.fn) throw msg.helperArguments(ctx.file, where(opts), 'ifSection', 'use it as a block with a section id', '{{#ifSection "caveats"}}…{{else}}…{{/ifSection}}');
      return ctx.sections.has(pos[0]) ? opts.fn(this) : opts.inverse ? opts.inverse(this) : '';
    },

    callout(...args: unknown[]) {
      const { opts } = argsOf(args);
      const title = typeof opts.hash.title === 'string' ? ` title="${escapeAttribute(opts.hash.title)}"` : '';
      const tone = typeof opts.hash.tone === 'string' ? ` tone="${escapeAttribute(opts.hash.tone)}"` : '';
      const body = opts.fn ? opts.fn(this) : '';
      return safe(`\n\n::::callout{${(title + tone).trim()}}\n${body.trim()}\n::::\n\n`);
    },

    keyfigure(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const ds = dataset(ctx, pos[0], opts, 'keyfigure');
      checkFields(ctx, ds, opts.hash, opts, ['label', 'style', 'digits', 'unit']);
      const { label, style, field, digits, unit, ...filters } = opts.hash;
      const usage = '{{keyfigure "dataset" <key> label="…" [field="value"] [digits=0…6] [unit="%"] [style="compact"]}}';
      if (typeof label !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'keyfigure', 'a label is required', usage);
      const bad = digitsProblem(digits) ?? unitProblem(unit);
      if (bad) throw msg.helperArguments(ctx.file, where(opts), 'keyfigure', bad, usage);
      const rows = matchRows(ds, pos[1], filters);
      const row = rows[0];
      const f = row && valueField(row, field);
      if (rows.length !== 1 || !row || !f) throw msg.helperArguments(ctx.file, where(opts), 'keyfigure', `needs exactly one row of "${ds.name}" for ${JSON.stringify(pos[1])}`, usage);
      const fmt = fieldFormat(ds, row, f, { style: style as string | undefined, digits: digits as number | undefined, unit: unit as string | undefined });
      const value = (row.qualifier ? qualifierSymbol[row.qualifier as string] ?? '' : '') + formatValue(row, f, fmt.style, numberStyle(ctx.profile), fmt.unit, fmt.digits);
      const ids = [...new Set((row.source as string[] | undefined) ?? [])];
      const line = where(opts);
      const claim = ctx.model.claims.add({ kind: 'key figure', text: value, rows: [claimRow(ctx.data, ds.name, row, f)], sources: ids, file: ctx.file, ...(line !== undefined ? { line } : {}), context: `key figure: ${value} ${label}` });
      return safe(`\n::keyfigure{value="${escapeAttribute(value)}" label="${escapeAttribute(label)}" ids="${ids.join(',')}" claim="${claim.id}"}\n`);
    },
  };
}

/** Formats whose values print with a number of decimals (compact values are scaled and keep theirs). */
const fixedFormats = new Set(['number', 'qualified-number', 'percent', 'signed-percent', 'money']);

/** A table column's precision: the decimals its spec gives, and the most its dataset declares meaningful. */
interface ColumnPrecision {
  given?: number;
  cap?: number;
}

/**
 * The mark of a value printed with more decimals than its source states (8.5 in a column of
 * 22.005 prints "†8.500"), before the figure so the column still lines up on the decimal point.
 */
export const PADDED_MARK = '\u2020';
/** The table note that explains the mark. */
export const PADDED_NOTE = `${PADDED_MARK} The source states this value to fewer decimals; zeros complete the column's decimals.`;

/**
 * The decimals a table column prints, one count for every exact value in it: those its spec
 * gives (`digits`), else the most any of its values states (never fewer, so no figure a source
 * gives is rounded away), each value's stated decimals capped by the dataset's declared digits.
 * Approximate and bounded values (≈ 36, > 37) are left out: they keep what they state.
 */
export function columnDecimals(values: { stated: number; qualified: boolean }[], precision: ColumnPrecision): number {
  if (precision.given !== undefined) return precision.given;
  return Math.max(0, ...values.filter((x) => !x.qualified).map((x) => cappedDigits(x.stated, precision.cap)));
}

/**
 * Decimals one table value prints with, and whether it is marked as completed with zeros: an
 * exact value prints the column's decimals (`decimals`), marked when its source states fewer;
 * an approximate or bounded value keeps at most the decimals it states (its ≈, <, > or ≤ says
 * it is not exact).
 */
export function cellDigits(v: number, decimals: number, qualified: boolean, cap?: number, stated = statedDecimals(v)): { digits: number; padded: boolean } {
  const s = cappedDigits(stated, cap);
  if (qualified) return { digits: Math.min(s, decimals), padded: false };
  return { digits: decimals, padded: s < decimals };
}

/**
 * The decimals a row's value states: those of the figure in its `reported` wording when that
 * gives the same number ("51.60%" states two, though the data file holds 51.6), else those of
 * the number. A value the project computed (`derived`) is stated to whatever precision it is
 * printed with (its computation has them; a trailing zero is only lost in the data file).
 */
export function rowStatedDecimals(r: Row, field: string, v: number, printed: number): number {
  if (r.derived === true) return Math.max(printed, statedDecimals(v));
  if (typeof r.reported === 'string' && field === valueField(r, undefined)) {
    for (const m of r.reported.matchAll(/\d[\d,]*(?:\.(\d+))?/g)) if (Number(m[0].replace(/,/g, '')) === v) return m[1]?.length ?? 0;
  }
  return statedDecimals(v);
}

export function buildTable(ctx: RenderContext, name: string, spec: TableSpec, id: string, caption: string | undefined, line?: number) {
  const file = `templates/tables/${name}.yaml`;
  const ds = ctx.data.datasets.get(spec.dataset);
  if (!ds) throw msg.unknownDataset(spec.dataset, [...ctx.data.datasets.keys()], { file, field: 'dataset' });
  let rows = ds.rows.filter((r) => (spec.includeExcluded || r.excluded !== true) && Object.entries(spec.filter ?? {}).every(([k, v]) => r[k] === v));
  if (spec.sort) {
    const k = spec.sort;
    rows = [...rows].sort((a, b) => (a[k]! < b[k]! ? -1 : a[k]! > b[k]! ? 1 : 0) * (spec.descending ? -1 : 1));
  }
  const locale = numberStyle(ctx.profile);
  const qualifierOf = (r: Row, field: string) => (typeof r.qualifier === 'string' && field === valueField(r, undefined) ? qualifierSymbol[r.qualifier] ?? '' : '');
  let padded = false;
  /** A cell; `decimals` is its column's (for the formats that print decimals), `cap` its field's declared digits. */
  const cell = (r: Row, field: string, format: string, decimals?: number, cap?: number): string => {
    const v = r[field];
    if (v === undefined || v === null || v === '') return '–';
    const q = qualifierOf(r, field);
    let digits: number | undefined;
    let mark = '';
    if (typeof v === 'number' && fixedFormats.has(format) && decimals !== undefined) {
      const c = cellDigits(v, decimals, q !== '', cap, rowStatedDecimals(r, field, v, decimals));
      digits = c.digits;
      if (c.padded) [mark, padded] = [PADDED_MARK, true];
    }
    switch (format) {
      case 'year':
        return String(v);
      case 'number':
      case 'qualified-number':
        return typeof v === 'number' ? mark + q + formatNumber(v, locale, digits) : String(v);
      case 'compact':
        return typeof v === 'number' ? q + formatCompact(v, locale) : String(v);
      case 'percent':
        return typeof v === 'number' ? mark + formatPercent(v, locale, false, digits) : String(v);
      case 'signed-percent':
        return typeof v === 'number' ? mark + formatPercent(v, locale, true, digits) : String(v);
      case 'money':
        return typeof v === 'number' ? mark + q + formatMoney(v, String(r.currency ?? 'USD'), String(r.scale ?? 'unit'), locale, digits) : String(v);
      case 'rank':
        return typeof v === 'number' ? formatOrdinal(v, locale) : String(v);
      case 'date':
        return typeof v === 'string' ? formatIsoDate(v, ctx.profile.dateStyle, locale) : String(v);
      default:
        return Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
    }
  };
  /** The decimals of a column of `field` over `of` (rows), and its declared cap. */
  const decimalsOf = (of: Row[], field: string, format: string, given: number | undefined): [number | undefined, number | undefined] => {
    const cap = ds.numbers[field]?.digits;
    if (!fixedFormats.has(format)) return [undefined, cap];
    const values = of.flatMap((r) => (typeof r[field] === 'number' ? [{ stated: rowStatedDecimals(r, field, r[field] as number, 0), qualified: qualifierOf(r, field) !== '' }] : []));
    return [columnDecimals(values, { ...(given !== undefined ? { given } : {}), ...(cap !== undefined ? { cap } : {}) }), cap];
  };
  const numericFormats = new Set(['number', 'qualified-number', 'compact', 'percent', 'signed-percent', 'money', 'rank', 'year']);
  // every number a cell prints is a claim of the register (src/model/claims.ts); its sentence is the table's cell
  const cellClaims: { row: number; col: number; claim: string }[] = [];
  // a number, a date, or a text quoting a figure; a year is the row's key, not a claim
  const claimValue = (r: Row, field: string, text: string, format: string): string | undefined => {
    const v = r[field];
    const kind = typeof v === 'number' && format !== 'year' ? 'table cell' : format === 'date' && typeof v === 'string' ? 'date' : typeof v === 'string' && holdsFigure(v) ? 'quoted' : undefined;
    if (!kind) return undefined;
    const sources = [...new Set(r.source ?? [])];
    return ctx.model.claims.add({ kind, text, rows: [claimRow(ctx.data, spec.dataset, r, field)], sources, file: ctx.file, ...(line !== undefined ? { line } : {}) }).id;
  };
  const claimCell = (row: number, col: number, r: Row, field: string, text: string, format: string) => {
    const claim = claimValue(r, field, text, format);
    if (claim) cellClaims.push({ row, col, claim });
  };
  // so is every number a row's lettered note prints (the spec's `asNote` columns); its sentence is the note
  const noteClaims: { row: number; claim: string; label: string }[] = [];
  let header: string[];
  let align: Align[];
  let numeric: boolean[];
  let body: string[][];
  let rowNotes: (string | undefined)[] | undefined;
  if (spec.pivot) {
    const p = spec.pivot;
    const colValues = p.order ?? [...new Set(rows.map((r) => String(r[p.columns])))];
    const rowValues = [...new Set(rows.map((r) => r[p.rows]))];
    const first = spec.columns[0]!;
    header = [first.header, ...colValues.map((v) => p.labels?.[v] ?? v)];
    align = ['left', ...colValues.map(() => 'right' as const)];
    numeric = [numericFormats.has(first.format), ...colValues.map(() => true)];
    const d = colValues.map((cv) => decimalsOf(rows.filter((x) => String(x[p.columns]) === cv), p.value, p.format, p.digits));
    body = rowValues.map((rv, i) => [
      cell({ [first.field]: rv } as Row, first.field, first.format),
      ...colValues.map((cv, j) => {
        const r = rows.find((x) => x[p.rows] === rv && String(x[p.columns]) === cv);
        if (!r) return '–';
        const text = cell(r, p.value, p.format, ...d[j]!);
        claimCell(i, j + 1, r, p.value, text, p.format);
        return text;
      }),
    ]);
  } else {
    // columns printed as notes under the table are left out of the grid
    const shown = spec.columns.filter((c) => !c.asNote);
    const noted = spec.columns.filter((c) => c.asNote);
    header = shown.map((c) => c.header);
    numeric = shown.map((c) => numericFormats.has(c.format) && c.format !== 'year');
    align = shown.map((c, i) => c.align ?? (numeric[i] ? 'right' : 'left'));
    // a value printed as a note stands alone, as stated: a column's decimals and their mark are for the grid
    const digits = new Map(spec.columns.map((c) => [c, c.asNote ? ([undefined, undefined] as [undefined, undefined]) : decimalsOf(rows.filter((r) => !(typeof r[c.field] === 'string' && c.labels && Object.hasOwn(c.labels, r[c.field] as string))), c.field, c.format, c.digits)] as const));
    const text = (r: Row, c: TableSpec['columns'][number]) => {
      const v = r[c.field];
      // a code in the data prints as the reader's label the spec gives it
      return typeof v === 'string' && c.labels && Object.hasOwn(c.labels, v) ? c.labels[v]! : cell(r, c.field, c.format, ...digits.get(c)!);
    };
    body = rows.map((r, k) => shown.map((c, i) => {
      const t = text(r, c);
      if (!(typeof r[c.field] === 'string' && c.labels && Object.hasOwn(c.labels, r[c.field] as string))) claimCell(k, i, r, c.field, t, c.format);
      return t;
    }));
    if (noted.length) {
      const blank = (v: string) => /^[\s\u2013\u2014-]*$/.test(v);
      const percent = /,\s*%$|\s*\(%\)$/;
      rowNotes = rows.map((r, k) => {
        const parts = noted
          .map((c) => [c, text(r, c)] as const)
          .filter(([, v]) => !blank(v))
          .map(([c, v]) => {
            // the value as the note prints it ("Growth as stated: †24.0%"), registered as printed
            const [label, value] = /^notes?$/i.test(c.header) ? ['', v] : percent.test(c.header) ? [c.header.replace(percent, ''), `${v}%`] : [c.header, v];
            const claim = typeof r[c.field] === 'string' && c.labels && Object.hasOwn(c.labels, r[c.field] as string) ? undefined : claimValue(r, c.field, value, c.format);
            if (claim) noteClaims.push({ row: k, claim, label: label || c.header });
            return label ? `${label}: ${value}` : value;
          });
        return parts.length ? parts.join('; ') : undefined;
      });
    }
  }
  if (body.length === 0) throw msg.helperArguments(ctx.file, line, 'table', `table "${name}" selects no rows from "${spec.dataset}"`, 'a filter that matches rows');
  const sources: string[] = [];
  for (const r of rows) for (const s of r.source ?? []) if (!sources.includes(s)) sources.push(s);
  // the cell's context names the table, its row (first cell) and its column, as printed
  for (const c of cellClaims) ctx.model.claims.get(c.claim)!.context = `⟦ref:${id}⟧, ${body[c.row]![0]}, ${header[c.col]}: ${body[c.row]![c.col]}`;
  for (const c of noteClaims) ctx.model.claims.get(c.claim)!.context = `⟦ref:${id}⟧, ${body[c.row]![0]}, ${c.label}: ${ctx.model.claims.get(c.claim)!.text}`;
  // a value completed with zeros is marked, and the mark explained under the table
  const note = [spec.note, padded ? PADDED_NOTE : undefined].filter(Boolean).join(' ');
  return { id, spec: name, caption: caption ?? spec.caption, header, align, numeric, rows: body, ...(rowNotes?.some(Boolean) ? { rowNotes } : {}), sources, cellClaims, ...(noteClaims.length ? { noteClaims } : {}), ...(note ? { note } : {}), full: spec.width !== 'content', file: ctx.file };
}
