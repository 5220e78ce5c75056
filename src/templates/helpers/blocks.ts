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
import { formatCompact, formatIsoDate, formatMoney, formatNumber, formatOrdinal, formatPercent, qualifierSymbol, statedDecimals } from '../../format/format.js';
import type { Align } from '../../model/document.js';
import type { TableSpec } from '../table-spec.js';
import { cappedDigits, fieldFormat, formatValue, valueField } from '../../format/value.js';
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
      const { id: _id, caption: _caption, alt, ...rowFilter } = opts.hash as Record<string, unknown>;
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
      ctx.model.figures.set(id, { id, chart: name, caption, datasets, sources, file: ctx.file, ...(line !== undefined ? { line } : {}), ...(filter ? { filter } : {}), ...(typeof alt === 'string' && alt.trim() ? { alt: alt.trim() } : {}) });
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
      checkFields(ctx, ds, opts.hash, opts, ['label', 'style']);
      const { label, style, field, ...filters } = opts.hash;
      const usage = '{{keyfigure "dataset" <year or id> label="…" [style="compact"]}}';
      if (typeof label !== 'string') throw msg.helperArguments(ctx.file, where(opts), 'keyfigure', 'a label is required', usage);
      const rows = matchRows(ds, pos[1], filters);
      const row = rows[0];
      const f = row && valueField(row, field);
      if (rows.length !== 1 || !row || !f) throw msg.helperArguments(ctx.file, where(opts), 'keyfigure', `needs exactly one row of "${ds.name}" for ${JSON.stringify(pos[1])}`, usage);
      const fmt = fieldFormat(ds, row, f, { style: style as string | undefined });
      const value = (row.qualifier ? qualifierSymbol[row.qualifier as string] ?? '' : '') + formatValue(row, f, fmt.style, ctx.profile.locale, fmt.unit, fmt.digits);
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
 * Decimals one table value prints with. A value is never padded beyond what it states: 8.5 in a
 * column that also holds 22.005 prints "8.5", not "8.500" (the layout lines the column up on the
 * decimal point with figure spaces, src/layout/blocks/table.ts). The dataset's declared digits
 * cap what a value states; a column's `digits` is the author's fixed precision, except that an
 * approximate or bounded value (≈ 36, > 37) keeps at most the decimals it states.
 */
export function cellDigits(v: number, precision: ColumnPrecision, qualified: boolean): number {
  const stated = statedDecimals(v);
  if (precision.given === undefined) return cappedDigits(stated, precision.cap);
  return qualified ? Math.min(stated, precision.given) : precision.given;
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
  const locale = ctx.profile.locale;
  const cell = (r: Row, field: string, format: string, precision: ColumnPrecision = {}): string => {
    const v = r[field];
    if (v === undefined || v === null || v === '') return '–';
    const q = typeof r.qualifier === 'string' && field === valueField(r, undefined) ? qualifierSymbol[r.qualifier] ?? '' : '';
    const digits = typeof v !== 'number' ? undefined : fixedFormats.has(format) ? cellDigits(v, precision, q !== '') : precision.given;
    switch (format) {
      case 'year':
        return String(v);
      case 'number':
        return typeof v === 'number' ? q + formatNumber(v, locale, digits) : String(v);
      case 'qualified-number':
        return typeof v === 'number' ? q + formatNumber(v, locale, digits) : String(v);
      case 'compact':
        return typeof v === 'number' ? q + formatCompact(v, locale, digits) : String(v);
      case 'percent':
        return typeof v === 'number' ? formatPercent(v, locale, false, digits) : String(v);
      case 'signed-percent':
        return typeof v === 'number' ? formatPercent(v, locale, true, digits) : String(v);
      case 'money':
        return typeof v === 'number' ? q + formatMoney(v, String(r.currency ?? 'USD'), String(r.scale ?? 'unit'), locale, digits) : String(v);
      case 'rank':
        return typeof v === 'number' ? formatOrdinal(v, locale) : String(v);
      case 'date':
        return typeof v === 'string' ? formatIsoDate(v, 'd MMM yyyy') : String(v);
      default:
        return Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
    }
  };
  const columnDigits = (given: number | undefined, cap: number | undefined): ColumnPrecision => ({ ...(given !== undefined ? { given } : {}), ...(cap !== undefined ? { cap } : {}) });
  const numericFormats = new Set(['number', 'qualified-number', 'compact', 'percent', 'signed-percent', 'money', 'rank', 'year']);
  // every number a cell prints is a claim of the register (src/model/claims.ts); its sentence is the table's cell
  const cellClaims: { row: number; col: number; claim: string }[] = [];
  // a number, a date, or a text quoting a figure; a year is the row's key, not a claim
  const claimCell = (row: number, col: number, r: Row, field: string, text: string, format: string) => {
    const v = r[field];
    const kind = typeof v === 'number' && format !== 'year' ? 'table cell' : format === 'date' && typeof v === 'string' ? 'date' : typeof v === 'string' && holdsFigure(v) ? 'quoted' : undefined;
    if (!kind) return;
    const sources = [...new Set(r.source ?? [])];
    const claim = ctx.model.claims.add({ kind, text, rows: [claimRow(ctx.data, spec.dataset, r, field)], sources, file: ctx.file, ...(line !== undefined ? { line } : {}) });
    cellClaims.push({ row, col, claim: claim.id });
  };
  let header: string[];
  let align: Align[];
  let numeric: boolean[];
  let body: string[][];
  if (spec.pivot) {
    const p = spec.pivot;
    const colValues = p.order ?? [...new Set(rows.map((r) => String(r[p.columns])))];
    const rowValues = [...new Set(rows.map((r) => r[p.rows]))];
    const first = spec.columns[0]!;
    header = [first.header, ...colValues.map((v) => p.labels?.[v] ?? v)];
    align = ['left', ...colValues.map(() => 'right' as const)];
    numeric = [numericFormats.has(first.format), ...colValues.map(() => true)];
    const d = columnDigits(p.digits, ds.numbers[p.value]?.digits);
    body = rowValues.map((rv, i) => [
      cell({ [first.field]: rv } as Row, first.field, first.format),
      ...colValues.map((cv, j) => {
        const r = rows.find((x) => x[p.rows] === rv && String(x[p.columns]) === cv);
        if (!r) return '–';
        const text = cell(r, p.value, p.format, d);
        claimCell(i, j + 1, r, p.value, text, p.format);
        return text;
      }),
    ]);
  } else {
    header = spec.columns.map((c) => c.header);
    numeric = spec.columns.map((c) => numericFormats.has(c.format) && c.format !== 'year');
    align = spec.columns.map((c, i) => c.align ?? (numeric[i] ? 'right' : 'left'));
    const digits = spec.columns.map((c) => columnDigits(c.digits, ds.numbers[c.field]?.digits));
    body = rows.map((r, k) => spec.columns.map((c, i) => {
      const v = r[c.field];
      // a code in the data prints as the reader's label the spec gives it
      if (typeof v === 'string' && c.labels && Object.hasOwn(c.labels, v)) return c.labels[v]!;
      const text = cell(r, c.field, c.format, digits[i]);
      claimCell(k, i, r, c.field, text, c.format);
      return text;
    }));
  }
  if (body.length === 0) throw msg.helperArguments(ctx.file, line, 'table', `table "${name}" selects no rows from "${spec.dataset}"`, 'a filter that matches rows');
  const sources: string[] = [];
  for (const r of rows) for (const s of r.source ?? []) if (!sources.includes(s)) sources.push(s);
  // the cell's context names the table, its row (first cell) and its column, as printed
  for (const c of cellClaims) ctx.model.claims.get(c.claim)!.context = `⟦ref:${id}⟧, ${body[c.row]![0]}, ${header[c.col]}: ${body[c.row]![c.col]}`;
  return { id, spec: name, caption: caption ?? spec.caption, header, align, numeric, rows: body, sources, cellClaims, ...(spec.note ? { note: spec.note } : {}), full: spec.width !== 'content', file: ctx.file };
}
