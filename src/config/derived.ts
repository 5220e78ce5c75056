/**
 * Derived datasets: declared in the config from other datasets, computed at build time on Vega's
 * transform dataflow (src/data/derive.ts).
 *
 *   'region-totals': derived({ from: 'sales', groupBy: ['region'], measures: { revenue: { sum: 'revenue' } }, sort: '-revenue' })
 *   'quarterly':     derived({ from: 'sales', steps: [{ period: 'month', to: 'quarter' }, { groupBy: ['quarter'], measures: { revenue: { sum: 'revenue' } } }] })
 *
 * This file holds the building block and the checks that need no data: the declaration's shape,
 * the datasets it reads (BK050, with a did-you-mean) and circles among derived datasets (BK051).
 * Fields are checked when the steps run, against the rows each step receives.
 */
import { z } from 'zod';
import type { Location } from '../log/error.js';
import * as msg from '../log/message.js';
import { didYouMean } from '../log/suggest.js';
import type { DerivedDecl, DerivedDef, Step } from './types.js';

/** Marks a declaration as derived (the config loader tells it from a file dataset by `from`). */
export function derived<R extends z.ZodRawShape = z.ZodRawShape>(o: DerivedDecl<R>): DerivedDecl<R> {
  return o;
}

/** Each step's operation (its first key) and the options it takes. */
export const STEP_OPTIONS: Record<string, readonly string[]> = {
  where: [],
  compute: [],
  groupBy: ['measures'],
  sort: [],
  top: ['by', 'order', 'per'],
  join: ['on', 'fields', 'how'],
  pivot: ['value', 'groupBy', 'op'],
  unpivot: ['key', 'value'],
  period: ['to', 'as'],
  change: ['period', 'lag', 'groupBy', 'as', 'kind'],
};
/** The operation of a step: `change` before `period` and `groupBy` last, as they are also options of other steps. */
const VERBS = ['where', 'compute', 'sort', 'top', 'join', 'pivot', 'unpivot', 'change', 'period', 'groupBy'];
export const MEASURES = ['sum', 'mean', 'min', 'max', 'count', 'share'] as const;
const SHORTHAND = ['where', 'compute', 'groupBy', 'measures', 'sort', 'top'] as const;
const SETTINGS = ['from', 'steps', ...SHORTHAND, 'key', 'row', 'numbers', 'title', 'unit', 'allowEmpty'];
const FIELD = /^[A-Za-z_$][\w$ .-]*$/;

/** A derived declaration: it names `from`, or has no file and a derived dataset's settings (a misspelt `from` is then reported as such). */
export const isDerivedDecl = (d: unknown): boolean =>
  !!d && typeof d === 'object' && ('from' in d || (!('file' in d) && ['steps', ...SHORTHAND].some((k) => k in d)));

export const stepVerb = (s: object): string | undefined => VERBS.find((v) => v in s);

type At = (field: string) => Location;

/** The checked form of a derived declaration (without its references, which checkReferences checks). */
export function checkDerived(name: string, d: Record<string, unknown>, at: At, line: number | undefined, checkNumbers: (v: unknown, at: Location) => DerivedDef['numbers']): DerivedDef {
  for (const k of Object.keys(d)) {
    if (!SETTINGS.includes(k)) throw msg.derivedInvalid(at(k), `derived dataset "${name}" has an unknown setting "${k}"`, `settings: ${SETTINGS.join(', ')}`, didYouMean(k, SETTINGS));
  }
  if (typeof d.from !== 'string' || d.from === '') throw msg.derivedInvalid(at('from'), `"from" is ${describe(d.from)}`, 'the name of a dataset, e.g. from: "sales"');
  const shorthand = SHORTHAND.filter((k) => d[k] !== undefined);
  let steps: Step[];
  if (d.steps !== undefined) {
    if (shorthand.length) throw msg.derivedInvalid(at(shorthand[0]!), `derived dataset "${name}" has both "steps" and "${shorthand[0]}"`, 'either a list of steps or the shorthand (where, compute, groupBy and measures, sort, top)', `Move "${shorthand[0]}" into steps as { ${shorthand[0]}: … }.`);
    if (!Array.isArray(d.steps) || d.steps.length === 0) throw msg.derivedInvalid(at('steps'), `"steps" is ${describe(d.steps)}`, 'a list of steps, e.g. [{ where: "datum.revenue > 0" }, { groupBy: ["region"], measures: { revenue: { sum: "revenue" } } }]');
    steps = d.steps as Step[];
  } else {
    steps = [];
    if (d.where !== undefined) steps.push({ where: d.where as never });
    if (d.compute !== undefined) steps.push({ compute: d.compute as never });
    if (d.groupBy !== undefined || d.measures !== undefined) steps.push({ groupBy: (d.groupBy ?? []) as never, measures: d.measures as never });
    if (d.sort !== undefined) steps.push({ sort: d.sort as never });
    if (d.top !== undefined) steps.push({ top: d.top as never });
  }
  const inSteps = d.steps !== undefined;
  steps.forEach((s, i) => checkStep(s, inSteps ? (f) => at(`steps[${i}]${f ? '.' + f : ''}`) : (f) => at(f || stepVerb(s as object) || '')));
  const reads = [d.from, ...steps.flatMap((s) => ('join' in s && typeof s.join === 'string' ? [s.join] : []))].filter((v, i, a) => a.indexOf(v) === i) as string[];

  let key: string[] | undefined;
  if (d.key !== undefined) {
    if (!Array.isArray(d.key) || d.key.length === 0 || !d.key.every((k) => typeof k === 'string')) throw msg.derivedInvalid(at('key'), `key is ${describe(d.key)}`, 'a list of fields of the derived rows, e.g. ["region"]');
    key = [...d.key] as string[];
  }
  let row: z.ZodObject | undefined;
  if (d.row !== undefined) {
    const shape = (isZod(d.row) ? (d.row as { shape?: unknown }).shape : d.row) as Record<string, unknown> | undefined;
    if (!shape || typeof shape !== 'object') throw msg.configNotZod(at('row'), name, 'row', describe(d.row));
    for (const [f, s] of Object.entries(shape)) if (!isZod(s)) throw msg.configNotZod(at(`row.${f}`), name, `row.${f}`, describe(s));
    row = z.strictObject({ ...DERIVED_PROVENANCE, ...(shape as z.ZodRawShape) });
  }
  for (const k of ['title', 'unit'] as const) if (d[k] !== undefined && typeof d[k] !== 'string') throw msg.derivedInvalid(at(k), `${k} is ${describe(d[k])}`, 'text');
  if (d.allowEmpty !== undefined && typeof d.allowEmpty !== 'boolean') throw msg.derivedInvalid(at('allowEmpty'), `allowEmpty is ${describe(d.allowEmpty)}`, 'true or false');
  return {
    name,
    from: d.from,
    steps,
    listed: inSteps,
    reads,
    ...(key ? { key } : {}),
    ...(row ? { row } : {}),
    numbers: checkNumbers(d.numbers, at('numbers')),
    ...(typeof d.title === 'string' ? { title: d.title } : {}),
    ...(typeof d.unit === 'string' ? { unit: d.unit } : {}),
    allowEmpty: d.allowEmpty === true,
    ...(line !== undefined ? { line } : {}),
  };
}

/** Provenance fields every derived row may carry, beside the declared ones. */
const DERIVED_PROVENANCE: z.ZodRawShape = {
  source: z.array(z.string().min(1)).optional(),
  qualifier: z.enum(['approx', 'nearly', 'over', 'upTo']).optional(),
  derived: z.boolean().optional(),
  reported: z.string().optional(),
  note: z.string().optional(),
  caveats: z.array(z.number().int().positive()).optional(),
};

const fieldList = (v: unknown) => Array.isArray(v) && v.every((f) => typeof f === 'string' && FIELD.test(f));
const fieldName = (v: unknown) => typeof v === 'string' && FIELD.test(v);

function checkStep(s: unknown, at: At): void {
  const example = 'a step such as { where: "datum.revenue > 0" } or { groupBy: ["region"], measures: { revenue: { sum: "revenue" } } }';
  if (!s || typeof s !== 'object' || Array.isArray(s)) throw msg.derivedInvalid(at(''), `a step is ${describe(s)}`, example);
  const keys = Object.keys(s);
  const verb = stepVerb(s);
  if (!verb) {
    const hint = keys.map((k) => didYouMean(k, VERBS)).find(Boolean) ?? '';
    throw msg.derivedInvalid(at(''), `the step { ${keys.join(', ')} } names no operation`, `one of: ${VERBS.join(', ')}`, hint);
  }
  const allowed = [verb, ...STEP_OPTIONS[verb]!];
  const extra = keys.find((k) => !allowed.includes(k));
  if (extra) throw msg.derivedInvalid(at(extra), `a ${verb} step has no option "${extra}"`, `the options of ${verb}: ${STEP_OPTIONS[verb]!.join(', ') || '(none)'}`, didYouMean(extra, allowed));
  const o = s as Record<string, unknown>;
  const bad = (field: string, expected: string) => msg.derivedInvalid(at(field), `${field} is ${describe(o[field])}`, expected);
  switch (verb) {
    case 'where':
      if (!(typeof o.where === 'string' && o.where.trim()) && !(o.where && typeof o.where === 'object' && !Array.isArray(o.where) && Object.keys(o.where).length)) {
        throw bad('where', 'an expression such as "datum.revenue > 0", or fields and values such as { region: "North" }');
      }
      break;
    case 'compute':
      if (!o.compute || typeof o.compute !== 'object' || Array.isArray(o.compute) || !Object.keys(o.compute).length || !Object.entries(o.compute).every(([k, e]) => fieldName(k) && typeof e === 'string' && e.trim())) {
        throw bad('compute', 'new fields and their expressions, e.g. { margin: "datum.revenue - datum.cost" }');
      }
      break;
    case 'groupBy': {
      if (!fieldList(o.groupBy)) throw bad('groupBy', 'a list of fields, e.g. ["region"] ([] for one row of totals)');
      const m = o.measures;
      if (!m || typeof m !== 'object' || Array.isArray(m) || !Object.keys(m).length) throw bad('measures', 'named summaries, e.g. { revenue: { sum: "revenue" }, rows: { count: true } }');
      for (const [k, v] of Object.entries(m)) checkMeasure(k, v, (f) => at(`measures.${k}${f ? '.' + f : ''}`));
      break;
    }
    case 'sort':
      if (!(fieldName(String(o.sort).replace(/^-/, '')) && typeof o.sort === 'string') && !(Array.isArray(o.sort) && o.sort.length && o.sort.every((f) => typeof f === 'string' && fieldName(f.replace(/^-/, ''))))) {
        throw bad('sort', 'a field or a list of fields, "-" before one for descending order, e.g. ["-revenue", "region"]');
      }
      break;
    case 'top':
      if (!(typeof o.top === 'number' && Number.isInteger(o.top) && o.top > 0)) throw bad('top', 'a whole number of rows, at least 1');
      if (o.by !== undefined && !fieldName(o.by)) throw bad('by', 'the field that ranks the rows');
      if (o.order !== undefined && o.order !== 'descending' && o.order !== 'ascending') throw bad('order', '"descending" (the default: largest first) or "ascending"');
      if (o.per !== undefined && !fieldList(o.per)) throw bad('per', 'a list of fields: the top rows of each of their groups');
      if (o.per !== undefined && o.by === undefined) throw bad('by', 'the field that ranks the rows within each group of "per"');
      break;
    case 'join':
      if (typeof o.join !== 'string' || !o.join) throw bad('join', 'the name of a dataset');
      if (!fieldName(o.on) && !(fieldList(o.on) && (o.on as unknown[]).length)) throw bad('on', 'the field or fields both datasets share, e.g. ["region", "month"]');
      if (o.fields !== undefined && !fieldList(o.fields) && !(o.fields && typeof o.fields === 'object' && Object.entries(o.fields).every(([k, v]) => fieldName(k) && fieldName(v)))) {
        throw bad('fields', 'the fields to bring, e.g. ["target"], or renamed, e.g. { value: "target" }');
      }
      if (o.how !== undefined && o.how !== 'left' && o.how !== 'inner') throw bad('how', '"left" (keep rows without a match; the default) or "inner" (drop them)');
      break;
    case 'pivot':
      if (!fieldName(o.pivot)) throw bad('pivot', 'the field whose values become columns');
      if (!fieldName(o.value)) throw bad('value', 'the field whose values fill the columns');
      if (!fieldList(o.groupBy)) throw bad('groupBy', 'the fields that make one row each, e.g. ["month"]');
      if (o.op !== undefined && !['sum', 'mean', 'min', 'max', 'count'].includes(String(o.op))) throw bad('op', 'sum (the default), mean, min, max or count');
      break;
    case 'unpivot':
      if (!(fieldList(o.unpivot) && (o.unpivot as unknown[]).length)) throw bad('unpivot', 'the columns that become rows, e.g. ["north", "south"]');
      if (!fieldName(o.key)) throw bad('key', 'the new field naming the column a row came from');
      if (!fieldName(o.value)) throw bad('value', 'the new field holding its value');
      break;
    case 'period':
      if (!fieldName(o.period)) throw bad('period', 'the field holding a date (YYYY-MM-DD), month (YYYY-MM), quarter (YYYY-Qn) or year');
      if (!['month', 'quarter', 'year'].includes(String(o.to))) throw bad('to', '"month", "quarter" or "year"');
      if (o.as !== undefined && !fieldName(o.as)) throw bad('as', 'the new field (default: the unit\'s name)');
      break;
    case 'change':
      if (!fieldName(o.change)) throw bad('change', 'the numeric field whose change is computed');
      if (!fieldName(o.period)) throw bad('period', 'the field holding the month, quarter or year of a row');
      if (o.lag !== undefined && o.lag !== 'year' && o.lag !== 'period') throw bad('lag', '"year" (the same period a year earlier; the default) or "period" (the period before)');
      if (o.groupBy !== undefined && !fieldList(o.groupBy)) throw bad('groupBy', 'the fields of a series, e.g. ["region"]');
      if (!fieldName(o.as)) throw bad('as', 'the new field, e.g. "growth"');
      if (o.kind !== undefined && o.kind !== 'percent' && o.kind !== 'difference') throw bad('kind', '"percent" (the default) or "difference"');
      break;
  }
}

function checkMeasure(name: string, m: unknown, at: At): void {
  const expected = `one of ${MEASURES.map((k) => (k === 'count' ? '{ count: true }' : `{ ${k}: "field" }`)).join(', ')}`;
  if (!FIELD.test(name)) throw msg.derivedInvalid(at(''), `the measure name "${name}" is not a field name`, 'letters, digits, _ and -');
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw msg.derivedInvalid(at(''), `measure "${name}" is ${describe(m)}`, expected);
  const keys = Object.keys(m);
  const op = keys.find((k) => (MEASURES as readonly string[]).includes(k));
  if (!op) throw msg.derivedInvalid(at(''), `measure "${name}" names no summary ({ ${keys.join(', ')} })`, expected, keys.map((k) => didYouMean(k, MEASURES)).find(Boolean) ?? '');
  const extra = keys.find((k) => k !== op && !(op === 'share' && k === 'within'));
  if (extra) throw msg.derivedInvalid(at(extra), `measure "${name}" has an unknown option "${extra}"`, op === 'share' ? 'share and within' : `only ${op}`, didYouMean(extra, op === 'share' ? ['within'] : []));
  const v = (m as Record<string, unknown>)[op];
  if (op === 'count' ? v !== true : !fieldName(v)) throw msg.derivedInvalid(at(op), `measure "${name}": ${op} is ${describe(v)}`, op === 'count' ? '{ count: true }' : `a numeric field, e.g. { ${op}: "revenue" }`);
  const within = (m as Record<string, unknown>).within;
  if (within !== undefined && !fieldList(within)) throw msg.derivedInvalid(at('within'), `measure "${name}": within is ${describe(within)}`, 'grouping fields the share is taken within, e.g. ["month"]');
}

/**
 * The derived datasets in an order where each comes after every dataset it reads; a name no
 * dataset has is BK050 (with a did-you-mean), a circle BK051.
 */
export function orderDerived(defs: DerivedDef[], fileNames: string[], at: (def: DerivedDef, field: string) => Location): DerivedDef[] {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const all = [...fileNames, ...byName.keys()];
  for (const d of defs) {
    for (const r of d.reads) {
      if (!all.includes(r)) {
        const field = r === d.from ? 'from' : `steps[${d.steps.findIndex((s) => 'join' in s && s.join === r)}].join`;
        throw msg.derivedUnknownDataset(at(d, field), r, all.filter((n) => n !== d.name), didYouMean(r, all.filter((n) => n !== d.name)));
      }
      if (r === d.name) throw msg.derivedCycle(at(d, 'from'), [d.name, d.name]);
    }
  }
  const out: DerivedDef[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: DerivedDef, path: string[]) => {
    if (state.get(d.name) === 'done') return;
    if (state.get(d.name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(d.name)), d.name];
      throw msg.derivedCycle(at(byName.get(cycle[0]!)!, 'from'), cycle);
    }
    state.set(d.name, 'visiting');
    for (const r of d.reads) {
      const dep = byName.get(r);
      if (dep) visit(dep, [...path, d.name]);
    }
    state.set(d.name, 'done');
    out.push(d);
  };
  for (const d of defs) visit(d, []);
  return out;
}

const isZod = (v: unknown): v is z.ZodType => !!v && typeof v === 'object' && '_zod' in v && typeof (v as { safeParse?: unknown }).safeParse === 'function';

export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `the list ${JSON.stringify(v)}`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return isZod(v) ? 'a zod schema' : `the object ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}
