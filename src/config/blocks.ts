/**
 * Building blocks for a project's datasets (briefkit.config.ts). Each returns a dataset
 * declaration; its zod row schema is the validator and, through z.infer, the TypeScript type.
 *
 *   'grants':    yearlySeries({ file: 'grants.json' })                                  // year, value
 *   'by-origin': yearlySeries({ file: 'by-origin.csv', by: { origin: z.enum(['A', 'B']) } })
 *   'timeline':  events({ file: 'timeline.csv', fields: { actor: z.string() } })         // date, end?, event
 *   'headline':  namedFigures({ file: 'headline.json' })                                 // id, label, value, unit
 *   'caveats':   caveats({ file: 'caveats.json' })    'glossary': glossary({ file: 'glossary.yaml' })
 *
 * Anything else is `dataset({ file, row: { …provenance, … }, key: ['field', …] })`.
 */
import { z } from 'zod';
import { isRealIsoDate } from '../format/date.js';
import type { DatasetDecl, FieldNumbers, RowKey } from './types.js';

// --- field types ---------------------------------------------------------------------------------
export const sourceList = z.array(z.string().min(1)).min(1, 'at least one source id');
export const year = z.number().int().min(1900).max(2100);
export const count = z.number().finite().nonnegative();

export const isoDate = z.string().refine(isRealIsoDate, 'an existing date written YYYY, YYYY-MM or YYYY-MM-DD');
/** YYYY-MM naming a month. */
export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month written YYYY-MM');
export const qualifier = z.enum(['approx', 'nearly', 'over', 'upTo']);
export const kebabId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id');
export const caveatIds = z.array(z.number().int().positive());

/**
 * Provenance: the fields any sourced value carries. `source` lists ids from the sources file;
 * `qualifier` prints as "about", "nearly", "more than", "up to"; `reported` is the figure as the
 * source words it; `excluded` rows are kept for transparency but never charted or matched.
 */
export const provenance = {
  source: sourceList,
  qualifier: qualifier.optional(),
  derived: z.boolean().optional(),
  reported: z.string().optional(),
  note: z.string().optional(),
  caveats: caveatIds.optional(),
  excluded: z.boolean().optional(),
};

/** Fields of a JSON or YAML dataset file around its rows. */
export const seriesMeta = {
  title: z.string().min(1),
  description: z.string().optional(),
  unit: z.string().min(1),
  caveats: caveatIds.optional(),
};

type Shape = z.ZodRawShape;

interface Common {
  /** File in data/ (.json, .csv, .yaml or .yml). */
  file: string;
  /** Whether every row must name its sources (default true). */
  sourced?: boolean;
  /** Accept a file with no rows (default false). */
  allowEmpty?: boolean;
  /**
   * How numeric fields print wherever they appear (tables, {{fig}}, {{keyfigure}}, cover key
   * figures, chart labels and axes) unless a table column or helper says otherwise: decimals
   * (`digits`, 0–6) and `unit` ("%": a percentage). `{ change: { digits: 1, unit: '%' } }`
   * prints −18.17 as "−18.2%". Meant for derived values (growth rates, shares); a figure as the
   * source states it needs no entry.
   */
  numbers?: Record<string, FieldNumbers>;
}

/** Any dataset: a row schema, a key that must be unique per row, and where the rows are. */
export function dataset<R extends Shape>(o: Common & { row: R; key?: RowKey; rowsField?: string; meta?: Shape }): DatasetDecl<R> {
  return {
    file: o.file,
    row: o.row,
    ...(o.key ? { key: o.key } : {}),
    rowsField: o.rowsField ?? 'rows',
    meta: o.meta ?? seriesMeta,
    sourced: o.sourced ?? true,
    allowEmpty: o.allowEmpty ?? false,
    ...(o.numbers ? { numbers: o.numbers } : {}),
  };
}

/**
 * One value per year, optionally per category: `by: { origin: z.enum([…]) }` makes the key
 * (year, origin). `value: false` drops the `value` field (e.g. a rank series declares its own).
 */
export function yearlySeries<B extends Shape = {}, F extends Shape = {}>(
  o: Common & { by?: B; fields?: F; value?: z.ZodType | false },
) {
  const value: Shape = o.value === false ? {} : { value: o.value ?? count };
  const row = { year, ...value, ...(o.by ?? ({} as B)), ...(o.fields ?? ({} as F)), ...provenance };
  return dataset({ ...o, row: row as typeof row, key: ['year', ...Object.keys(o.by ?? {})] });
}

/** One value per month (YYYY-MM), optionally per category; `value: false` drops the `value` field, as for yearlySeries. */
export function monthlySeries<B extends Shape = {}, F extends Shape = {}>(o: Common & { by?: B; fields?: F; value?: z.ZodType | false }) {
  const value: Shape = o.value === false ? {} : { value: o.value ?? z.number().finite() };
  const row = { month: isoMonth, ...value, ...(o.by ?? ({} as B)), ...(o.fields ?? ({} as F)), ...provenance };
  return dataset({ ...o, row: row as typeof row, key: ['month', ...Object.keys(o.by ?? {})] });
}

/** Dated events (an ISO date, an optional end date, what happened); `key` if events must be unique. */
export function events<F extends Shape = {}>(o: Common & { fields?: F; key?: RowKey }) {
  const row = { date: isoDate, end: isoDate.optional(), event: z.string().min(1), ...(o.fields ?? ({} as F)), ...provenance };
  return dataset({ ...o, row: row as typeof row, ...(o.key ? { key: o.key } : {}) });
}

/** Named figures: one sourced number each, addressed by id ({{fig "dataset" "figure-id"}}). */
export function namedFigures<F extends Shape = {}>(o: Common & { fields?: F }) {
  const row = {
    id: kebabId,
    label: z.string().min(1),
    value: z.number().finite(),
    unit: z.string().min(1),
    period: z.string().min(1).optional(),
    ...(o.fields ?? ({} as F)),
    ...provenance,
  };
  const meta = { title: z.string().optional(), description: z.string().optional(), period: z.string().optional() };
  return dataset({ ...o, row: row as typeof row, key: ['id'], rowsField: 'figures', meta });
}

/** Numbered caveats that rows and datasets point to with `caveats: [ids]`. */
export function caveats(o: Common) {
  const row = { id: z.number().int().positive(), title: z.string().min(1), summary: z.string().min(1), source: sourceList };
  return dataset({ ...o, row, key: (r) => `caveat ${r.id}`, rowsField: 'caveats', meta: {} });
}

/** Terms with an explanation; `fields` adds columns such as a translation or a kind. */
export function glossary<F extends Shape = {}>(o: Omit<Common, 'sourced'> & { fields?: F }) {
  const row = { id: z.string().min(1), ...(o.fields ?? ({} as F)), note: z.string().optional(), source: sourceList.optional() };
  return dataset({ ...o, sourced: false, row: row as typeof row, key: (r) => `term "${r.id}"`, rowsField: 'terms', meta: {} });
}

// --- sources -----------------------------------------------------------------------------------
export const sourceSchema = z
  .strictObject({
    id: kebabId,
    title: z.string().min(1),
    /** The title as a short note gives it after the first, full one (Chicago 14.30: its key words, at most about four); default: the title up to a colon or semicolon. */
    shortTitle: z.string().min(1).optional(),
    /** The title is the editors' description of an untitled item: printed in sentence case, in square brackets, without quotation marks (Chicago 14.xx, descriptive titles). */
    descriptive: z.boolean().optional(),
    /** Who published it: printed as the author when `author` is absent, and as the site otherwise. */
    publisher: z.string().min(1),
    /** A named author (a person or a body), when the source names one. */
    author: z.string().min(1).optional(),
    /** The item names neither an author nor its original publisher (a reprint of an unnamed outlet's report): the note begins with its title. */
    unsigned: z.boolean().optional(),
    /** The site, newspaper or series the item appeared in, when it is not the publisher. */
    container: z.string().min(1).optional(),
    /** The site the item is kept at when it is a reprint of another publisher's item: printed "Reprinted by …" after the date. */
    reprintedBy: z.string().min(1).optional(),
    date: isoDate.optional(),
    /** When an undated web page was consulted (YYYY-MM-DD). */
    accessed: isoDate.optional(),
    url: z.string().regex(/^https?:\/\//, 'an http(s) address').optional(),
    article: z.string().regex(/^[\w.-]+\.txt$/, 'a source-article file name').optional(),
    kind: z.enum(['article', 'web', 'dataset', 'report']),
    /** For the editors (reliability, where else the text is found): never printed. */
    note: z.string().optional(),
    /**
     * Data made up rather than found (a tutorial's or a test's, written by a script): it has no
     * address to give, so it needs no `url`; its title must say what it is.
     */
    synthetic: z.boolean().optional(),
  })
  // a source article may also name the address where the same text is published
  .refine((s) => Boolean(s.url) || Boolean(s.article) || s.synthetic === true, { message: 'a "url" or an "article" (or both), or "synthetic": true for made-up data' })
  .refine((s) => !s.synthetic || /\bsynthetic\b/i.test(s.title), { message: 'a synthetic source whose title says it is synthetic' })
  .refine((s) => !s.article || s.kind === 'article', { message: 'an "article" file only with kind "article"' });
export const sourcesFile = z.strictObject({ $schema: z.string().optional(), sources: z.array(sourceSchema).min(1) });
export type Source = z.infer<typeof sourceSchema>;
