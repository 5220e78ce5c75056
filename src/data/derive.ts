/**
 * Stage 1b — derived datasets: each `derived({ from, … })` of the config computed from the
 * datasets it reads, in an order where every dataset comes after those it reads.
 *
 * The arithmetic runs on Vega's transform dataflow (the engine that already draws the charts):
 * filter, formula, aggregate, joinaggregate, window, lookup, pivot, fold and collect. Every
 * expression a project writes is a Vega expression evaluated by vega-interpreter, which reads
 * the parsed expression without `eval` or `Function`, so a config's strings cannot run code.
 * This file only translates the declared steps into Vega transforms, checks the fields they
 * name (with a did-you-mean), and carries provenance: a derived row names the sources of every
 * row it was computed from (their union, in the order they first occur), their caveats, and a
 * qualifier when one of them is qualified, so the number rule and the notes work unchanged.
 */
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { z } from 'zod';
import type { DerivedDef, FieldNumbers, Measure, ProjectConfig, Step, Where } from '../config/types.js';
import type { Location } from '../log/error.js';
import * as msg from '../log/message.js';
import { didYouMean } from '../log/suggest.js';
import { statedDecimals } from '../format/format.js';
import type { DataBundle, Dataset, Row } from './load.js';

/** Fields that describe a value's provenance rather than hold data. */
const PROVENANCE = ['source', 'qualifier', 'derived', 'reported', 'note', 'caveats', 'excluded'];
/** Helper fields of the dataflow (a project's fields may not start with "__"). */
const HIDDEN = /^__/;

const memo = new WeakMap<DataBundle, { digest: string; result: Promise<DataBundle> }>();

/**
 * The bundle with every derived dataset of the config added (in config order). Kept for as long
 * as the bundle it was computed from (which stays the same while the data files do: --watch,
 * the bench's warm runs) and the config's text stay the same.
 */
export function deriveData(bundle: DataBundle, config: ProjectConfig): Promise<DataBundle> {
  if (!config.derived?.length) return Promise.resolve(bundle);
  const kept = memo.get(bundle);
  if (kept && kept.digest === config.digest) return kept.result;
  const result = computeAll(bundle, config);
  memo.set(bundle, { digest: config.digest, result });
  return result;
}

async function computeAll(bundle: DataBundle, config: ProjectConfig): Promise<DataBundle> {
  const datasets = new Map(bundle.datasets);
  for (const def of config.derived) datasets.set(def.name, await deriveOne(def, datasets, config.file));
  // config order, so lists of datasets in messages read as the config does
  const order = [...config.datasets, ...config.derived].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((d) => d.name);
  const ordered = new Map([...order.filter((n) => datasets.has(n)).map((n) => [n, datasets.get(n)!] as const), ...[...datasets].filter(([n]) => !order.includes(n))]);
  return { ...bundle, datasets: ordered };
}

/** The rows a step works on, with the fields they have and what the dataset declares for them. */
interface Table {
  rows: Row[];
  fields: string[];
  key?: string[];
  numbers: Record<string, FieldNumbers>;
}

/** Computes one derived dataset from the datasets already in `datasets`. */
export async function deriveOne(def: DerivedDef, datasets: Map<string, Dataset>, configFile: string): Promise<Dataset> {
  const at = (field: string, token?: string): Location => {
    const line = def.line === undefined ? undefined : def.line + lineIn(def.block, token);
    return { file: configFile, field: `datasets.${def.name}${field ? '.' + field : ''}`, ...(line !== undefined ? { line } : {}) };
  };
  const src = datasets.get(def.from)!;
  const hidden = src.fields.find((f) => HIDDEN.test(f));
  if (hidden) throw msg.derivedInvalid(at('from', def.from), `"${def.from}" has a field "${hidden}", and names starting with "__" are the dataflow's own`, 'field names that do not start with "__"', `Rename the field in "${def.from}".`);
  let t: Table = { rows: src.rows.filter((r) => r.excluded !== true).map((r) => ({ ...r })), fields: [...src.fields], numbers: { ...src.numbers } };
  for (const [i, step] of def.steps.entries()) {
    const path = (sub: string) => (def.listed ? `steps[${i}]${sub ? '.' + sub : ''}` : sub);
    t = await runStep(step, t, { at: (sub, token) => at(path(sub), token), dataset: def.name, datasets });
  }

  // the declared numbers name fields of the result
  const fields = t.fields.filter((f) => f === 'source' || t.rows.some((r) => r[f] !== undefined) || (def.row && f in def.row.shape));
  for (const f of Object.keys(def.numbers)) if (!fields.includes(f)) throw msg.derivedUnknownField(at(`numbers.${f}`, f), def.name, f, dataFields(fields), didYouMean(f, fields));
  const numbers = Object.fromEntries(Object.entries({ ...t.numbers, ...def.numbers }).filter(([f]) => fields.includes(f)));

  if (t.rows.length === 0 && !def.allowEmpty) throw msg.derivedEmpty(at(''), def.from);
  const rows = checkSchema(def, t.rows, fields, at);
  const keyFields = def.key ?? t.key;
  if (keyFields) {
    for (const k of keyFields) if (!fields.includes(k)) throw msg.derivedUnknownField(at('key', k), def.name, k, dataFields(fields), didYouMean(k, fields));
    const seen = new Set<string>();
    for (const r of rows) {
      const k = keyFields.map((f) => `${f} ${typeof r[f] === 'string' ? JSON.stringify(r[f]) : String(r[f])}`).join(', ');
      if (seen.has(k)) throw msg.derivedDuplicateKey(at(def.key ? 'key' : ''), k);
      seen.add(k);
    }
  }
  return {
    name: def.name,
    file: `${configFile} (${def.name})`,
    title: def.title ?? src.title,
    unit: def.unit ?? src.unit,
    ...(src.caveats ? { caveats: src.caveats } : {}),
    fields,
    numbers,
    ...(keyFields ? { key: [...keyFields] } : {}),
    rows,
  };
}

/** Line (0-based) within a declaration's text of the first mention of `token` (quoted, else as a word); 0 when it is not found. */
export function lineIn(block: string | undefined, token: string | undefined): number {
  if (!block || !token) return 0;
  const lines = block.split('\n');
  const quoted = [`'${token}'`, `"${token}"`, `\`${token}\``];
  let i = lines.findIndex((l) => quoted.some((q) => l.includes(q)));
  if (i < 0) {
    const word = new RegExp(`(^|[^\\w$])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w$])`);
    i = lines.findIndex((l) => word.test(l));
  }
  return Math.max(0, i);
}

/** The declared row schema, else one inferred from the values (which still refuses NaN and ±Infinity from a computation). */
function checkSchema(def: DerivedDef, rows: Row[], fields: string[], at: (f: string) => Location): Row[] {
  const schema = def.row ?? inferSchema(rows, fields);
  return rows.map((r, i) => {
    const res = schema.safeParse(r, { reportInput: true });
    if (res.success) return res.data as Row;
    const issue = res.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    const got = issue.code === 'unrecognized_keys' ? `the field "${issue.keys[0]}" is not declared` : `got ${JSON.stringify((issue as { input?: unknown }).input) ?? 'nothing'}`;
    const expected = issue.code === 'unrecognized_keys' ? `the declared fields: ${Object.keys(schema.shape).filter((f) => !PROVENANCE.includes(f)).join(', ')}` : issue.message;
    throw msg.derivedSchema(at('row'), `rows[${i}]${path}`, got, expected);
  });
}

/** A schema for rows whose fields hold numbers (finite), text, true/false or lists of text. */
export function inferSchema(rows: Row[], fields: string[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    const values = rows.map((r) => r[f]).filter((v) => v !== undefined);
    const kinds = new Set(values.map((v) => (Array.isArray(v) ? 'list' : typeof v)));
    const one = kinds.size === 1 ? [...kinds][0] : undefined;
    const base: z.ZodType = one === 'number' ? z.number().finite() : one === 'string' ? z.string() : one === 'boolean' ? z.boolean() : one === 'list' ? z.array(z.union([z.string(), z.number()])) : z.union([z.number().finite(), z.string(), z.boolean()]);
    shape[f] = values.length === rows.length ? base : base.optional();
  }
  return z.strictObject(shape);
}

const dataFields = (fields: string[]) => fields.filter((f) => !PROVENANCE.includes(f));

// --- steps ---------------------------------------------------------------------------------------

interface StepContext {
  /** Where a step's option is: `token` (a field or expression it names) finds its line. */
  at: (sub: string, token?: string) => Location;
  dataset: string;
  datasets: Map<string, Dataset>;
}

type Transform = Record<string, unknown>;

const field = (f: string) => `datum[${JSON.stringify(f)}]`;
/** A text key of several fields, for the lookup transform (which matches on one field). */
const keyExpr = (fs: readonly string[], last?: string) => `join([${[...fs.map((f) => `toString(${field(f)})`), ...(last ? [last] : [])].join(', ')}], "\\u001f")`;

async function runStep(step: Step, t: Table, c: StepContext): Promise<Table> {
  const known = (f: string, sub: string, fields = t.fields, dataset = c.dataset) => {
    if (!fields.includes(f)) throw msg.derivedUnknownField(c.at(sub, f), dataset, f, dataFields(fields), didYouMean(f, fields));
  };
  const fresh = (f: string, sub: string) => {
    if (HIDDEN.test(f)) throw msg.derivedInvalid(c.at(sub), `the field name "${f}" starts with "__"`, 'a name that does not start with "__" (those are the dataflow\'s own)');
  };
  if ('join' in step) return join(step, t, c, known);
  if ('pivot' in step) return pivot(step, t, c, known);
  if ('unpivot' in step) {
    step.unpivot.forEach((f, i) => known(f, `unpivot[${i}]`));
    [step.key, step.value].forEach((f) => fresh(f, 'key'));
    const keep = t.fields.filter((f) => !step.unpivot.includes(f) && f !== step.key && f !== step.value);
    // an empty cell of the wide table (a pivot's missing combination) makes no row
    const rows = await run(t.rows, [{ type: 'fold', fields: [...step.unpivot], as: [step.key, step.value] }, { type: 'filter', expr: `${field(step.value)} != null` }, { type: 'project', fields: [...keep, step.key, step.value] }], c.at('unpivot'));
    const shared = step.unpivot.map((f) => t.numbers[f]).find(Boolean);
    return { rows, fields: [...keep, step.key, step.value], ...(t.key ? { key: [...t.key, step.key] } : {}), numbers: { ...t.numbers, ...(shared ? { [step.value]: shared } : {}) } };
  }
  if ('change' in step) return change(step, t, c, known);
  if ('period' in step) return period(step, t, c, known);
  if ('where' in step) {
    const expr = whereExpr(step.where, t, c, known);
    return { ...t, rows: await run(t.rows, [{ type: 'filter', expr }], c.at('where')) };
  }
  if ('compute' in step) {
    const transforms: Transform[] = [];
    const fields = [...t.fields];
    for (const [name, expr] of Object.entries(step.compute)) {
      fresh(name, `compute.${name}`);
      checkExpression(expr, fields, c, `compute.${name}`);
      transforms.push({ type: 'formula', expr, as: name });
      if (!fields.includes(name)) fields.push(name);
    }
    return { ...t, fields, rows: await run(t.rows, transforms, c.at('compute')) };
  }
  if ('sort' in step) {
    const list = typeof step.sort === 'string' ? [step.sort] : [...step.sort];
    list.forEach((s, i) => known(s.replace(/^-/, ''), typeof step.sort === 'string' ? 'sort' : `sort[${i}]`));
    return { ...t, rows: await run(t.rows, [sortBy(list)], c.at('sort')) };
  }
  if ('top' in step) {
    if (step.by !== undefined) known(step.by, 'by');
    (step.per ?? []).forEach((f, i) => known(f, `per[${i}]`));
    const order = step.order ?? 'descending';
    const rows = await run(t.rows, [
      { type: 'window', ops: ['row_number'], as: ['__rank'], ...(step.by ? { sort: { field: [step.by], order: [order] } } : {}), ...(step.per ? { groupby: [...step.per] } : {}) },
      { type: 'filter', expr: `datum.__rank <= ${step.top}` },
      ...(step.by ? [sortBy([...(step.per ?? []), '__rank'])] : []),
    ], c.at('top'));
    return { ...t, rows };
  }
  return group(step, t, c, known);
}

const sortBy = (list: string[]): Transform => ({
  type: 'collect',
  sort: { field: list.map((s) => s.replace(/^-/, '')), order: list.map((s) => (s.startsWith('-') ? 'descending' : 'ascending')) },
});

type Known = (f: string, sub: string, fields?: string[], dataset?: string) => void;

function whereExpr(where: Where, t: Table, c: StepContext, known: Known): string {
  if (typeof where === 'string') {
    checkExpression(where, t.fields, c, 'where');
    return where;
  }
  return Object.entries(where)
    .map(([f, v]) => {
      known(f, `where.${f}`);
      // 2024 and "2024" never equal each other: say so, rather than leave no row
      const held = new Set<string>(t.rows.filter((r) => r[f] !== undefined).map((r) => typeof r[f]));
      const wrong = (Array.isArray(v) ? v : [v]).find((x) => held.size > 0 && !held.has(typeof x));
      if (wrong !== undefined) throw msg.derivedData(c.at(`where.${f}`), `"${f}" holds ${[...held].join(' and ')}s, but the filter compares it with ${JSON.stringify(wrong)}`, `a ${[...held][0]} such as ${JSON.stringify(t.rows.find((r) => r[f] !== undefined)?.[f])}`);
      return Array.isArray(v) ? `indexof(${JSON.stringify(v)}, ${field(f)}) >= 0` : `${field(f)} === ${JSON.stringify(v)}`;
    })
    .join(' && ');
}

/** A project's expression: it must parse, name only Vega's functions, and read only fields the rows have. */
function checkExpression(expr: string, fields: string[], c: StepContext, sub: string): void {
  let ast: unknown;
  try {
    ast = vega.parseExpression(expr);
  } catch (e) {
    throw msg.derivedExpression(c.at(sub, expr), expr, (e as Error).message);
  }
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    const node = n as { type?: string; object?: { type?: string; name?: string }; property?: { type?: string; name?: string; value?: unknown }; computed?: boolean };
    if (node.type === 'MemberExpression' && node.object?.type === 'Identifier' && node.object.name === 'datum') {
      const name = node.computed ? (node.property?.type === 'Literal' ? String(node.property.value) : undefined) : node.property?.name;
      if (name !== undefined && !fields.includes(name)) throw msg.derivedUnknownField(c.at(sub, name), c.dataset, name, dataFields(fields), didYouMean(name, fields));
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') (Array.isArray(v) ? v.forEach(walk) : walk(v));
  };
  walk(ast);
  // unknown functions and identifiers are found when Vega compiles the expression
  try {
    vega.parse({ data: [{ name: 't', values: [], transform: [{ type: 'formula', expr, as: '__x' }] }] } as never, undefined, { ast: true } as never);
  } catch (e) {
    throw msg.derivedExpression(c.at(sub, expr), expr, (e as Error).message);
  }
}

/** The most decimals any value of `f` states. */
const decimalsOf = (rows: Row[], f: string) => Math.max(0, ...rows.map((r) => (typeof r[f] === 'number' ? statedDecimals(r[f] as number) : 0)));
/** A sum, smallest or largest value of numbers with at most `d` decimals has no more: the rest is binary rounding noise. */
const denoise = (v: number, d: number) => Number(v.toFixed(Math.min(d, 20)));

/** Every value of `f` that is there is a finite number (a sum of text is no sum). */
function numeric(rows: Row[], f: string, what: string, c: StepContext, sub: string): void {
  const i = rows.findIndex((r) => r[f] !== undefined && r[f] !== null && !(typeof r[f] === 'number' && Number.isFinite(r[f])));
  if (i >= 0) throw msg.derivedData(c.at(sub), `${what} needs numbers, but row ${i + 1} has ${JSON.stringify(rows[i]![f])} in "${f}"`, `numbers in "${f}"`);
}

async function group(step: { groupBy: readonly string[]; measures: Readonly<Record<string, Measure>> }, t: Table, c: StepContext, known: Known): Promise<Table> {
  step.groupBy.forEach((f, i) => known(f, `groupBy[${i}]`));
  const by = [...step.groupBy];
  const fields: (string | null)[] = [];
  const ops: string[] = [];
  const as: string[] = [];
  const shares: { name: string; within: string[] }[] = [];
  const exact = new Map<string, number>();
  for (const [name, m] of Object.entries(step.measures)) {
    if (HIDDEN.test(name) || by.includes(name)) throw msg.derivedInvalid(c.at(`measures.${name}`), by.includes(name) ? `the measure "${name}" has the name of a grouping field` : `the measure name "${name}" starts with "__"`, 'a new field name');
    const [op, f] = Object.entries(m).find(([k]) => k !== 'within')! as [string, string | true];
    if (op === 'count') {
      fields.push(null), ops.push('count'), as.push(name);
      continue;
    }
    known(f as string, `measures.${name}.${op}`);
    numeric(t.rows, f as string, `{ ${op}: "${f}" }`, c, `measures.${name}.${op}`);
    if (op === 'share') {
      const within = [...((m as { within?: readonly string[] }).within ?? [])];
      within.forEach((w, i) => {
        known(w, `measures.${name}.within[${i}]`);
        if (!by.includes(w)) throw msg.derivedInvalid(c.at(`measures.${name}.within`), `a share within "${w}" needs "${w}" among the grouping fields`, `fields of groupBy: ${by.join(', ') || '(none)'}`);
      });
      shares.push({ name, within });
      fields.push(f as string), ops.push('sum'), as.push(`__sum_${name}`);
      continue;
    }
    fields.push(f as string), ops.push(op), as.push(name);
    // a sum, smallest or largest value has no more decimals than its values: the rest is binary rounding noise
    if (op !== 'mean') exact.set(name, decimalsOf(t.rows, f as string));
  }
  // every row of the group, for its provenance ("values" needs a field every row has)
  fields.push('__one'), ops.push('values'), as.push('__rows');
  const transforms: Transform[] = [{ type: 'aggregate', groupby: by, fields, ops, as, cross: false }];
  for (const s of shares) {
    transforms.push({ type: 'joinaggregate', groupby: s.within, fields: [`__sum_${s.name}`, '__rows'], ops: ['sum', 'values'], as: [`__total_${s.name}`, `__all_${s.name}`] });
    transforms.push({ type: 'formula', expr: `datum["__total_${s.name}"] === 0 ? null : datum["__sum_${s.name}"] / datum["__total_${s.name}"] * 100`, as: s.name });
  }
  if (by.length) transforms.push(sortBy(by));
  const out = await run(t.rows, transforms, c.at(by.length ? 'groupBy' : 'measures'), (o, raw) => {
    const contributing = (raw.__rows as Row[]) ?? [];
    // a share is computed from every row of its total
    const all = shares.length ? shares.flatMap((s) => (raw[`__all_${s.name}`] as Row[]).flatMap((g) => g.__rows as Row[])) : contributing;
    for (const [name, d] of exact) if (typeof o[name] === 'number') o[name] = denoise(o[name] as number, d);
    return withProvenance(o, shares.length ? all : contributing, shares.length === 0);
  }, [], undefined, [{ type: 'formula', expr: '1', as: '__one' }]);
  const measureNumbers = Object.fromEntries(Object.entries(step.measures).flatMap(([name, m]) => {
    const [op, f] = Object.entries(m).find(([k]) => k !== 'within')!;
    if (op === 'share') return [[name, { digits: 1, unit: '%' }]];
    return op !== 'count' && t.numbers[f as string] ? [[name, t.numbers[f as string]!]] : [];
  }));
  return { rows: out, fields: [...by, ...Object.keys(step.measures), 'source', 'qualifier', 'derived', 'caveats'], key: by, numbers: measureNumbers };
}

/**
 * A derived row's provenance from the rows it was computed from: their sources (the union, in
 * the order they first occur) and caveats, `derived`, and a qualifier when any of them has one
 * (the same one when they agree and `keep` allows it — a sum of "more than" values is more than
 * their sum — else "approx").
 */
export function withProvenance(o: Row, from: Row[], keep = true): Row {
  const source: string[] = [];
  const caveats: number[] = [];
  const qualifiers = new Set<string>();
  const add = (r: Row) => {
    for (const s of (r.source as string[] | undefined) ?? []) if (!source.includes(s)) source.push(s);
    for (const cv of (r.caveats as number[] | undefined) ?? []) if (!caveats.includes(cv)) caveats.push(cv);
    if (typeof r.qualifier === 'string') qualifiers.add(r.qualifier);
  };
  add(o);
  from.forEach(add);
  for (const f of ['reported', 'note']) delete o[f];
  const q = qualifiers.size === 0 ? undefined : keep && qualifiers.size === 1 ? [...qualifiers][0] : 'approx';
  const out: Row = { ...o, ...(source.length ? { source } : {}), derived: true };
  if (q) out.qualifier = q;
  else delete out.qualifier;
  if (caveats.length) out.caveats = caveats;
  return out;
}

async function join(step: Extract<Step, { join: string }>, t: Table, c: StepContext, known: Known): Promise<Table> {
  const other = c.datasets.get(step.join)!;
  const on = typeof step.on === 'string' ? [step.on] : [...step.on];
  const onSub = (i: number) => (typeof step.on === 'string' ? 'on' : `on[${i}]`);
  on.forEach((f, i) => {
    known(f, onSub(i));
    known(f, onSub(i), other.fields, step.join);
  });
  const hidden = other.fields.find((f) => HIDDEN.test(f));
  if (hidden) throw msg.derivedInvalid(c.at('join', step.join), `"${step.join}" has a field "${hidden}", and names starting with "__" are the dataflow's own`, 'field names that do not start with "__"');
  const candidates = other.fields.filter((f) => !on.includes(f) && !PROVENANCE.includes(f));
  const pairs: [string, string][] = step.fields === undefined ? candidates.map((f) => [f, f]) : Array.isArray(step.fields) ? (step.fields as string[]).map((f) => [f, f]) : Object.entries(step.fields as Record<string, string>);
  for (const [from, to] of pairs) {
    known(from, `fields`, other.fields, step.join);
    if (t.fields.includes(to)) throw msg.derivedInvalid(c.at('fields'), `joining "${step.join}" brings the field "${to}", which the rows already have`, 'fields the rows do not have', `Rename it, e.g. fields: { ${from}: "${step.join.replace(/-(\w)/g, (_, l: string) => l.toUpperCase())}${to[0]!.toUpperCase()}${to.slice(1)}" }.`);
  }
  const right = other.rows.filter((r) => r.excluded !== true);
  // a lookup keeps one row per key: two would make the join's answer depend on their order
  const seen = new Map<string, number>();
  right.forEach((r, i) => {
    const k = JSON.stringify(on.map((f) => r[f]));
    if (seen.has(k)) throw msg.derivedData(c.at('join'), `"${step.join}" has two rows for ${on.map((f) => `${f} ${JSON.stringify(r[f])}`).join(', ')} (rows ${seen.get(k)! + 1} and ${i + 1}), so a joined row would be ambiguous`, `one row of "${step.join}" per ${on.join(', ')}`);
    seen.set(k, i);
  });
  const rows = await run(t.rows, [
    { type: 'formula', expr: keyExpr(on), as: '__k' },
    { type: 'lookup', from: '__right', key: '__k', fields: ['__k'], values: [...pairs.map(([f]) => f), 'source', 'caveats', 'qualifier'], as: [...pairs.map(([, to]) => to), '__js', '__jc', '__jq'] },
    ...(step.how === 'inner' ? [{ type: 'filter', expr: 'datum.__js != null' }] : []),
  ], c.at('join'), (o, raw) => (raw.__js == null ? o : withProvenance(o, [{ source: raw.__js, ...(raw.__jc ? { caveats: raw.__jc } : {}), ...(raw.__jq ? { qualifier: raw.__jq } : {}) } as Row], false)), [
    { name: '__right', values: right.map((r) => ({ ...r })), transform: [{ type: 'formula', expr: keyExpr(on), as: '__k' }] },
  ]);
  const numbers = { ...t.numbers, ...Object.fromEntries(pairs.flatMap(([f, to]) => (other.numbers[f] ? [[to, other.numbers[f]!]] : []))) };
  return { ...t, rows, fields: [...t.fields, ...pairs.map(([, to]) => to).filter((f) => !t.fields.includes(f))], numbers };
}

async function pivot(step: Extract<Step, { pivot: string }>, t: Table, c: StepContext, known: Known): Promise<Table> {
  known(step.pivot, 'pivot');
  known(step.value, 'value');
  step.groupBy.forEach((f, i) => known(f, `groupBy[${i}]`));
  const op = step.op ?? 'sum';
  if (op !== 'count') numeric(t.rows, step.value, `pivot's ${op}`, c, 'value');
  const by = [...step.groupBy];
  const columns = [...new Set(t.rows.map((r) => String(r[step.pivot])))];
  const decimals = decimalsOf(t.rows, step.value);
  const clash = columns.find((v) => by.includes(v) || HIDDEN.test(v) || PROVENANCE.includes(v));
  if (clash !== undefined) throw msg.derivedData(c.at('pivot'), `the value "${clash}" of "${step.pivot}" would become a column with the name of another field`, 'values that are not the names of other fields');
  // the rows of each output row, for its provenance, by the same grouping in the same dataflow
  const groups = new Map<string, Row[]>();
  const spec = [{ name: '__groups', source: 'in', transform: [{ type: 'formula', expr: '1', as: '__one' }, { type: 'aggregate', groupby: by, fields: ['__one'], ops: ['values'], as: ['__rows'] }] }];
  const rows = await run(t.rows, [{ type: 'pivot', field: step.pivot, value: step.value, groupby: by, op }, ...(by.length ? [sortBy(by)] : [])], c.at('pivot'), (o) => {
    if (op !== 'mean') for (const col of columns) if (typeof o[col] === 'number') o[col] = denoise(o[col] as number, decimals);
    return withProvenance(o, groups.get(JSON.stringify(by.map((f) => o[f]))) ?? []);
  }, spec, (view) => {
    for (const g of view.data('__groups') as Row[]) groups.set(JSON.stringify(by.map((f) => g[f])), g.__rows as Row[]);
  });
  const value = t.numbers[step.value];
  const present = columns.filter((col) => rows.some((r) => r[col] !== undefined));
  return { rows, fields: [...by, ...present, 'source', 'qualifier', 'derived', 'caveats'], key: by, numbers: value ? Object.fromEntries(present.map((col) => [col, value])) : {} };
}

/** How a period field's values are written: every value must be written one way. */
type PeriodKind = 'year' | 'year-text' | 'quarter' | 'month' | 'date';
const PATTERNS: [PeriodKind, RegExp][] = [['year-text', /^\d{4}$/], ['quarter', /^\d{4}-Q[1-4]$/], ['month', /^\d{4}-(0[1-9]|1[0-2])$/], ['date', /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/]];
function periodKind(rows: Row[], f: string, c: StepContext, sub: string, allowed: PeriodKind[]): PeriodKind {
  let kind: PeriodKind | undefined;
  for (const [i, r] of rows.entries()) {
    const v = r[f];
    const k: PeriodKind | undefined = typeof v === 'number' && Number.isInteger(v) ? 'year' : typeof v === 'string' ? PATTERNS.find(([, re]) => re.test(v))?.[0] : undefined;
    const expected = `${allowed.map((a) => ({ year: 'years (2024)', 'year-text': 'years ("2024")', quarter: 'quarters ("2024-Q1")', month: 'months ("2024-03")', date: 'dates ("2024-03-31")' })[a]).join(', ')}, all written the same way`;
    if (!k || !allowed.includes(k) || (kind && k !== kind)) throw msg.derivedData(c.at(sub), `row ${i + 1} has ${JSON.stringify(v)} in "${f}"${kind && k && k !== kind ? `, but earlier rows hold ${kind}s` : ''}`, expected);
    kind = k;
  }
  return kind ?? allowed[0]!;
}

async function period(step: Extract<Step, { to: string }>, t: Table, c: StepContext, known: Known): Promise<Table> {
  known(step.period, 'period');
  const as = step.as ?? step.to;
  if (as !== step.period && t.fields.includes(as)) throw msg.derivedInvalid(c.at(step.as ? 'as' : 'to'), `the rows already have a field "${as}"`, 'a new field name', 'Name the result with as: "…".');
  const finer: Record<string, PeriodKind[]> = { month: ['month', 'date'], quarter: ['quarter', 'month', 'date'], year: ['year', 'year-text', 'quarter', 'month', 'date'] };
  const kind = periodKind(t.rows, step.period, c, 'period', finer[step.to]!);
  const v = `toString(${field(step.period)})`;
  const expr =
    step.to === 'year' ? (kind === 'year' ? field(step.period) : `toNumber(slice(${v}, 0, 4))`)
    : step.to === 'quarter' ? (kind === 'quarter' ? v : `slice(${v}, 0, 4) + "-Q" + ceil(toNumber(slice(${v}, 5, 7)) / 3)`)
    : `slice(${v}, 0, 7)`;
  const rows = await run(t.rows, [{ type: 'formula', expr, as }], c.at('period'));
  return { ...t, rows, fields: t.fields.includes(as) ? t.fields : [...t.fields, as] };
}

async function change(step: Extract<Step, { change: string }>, t: Table, c: StepContext, known: Known): Promise<Table> {
  known(step.change, 'change');
  known(step.period, 'period');
  const by = [...(step.groupBy ?? [])];
  by.forEach((f, i) => known(f, `groupBy[${i}]`));
  if (t.fields.includes(step.as)) throw msg.derivedInvalid(c.at('as'), `the rows already have a field "${step.as}"`, 'a new field name');
  numeric(t.rows, step.change, 'a change', c, 'change');
  const kind = periodKind(t.rows, step.period, c, 'period', ['year', 'year-text', 'quarter', 'month']);
  const p = field(step.period);
  const y = `toNumber(slice(toString(${p}), 0, 4))`;
  const lagPeriod = step.lag === 'period';
  const prior =
    kind === 'year' ? `toString(${p} - 1)`
    : kind === 'year-text' ? `toString(${y} - 1)`
    : !lagPeriod ? `toString(${y} - 1) + slice(${p}, 4)`
    : kind === 'month' ? `utcFormat(utc(${y}, toNumber(slice(${p}, 5, 7)) - 2, 1), "%Y-%m")`
    : `toNumber(slice(${p}, 6, 7)) === 1 ? toString(${y} - 1) + "-Q4" : toString(${y}) + "-Q" + toString(toNumber(slice(${p}, 6, 7)) - 1)`;
  // one row per series and period, or "the year before" is not one value
  const seen = new Map<string, number>();
  t.rows.forEach((r, i) => {
    const k = JSON.stringify([...by, step.period].map((f) => r[f]));
    if (seen.has(k)) throw msg.derivedData(c.at('groupBy'), `rows ${seen.get(k)! + 1} and ${i + 1} are both ${[...by, step.period].map((f) => `${f} ${JSON.stringify(r[f])}`).join(', ')}`, `one row per ${[...by, step.period].join(', ')}: group the rows first, or name the fields that tell them apart in groupBy`);
    seen.set(k, i);
  });
  const v = field(step.change);
  const formula = step.kind === 'difference' ? `${v} - datum.__pv` : `datum.__pv === 0 ? null : (${v} - datum.__pv) / datum.__pv * 100`;
  const rows = await run(t.rows, [
    { type: 'lookup', from: 'in', key: '__k', fields: ['__p'], values: [step.change, 'source', 'caveats', 'qualifier'], as: ['__pv', '__ps', '__pc', '__pq'] },
    { type: 'formula', expr: `datum.__pv == null || ${v} == null ? null : ${formula}`, as: step.as },
  ], c.at('change'), (o, raw) => (raw.__pv == null ? o : withProvenance(o, [{ source: raw.__ps, ...(raw.__pc ? { caveats: raw.__pc } : {}), ...(raw.__pq ? { qualifier: raw.__pq } : {}) } as Row], false)), [], undefined, [
    { type: 'formula', expr: keyExpr(by, `toString(${p})`), as: '__k' },
    { type: 'formula', expr: keyExpr(by, prior), as: '__p' },
  ]);
  const numbers = step.kind === 'difference' ? (t.numbers[step.change] ? { [step.as]: t.numbers[step.change]! } : {}) : { [step.as]: { digits: 1, unit: '%' } };
  return { ...t, rows, fields: [...t.fields, step.as], numbers: { ...t.numbers, ...numbers } };
}

// --- the dataflow --------------------------------------------------------------------------------

/**
 * Runs `transforms` over `rows` in a Vega dataflow (the input named "in", after `prepare`, which
 * reads "in" unprepared), returning plain rows without the dataflow's helper fields; `finish`
 * may add provenance from a row's helper fields (`raw`).
 */
async function run(
  rows: Row[],
  transforms: Transform[],
  where: Location,
  finish?: (row: Row, raw: Row) => Row,
  extra: { name: string; values?: Row[]; source?: string; transform?: Transform[] }[] = [],
  after?: (view: vega.View) => void,
  prepare: Transform[] = [],
): Promise<Row[]> {
  const problems: string[] = [];
  const logger = {
    level() { return logger; },
    error: (...a: unknown[]) => problems.push(a.map((x) => (x instanceof Error ? x.message : String(x))).join(' ')),
    warn: (...a: unknown[]) => problems.push(a.map(String).join(' ')),
    info: () => logger,
    debug: () => logger,
  };
  const data = [
    { name: '__input', values: rows.map((r) => ({ ...r })) },
    { name: 'in', source: '__input', transform: prepare },
    ...extra,
    { name: '__out', source: 'in', transform: transforms },
  ];
  let view: vega.View | undefined;
  try {
    const runtime = vega.parse({ data } as never, undefined, { ast: true } as never);
    view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logger: logger as never, logLevel: vega.Warn } as never);
    await view.runAsync();
    if (problems[0]) throw msg.derivedData(where, `the step failed: ${problems[0]}`, 'values the step can compute with');
    after?.(view);
    return (view.data('__out') as Row[]).map((raw) => {
      const o: Row = {};
      for (const [k, v] of Object.entries(raw)) if (!HIDDEN.test(k) && v !== undefined && v !== null) o[k] = v;
      return finish ? finish(o, raw) : o;
    });
  } catch (e) {
    if (e instanceof Error && e.name === 'BriefkitError') throw e;
    throw msg.derivedData(where, `the step failed: ${(e as Error)?.message ?? String(e)}`, 'values the step can compute with');
  } finally {
    view?.finalize();
  }
}
