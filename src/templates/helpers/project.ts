/**
 * The project's own helpers (the config's `helpers`), run where the templates render — in the
 * build worker, under its time and memory limits — and held to the rules briefkit's helpers keep:
 *
 * - a name of a built-in helper is refused (BK034), so a template means one thing;
 * - the helper gets the template's arguments read-only (data rows are shared by every edition and
 *   every helper: a helper that writes to one fails, BK035), then `{ name, hash }`;
 * - a helper that throws is BK035 with its name, the template's file:line that called it and the
 *   helper's own file:line (its stack, mapped back through the bundle's source map);
 * - a text it returns is escaped like every value; a number it returns may feed another helper or
 *   a comparison, but printed — or a text it returns that states a figure — is BK036 unless it
 *   came as `sourced(value, rows)`, which prints like {{fig}} with the rows' sources cited in the
 *   sentence (the number rule and the notes work unchanged);
 * - async helpers and block calls are refused (BK038).
 */
import Handlebars from 'handlebars';
import type { Locate } from '../../config/load.js';
import { Sourced, type ProjectHelper } from '../../config/helpers.js';
import { isPercentUnit, digitsProblem, formatValue, unitProblem, VALUE_STYLES, valueField } from '../../format/value.js';
import { numberStyle } from '../../format/format.js';
import { BriefkitError } from '../../log/error.js';
import * as msg from '../../log/message.js';
import { claimRow, holdsFigure, rowIndex, type ClaimRow } from '../../model/claims.js';
import { argsOf, type RenderContext } from '../context.js';
import { escapeMarkdown, safe } from '../escape.js';

/** What a sourced number rests on, found when its helper returned it. */
const resolved = new WeakMap<Sourced, { rows: ClaimRow[]; sources: string[] }>();

/** The helpers a template can call, each wrapped as above; `builtIn` are the names they may not take. */
export function projectHelpers(ctx: RenderContext, helpers: readonly ProjectHelper[], builtIn: ReadonlySet<string>, locate?: Locate): Record<string, (...args: unknown[]) => unknown> {
  const out: Record<string, (...args: unknown[]) => unknown> = {};
  for (const h of helpers) {
    if (builtIn.has(h.name)) throw msg.helperClash({ file: h.file, field: `helpers.${h.name}`, ...(h.line !== undefined ? { line: h.line } : {}) }, h.name);
    const name = h.name;
    out[name] = function (this: unknown, ...args: unknown[]) {
      const { pos, opts } = argsOf(args);
      if (opts.fn) throw msg.helperResult(ctx.file, ctx.callLine, name, `was called as a block ({{#${name}}}…{{/${name}}})`);
      let v: unknown;
      try {
        v = h.fn.apply(readOnly(this), [...pos.map(readOnly), Object.freeze({ name, hash: readOnly({ ...opts.hash }) })]);
      } catch (e) {
        if (e instanceof BriefkitError) throw e;
        const at = locate?.(e);
        const err = e as Error | undefined;
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : `it threw ${typeof e === 'string' ? JSON.stringify(e) : String(e)}`;
        throw msg.helperFailed(ctx.file, ctx.callLine, name, at ? `${at.file}:${at.line}:${at.column}` : h.line !== undefined ? `${h.file}:${h.line}` : undefined, reason);
      }
      return result(ctx, name, v);
    };
  }
  return out;
}

function result(ctx: RenderContext, name: string, v: unknown): unknown {
  if (v instanceof Sourced) {
    resolved.set(v, sourcesOf(ctx, name, v));
    v.helper = name;
    return v;
  }
  if (v && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function') {
    throw msg.helperResult(ctx.file, ctx.callLine, name, 'returned a promise: a helper cannot be async');
  }
  if (typeof v === 'function' || typeof v === 'symbol') throw msg.helperResult(ctx.file, ctx.callLine, name, `returned a ${typeof v}`);
  if (v instanceof Handlebars.SafeString) throw msg.helperResult(ctx.file, ctx.callLine, name, 'returned a Handlebars SafeString: its text would print unchecked');
  // printed, a number (or a text stating one) would carry no source: refused when it is printed (printedFigure, refuseUnsourced)
  if (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && holdsFigure(v))) ctx.rawValue = { value: v, call: name, fig: '', helper: name };
  // a list it made from rows it was given holds their views: the rows themselves go on (to {{#each}}, {{num}})
  return Array.isArray(v) ? unwrap(v).map(unwrap) : unwrap(v);
}

/** The rows and source ids a sourced number names; each must be a row of the data (or carry sources) or a known source id. */
function sourcesOf(ctx: RenderContext, name: string, s: Sourced): { rows: ClaimRow[]; sources: string[] } {
  const fail = (problem: string) => msg.helperSources(ctx.file, ctx.callLine, name, problem);
  if (typeof s.value !== 'number' || !Number.isFinite(s.value)) throw fail(`with the value ${String(s.value)}, not a finite number`);
  const { digits, unit, style, field } = s.options;
  const bad = digitsProblem(digits) ?? unitProblem(unit);
  if (bad) throw fail(bad);
  if (style !== undefined && (!(VALUE_STYLES as readonly string[]).includes(style) || (style as string) === 'reported')) throw fail(`with an unknown style "${String(style)}"`);
  const rows: ClaimRow[] = [];
  const sources: string[] = [];
  const index = rowIndex(ctx.data);
  for (const item of s.from.map(unwrap)) {
    if (item instanceof Sourced) {
      const r = resolved.get(item) ?? sourcesOf(ctx, name, item);
      rows.push(...r.rows);
      sources.push(...r.sources);
    } else if (typeof item === 'string') {
      if (!ctx.data.sources.has(item)) throw fail(`naming the source "${item}", which the sources file does not list`);
      sources.push(item);
    } else if (item && typeof item === 'object') {
      const row = item as Record<string, unknown>;
      const own = Array.isArray(row.source) ? (row.source as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      const dataset = index.datasetOf.get(row);
      if (dataset === undefined && own.length === 0) throw fail('with an object that is neither a row of the data nor has a "source" list');
      const unknown = own.find((id) => !ctx.data.sources.has(id));
      if (unknown !== undefined) throw fail(`naming the source "${unknown}", which the sources file does not list`);
      if (dataset !== undefined) rows.push(claimRow(ctx.data, dataset, row, (typeof field === 'string' ? field : valueField(row, undefined)) ?? '(row)'));
      sources.push(...own);
    } else {
      throw fail(`with ${item === undefined ? 'undefined' : JSON.stringify(item)} among what it is computed from`);
    }
  }
  if (sources.length === 0) throw fail('with no sources (the rows it names are unsourced, or there are none)');
  return { rows, sources: [...new Set(sources)] };
}

/** A sourced number as it prints: formatted like {{fig}}, registered as a claim, its sources marked for the sentence's note. */
export function printSourced(ctx: RenderContext, s: Sourced): string {
  const r = resolved.get(s) ?? sourcesOf(ctx, s.helper ?? '(helper)', s);
  const { digits, unit, style } = s.options;
  const text = formatValue({ value: s.value }, 'value', style ?? (isPercentUnit(unit) ? 'percent' : 'number'), numberStyle(ctx.profile), unit, digits);
  const line = ctx.callLine;
  const claim = ctx.model.claims.add({ kind: 'figure', text, rows: r.rows, sources: r.sources, file: ctx.file, ...(line !== undefined ? { line } : {}) });
  return safe(escapeMarkdown(text) + `:src{ids="${r.sources.join(',')}" claim="${claim.id}"}`).toHTML();
}

// --- read-only views of the arguments ----------------------------------------------------------

const views = new WeakMap<object, object>();
const targets = new WeakMap<object, object>();
const refuse = () => {
  throw new TypeError('the data is read-only: a helper may not change a row, a list or an argument');
};
const HANDLER: ProxyHandler<object> = {
  get: (t, k) => {
    const v = Reflect.get(t, k);
    // a frozen property must read as itself (a proxy's invariant)
    const d = Reflect.getOwnPropertyDescriptor(t, k);
    return d && !d.configurable && !d.writable ? v : readOnly(v);
  },
  set: refuse,
  defineProperty: refuse,
  deleteProperty: refuse,
  setPrototypeOf: refuse,
};

/** A value as a helper sees it: objects and lists behind a view that refuses every change. */
function readOnly<T>(v: T): T {
  if (!v || typeof v !== 'object' || v instanceof Sourced || v instanceof Handlebars.SafeString || targets.has(v)) return v;
  let view = views.get(v);
  if (!view) {
    view = new Proxy(v, HANDLER);
    views.set(v, view);
    targets.set(view, v);
  }
  return view as T;
}

/** The object behind a read-only view (a row handed back to sourced() is known by its identity). */
function unwrap<T>(v: T): T {
  return (v && typeof v === 'object' && (targets.get(v) as T | undefined)) || v;
}
