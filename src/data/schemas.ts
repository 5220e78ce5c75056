/**
 * Dataset schemas. They are the TypeScript types (z.infer) and the validators, and they are
 * exported as JSON Schema (schemas/*.schema.json) for editor completion.
 */
import { z } from 'zod';

// --- building blocks ---------------------------------------------------------------------------
export const sourceList = z.array(z.string().min(1)).min(1, 'at least one source id');
export const year = z.number().int().min(1900).max(2100);
export const count = z.number().finite().nonnegative();
/** YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists. */
export function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (mo === undefined) return true;
  if (Number(mo) < 1 || Number(mo) > 12) return false;
  if (d === undefined) return true;
  const last = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  return Number(d) >= 1 && Number(d) <= last;
}
export const isoDate = z.string().refine(isRealIsoDate, 'an existing date written YYYY, YYYY-MM or YYYY-MM-DD');
export const qualifier = z.enum(['approx', 'nearly', 'over', 'upTo']);

/** Optional fields any sourced value may carry. */
const provenance = {
  source: sourceList,
  qualifier: qualifier.optional(),
  derived: z.boolean().optional(),
  reported: z.string().optional(),
  note: z.string().optional(),
  caveats: z.array(z.number().int().positive()).optional(),
  excluded: z.boolean().optional(),
};

const envelope = {
  $schema: z.string().optional(),
  title: z.string().min(1),
  description: z.string().optional(),
  unit: z.string().min(1),
  caveats: z.array(z.number().int().positive()).optional(),
};

/** A dataset file: an envelope plus typed rows. */
const series = <T extends z.ZodRawShape>(row: T) =>
  z.strictObject({ ...envelope, rows: z.array(z.strictObject({ ...row, ...provenance })) });

// --- sources -----------------------------------------------------------------------------------
export const sourceSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
    title: z.string().min(1),
    publisher: z.string().min(1),
    date: isoDate.optional(),
    url: z.string().regex(/^https?:\/\//, 'an http(s) address').optional(),
    article: z.string().regex(/^[\w.-]+\.txt$/, 'a source-article file name').optional(),
    kind: z.enum(['article', 'web', 'dataset', 'report']),
    note: z.string().optional(),
  })
  // a source article may also name the address where the same text is published
  .refine((s) => Boolean(s.url) || Boolean(s.article), { message: 'a "url" or an "article" (or both)' })
  .refine((s) => !s.article || s.kind === 'article', { message: 'an "article" file only with kind "article"' });
export const sourcesFile = z.strictObject({ $schema: z.string().optional(), sources: z.array(sourceSchema).min(1) });
export type Source = z.infer<typeof sourceSchema>;

// --- datasets ------------------------------------------------------------------------------------
export const yearValue = series({ year, value: count, growthStated: z.number().finite().optional(), domestic: count.optional() });
export const yearKindValue = series({ year, kind: z.enum(['utility-model', 'design']), value: count });
export const yearRank = series({ year, rank: z.number().int().positive(), clusters: count.optional() });
export const yearMeasureValue = series({ year, value: count, measure: z.string().min(1), growthStated: z.number().finite().optional() });
export const courtCases = series({
  year,
  received: count,
  concluded: count.optional(),
  change: z.number().finite().optional(),
  scope: z.string().min(1),
});
export const dateCount = series({ date: isoDate, count, scope: z.string().min(1) });
export const feeTrade = series({
  period: z.string().min(1),
  year,
  measure: z.enum(['total', 'payments', 'receipts', 'exports', 'imports', 'deficit', 'target-total']),
  value: z.number().finite(),
  currency: z.enum(['USD', 'CNY']),
  scale: z.enum(['bn', 'unit']),
  growthStated: z.number().finite().optional(),
});
export const special301 = series({
  year,
  status: z.string().min(1),
  section306: z.boolean().optional(),
  inferred: z.boolean().optional(),
  pwlCountries: count.optional(),
  consecutiveYear: z.number().int().positive().optional(),
});

const figure = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id'),
  label: z.string().min(1),
  value: z.number().finite(),
  unit: z.string().min(1),
  period: z.string().min(1).optional(),
  growthStated: z.number().finite().optional(),
  ...provenance,
});
export const figures = z.strictObject({
  $schema: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  period: z.string().optional(),
  figures: z.array(figure),
});
export type Figure = z.infer<typeof figure>;

export const caveats = z.strictObject({
  $schema: z.string().optional(),
  caveats: z.array(
    z.strictObject({ id: z.number().int().positive(), title: z.string().min(1), summary: z.string().min(1), source: sourceList }),
  ),
});

export const glossary = z.strictObject({
  $schema: z.string().optional(),
  terms: z.array(
    z.strictObject({
      id: z.string().min(1),
      english: z.string().min(1),
      chinese: z.string().min(1),
      kind: z.enum(['institution', 'law', 'programme', 'event']),
      note: z.string().optional(),
      source: sourceList.optional(),
    }),
  ),
});

// --- CSV datasets: cells arrive as strings -----------------------------------------------------------
const csvNumber = (inner: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), inner);
const csvOptional = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === '' ? undefined : v), inner.optional());
const csvList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(';').map((s) => s.trim()).filter(Boolean) : v),
  sourceList,
);

export const pctByOriginRow = z.strictObject({
  year: csvNumber(year),
  origin: z.enum(['China', 'United States', 'Japan']),
  value: csvNumber(count),
  qualifier: csvOptional(qualifier),
  source: csvList,
  note: csvOptional(z.string()),
});

export const reactionKinds = ['accusation', 'sanction-tariff', 'agreement', 'litigation', 'recognition', 'reform'] as const;
export const actorGroups = ['United States', 'European Union', 'WIPO', 'Business', 'China', 'WTO'] as const;
export const reactionRow = z.strictObject({
  date: isoDate,
  end: csvOptional(isoDate),
  actor: z.string().min(1),
  actorGroup: z.enum(actorGroups),
  kind: z.enum(reactionKinds),
  event: z.string().min(1),
  source: csvList,
});
