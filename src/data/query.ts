/** Selecting rows of a dataset: by their key and by equality filters on fields. */
import type { Dataset, Row } from './load.js';

/** Rows whose key matches: a year (number) or an id, period, date or month (string), plus hash filters (e.g. origin="China"). */
export function matchRows(ds: Dataset, key: unknown, filters: Record<string, unknown>): Row[] {
  return ds.rows.filter((r) => {
    if (r.excluded === true) return false;
    if (key !== undefined) {
      if (typeof key === 'number' && r.year !== key) return false;
      if (typeof key === 'string' && r.id !== key && r.period !== key && r.date !== key && r.month !== key) return false;
    }
    return Object.entries(filters).every(([k, v]) => r[k] === v);
  });
}

/** The first field (not a list) whose value differs among `rows`: a filter on it would pick one of them. */
export function distinguishingField(rows: Row[]): string | undefined {
  const first = rows[0];
  if (!first) return undefined;
  return Object.keys(first).find((k) => k !== 'source' && typeof first[k] !== 'object' && rows.some((r) => r[k] !== first[k]));
}
