/**
 * The datasets briefkit knows: file, format, schema and the key that must be unique per row.
 * Adding a dataset = a file in data/ + one entry here (its schema is its TypeScript type).
 */
import type { z } from 'zod';
import * as s from './schemas.js';

export type RowKey = (row: Record<string, unknown>) => string;

export interface DatasetDef {
  name: string;
  format: 'json' | 'csv';
  /** Whole-file schema (JSON) or row schema (CSV). */
  schema: z.ZodType;
  /** Field holding the rows in a JSON file. */
  rowsField: 'rows' | 'figures' | 'caveats' | 'terms';
  /** Unique key of a row, for duplicate detection; omit when rows may repeat. */
  key?: RowKey;
  /** Fields every row must have a source for (all rows carry `source` unless false). */
  sourced: boolean;
  /** Whether a dataset with no rows is acceptable. */
  allowEmpty?: boolean;
}

const byYear: RowKey = (r) => `year ${r.year}`;
const byYearAnd = (f: string): RowKey => (r) => `year ${r.year}, ${f} "${String(r[f])}"`;

export const DATASETS: readonly DatasetDef[] = [
  { name: 'invention-grants', format: 'json', schema: s.yearValue, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'invention-applications', format: 'json', schema: s.yearValue, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'utility-design-grants', format: 'json', schema: s.yearKindValue, rowsField: 'rows', key: byYearAnd('kind'), sourced: true },
  { name: 'utility-design-applications', format: 'json', schema: s.yearKindValue, rowsField: 'rows', key: byYearAnd('kind'), sourced: true },
  { name: 'pct-by-origin', format: 'csv', schema: s.pctByOriginRow, rowsField: 'rows', key: byYearAnd('origin'), sourced: true },
  { name: 'pct-cnipa-receiving-office', format: 'json', schema: s.yearValue, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'gii-rank', format: 'json', schema: s.yearRank, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'trademark-registrations', format: 'json', schema: s.yearValue, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'trademark-applications', format: 'json', schema: s.yearMeasureValue, rowsField: 'rows', key: byYearAnd('measure'), sourced: true },
  { name: 'court-ip-cases', format: 'json', schema: s.courtCases, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'admin-enforcement', format: 'json', schema: s.yearMeasureValue, rowsField: 'rows', key: byYearAnd('measure'), sourced: true },
  { name: 'protection-centres', format: 'json', schema: s.dateCount, rowsField: 'rows', key: (r) => `date ${r.date}, scope "${String(r.scope)}"`, sourced: true },
  { name: 'ip-fee-trade', format: 'json', schema: s.feeTrade, rowsField: 'rows', key: (r) => `period "${r.period}", ${r.measure}, ${r.currency}, ${(r.source as string[]).join('+')}`, sourced: true },
  { name: 'special-301', format: 'json', schema: s.special301, rowsField: 'rows', key: byYear, sourced: true },
  { name: 'enforcement-2023', format: 'json', schema: s.figures, rowsField: 'figures', key: (r) => `id "${r.id}"`, sourced: true },
  { name: 'snapshots', format: 'json', schema: s.figures, rowsField: 'figures', key: (r) => `id "${r.id}"`, sourced: true },
  { name: 'reactions', format: 'csv', schema: s.reactionRow, rowsField: 'rows', sourced: true },
  { name: 'caveats', format: 'json', schema: s.caveats, rowsField: 'caveats', key: (r) => `caveat ${r.id}`, sourced: true },
  { name: 'glossary', format: 'json', schema: s.glossary, rowsField: 'terms', key: (r) => `term "${r.id}"`, sourced: false },
];

export const SOURCES_FILE = 'sources.json';

export function datasetDef(name: string): DatasetDef | undefined {
  return DATASETS.find((d) => d.name === name);
}

export function fileOf(def: DatasetDef): string {
  return `${def.name}.${def.format}`;
}
