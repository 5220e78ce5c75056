/**
 * Vega-Lite specs are validated with Vega-Lite's own JSON Schema (vega-lite/build/vega-lite-schema.json)
 * through ajv, instead of hand-written key walks: a spec the schema accepts is never refused for
 * its shape. The schema is not compiled at run time: `npm run build` writes the validator as ajv
 * standalone code next to this module (dist/src/charts/vl-schema.cjs, by scripts/compile-schema.mjs,
 * shipped by `npm pack`), and a process loads it in about 0.1 s. The file carries the digest of
 * what it was compiled from (ajv's version, the options, the amendment below and the schema text);
 * when that does not match the installed schema (a project with another vega-lite hoisted; the
 * tests, which run src/ directly), the validator is compiled once per process (about 1.3 s of CPU)
 * and its standalone code cached in the project's node_modules/.cache/briefkit under that digest
 * (see useSchemaCache). Deleting the cache is safe.
 *
 * V8's code cache of the prebuilt validator is written beside it at build time (vl-schema.v8cache,
 * made after validating sample specs, so it holds the functions they reach): parsing and compiling
 * the 8.8 MB of validator code took about 0.3 s of CPU in every build worker, about 0.05 s from
 * the cache (measured, docs/contributing/performance.md). V8 checks the cache against the code,
 * its own version and its flags and ignores one that does not match (another Node): the
 * validator is then compiled as before.
 *
 * One amendment, where vega-lite's compiler accepts more than its published schema: a datum
 * definition of a mark property (`"color": {"datum": "A", "scale": {…}, "legend": {…}}`) takes
 * `scale` and `legend` (vega-lite's TypeScript type MarkPropDatumDef = LegendMixins & ScaleDatumDef;
 * the generated schema drops both).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import * as jsonc from 'jsonc-parser';
import { lineColumnAt } from '../data/parse.js';
import { Area } from '../io/project.js';
import * as msg from '../log/message.js';

let validator: ValidateFunction | undefined;
let cacheArea: Area | undefined;

/** Where the compiled validator is cached (the project's cache area; none: compile in memory). */
export function useSchemaCache(area: Area | undefined): void {
  cacheArea = area;
}

/** The folder of an installed package (found from its entry point: not every package exports package.json). */
function packageDir(require: NodeJS.Require, name: string): string {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`cannot find the package folder of ${name}`);
}

const AJV_OPTIONS = { strict: false, allErrors: true, allowUnionTypes: true, validateFormats: false } as const;

/** The validator written at build time, next to this module. */
export const PREBUILT = 'vl-schema.cjs';

/** V8's code cache of the prebuilt validator, written next to it at build time (see the top of this file). */
export const PREBUILT_CODE_CACHE = 'vl-schema.v8cache';

/** What the last load of the prebuilt validator did with its code cache (for tests and the bench). */
export let prebuiltCodeCache: 'none' | 'accepted' | 'rejected' = 'none';

/** Adds `scale` and `legend` to the datum definitions of mark properties (see the top of this file). */
function amend(schema: { definitions: Record<string, { properties?: Record<string, unknown> }> }): void {
  const defs = schema.definitions;
  const fieldDef = defs['FieldOrDatumDefWithCondition<MarkPropFieldDef,(Gradient|string|null)>']?.properties ?? {};
  for (const [name, def] of Object.entries(defs)) {
    if (!name.startsWith('FieldOrDatumDefWithCondition<DatumDef,') || !def.properties) continue;
    if (fieldDef.scale && !def.properties.scale) def.properties.scale = fieldDef.scale;
    if (fieldDef.legend && !def.properties.legend) def.properties.legend = fieldDef.legend;
  }
}

/** Defined by esbuild in the bundle (scripts/bundle.mjs): amend's source as tsc compiled it for dist/src. */
declare const BRIEFKIT_AMEND_SOURCE: string | undefined;

/**
 * The amendment's source, for the digest: in the bundle esbuild reprints (and may rename) it, so
 * the bundle carries the text of dist/src's copy, the one the prebuilt validator was compiled
 * with; otherwise the bundle would never find the prebuilt validator current and compile the
 * schema in every process (about 1.3 s of CPU).
 */
export function amendSource(): string {
  return typeof BRIEFKIT_AMEND_SOURCE === 'string' ? BRIEFKIT_AMEND_SOURCE : amend.toString();
}

/** The installed schema's text and the digest of everything the compiled validator depends on. */
function schemaSource(): { text: string; digest: string } {
  const require = createRequire(import.meta.url);
  // the node_modules folder vega-lite is installed in (briefkit's own, or a project's when
  // briefkit is installed as a package and its dependencies are hoisted)
  const modules = new Area(fs.realpathSync(path.dirname(packageDir(require, 'vega-lite'))), 'node_modules');
  const text = modules.readText('vega-lite/build/vega-lite-schema.json', 'Vega-Lite JSON Schema');
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  // the amendment is part of this file, so its source is part of the digest
  const digest = createHash('sha256').update(`${ajvVersion}\0${JSON.stringify(AJV_OPTIONS)}\0${amendSource()}\0${text}`).digest('hex').slice(0, 32);
  return { text, digest };
}

/** A validator's standalone code (CommonJS) as a script (the wrapper keeps its line numbers), with V8's code cache when given. */
function script(code: string, filename: string, cachedData?: Buffer): vm.Script {
  return new vm.Script(`(function (exports, require, module) {${code}\n})`, { filename, ...(cachedData ? { cachedData } : {}) });
}

/** Runs a validator's standalone code; undefined when it is not one (or not for `digest`). */
function load(code: string, filename: string, digest: string, s?: vm.Script): ValidateFunction | undefined {
  try {
    const mod = { exports: {} as { default?: ValidateFunction; digest?: string } };
    ((s ?? script(code, filename)).runInThisContext() as (e: object, r: NodeJS.Require, m: object) => void)(mod.exports, createRequire(import.meta.url), mod);
    const v = mod.exports.default;
    return typeof v === 'function' && (v as { digest?: string }).digest === digest ? v : undefined;
  } catch {
    return undefined; // a damaged file is no file
  }
}

/** The validator's standalone code (CommonJS), marked with the digest of what it was compiled from. */
export function validatorCode(): string {
  return compileSource(schemaSource(), true).code!;
}

function compileSource(src: { text: string; digest: string }, source: boolean): { validate: ValidateFunction; code?: string } {
  const schema = JSON.parse(src.text) as { definitions: Record<string, { properties?: Record<string, unknown> }> };
  amend(schema);
  // ajv's compiler is loaded only when a schema is compiled (the prebuilt validator needs ajv's small runtime only)
  const require = createRequire(import.meta.url);
  const { Ajv: AjvClass } = require('ajv') as { Ajv: new (o: object) => Ajv };
  const standaloneCode = (require('ajv/dist/standalone/index.js') as { default: (a: Ajv, v: ValidateFunction) => string }).default;
  // code.optimize off: compiling takes about a third of the time, and validating a spec stays well under 10 ms
  const ajv = new AjvClass({ ...AJV_OPTIONS, code: { optimize: false, source } });
  const validate = ajv.compile(schema);
  if (!source) return { validate };
  const code = `${standaloneCode(ajv, validate)}\nmodule.exports.default.digest = ${JSON.stringify(src.digest)};\n`;
  return { validate, code };
}

/**
 * Whether the validator written next to this module at build time was compiled from what is
 * installed now (same digest): scripts/compile-schema.mjs then leaves it alone instead of
 * compiling the schema again (about 1.5 s of every `npm test` and `npm run report`).
 */
export function prebuiltIsCurrent(): boolean {
  return loadPrebuilt(schemaSource().digest, false) !== undefined;
}

/** The validator written at build time next to this module, if it is there and for `digest` (compiled from its code cache when that matches). */
function loadPrebuilt(digest: string, useCodeCache = true): { validate: ValidateFunction; script: vm.Script } | undefined {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const prebuilt = path.join(dir, PREBUILT);
  if (!fs.existsSync(prebuilt)) return undefined;
  const cacheFile = path.join(dir, PREBUILT_CODE_CACHE);
  const cachedData = useCodeCache && fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
  const code = fs.readFileSync(prebuilt, 'utf8');
  let s: vm.Script;
  try {
    s = script(code, prebuilt, cachedData);
  } catch {
    return undefined; // a damaged file is no file
  }
  const validate = load(code, prebuilt, digest, s);
  if (!validate) return undefined;
  prebuiltCodeCache = cachedData === undefined ? 'none' : s.cachedDataRejected ? 'rejected' : 'accepted';
  return { validate, script: s };
}

/**
 * V8's code cache of the prebuilt validator (for scripts/compile-schema.mjs to write beside it),
 * made after validating `samples` so that it holds the functions specs like them reach;
 * undefined when there is no current prebuilt validator.
 */
export function prebuiltCodeCacheData(samples: unknown[]): Buffer | undefined {
  const p = loadPrebuilt(schemaSource().digest, false);
  if (!p) return undefined;
  for (const spec of samples) p.validate(spec);
  return p.script.createCachedData();
}

function compile(): ValidateFunction {
  if (validator) return validator;
  const src = schemaSource();
  // 1. written at build time, next to this module
  const p = loadPrebuilt(src.digest);
  if (p) return (validator = p.validate);
  // 2. compiled by an earlier process for this project
  const key = `vl-schema-${src.digest}.cjs`;
  const cached = cacheArea?.readCache(key);
  if (cached !== undefined) {
    const v = load(cached, key, src.digest);
    if (v) return (validator = v);
  }
  // 3. compiled now
  const out = compileSource(src, cacheArea !== undefined);
  if (cacheArea && out.code) cacheArea.writeCache(key, out.code);
  return (validator = out.validate);
}

/** JSON pointer (/encoding/x/type) → path segments. */
const segments = (pointer: string): (string | number)[] =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/** encoding.x.type, layer[1].mark */
export const fieldPath = (segs: (string | number)[]): string =>
  segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(top level)';

const RANK: Record<string, number> = { enum: 0, const: 0, type: 1, additionalProperties: 2, required: 3 };

/** The most telling of ajv's errors: the deepest, then enum/type before "additional property"/"required". */
function best(errors: ErrorObject[]): ErrorObject {
  const concrete = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  // A "type" that only other branches' constants reject ({"type": "bar", "color": 5} is not a
  // boxplot either) says less than a sibling's error in the branch the type picked.
  const parent = (p: string) => p.slice(0, p.lastIndexOf('/'));
  const discriminator = (e: ErrorObject) =>
    (e.keyword === 'enum' || e.keyword === 'const') && e.instancePath.endsWith('/type') &&
    concrete.some((o) => o !== e && o.instancePath.startsWith(parent(e.instancePath) + '/') && o.instancePath !== e.instancePath);
  const specific = concrete.filter((e) => !discriminator(e));
  const pool = specific.length ? specific : concrete.length ? concrete : errors;
  const depth = (e: ErrorObject) => segments(e.instancePath).length + (e.keyword === 'additionalProperties' || e.keyword === 'required' ? 0.5 : 0);
  return [...pool].sort((a, b) => depth(b) - depth(a) || (RANK[a.keyword] ?? 9) - (RANK[b.keyword] ?? 9))[0]!;
}

function describe(e: ErrorObject, value: unknown, errors: ErrorObject[]): string {
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value);
  switch (e.keyword) {
    case 'enum':
    case 'const': {
      // the same position may accept values from several enums (anyOf): list them all
      const allowed = new Set<unknown>();
      for (const o of errors) if (o.instancePath === e.instancePath && o.keyword === 'enum') for (const v of (o.params as { allowedValues: unknown[] }).allowedValues) allowed.add(v);
      for (const o of errors) if (o.instancePath === e.instancePath && o.keyword === 'const') allowed.add((o.params as { allowedValue: unknown }).allowedValue);
      const typed = errors.find((o) => o.instancePath === e.instancePath && o.keyword === 'type');
      // 5 where a colour name or a colour object goes: say what type is expected, not 148 names
      if (typed && ![...allowed].some((v) => typeof v === typeof value)) return describe(typed, value, errors);
      const list = [...allowed].map((v) => JSON.stringify(v));
      return `${shown} is not allowed here; expected one of ${list.slice(0, 24).join(', ')}${list.length > 24 ? ', …' : ''}`;
    }
    case 'type': {
      const types = new Set<string>();
      for (const o of errors) if (o.instancePath === e.instancePath && o.keyword === 'type') types.add(String((o.params as { type: string }).type));
      return `${shown} has the wrong type; expected ${[...types].join(' or ')}`;
    }
    case 'additionalProperties':
      return `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'required':
      return `missing property "${(e.params as { missingProperty: string }).missingProperty}"`;
    default:
      return `${shown} ${e.message ?? 'is not valid'}`;
  }
}

/**
 * Throws BK202 (with the JSON path, and the line:column in `text` when given) for a spec the
 * Vega-Lite schema rejects.
 */
export function validateSpec(spec: unknown, file: string, text?: string): void {
  const validate = compile();
  if (validate(spec)) return;
  const errors = validate.errors ?? [];
  const e = best(errors);
  let segs = segments(e.instancePath);
  if (e.keyword === 'additionalProperties') segs = [...segs, (e.params as { additionalProperty: string }).additionalProperty];
  let value: unknown = spec;
  for (const s of segments(e.instancePath)) value = (value as Record<string | number, unknown> | undefined)?.[s];
  const reason = describe(e, value, errors);
  // an unknown property: point at its key, not its value
  const where = text ? positionOf(text, segs, e.keyword === 'additionalProperties') : undefined;
  throw msg.vegaLiteSchema(file, fieldPath(segs), reason, where?.line, where?.column);
}

/** The line:column of the value at `segs` in a spec's text (or of the nearest parent there is); `key`: of its key. */
export function positionOf(text: string, segs: (string | number)[], key = false): { line: number; column: number } | undefined {
  const tree = jsonc.parseTree(text);
  for (let n = segs.length; tree && n >= 0; n--) {
    const node = jsonc.findNodeAtLocation(tree, segs.slice(0, n));
    if (node) return lineColumnAt(text, node.parent?.type === 'property' && n === segs.length && key ? node.parent.offset : node.offset);
  }
  return undefined;
}
