/**
 * Data helpers: every number in prose comes through one of these, from a dataset row.
 *   {{fig "invention-grants" 2023}}                     → 921,000
 *   {{fig "invention-grants" 2024 style="compact"}}     → 1.045 million
 *   {{fig "pct-by-origin" 2019 origin="China"}}         → 58,990
 *   {{fig "snapshots" "ip-theft-cost-claim" style="money"}} → up to US$600 billion
 *   {{growth "invention-grants" 2022 2023}}             → +15.4%   (computed)
 *   {{growth "invention-applications" 2018 2019 magnitude=true}} → 9.2% (after "fell by"; signed=false drops only the "+")
 *   {{cagr "invention-grants" 2010 2024}}               → 16.2%    (computed)
 *   {{times "invention-grants" 2010 2024}}              → 7.7      (computed ratio)
 *   {{difference "ip-fee-trade" "2023" "2023" currency="USD" measure-1="total" measure-2="exports" style="money"}}
 *                                                       → about US$42.7 billion (computed: first row minus the others)
 *   {{firstYear "gii-rank"}} / {{lastYear "gii-rank"}}  → years present in the data
 *   {{#each (rows "reactions" actorGroup="China")}} … {{/each}}
 */
import type Handlebars from 'handlebars';
import * as msg from '../../log/message.js';
import { escapeMarkdown, safe } from '../escape.js';
import type { Row } from '../../data/load.js';
import { argsOf, checkFields, dataset, lineOf, type HelperOptions, type RenderContext } from '../context.js';
import { distinguishingField, keyFieldsOf, matchRows } from '../../data/query.js';
import { formatFixed, numberStyle, qualify, statedDecimals } from '../../format/format.js';
import { digitsProblem, fieldFormat, formatValue, unitProblem, VALUE_STYLES, valueField } from '../../format/value.js';
import { claimRow, type ClaimKind, type ClaimRow } from '../../model/claims.js';


/**
 * A figure from data, escaped, registered as a claim (src/model/claims.ts) and followed by a
 * marker naming its sources and claim (:src{ids="…" claim="c3"}). The citations stage
 * (markdown/citations.ts) cites its sources in the sentence that prints it.
 */
function sourced(ctx: RenderContext, kind: ClaimKind, text: string, rows: ClaimRow[], sources: string[], line: number | undefined): Handlebars.SafeString {
  const ids = [...new Set(sources)];
  const claim = ctx.model.claims.add({ kind, text, rows, sources: ids, file: ctx.file, ...(line !== undefined ? { line } : {}) });
  return safe(escapeMarkdown(text) + `:src{ids="${ids.join(',')}" claim="${claim.id}"}`);
}

/** A filter that would pick one of several matching rows: the first field whose values differ. */
function tellApart(rows: Row[]): string {
  const f = distinguishingField(rows);
  return f ? `add a filter such as ${f}=${JSON.stringify(rows[0]![f])}` : 'add a filter on a field that tells them apart';
}

export function dataHelpers(ctx: RenderContext) {
  const locale = () => numberStyle(ctx.profile);

  function one(helper: string, args: unknown[]): { row: Row; field: string; unit: string; style: string; qualifyIt: boolean; sources: string[]; digits?: number; claim: ClaimRow; line: number | undefined } {
    const { pos, opts } = argsOf(args);
    const ds = dataset(ctx, pos[0], opts, helper);
    checkFields(ctx, ds, opts.hash, opts, ['style', 'qualify', 'digits', 'unit']);
    const { field, style, qualify: q, digits: d, unit: u, ...filters } = opts.hash;
    const bad = digitsProblem(d) ?? unitProblem(u);
    if (bad) throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, bad, `{{${helper} "${ds.name}" <key> digits=2 unit="%"}}`);
    const rows = matchRows(ds, pos[1], filters);
    const usage = `{{${helper} "${ds.name}" <key> [field="value"] [digits=0…6] [unit="%"] [style="${VALUE_STYLES.filter((v) => v !== 'reported').join('|')}"] [filter=…]}}`;
    if (rows.length !== 1) {
      const what = `${pos[1] === undefined ? '' : JSON.stringify(pos[1])} ${Object.entries(filters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`.trim();
      throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, rows.length === 0 ? `no row of "${ds.name}" matches ${what || '(no key)'}${pos[1] !== undefined ? ` (a key is looked up in ${keyFieldsOf(ds).join(', ') || 'year, id, period, date or month'})` : ''}` : `${rows.length} rows of "${ds.name}" match ${what}; ${tellApart(rows)}`, usage);
    }
    const row = rows[0]!;
    const f = valueField(row, field);
    if (!f || typeof row[f] !== 'number') {
      throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, `row has no numeric field ${f ? `"${f}"` : '(value, rank, received or count)'}`, usage);
    }
    if (style !== undefined && !(VALUE_STYLES as readonly string[]).includes(String(style))) {
      throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, `unknown style "${String(style)}"`, usage);
    }
    // Without an explicit style, a value the source states in words ("two-thirds", "1.045 million") is shown as stated;
    // otherwise the style, unit and decimals are those asked for, else those the dataset declares for the field
    const reported = style === undefined && typeof row.reported === 'string' && f === valueField(row, undefined);
    const fmt = fieldFormat(ds, row, f, { style: reported && u === undefined ? 'reported' : (style as string | undefined), digits: d as number | undefined, unit: u as string | undefined });
    return { row, field: f, unit: fmt.unit, style: fmt.style, qualifyIt: q !== false, sources: (row.source as string[] | undefined) ?? [], ...(fmt.digits !== undefined ? { digits: fmt.digits } : {}), claim: claimRow(ctx.data, ds.name, row, f), line: lineOf(ctx, opts) };
  }

  function pair(helper: string, args: unknown[]): { a: number; b: number; from: unknown; to: unknown; sources: string[]; rows: ClaimRow[]; line: number | undefined } {
    const sources: string[] = [];
    const used: ClaimRow[] = [];
    const { pos, opts } = argsOf(args);
    const ds = dataset(ctx, pos[0], opts, helper);
    checkFields(ctx, ds, opts.hash, opts, ['digits', 'signed', 'magnitude']);
    const { field, digits: _d, signed: _s, magnitude: _m, ...filters } = opts.hash;
    const pick = (key: unknown) => {
      const rows = matchRows(ds, key, filters);
      const row = rows[0];
      const f = row && valueField(row, field);
      if (rows.length !== 1 || !row || !f || typeof row[f] !== 'number') {
        throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, `needs exactly one row of "${ds.name}" for ${JSON.stringify(key)} with a number`, `{{${helper} "${ds.name}" <from> <to> [field="value"]}}`);
      }
      sources.push(...((row.source as string[] | undefined) ?? []));
      used.push(claimRow(ctx.data, ds.name, row, f));
      return row[f] as number;
    };
    return { a: pick(pos[1]), b: pick(pos[2]), from: pos[1], to: pos[2], sources, rows: used, line: lineOf(ctx, opts) };
  }

  /** The first/last year of the matching rows; no match is an error naming the filter, never "Infinity". */
  function yearOf(all: Row[], rows: Row[], helper: string, name: string, opts: HelperOptions, pick: (a: number, b: number) => number): number {
    const years = rows.map((r) => r.year).filter((y): y is number => typeof y === 'number');
    if (years.length === 0) {
      const filter = Object.entries(opts.hash).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
      const have = all.map((r) => r.year).filter((y): y is number => typeof y === 'number');
      const range = have.length ? ` (its years run from ${have.reduce((a, b) => Math.min(a, b))} to ${have.reduce((a, b) => Math.max(a, b))})` : ' (its rows have no year)';
      throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, `no row of "${name}" matches ${filter || 'the call'}${range}`, `{{${helper} "${name}"}} or {{${helper} "${name}" field=value}} with a value that occurs`);
    }
    return years.reduce((a, b) => pick(a, b));
  }

  const digits = (args: unknown[]) => {
    const d = argsOf(args).opts.hash.digits;
    return typeof d === 'number' ? d : 1;
  };

  return {
    fig(...args: unknown[]) {
      const { row, field, unit, style, qualifyIt, sources, digits: d, claim, line } = one('fig', args);
      const text = formatValue(row, field, d !== undefined && style === 'reported' ? 'number' : style, locale(), unit, d);
      return sourced(ctx, 'figure', qualifyIt ? qualify(text, row.qualifier, ctx.profile.language) : text, [claim], sources, line);
    },
    /** The raw number of one row, for use in subexpressions (cite its source with {{cite}}). */
    val(...args: unknown[]) {
      const { row, field } = one('val', args);
      // printed directly or by a format helper, it would be a number without its sources (BK116)
      const { pos, opts } = argsOf(args);
      const rest = [...pos.slice(1).map((p) => JSON.stringify(p)), ...Object.entries(opts.hash).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(' ');
      ctx.rawValue = { value: row[field], call: `val ${JSON.stringify(pos[0])} ${rest}`.trim(), fig: `{{${`fig ${JSON.stringify(pos[0])} ${rest}`.trim()}}}` };
      return row[field];
    },
    growth(...args: unknown[]) {
      const { a, b, sources, rows, line } = pair('growth', args);
      // magnitude=true: the size of the change, for prose that says its direction ("fell by 9.2%")
      const { signed: s, magnitude } = argsOf(args).opts.hash;
      const change = ((b - a) / a) * 100;
      return sourced(ctx, 'growth', formatFixed(magnitude === true ? Math.abs(change) : change, locale(), digits(args), s !== false && magnitude !== true) + '%', rows, sources, line);
    },
    cagr(...args: unknown[]) {
      const { a, b, from, to, sources, rows, line } = pair('cagr', args);
      const years = Number(to) - Number(from);
      if (!Number.isFinite(years) || years <= 0) {
        const { opts } = argsOf(args);
        throw msg.helperArguments(ctx.file, lineOf(ctx, opts), 'cagr', 'the second year must be after the first', '{{cagr "dataset" 2010 2024}}');
      }
      return sourced(ctx, 'cagr', formatFixed((Math.pow(b / a, 1 / years) - 1) * 100, locale(), digits(args)) + '%', rows, sources, line);
    },
    times(...args: unknown[]) {
      const { a, b, sources, rows, line } = pair('times', args);
      return sourced(ctx, 'times', formatFixed(b / a, locale(), digits(args)), rows, sources, line);
    },
    /**
     * The first row's value minus each further row's, for a figure no source states but the data
     * implies (payments = total − exports). `name-N` filters only the N-th row (1-based), over the
     * shared `name`. The result is approximate if any input is, states no more decimals than its
     * inputs, and prints in the first row's unit (its currency and scale with style="money").
     */
    difference(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const usage = '{{difference "dataset" <key> <key> […] [filter=…] [filter-2=…] [field="value"] [style=…]}}';
      const ds = dataset(ctx, pos[0], opts, 'difference');
      const { field, style, digits: _d, ...hash } = opts.hash;
      const keys = pos.slice(1);
      const shared: Record<string, unknown> = {};
      const own: Record<string, unknown>[] = keys.map(() => ({}));
      for (const [k, v] of Object.entries(hash)) {
        const m = /^(.+)-(\d+)$/.exec(k);
        if (!m) shared[k] = v;
        else if (Number(m[2]) >= 1 && Number(m[2]) <= keys.length) own[Number(m[2]) - 1]![m[1]!] = v;
        else throw msg.helperArguments(ctx.file, lineOf(ctx, opts), 'difference', `"${k}" names no row: there are ${keys.length}`, usage);
      }
      checkFields(ctx, ds, { ...shared, ...Object.assign({}, ...own), ...(field !== undefined ? { field } : {}) }, opts);
      if (keys.length < 2) throw msg.helperArguments(ctx.file, lineOf(ctx, opts), 'difference', 'needs at least two rows', usage);
      const picked = keys.map((key, i) => {
        const rows = matchRows(ds, key, { ...shared, ...own[i] });
        const row = rows[0];
        const f = row && valueField(row, field);
        if (rows.length !== 1 || !row || !f || typeof row[f] !== 'number') {
          throw msg.helperArguments(ctx.file, lineOf(ctx, opts), 'difference', `needs exactly one row of "${ds.name}" for ${JSON.stringify(key)} ${JSON.stringify({ ...shared, ...own[i] })} with a number, found ${rows.length}`, usage);
        }
        return { row, value: row[f] as number, field: f };
      });
      const first = picked[0]!;
      const decimals = Math.max(...picked.map((p) => statedDecimals(p.value)));
      const value = Number(picked.slice(1).reduce((a, p) => a - p.value, first.value).toFixed(decimals));
      const bounded = picked.find((p) => p.row.qualifier !== undefined && p.row.qualifier !== 'approx' && p.row.qualifier !== 'nearly');
      if (bounded) throw msg.helperArguments(ctx.file, lineOf(ctx, opts), 'difference', `a bound ("${String(bounded.row.qualifier)}") has no difference that can be stated`, usage);
      const approx = picked.some((p) => p.row.qualifier !== undefined);
      const row: Row = { ...first.row, [first.field]: value };
      delete row.qualifier;
      delete row.reported;
      const fmt = fieldFormat(ds, row, first.field, { style: style as string | undefined });
      const text = formatValue(row, first.field, fmt.style, locale(), fmt.unit, fmt.digits);
      const rows = picked.map((p) => claimRow(ctx.data, ds.name, p.row, p.field));
      return sourced(ctx, 'difference', approx ? qualify(text, 'approx', ctx.profile.language) : text, rows, picked.flatMap((p) => (p.row.source as string[] | undefined) ?? []), lineOf(ctx, opts));
    },
    firstYear(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const ds = dataset(ctx, pos[0], opts, 'firstYear');
      checkFields(ctx, ds, opts.hash, opts);
      return yearOf(ds.rows, matchRows(ds, undefined, opts.hash), 'firstYear', pos[0] as string, opts, Math.min);
    },
    lastYear(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const ds = dataset(ctx, pos[0], opts, 'lastYear');
      checkFields(ctx, ds, opts.hash, opts);
      return yearOf(ds.rows, matchRows(ds, undefined, opts.hash), 'lastYear', pos[0] as string, opts, Math.max);
    },
    count(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const ds = dataset(ctx, pos[0], opts, 'count');
      checkFields(ctx, ds, opts.hash, opts);
      const rows = matchRows(ds, undefined, opts.hash);
      // printed, it is a claim: the rows it counts (their sources are cited where they are listed)
      const field = Object.keys(opts.hash)[0];
      const line = lineOf(ctx, opts);
      ctx.pending = {
        value: rows.length,
        claim: () => ({ kind: 'count', text: String(rows.length), rows: rows.map((r) => ({ ...claimRow(ctx.data, ds.name, r, field ?? 'id'), ...(field ? {} : { field: '(row)' }) })), sources: [], file: ctx.file, ...(line !== undefined ? { line } : {}) }),
      };
      return rows.length;
    },
    rows(...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      const ds = dataset(ctx, pos[0], opts, 'rows');
      checkFields(ctx, ds, opts.hash, opts);
      return matchRows(ds, pos[1], opts.hash);
    },
  };
}
