/** Selecting rows of a dataset: by their key and by equality filters on fields. */
import type { Dataset, Row } from './load.js';

/** Fields a key given without a field name matches, whatever the dataset declares: a year (number); an id, period, date or month (string). */
const USUAL_KEYS = { number: ['year'], string: ['id', 'period', 'date', 'month'] } as const;

/**
 * Whether a row's key is `key`: one of the fields of the dataset's declared key (`key: ['region']`,
 * a derived dataset's groupBy fields) equals it, or one of the usual key fields does.
 */
export function keyMatches(ds: Pick<Dataset, 'key'>, r: Row, key: unknown): boolean {
  if (typeof key !== 'number' && typeof key !== 'string') return false;
  return (ds.key ?? []).some((f) => r[f] === key) || USUAL_KEYS[typeof key as 'number' | 'string'].some((f) => r[f] === key);
}

/** The fields of `ds` a key given without a field name may match, for messages: its declared key's, then the usual ones it has. */
export function keyFieldsOf(ds: Pick<Dataset, 'key' | 'fields'>): string[] {
  return [...new Set([...(ds.key ?? []), ...USUAL_KEYS.number, ...USUAL_KEYS.string])].filter((f) => ds.fields.includes(f));
}

/** Rows whose key matches (see keyMatches), plus hash filters (e.g. origin="China"). */
export function matchRows(ds: Dataset, key: unknown, filters: Record<string, unknown>): Row[] {
  return ds.rows.filter((r) => {
    if (r.excluded === true) return false;
    if (key !== undefined && !keyMatches(ds, r, key)) return false;
    return Object.entries(filters).every(([k, v]) => r[k] === v);
  });
}

/** The first field (not a list) whose value differs among `rows`: a filter on it would pick one of them. */
export function distinguishingField(rows: Row[]): string | undefined {
  const first = rows[0];
  if (!first) return undefined;
  return Object.keys(first).find((k) => k !== 'source' && typeof first[k] !== 'object' && rows.some((r) => r[k] !== first[k]));
}
