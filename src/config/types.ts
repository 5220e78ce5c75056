/**
 * What a project's briefkit.config.ts declares, and the checked form the build uses.
 */
import type { z } from 'zod';
import type { FieldNumbers } from '../format/value.js';

export type { FieldNumbers };

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
  /** Dataset name (kebab-case; templates use it) → declaration. */
  datasets: Record<string, DatasetDecl>;
}

/** The project's config after checking: what the build stages read. */
export interface ProjectConfig {
  /** Project-relative name of the config file, for messages ("briefkit.config.ts"). */
  file: string;
  /** sha256 of the config text (part of every edition's inputs digest). */
  digest: string;
  sources: string;
  datasets: DatasetDef[];
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
  sourced: boolean;
  allowEmpty: boolean;
  /** Decimals and unit of numeric fields, by field (empty when none are declared). */
  numbers: Record<string, FieldNumbers>;
  /** Line of the declaration in the config file, for messages. */
  line?: number;
}
