/**
 * Strict charts: every field a Vega-Lite spec names — in an encoding (any channel, tooltip
 * arrays, conditions, sort and argmin/argmax fields, facet/row/column), a transform's inputs,
 * a `datum.x` in a filter or calculate expression, a selection's `fields`, a repeated field —
 * must be in the data at that point, or the chart fails with BK213 naming the JSON path, the
 * data's fields and the closest one. Vega itself draws a missing field as an empty chart with a
 * NaN axis, or a legend reading "undefined".
 *
 * The walk follows the data through the spec: a view inherits its parent's data and transforms;
 * each transform adds (calculate, bin, timeUnit, fold, flatten, window, joinaggregate, lookup,
 * stack `as`) or replaces (aggregate, density, loess, regression, quantile: groupby + `as`) the
 * fields. Where the fields cannot be known before drawing (a pivot's columns, geographic data,
 * an unreadable file, an unknown transform), nothing downstream is refused.
 */
import * as vega from 'vega';
import type { Area } from '../io/project.js';
import * as msg from '../log/message.js';
import { didYouMean } from '../log/suggest.js';
import { fieldPath, positionOf } from './schema.js';

type Obj = Record<string, unknown>;
type Path = (string | number)[];
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string');

/** The fields rows have at one point of the spec; `open`: there may be others no one can name before drawing. */
interface Fields {
  names: string[];
  open: boolean;
  /** What the rows come from, for the message: `the dataset "sales"`, `the inline data (data.values)`. */
  source: string;
}

export interface FieldContext {
  file: string;
  text?: string;
  /** Field names of each named dataset the caller binds. */
  datasets: Map<string, string[]>;
  dataArea?: Area;
}

const OPEN = (source: string): Fields => ({ names: [], open: true, source });
const plus = (f: Fields, add: string[]): Fields => ({ ...f, names: [...new Set([...f.names, ...add])] });
const union = (all: Fields[]): Fields => ({ names: [...new Set(all.flatMap((f) => f.names))], open: all.some((f) => f.open), source: all[0]?.source ?? '' });

/** The keys of rows (a row that is not an object is read by Vega as {"data": value}). */
const rowKeys = (rows: unknown[]): string[] => [...new Set(rows.flatMap((r) => (isObj(r) ? Object.keys(r) : ['data'])))];

/** Throws BK213 when any field the spec names is missing from its data. */
export function checkFields(spec: Obj, ctx: FieldContext): void {
  const top = isObj(spec.datasets) ? spec.datasets : {};

  const dataFields = (d: unknown, at: Path): Fields | undefined => {
    if (!isObj(d)) return undefined;
    if (typeof d.name === 'string') {
      const known = ctx.datasets.get(d.name);
      if (known) return { names: known, open: false, source: `the dataset "${d.name}"` };
      const inline = top[d.name];
      if (Array.isArray(inline) && inline.length) return { names: rowKeys(inline), open: false, source: `the dataset "${d.name}" (datasets.${d.name})` };
      return OPEN(`the dataset "${d.name}"`);
    }
    if (Array.isArray(d.values)) return d.values.length ? { names: rowKeys(d.values), open: false, source: `the inline data (${fieldPath([...at, 'values'])})` } : OPEN('');
    if (isObj(d.sequence)) return { names: [typeof d.sequence.as === 'string' ? d.sequence.as : 'data'], open: false, source: `the sequence (${fieldPath([...at, 'sequence'])})` };
    if (typeof d.url === 'string') return fileFields(d.url, isObj(d.format) ? d.format : {});
    return OPEN('');
  };

  /** A data file's fields: a CSV/TSV file's header, a JSON file's keys; open for anything else. */
  const fileFields = (url: string, format: Obj): Fields => {
    const source = `the file "${url}"`;
    const type = typeof format.type === 'string' ? format.type : (/\.(csv|tsv|json)$/i.exec(url)?.[1]?.toLowerCase() ?? '');
    if (!ctx.dataArea || !['csv', 'tsv', 'json'].includes(type)) return OPEN(source);
    try {
      const text = ctx.dataArea.readText(ctx.dataArea.resolve(url).slice(ctx.dataArea.dir.length + 1), 'chart data file');
      if (type === 'json') {
        const rows = vega.read(text, { type: 'json', ...(typeof format.property === 'string' ? { property: format.property } : {}) } as never) as unknown[];
        return Array.isArray(rows) && rows.length ? { names: rowKeys(rows), open: false, source } : OPEN(source);
      }
      const header = text.slice(0, (text.indexOf('\n') + 1 || text.length + 1) - 1).replace(/\r$/, '');
      const rows = vega.read(`${header}\n${header}\n`, { type } as never) as unknown[];
      return rows.length ? { names: rowKeys(rows), open: false, source } : OPEN(source);
    } catch {
      return OPEN(source); // the loader reports a file it cannot read, with its own message
    }
  };

  const fail = (field: string, at: Path, f: Fields, via = ''): never => {
    const where = ctx.text ? positionOf(ctx.text, at) : undefined;
    throw msg.chartUnknownField(ctx.file, fieldPath(at), field, via, f.source, f.names, didYouMean(field, f.names), where?.line, where?.column);
  };

  /** A field reference: "a", "a.b" (nested: the root must exist), "a\\.b" (a dot in the name). */
  const need = (field: unknown, at: Path, f: Fields | undefined, via = '') => {
    if (typeof field !== 'string' || !f || f.open || field === '*') return;
    if (f.names.includes(field.replace(/\\(.)/g, '$1'))) return;
    const root = /^(?:\\.|[^.[\\])*/.exec(field)![0].replace(/\\(.)/g, '$1');
    if (!f.names.includes(root)) fail(root || field, at, f, via);
  };

  /** `datum.x` and `datum["x"]` in an expression (one that does not parse is Vega-Lite's to report). */
  const expression = (expr: unknown, at: Path, f: Fields) => {
    if (typeof expr !== 'string' || f.open) return;
    let ast: unknown;
    try {
      ast = vega.parseExpression(expr);
    } catch {
      return;
    }
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!isObj(n)) return;
      if (n.type === 'MemberExpression' && isObj(n.object) && n.object.type === 'Identifier' && n.object.name === 'datum' && isObj(n.property)) {
        const p = n.property;
        const name = n.computed ? (p.type === 'Literal' && typeof p.value === 'string' ? p.value : undefined) : p.type === 'Identifier' ? (p.name as string) : undefined;
        if (name !== undefined && !f.names.includes(name)) fail(name, at, f, ` (in the expression ${JSON.stringify(expr)})`);
      }
      for (const [k, v] of Object.entries(n)) if (k !== 'type') walk(v);
    };
    walk(ast);
  };

  const predicate = (p: unknown, at: Path, f: Fields): void => {
    if (typeof p === 'string') return expression(p, at, f);
    if (!isObj(p)) return;
    if (Array.isArray(p.and)) p.and.forEach((q, i) => predicate(q, [...at, 'and', i], f));
    if (Array.isArray(p.or)) p.or.forEach((q, i) => predicate(q, [...at, 'or', i], f));
    if (p.not !== undefined) predicate(p.not, [...at, 'not'], f);
    if (typeof p.field === 'string') need(p.field, [...at, 'field'], f);
  };

  /** Each transform checked against the fields before it; returns the fields after it (by its defining key, in an order where no other transform's option is taken for one). */
  const transform = (t: unknown, at: Path, f: Fields): Fields => {
    if (!isObj(t)) return f;
    const each = (key: string) => strings(t[key]).forEach((g, i) => need(g, Array.isArray(t[key]) ? [...at, key, i] : [...at, key], f));
    const as = (dflt: string[] = []) => (t.as === undefined ? dflt : strings(t.as));
    const ops = (key: string) => {
      const list = Array.isArray(t[key]) ? (t[key] as unknown[]) : [];
      list.forEach((o, i) => isObj(o) && need(o.field, [...at, key, i, 'field'], f));
      return list.flatMap((o) => (isObj(o) && typeof o.as === 'string' ? [o.as] : []));
    };
    each('groupby');
    const groupby = strings(t.groupby);
    if ('filter' in t) {
      predicate(t.filter, [...at, 'filter'], f);
      return f;
    }
    if ('calculate' in t) {
      expression(t.calculate, [...at, 'calculate'], f);
      return plus(f, as());
    }
    if ('aggregate' in t) return { names: [...new Set([...groupby, ...ops('aggregate')])], open: false, source: f.source };
    if ('joinaggregate' in t) return plus(f, ops('joinaggregate'));
    if ('window' in t) {
      (Array.isArray(t.sort) ? t.sort : []).forEach((s, i) => isObj(s) && need(s.field, [...at, 'sort', i, 'field'], f));
      return plus(f, ops('window'));
    }
    if ('fold' in t) return each('fold'), plus(f, as(['key', 'value']));
    if ('flatten' in t) return each('flatten'), plus(f, as());
    if ('stack' in t) {
      each('stack');
      (Array.isArray(t.sort) ? t.sort : []).forEach((s, i) => isObj(s) && need(s.field, [...at, 'sort', i, 'field'], f));
      const out = as();
      return plus(f, out.length === 1 ? [out[0]!, `${out[0]}_end`] : out);
    }
    if ('impute' in t) return each('impute'), each('key'), f;
    if ('pivot' in t) return each('pivot'), each('value'), { ...OPEN(f.source), names: groupby };
    const replaced = (names: string[]) => ({ names: [...new Set([...groupby, ...names])], open: false, source: f.source });
    if ('density' in t) return each('density'), replaced(as(['value', 'density']));
    if ('quantile' in t) return each('quantile'), replaced(as(['prob', 'value']));
    if ('loess' in t || 'regression' in t) {
      const key = 'loess' in t ? 'loess' : 'regression';
      each(key), each('on');
      return t.params === true ? { ...OPEN(f.source), names: groupby } : replaced(as(strings([t.on, t[key]])));
    }
    if ('lookup' in t) {
      each('lookup');
      const from = isObj(t.from) ? t.from : {};
      if (!('data' in from)) return plus(f, as());
      const other = dataFields(from.data, [...at, 'from', 'data']);
      need(from.key, [...at, 'from', 'key'], other);
      strings(from.fields).forEach((g, i) => need(g, [...at, 'from', 'fields', i], other));
      if (t.as !== undefined) return plus(f, as());
      if (from.fields !== undefined) return plus(f, strings(from.fields));
      return other ? { ...plus(f, other.names), open: f.open || other.open } : OPEN(f.source);
    }
    // last: density and regression transforms take an "extent" option too
    if ('bin' in t || 'timeUnit' in t) {
      each('field');
      const out = as();
      return plus(f, 'bin' in t && out.length === 1 ? [out[0]!, `${out[0]}_end`] : out);
    }
    if ('extent' in t) return each('extent'), f;
    if ('sample' in t) return f;
    return OPEN(f.source);
  };

  /** One encoding channel's definition (or a condition, or one of a tooltip's array). */
  const channelDef = (def: unknown, at: Path, f: Fields | undefined, repeat: Repeat | undefined): void => {
    if (Array.isArray(def)) return def.forEach((d, i) => channelDef(d, [...at, i], f, repeat));
    if (!isObj(def)) return;
    if (def.aggregate !== 'count') {
      if (isObj(def.field) && typeof def.field.repeat === 'string') repeated(def.field.repeat, f, repeat);
      else need(def.field, [...at, 'field'], f);
    }
    if (isObj(def.aggregate)) for (const k of ['argmin', 'argmax']) need(def.aggregate[k], [...at, 'aggregate', k], f);
    if (isObj(def.sort)) need(def.sort.field, [...at, 'sort', 'field'], f);
    if (def.condition !== undefined) channelDef(def.condition, [...at, 'condition'], f, repeat);
  };

  /** A field given by a repeat: each name the repeat lists is checked where it is written. */
  const repeated = (key: string, f: Fields | undefined, repeat: Repeat | undefined) => {
    const list = repeat?.values[key] ?? [];
    list.forEach((g, i) => need(g, [...repeat!.at, ...(key === 'repeat' ? [] : [key]), i], f));
  };

  type Repeat = { values: Record<string, unknown[]>; at: Path };

  const encoding = (enc: unknown, at: Path, f: Fields | undefined, repeat: Repeat | undefined) => {
    if (!isObj(enc)) return;
    for (const [channel, def] of Object.entries(enc)) channelDef(def, [...at, channel], f, repeat);
  };

  const params = (ps: unknown, at: Path, f: Fields | undefined) => {
    if (!Array.isArray(ps)) return;
    ps.forEach((p, i) => {
      if (isObj(p) && isObj(p.select)) strings(p.select.fields).forEach((g, j) => need(g, [...at, i, 'select', 'fields', j], f));
    });
  };

  /** Checks a view and everything inside it; returns the fields its rows (or its children's) have. */
  const view = (s: unknown, at: Path, inherited: Fields | undefined, repeat: Repeat | undefined): Fields | undefined => {
    if (!isObj(s)) return inherited;
    let f = 'data' in s ? dataFields(s.data, [...at, 'data']) : inherited;
    if (Array.isArray(s.transform)) {
      const base = f?.source;
      s.transform.forEach((t, i) => {
        const here = [...at, 'transform', i];
        if (f) f = { ...transform(t, here, f), source: `${base} (after ${fieldPath(here)})` };
      });
    }
    if (isObj(s.repeat) || Array.isArray(s.repeat)) {
      const values = Array.isArray(s.repeat) ? { repeat: s.repeat } : Object.fromEntries(Object.entries(s.repeat).filter(([, v]) => Array.isArray(v)) as [string, unknown[]][]);
      repeat = { values, at: [...at, 'repeat'] };
    }
    if (isObj(s.facet)) {
      if ('field' in s.facet) channelDef(s.facet, [...at, 'facet'], f, repeat);
      else for (const [k, d] of Object.entries(s.facet)) channelDef(d, [...at, 'facet', k], f, repeat);
    }
    const children: Fields[] = [];
    for (const key of ['layer', 'concat', 'hconcat', 'vconcat']) {
      if (Array.isArray(s[key])) (s[key] as unknown[]).forEach((c, i) => { const r = view(c, [...at, key, i], f, repeat); if (r) children.push(r); });
    }
    if (isObj(s.spec)) {
      const r = view(s.spec, [...at, 'spec'], f, repeat);
      if (r) children.push(r);
    }
    // a layer's shared encoding and a composition's selections apply to views whose own
    // transforms may make the field: any of them having it is enough
    const all = f || children.length ? union([...(f ? [f] : []), ...children]) : undefined;
    encoding(s.encoding, [...at, 'encoding'], children.length ? all : f, repeat);
    params(s.params, [...at, 'params'], children.length ? all : f);
    return all;
  };

  view(spec, [], undefined, undefined);
}
