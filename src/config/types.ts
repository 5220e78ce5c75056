/**
 * What a project's briefkit.config.ts declares, and the checked form the build uses.
 */
import type { z } from 'zod';
import type { FieldNumbers } from '../format/value.js';

export type { FieldNumbers };
import type { Helper, ProjectHelper } from './helpers.js';

/** Fields whose values, together, must be unique per row; or a function naming a row's key. */
export type RowKey = readonly string[] | ((row: Record<string, unknown>) => string);

/** A dataset as a building block (blocks.ts) returns it; the name is its key in `datasets`. */
export interface DatasetDecl<R extends z.ZodRawShape = z.ZodRawShape> {
  /** File in data/: .json, .yaml/.yml (rows under `rowsField`, plus `meta` fields) or .csv (one row per line). */
  file: string;
  /** Fields of one row. */
  row: R;
  /** Unique key per row (duplicates are an error); omit when rows may repeat. */
  key?: RowKey;
  /** JSON/YAML: the field holding the rows (default "rows"). */
  rowsField?: string;
  /** JSON/YAML: fields of the file around its rows (default: title, unit, description, caveats). */
  meta?: z.ZodRawShape;
  /** Every row must name its sources (default true). */
  sourced?: boolean;
  allowEmpty?: boolean;
  /** Decimals and unit of numeric fields, by field: `{ change: { digits: 1, unit: '%' } }`. */
  numbers?: Record<string, FieldNumbers>;
}

export interface ConfigInput {
  /** The sources file in data/ (default "sources.json"). */
  sources?: string;
  /** Dataset name (kebab-case; templates use it) → declaration: read from a file, or derived from other datasets. */
  datasets: Record<string, DatasetDecl | DerivedDecl>;
  /** Handlebars helpers for the templates, by name: `{ growth: (rows) => sourced(…, rows) }` (see docs/guide/helpers.md). */
  helpers?: Record<string, Helper>;
}

/** The project's config after checking: what the build stages read. */
export interface ProjectConfig {
  /** Project-relative name of the config file, for messages ("briefkit.config.ts"). */
  file: string;
  /** sha256 of every file the config bundles (its text, and the project modules it imports). */
  digest: string;
  sources: string;
  /** Datasets read from files in data/, in config order. */
  datasets: DatasetDef[];
  /** Datasets computed from others (derived(…)), in an order where each comes after those it reads. */
  derived: DerivedDef[];
  /** Every file the config bundles, project-relative: itself and the project modules it imports (watch mode watches them). */
  modules?: string[];
  /** The project's own template helpers, in config order. */
  helpers: ProjectHelper[];
  /** Where in the project's files (the config and the modules it imports) an error was raised, from its stack. */
  locate?: (e: unknown) => { file: string; line: number; column: number } | undefined;
}

export type Format = 'json' | 'csv' | 'yaml';

export interface DatasetDef {
  name: string;
  file: string;
  format: Format;
  /** Row schema (strict); for CSV, cells are coerced from text first. */
  row: z.ZodObject;
  /** The whole-file schema of a JSON/YAML dataset. */
  fileSchema: z.ZodType;
  rowsField: string;
  /** Field names of a row, in declaration order. */
  fields: string[];
  key?: (row: Record<string, unknown>) => string;
  /** The fields of a key declared as a list (a quoted key in {{fig}} or a cover figure matches any of them). */
  keyFields?: string[];
  sourced: boolean;
  allowEmpty: boolean;
  /** Decimals and unit of numeric fields, by field (empty when none are declared). */
  numbers: Record<string, FieldNumbers>;
  /** Line of the declaration in the config file, for messages. */
  line?: number;
}

// --- derived datasets ------------------------------------------------------------------------

/** A value a `where` may compare a field with (a list: any of its values). */
export type WhereValue = string | number | boolean | readonly (string | number | boolean)[];
/** Rows to keep: a Vega expression over `datum` ("datum.revenue > 0"), or fields and the values they must equal. */
export type Where = string | Readonly<Record<string, WhereValue>>;

/** One summary of a group's rows: the sum, mean, smallest or largest value of a field, the number of rows, or the group's share (%) of the total of a field. */
export type Measure =
  | { sum: string }
  | { mean: string }
  | { min: string }
  | { max: string }
  | { count: true }
  | { share: string; within?: readonly string[] };

/** Period arithmetic: a month ("YYYY-MM"), quarter ("YYYY-Qn") or year. */
export type PeriodUnit = 'month' | 'quarter' | 'year';

/** One step of a derived dataset's pipeline; each names its operation by its first key. */
export type Step =
  | { where: Where }
  | { compute: Readonly<Record<string, string>> }
  | { groupBy: readonly string[]; measures: Readonly<Record<string, Measure>> }
  | { sort: string | readonly string[] }
  | { top: number; by?: string; order?: 'descending' | 'ascending'; per?: readonly string[] }
  | { join: string; on: string | readonly string[]; fields?: readonly string[] | Readonly<Record<string, string>>; how?: 'left' | 'inner' }
  | { pivot: string; value: string; groupBy: readonly string[]; op?: 'sum' | 'mean' | 'min' | 'max' | 'count' }
  | { unpivot: readonly string[]; key: string; value: string }
  | { period: string; to: PeriodUnit; as?: string }
  | { change: string; period: string; lag?: 'year' | 'period'; groupBy?: readonly string[]; as: string; kind?: 'percent' | 'difference' };

/**
 * A dataset computed from another (`from`), by `steps` or by the shorthand `where` → `compute`
 * → `groupBy`/`measures` → `sort` → `top`. `row` declares the output's schema (else it is
 * inferred from the rows); `key` the fields unique per row (default: the last grouping's).
 */
export interface DerivedDecl<R extends z.ZodRawShape = z.ZodRawShape> {
  from: string;
  steps?: readonly Step[];
  where?: Where;
  compute?: Readonly<Record<string, string>>;
  groupBy?: readonly string[];
  measures?: Readonly<Record<string, Measure>>;
  sort?: string | readonly string[];
  top?: number;
  key?: readonly string[];
  row?: R;
  numbers?: Record<string, FieldNumbers>;
  title?: string;
  unit?: string;
  allowEmpty?: boolean;
}

/** A derived dataset after checking: its pipeline as steps, and the datasets it reads. */
export interface DerivedDef {
  name: string;
  from: string;
  steps: Step[];
  /** Whether the steps were declared as a list (messages then name "steps[i]"), not by the shorthand. */
  listed: boolean;
  /** `from` and every joined dataset, in the order they are named. */
  reads: string[];
  key?: string[];
  /** The declared row schema (strict; provenance fields added), when one is declared. */
  row?: z.ZodObject;
  numbers: Record<string, FieldNumbers>;
  title?: string;
  unit?: string;
  allowEmpty: boolean;
  line?: number;
  /** The declaration's text in the config, from `line` on: messages give the line of the field they name. */
  block?: string;
}
