/**
 * Stage 1 — load data: read every dataset the project's config declares from data/, validate it
 * against its schema, check that every value names a known source and that keys are unique.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { sourcesFile, type Source } from '../config/blocks.js';
import type { DatasetDef, FieldNumbers, ProjectConfig } from '../config/types.js';
import { yearOutOfRange } from '../format/date.js';
import type { Area } from '../io/project.js';
import * as msg from '../log/message.js';
import { jsonLineOf, parseCsv, parseJson, parseYaml, yamlLineOf } from './parse.js';

export type Row = Record<string, unknown> & { source?: string[] };

export interface Dataset {
  name: string;
  /** Project-relative file name, for messages and captions. */
  file: string;
  title: string;
  unit: string;
  description?: string;
  caveats?: number[];
  /** Field names a row may have (from the dataset's schema). */
  fields: string[];
  /** Decimals and unit the config declares for numeric fields (briefkit.config.ts `numbers`). */
  numbers: Record<string, FieldNumbers>;
  /** The fields of its declared key (a list in the config, or a derived dataset's grouping): a quoted key matches any of them. */
  key?: string[];
  rows: Row[];
}

export interface DataBundle {
  sources: Map<string, Source>;
  datasets: Map<string, Dataset>;
  /** The declarations the datasets were read with (key functions, formats), in config order. */
  defs: DatasetDef[];
  /** sha256 over every data file read, in name order. */
  digest: string;
  /** The data's as-of date: the latest full (YYYY-MM-DD) source date, else the latest partial one; undefined when no source is dated. */
  asOf?: string;
}

export function loadData(area: Area, config: ProjectConfig): DataBundle {
  const hash = createHash('sha256');
  const SOURCES_FILE = config.sources;
  const sourcesText = area.readText(SOURCES_FILE, 'sources registry');
  hash.update(SOURCES_FILE).update('\0').update(sourcesText);
  const sourcesName = area.name(SOURCES_FILE);
  const sourcesYaml = !SOURCES_FILE.endsWith('.json');
  const sourcesRaw = sourcesYaml ? parseYaml(sourcesText, sourcesName) : parseJson(sourcesText, sourcesName);
  const parsed = validate(sourcesFile, sourcesRaw, sourcesName, (p) => (sourcesYaml ? yamlLineOf : jsonLineOf)(sourcesText, p));
  const sources = new Map<string, Source>();
  parsed.sources.forEach((src, i) => {
    if (sources.has(src.id)) throw msg.duplicateKey(sourcesName, `sources[${i}].id`, `source "${src.id}"`, jsonLineOf(sourcesText, ['sources', i, 'id']));
    sources.set(src.id, src);
  });

  const known = new Set(config.datasets.map((d) => d.file));
  for (const f of area.list('', ['.json', '.csv', '.yaml', '.yml'])) {
    if (f !== SOURCES_FILE && !known.has(f)) throw msg.unregisteredDataFile(area.name(f), config.file, [...known]);
  }

  const datasets = new Map<string, Dataset>();
  for (const def of config.datasets) {
    const file = def.file;
    if (!area.exists(file)) throw msg.datasetFileMissing(area.name(file), def.name, { file: config.file, field: `datasets.${def.name}.file`, ...(def.line !== undefined ? { line: def.line } : {}) });
    const text = area.readText(file, 'dataset');
    hash.update(file).update('\0').update(text);
    datasets.set(def.name, loadOne(def, area.name(file), text, sources));
  }

  const dated = [...sources.values()].map((s) => s.date).filter((d): d is string => !!d);
  const asOf = dated.filter((d) => d.length === 10).sort().at(-1) ?? dated.sort().at(-1);
  return { sources, datasets, defs: config.datasets, digest: hash.digest('hex'), ...(asOf ? { asOf } : {}) };
}

function loadOne(def: DatasetDef, name: string, text: string, sources: Map<string, Source>): Dataset {
  let rows: Row[];
  let meta: { title: string; unit: string; description?: string; caveats?: number[] };
  let lineOf: (path: (string | number)[]) => number | undefined;

  if (def.format === 'csv') {
    const table = parseCsv(text, name);
    lineOf = (p) => (typeof p[1] === 'number' ? table.records[p[1]]?.line : undefined);
    const shape = def.row.shape as Record<string, z.ZodType>;
    for (const required of Object.keys(shape)) {
      const optional = shape[required]?.safeParse(undefined).success;
      if (!optional && !table.header.includes(required)) {
        throw msg.schemaViolation(name, required, `missing column "${required}"`, `a header with the columns: ${requiredFirst(shape).join(',')}`, 1);
      }
    }
    rows = table.records.map((rec, i) => validateRow(def, rec.values, name, i, lineOf));
    meta = { title: name, unit: '' };
  } else {
    const yaml = def.format === 'yaml';
    lineOf = (p) => (yaml ? yamlLineOf : jsonLineOf)(text, p);
    const raw = yaml ? parseYaml(text, name) : parseJson(text, name);
    precheckSources(raw, def, name, lineOf);
    const file = validate(def.fileSchema, raw, name, lineOf) as Record<string, unknown>;
    rows = file[def.rowsField] as Row[];
    meta = {
      title: (file.title as string) ?? name,
      unit: (file.unit as string) ?? '',
      ...(file.description ? { description: file.description as string } : {}),
      ...(file.caveats ? { caveats: file.caveats as number[] } : {}),
    };
  }

  if (rows.length === 0 && !def.allowEmpty) throw msg.emptyDataset(name);
  const field = (i: number, f?: string) => `${def.format === 'csv' ? 'row' : def.rowsField}[${i}]${f ? '.' + f : ''}`;
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (def.key) {
      const k = def.key(row);
      if (seen.has(k)) throw msg.duplicateKey(name, field(i), k, lineOf([def.rowsField, i]));
      seen.add(k);
    }
    (row.source ?? []).forEach((id, j) => {
      if (!sources.has(id)) throw msg.unknownSource(name, field(i, `source[${j}]`), id, lineOf([def.rowsField, i, 'source', j]));
    });
  });
  return { name: def.name, file: name, ...meta, fields: def.fields, numbers: def.numbers ?? {}, ...(def.keyFields ? { key: def.keyFields } : {}), rows };
}

/** A sourced row without "source" gets its own message (BK018), not a generic schema error. */
function precheckSources(raw: unknown, def: DatasetDef, name: string, lineOf: (p: (string | number)[]) => number | undefined) {
  if (!def.sourced || typeof raw !== 'object' || raw === null) return;
  const rows = (raw as Record<string, unknown>)[def.rowsField];
  if (!Array.isArray(rows)) return;
  rows.forEach((r, i) => {
    if (r && typeof r === 'object' && !('source' in r)) throw msg.missingSourceField(name, `${def.rowsField}[${i}].source`, lineOf([def.rowsField, i]));
  });
}

function validateRow(def: DatasetDef, values: Record<string, string>, name: string, i: number, lineOf: (p: (string | number)[]) => number | undefined): Row {
  if (def.sourced && (values.source ?? '').trim() === '') throw msg.missingSourceField(name, `row[${i}].source`, lineOf(['rows', i]));
  const res = def.row.safeParse(values, { reportInput: true });
  if (!res.success) {
    // "a; ; b": an empty item of a list cell gets its own message (BK046), with the cell as written
    const empty = res.error.issues.find((x) => x.path.length === 2 && typeof x.path[1] === 'number' && (x as { input?: unknown }).input === '');
    if (empty) {
      const f = String(empty.path[0]);
      throw msg.emptyListItem(name, `row[${i}].${f}`, values[f] ?? '', lineOf(['rows', i]));
    }
    throw fromZod(res.error, name, (p) => lineOf(['rows', i, ...p]), `row[${i}]`);
  }
  return res.data as Row;
}

/** Columns for a CSV header message: required ones first, in declaration order. */
function requiredFirst(shape: Record<string, z.ZodType>): string[] {
  const names = Object.keys(shape);
  const req = names.filter((n) => !shape[n]?.safeParse(undefined).success);
  return [...req, ...names.filter((n) => !req.includes(n))];
}

export function validate<T>(schema: z.ZodType<T>, value: unknown, name: string, lineOf: (p: (string | number)[]) => number | undefined): T {
  const res = schema.safeParse(value, { reportInput: true });
  if (!res.success) throw fromZod(res.error, name, lineOf);
  return res.data;
}

function fromZod(error: z.ZodError, name: string, lineOf: (p: (string | number)[]) => number | undefined, prefix = '') {
  // An unknown key usually explains a "missing" one next to it (a typo): report the unknown key first.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = issue.keys[0]!;
    const missing = error.issues
      .filter((i) => i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined && i.path.length === base.length + 1 && base.every((b, k) => i.path[k] === b))
      .map((i) => String(i.path[i.path.length - 1]));
    const field = fieldName(prefix, [...base, key]);
    const hint = missing.length ? ` — a typo for ${missing.map((m) => `"${m}"`).join(' or ')}, which is missing?` : '';
    return msg.schemaViolation(name, field, `unknown field "${key}"${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : ''}${hint}`,
      missing.length ? `the field ${missing.map((m) => `"${m}"`).join(' or ')}` : 'only the fields of the dataset schema (check the spelling)', lineOf([...base, key]));
  }
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const field = fieldName(prefix, path);
  const line = lineOf(path);
  const input = (issue as { input?: unknown }).input;
  const year = issue.code === 'custom' && typeof input === 'string' ? yearOutOfRange(input) : undefined;
  if (year !== undefined) return msg.dateOutOfRange(name, field, input as string, year, line);
  const { problem, expected } = describeIssue(issue);
  return msg.schemaViolation(name, field || '(top level)', problem, expected, line);
}

function fieldName(prefix: string, path: (string | number)[]): string {
  return (prefix ? [prefix] : []).concat(path.map((p, k) => (typeof p === 'number' ? `[${p}]` : k === 0 && !prefix ? p : '.' + p))).join('');
}

function describeIssue(issue: z.core.$ZodIssue): { problem: string; expected: string } {
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { input?: unknown }).input;
      const got = received === undefined ? 'nothing (the field is missing)' : JSON.stringify(received);
      return { problem: `wrong type: got ${got}`, expected: issue.expected === 'number' ? 'a finite number' : `a value of type ${issue.expected}` };
    }
    case 'unrecognized_keys':
      return { problem: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`, expected: 'only the fields of the dataset schema (check the spelling)' };
    case 'too_small':
      return { problem: `value ${JSON.stringify((issue as { input?: unknown }).input)} is too small`, expected: issue.origin === 'array' ? `at least ${issue.minimum} item(s)` : `a value ≥ ${issue.minimum}` };
    case 'too_big':
      return { problem: `value ${JSON.stringify((issue as { input?: unknown }).input)} is too large`, expected: `a value ≤ ${issue.maximum}` };
    case 'invalid_value':
      return { problem: `value ${JSON.stringify((issue as { input?: unknown }).input)} not allowed`, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` };
    case 'invalid_format':
      return { problem: `wrong format: ${JSON.stringify((issue as { input?: unknown }).input)}`, expected: issue.message };
    case 'custom':
      return { problem: `value ${JSON.stringify((issue as { input?: unknown }).input)} not accepted`, expected: issue.message };
    default:
      return { problem: issue.message, expected: issue.message };
  }
}
