/**
 * Stage 0 — load the project's config (briefkit.config.ts): the datasets it declares, and the
 * helpers it registers for the templates.
 *
 * The config and the project's own modules it imports are bundled by esbuild (./bundle.ts: types
 * stripped, imports resolved inside the project only) and evaluated in memory with a `require`
 * that hands it this very briefkit (and its zod), so building blocks, schemas and `sourced` are
 * the engine's own objects. The result is checked field by field; every problem is a catalogued
 * error naming the config file and line (a line in the bundle is mapped back through its source
 * map to the file and line it came from).
 */
import { createHash } from 'node:crypto';
import { createRequire, SourceMap } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { z } from 'zod';
import { CONFIG_FILES, type Area } from '../io/project.js';
import { isBriefkitError, type Location } from '../log/error.js';
import * as msg from '../log/message.js';
import { setActivity } from '../log/activity.js';
import type { DatasetDecl, DatasetDef, DerivedDef, FieldNumbers, Format, ProjectConfig } from './types.js';
import { csvRow } from './csv.js';
import { checkDerived, derived, isDerivedDecl, orderDerived } from './derived.js';
import * as blocks from './blocks.js';
import { defineConfig } from './define.js';
import { BUNDLE_NAME, bundleConfig, type Bundle } from './bundle.js';
import { HELPER_NAME, sourced, Sourced, type ProjectHelper } from './helpers.js';

export { CONFIG_FILES };
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The config file of a project root, or undefined. */
export function findConfig(root: Area): string | undefined {
  return CONFIG_FILES.find((f) => root.exists(f));
}

/**
 * Loads and checks the config of the project rooted at `root`. `cache` (the project's
 * node_modules/.cache/briefkit, when it has a node_modules) keeps bundled configs by a digest
 * of their text and of every module they bundle, so a cold build does not pay for the bundler;
 * it is safe to delete and cannot go stale.
 */
export async function loadConfig(root: Area, cache?: Area): Promise<ProjectConfig> {
  const rel = findConfig(root);
  if (!rel) throw msg.configMissing(root.name(CONFIG_FILES[0]));
  const name = root.name(rel);
  const text = root.readText(rel, 'project config');
  const abs = root.resolve(rel);
  setActivity('loading the config', name);
  const bundle = await bundleConfig(root, rel, text, cache);
  const locate = locator(root, bundle);
  const builtIns = snapshotBuiltIns();
  try {
    const exported = evaluate(bundle, abs, name, locate);
    if (isThenable(exported)) throw msg.configPromise(name);
    const digest = createHash('sha256').update(JSON.stringify(bundle.inputs)).digest('hex');
    // reading the export runs the config's code too (getters, proxies): its failures are the config's
    const config = { ...checkConfig(exported, text, name, { digest, locate }), modules: Object.keys(bundle.inputs) };
    setActivity('loading the inputs');
    return config;
  } catch (e) {
    if (isBriefkitError(e)) throw e;
    const err = e as Error;
    const at = locate(e);
    throw msg.configRuntime(at?.file ?? name, at?.line, `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`);
  } finally {
    // a config that changed Object.prototype (or another built-in) changes how every file is read
    const changed = restoreBuiltIns(builtIns);
    if (changed.length) throw msg.configPrototype(name, changed);
  }
}

const isThenable = (v: unknown): boolean => {
  try {
    return !!v && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
};

// --- built-ins the config must leave alone ---------------------------------------------------------

const BUILT_INS: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['Promise.prototype', Promise.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['JSON', JSON],
  ['Math', Math],
  ['Object', Object],
  ['Array', Array],
];

type BuiltInSnapshot = { name: string; obj: object; props: Map<PropertyKey, PropertyDescriptor> }[];

function snapshotBuiltIns(): BuiltInSnapshot {
  return BUILT_INS.map(([name, obj]) => ({ name, obj, props: new Map(Reflect.ownKeys(obj).map((k) => [k, Object.getOwnPropertyDescriptor(obj, k)!])) }));
}

/** Puts the built-ins back as they were; returns what had changed ("Object.prototype.type"). */
function restoreBuiltIns(snapshot: BuiltInSnapshot): string[] {
  const changed: string[] = [];
  const same = (a: PropertyDescriptor, b: PropertyDescriptor) => a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
  for (const { name, obj, props } of snapshot) {
    for (const k of Reflect.ownKeys(obj)) {
      const before = props.get(k);
      const now = Object.getOwnPropertyDescriptor(obj, k)!;
      if (before && same(before, now)) continue;
      changed.push(`${name}.${String(k)}`);
      try {
        if (before) Object.defineProperty(obj, k, before);
        else delete (obj as Record<PropertyKey, unknown>)[k];
      } catch {
        // left as the config made it: the error stops the run anyway
      }
    }
    for (const [k, d] of props) {
      if (Object.getOwnPropertyDescriptor(obj, k)) continue;
      changed.push(`${name}.${String(k)} (deleted)`);
      try {
        Object.defineProperty(obj, k, d);
      } catch {
        // as above
      }
    }
    if (Object.isExtensible(obj) !== true) changed.push(`${name} (frozen)`);
  }
  return changed;
}

// --- evaluation ----------------------------------------------------------------------------------

/** Where in the project's files an error was raised: the first frame of its stack in the bundle, mapped back. */
export type Locate = (e: unknown) => { file: string; line: number; column: number } | undefined;

/** The name the bundle runs under (next to the config, which is at the root): stack frames name it. */
const bundleFile = (configAbs: string) => path.join(path.dirname(configAbs), BUNDLE_NAME);

function locator(root: Area, bundle: Bundle): Locate {
  let map: SourceMap | undefined;
  const frame = new RegExp(`${bundleFile(root.resolve(BUNDLE_NAME)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`);
  return (e) => {
    const m = frame.exec(String((e as Error | undefined)?.stack ?? ''));
    if (!m) return undefined;
    map ??= new SourceMap(JSON.parse(bundle.map) as never);
    const entry = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    // sources are relative to the bundle's folder, the project root (or file URLs)
    const src = entry.originalSource.startsWith('file://') ? path.relative(root.dir, new URL(entry.originalSource).pathname) : entry.originalSource;
    return { file: root.name(src.split(path.sep).join('/')), line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
  };
}

function evaluate(bundle: Bundle, abs: string, name: string, locate: Locate): unknown {
  const nodeRequire = createRequire(abs);
  const requireFn = (id: string): unknown => {
    if (id === 'briefkit') return API;
    if (id === 'zod' || id === 'zod/v4') return { z, default: z, ...z };
    return nodeRequire(id);
  };
  const mod = { exports: {} as Record<string, unknown> };
  try {
    const fn = vm.compileFunction(bundle.code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: bundleFile(abs) });
    fn(mod.exports, requireFn, mod, abs, path.dirname(abs));
  } catch (e) {
    if (isBriefkitError(e)) throw e;
    const err = e as Error;
    const at = locate(e);
    throw msg.configRuntime(at?.file ?? name, at?.line, `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`);
  }
  const exp = mod.exports;
  return exp.__esModule || 'default' in exp ? exp.default : exp;
}

// what a config may import from 'briefkit': the building blocks, defineConfig, derived, sourced and zod
const API = Object.freeze({ ...blocks, defineConfig, derived, sourced, Sourced, z });

// --- checking ---------------------------------------------------------------------------------

const isZod = (v: unknown): v is z.ZodType =>
  !!v && typeof v === 'object' && '_zod' in v && typeof (v as { safeParse?: unknown }).safeParse === 'function';

/** Line of `name:` (a dataset's declaration) in the config text. */
export function declarationLine(text: string, name: string): number | undefined {
  // indentation is spaces and tabs only, so the match starts on the declaration's own line
  const re = new RegExp(`^[ \\t]*(['"\`]?)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1[ \\t]*:`, 'm');
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

/** What loading adds to the check: the digest of every bundled file, and where in them an error was raised. */
export interface Loaded {
  digest: string;
  locate: Locate;
}

export function checkConfig(exported: unknown, text: string, file: string, loaded?: Loaded): ProjectConfig {
  if (!exported || typeof exported !== 'object') throw msg.configNoDatasets(file, 'it has no default export');
  const cfg = exported as Record<string, unknown>;
  const where = (field: string, line?: number) => ({ file, field, ...(line !== undefined ? { line } : {}) });
  const datasets = cfg.datasets;
  if (!datasets || typeof datasets !== 'object' || Array.isArray(datasets)) throw msg.configNoDatasets(file, 'its default export has no "datasets" object');
  const names = Object.keys(datasets);
  if (names.length === 0) throw msg.configNoDatasets(file, '"datasets" is empty');
  for (const k of Object.keys(cfg)) {
    if (!['datasets', 'sources', 'helpers'].includes(k)) throw msg.configInvalid(where(k, declarationLine(text, k)), `unknown setting "${k}"`, 'only "datasets", "sources" and "helpers"');
  }
  let sources = 'sources.json';
  if (cfg.sources !== undefined) {
    if (typeof cfg.sources !== 'string' || !/\.(json|ya?ml)$/.test(cfg.sources)) {
      throw msg.configInvalid(where('sources', declarationLine(text, 'sources')), `"sources" is ${JSON.stringify(cfg.sources)}`, 'a file name in data/ ending in .json, .yaml or .yml');
    }
    if (path.isAbsolute(cfg.sources) || cfg.sources.split(/[\\/]/).includes('..')) throw msg.pathOutsideRoot(cfg.sources, 'data', where('sources', declarationLine(text, 'sources')));
    sources = cfg.sources;
  }

  const byFile = new Map<string, string>();
  const defs: DatasetDef[] = [];
  const derivedDefs: DerivedDef[] = [];
  for (const name of names) {
    const line = declarationLine(text, name);
    if (!KEBAB.test(name)) throw msg.configDatasetName(where(`datasets.${name}`, line), name);
    const d = (datasets as Record<string, unknown>)[name] as Partial<DatasetDecl> | undefined;
    const at = (f: string) => where(`datasets.${name}${f ? '.' + f : ''}`, line);
    if (!d || typeof d !== 'object') throw msg.configInvalid(at(''), `dataset "${name}" is ${JSON.stringify(d)}`, 'a dataset declaration, e.g. yearlySeries({ file: "x.json" })');
    if (isDerivedDecl(d)) {
      const def = checkDerived(name, d as Record<string, unknown>, at, line, (v, loc) => checkNumbers(v, undefined, loc));
      if (line !== undefined) {
        // up to the next declaration (or the end of the file)
        const next = Math.min(...names.map((n) => declarationLine(text, n) ?? 0).filter((l) => l > line), Number.MAX_SAFE_INTEGER);
        def.block = text.split('\n').slice(line - 1, next === Number.MAX_SAFE_INTEGER ? undefined : next - 1).join('\n');
      }
      derivedDefs.push(def);
      continue;
    }
    if (typeof d.file !== 'string' || d.file.length === 0) throw msg.configInvalid(at('file'), `dataset "${name}" names no file`, 'a file name in data/, e.g. "x.json"');
    // a file outside data/ is refused here, at its declaration, before any file is read
    if (d.file.includes('\0') || path.isAbsolute(d.file) || /^[a-z][a-z0-9+.-]*:/i.test(d.file) || d.file.split(/[\\/]/).includes('..')) throw msg.pathOutsideRoot(d.file, 'data', at('file'));
    const format = formatOf(d.file);
    if (!format) throw msg.configInvalid(at('file'), `"${d.file}" is not a .json, .csv, .yaml or .yml file`, 'a file name ending in .json, .csv, .yaml or .yml');
    if (d.file === sources) throw msg.configSameFile(at('file'), d.file, 'sources', name);
    const other = byFile.get(d.file);
    if (other) throw msg.configSameFile(at('file'), d.file, other, name);
    byFile.set(d.file, name);

    // the row: a shape of zod fields, or a z.object(…) (whose shape is taken)
    const shape = d.row as unknown;
    const objectShape = isZod(shape) ? (shape as { shape?: unknown }).shape : undefined;
    if (!shape || typeof shape !== 'object' || (isZod(shape) && !objectShape)) throw msg.configNotZod(at('row'), name, 'row', describe(shape));
    const rowShape = (objectShape ?? shape) as Record<string, unknown>;
    for (const [f, s] of Object.entries(rowShape)) if (!isZod(s)) throw msg.configNotZod(at(`row.${f}`), name, `row.${f}`, describe(s));
    const meta = (d.meta ?? {}) as Record<string, unknown>;
    for (const [f, s] of Object.entries(meta)) if (!isZod(s)) throw msg.configNotZod(at(`meta.${f}`), name, `meta.${f}`, describe(s));
    const sourced = d.sourced ?? true;
    if (sourced && !('source' in rowShape)) {
      throw msg.configInvalid(at('row'), `dataset "${name}" must be sourced but its rows have no "source" field`, 'rows with the provenance fields (spread `...provenance` into row), or sourced: false');
    }
    const rowsField = d.rowsField ?? 'rows';
    if (typeof rowsField !== 'string' || !/^[A-Za-z_][\w-]*$/.test(rowsField)) throw msg.configInvalid(at('rowsField'), `rowsField is ${JSON.stringify(rowsField)}`, 'a field name');
    const fields = Object.keys(rowShape);
    let key: DatasetDef['key'];
    let keyFields: string[] | undefined;
    if (Array.isArray(d.key)) {
      const missing = d.key.find((k) => !fields.includes(String(k)));
      if (missing !== undefined) throw msg.configInvalid(at('key'), `key field "${missing}" is not a field of the rows`, `fields of the row: ${fields.join(', ')}`);
      const fieldsOfKey = [...d.key] as string[];
      keyFields = fieldsOfKey;
      key = (r) => fieldsOfKey.map((f) => `${f} ${typeof r[f] === 'string' ? JSON.stringify(r[f]) : String(r[f])}`).join(', ');
    } else if (typeof d.key === 'function') {
      // the config's own function: what it throws, or a key that is no text or number, is the config's mistake
      const fn = d.key as (r: Record<string, unknown>) => unknown;
      const where = at('key');
      key = (r) => {
        let k: unknown;
        try {
          k = fn(r);
        } catch (e) {
          if (isBriefkitError(e)) throw e;
          throw msg.configKeyFailed(where, name, `${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`);
        }
        if (typeof k !== 'string' && !(typeof k === 'number' && Number.isFinite(k))) throw msg.configKeyFailed(where, name, `it returned ${describe(k)}`);
        return k as ReturnType<NonNullable<DatasetDef['key']>>;
      };
    } else if (d.key !== undefined) {
      throw msg.configInvalid(at('key'), `key is ${describe(d.key)}`, 'a list of row fields, e.g. ["year", "origin"], or a function of the row');
    }
    const numbers = checkNumbers(d.numbers, fields, at('numbers'));
    const row = z.strictObject(rowShape as z.ZodRawShape);
    defs.push({
      name,
      file: d.file,
      format,
      row: format === 'csv' ? csvRow(row) : row,
      fileSchema: z.strictObject({ $schema: z.string().optional(), ...(meta as z.ZodRawShape), [rowsField]: z.array(row) }),
      rowsField,
      fields,
      ...(key ? { key } : {}),
      ...(keyFields ? { keyFields } : {}),
      sourced,
      allowEmpty: d.allowEmpty ?? false,
      numbers,
      ...(line !== undefined ? { line } : {}),
    });
  }
  const derived = orderDerived(derivedDefs, defs.map((d) => d.name), (d, f) => where(`datasets.${d.name}.${f}`, d.line));
  const helpers = checkHelpers(cfg.helpers, text, file);
  return { file, digest: loaded?.digest ?? createHash('sha256').update(text).digest('hex'), sources, datasets: defs, derived, helpers, ...(loaded ? { locate: loaded.locate } : {}) };
}

/** `helpers`: an object of functions, each under a name a template can call. */
function checkHelpers(v: unknown, text: string, file: string): ProjectHelper[] {
  if (v === undefined) return [];
  const at = (field: string, line?: number): Location => ({ file, field, ...(line !== undefined ? { line } : {}) });
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw msg.configHelpers(at('helpers', declarationLine(text, 'helpers')), `helpers is ${describe(v)}`);
  return Object.entries(v).map(([name, fn]) => {
    const line = helperLine(text, name) ?? declarationLine(text, 'helpers');
    if (!HELPER_NAME.test(name)) throw msg.configHelpers(at(`helpers.${name}`, line), `the helper name "${name}" cannot be called from a template`);
    if (typeof fn !== 'function') throw msg.configHelpers(at(`helpers.${name}`, line), `helpers.${name} is ${describe(fn)}, not a function`);
    return { name, fn: fn as ProjectHelper['fn'], file, ...(line !== undefined ? { line } : {}) };
  });
}

/** Line of a helper's declaration in the config: `name:` or a method `name(`. */
function helperLine(text: string, name: string): number | undefined {
  const re = new RegExp(`^[ \\t]*(?:(['"\`]?)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1[ \\t]*:|(?:async[ \\t]+)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]*\\()`, 'm');
  const m = re.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : undefined;
}

/** A dataset's `numbers`: fields of its rows (unchecked when `fields` is undefined: a derived dataset's are known only once computed), each with `digits` (a whole number 0–6) and/or a `unit`. */
function checkNumbers(v: unknown, fields: string[] | undefined, at: Parameters<typeof msg.configInvalid>[0]): Record<string, FieldNumbers> {
  if (v === undefined) return {};
  const expected = 'an object of row fields, e.g. { change: { digits: 1, unit: "%" } }';
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw msg.configInvalid(at, `numbers is ${describe(v)}`, expected);
  const out: Record<string, FieldNumbers> = {};
  for (const [f, n] of Object.entries(v)) {
    if (fields && !fields.includes(f)) throw msg.configInvalid(at, `numbers names "${f}", which is not a field of the rows`, `fields of the row: ${fields.join(', ')}`);
    if (!n || typeof n !== 'object' || Array.isArray(n)) throw msg.configInvalid(at, `numbers.${f} is ${describe(n)}`, expected);
    const { digits, unit, ...rest } = n as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw msg.configInvalid(at, `numbers.${f} has an unknown setting "${extra}"`, '"digits" and "unit" only');
    if (digits !== undefined && !(typeof digits === 'number' && Number.isInteger(digits) && digits >= 0 && digits <= 6)) {
      throw msg.configInvalid(at, `numbers.${f}.digits is ${describe(digits)}`, 'a whole number of decimals from 0 to 6');
    }
    if (unit !== undefined && !(typeof unit === 'string' && unit.trim().length > 0 && unit.length <= 40)) throw msg.configInvalid(at, `numbers.${f}.unit is ${describe(unit)}`, 'a short unit such as "%"');
    out[f] = { ...(digits !== undefined ? { digits: digits as number } : {}), ...(unit !== undefined ? { unit: unit as string } : {}) };
  }
  return out;
}

function formatOf(file: string): Format | undefined {
  if (file.endsWith('.json')) return 'json';
  if (file.endsWith('.csv')) return 'csv';
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return 'yaml';
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return isZod(v) ? 'a zod schema' : 'a plain object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
