/**
 * Stage 3 — render templates: each section of the profile is a Markdown+Handlebars file with
 * YAML front matter. Handlebars runs in strict mode (an unknown name is an error with file:line),
 * with only briefkit's helpers, prototype access off, and Markdown-escaping of every value.
 */
import Handlebars from 'handlebars';
import type { DataBundle } from '../data/load.js';
import { parseJson, parseYaml, yamlLineOf } from '../data/parse.js';
import { validate } from '../data/load.js';
import type { Area } from '../io/project.js';
import { BriefkitError } from '../log/error.js';
import * as msg from '../log/message.js';
import { setActivity } from '../log/activity.js';
import type { ResolvedProfile } from '../profile/resolve.js';
import { checkTemplate, FORBIDDEN_PROPERTIES } from './check.js';
import type { RenderContext } from './context.js';
import { installMarkdownEscaping, withEscapeHook } from './escape.js';
import { printedFigure } from './helpers/format.js';
import { splitFrontMatter, type SectionMeta } from './front-matter.js';
import { blockHelpers } from './helpers/blocks.js';
import { dataHelpers } from './helpers/data.js';
import { formatHelpers } from './helpers/format.js';
import { projectHelpers } from './helpers/project.js';
import type { ProjectConfig } from '../config/types.js';
import { emptyModel, type DocModel } from '../model/document.js';
import { tableSpecSchema, type TableSpec } from './table-spec.js';

export interface RenderedSection {
  name: string;
  id: string;
  title: string;
  meta: SectionMeta;
  file: string;
  markdown: string;
}

export interface Rendered {
  sections: RenderedSection[];
  model: DocModel;
}

export interface TemplateAssets {
  /** Chart name → dataset names its spec binds. */
  charts: Map<string, string[]>;
  /** Chart name → its spec and file. */
  specs: Map<string, { file: string; spec: Record<string, unknown>; text: string }>;
  tables: Map<string, TableSpec>;
  /** Table name → its file and text (for locating fields in messages). */
  tableFiles: Map<string, { file: string; text: string }>;
}

/** Reads chart and table specs under templates/ (shared by every audience). */
export function loadTemplateAssets(templates: Area): TemplateAssets {
  const charts = new Map<string, string[]>();
  const specs = new Map<string, { file: string; spec: Record<string, unknown>; text: string }>();
  for (const f of templates.list('charts', ['.vl.json'])) {
    const name = f.slice('charts/'.length, -'.vl.json'.length);
    const file = templates.name(f);
    const text = templates.readText(f, 'chart spec');
    const spec = parseJson(text, file);
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw msg.invalidVegaLite(file, 'the file must hold one JSON object');
    charts.set(name, namedDatasets(spec));
    specs.set(name, { file, spec: spec as Record<string, unknown>, text });
  }
  const tables = new Map<string, TableSpec>();
  const tableFiles = new Map<string, { file: string; text: string }>();
  for (const f of templates.list('tables', ['.yaml', '.yml'])) {
    const name = f.replace(/^tables\//, '').replace(/\.ya?ml$/, '');
    const file = templates.name(f);
    const text = templates.readText(f, 'table spec');
    tables.set(name, validate(tableSpecSchema, parseYaml(text, file), file, (p) => yamlLineOf(text, p)));
    tableFiles.set(name, { file, text });
  }
  return { charts, specs, tables, tableFiles };
}

/**
 * Every field a table spec names (filter, sort, columns, pivot) must be a field of its dataset:
 * a typo is an error with the spec's line and the dataset's fields, not an empty column.
 */
export function checkTableFields(assets: TemplateAssets, data: DataBundle): void {
  // every spec's first error is reported, not only the first spec's
  const errors: BriefkitError[] = [];
  for (const [name, spec] of assets.tables) {
    try {
      checkTableSpec(name, spec, assets, data);
    } catch (e) {
      if (!(e instanceof BriefkitError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length) throw msg.errorsOfStage(errors, 'the table specs');
}

/** The fields one table spec names must be fields of its dataset. */
function checkTableSpec(name: string, spec: TableSpec, assets: TemplateAssets, data: DataBundle): void {
  const { file, text } = assets.tableFiles.get(name)!;
  const ds = data.datasets.get(spec.dataset);
  if (!ds) throw msg.unknownDataset(spec.dataset, [...data.datasets.keys()], { file, field: 'dataset', ...lineAt(text, ['dataset']) });
  const named: [string, (string | number)[]][] = [
    ...Object.keys(spec.filter ?? {}).map((k): [string, (string | number)[]] => [k, ['filter', k]]),
    ...(spec.sort ? [[spec.sort, ['sort']] as [string, (string | number)[]]] : []),
    ...(spec.pivot ? (['rows', 'columns', 'value'] as const).map((k): [string, (string | number)[]] => [spec.pivot![k], ['pivot', k]]) : []),
    ...spec.columns.map((c, i): [string, (string | number)[]] => [c.field, ['columns', i, 'field']]),
  ];
  for (const [field, at] of named) {
    if (!ds.fields.includes(field)) throw msg.unknownField({ file, field: at.join('.').replace(/\.(\d+)/g, '[$1]'), ...lineAt(text, at) }, ds.name, field, ds.fields);
  }
}

const lineAt = (text: string, at: (string | number)[]) => {
  const line = yamlLineOf(text, at);
  return line !== undefined ? { line } : {};
};

/** Every `"data": {"name": …}` in a (possibly layered/concatenated) spec. */
export function namedDatasets(spec: unknown): string[] {
  const out: string[] = [];
  // an explicit stack, not recursion: however deep a spec nests, this walk cannot overflow
  const todo: unknown[] = [spec];
  while (todo.length) {
    const v = todo.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) todo.push(v[i]);
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    const o = v as Record<string, unknown>;
    const d = o.data as Record<string, unknown> | undefined;
    if (d && typeof d === 'object' && typeof d.name === 'string' && !out.includes(d.name)) out.push(d.name);
    const children = Object.entries(o).filter(([k]) => k !== 'data').map(([, c]) => c);
    for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]);
  }
  // lookup transforms: {"lookup": …, "from": {"data": {"name": …}}} are covered by the walk above.
  return out;
}

/** The project's own helpers (the config's `helpers`) and where in its files an error was raised. */
export type ProjectHelpers = Pick<ProjectConfig, 'helpers' | 'locate'>;

export function renderTemplates(templates: Area, resolved: ResolvedProfile, data: DataBundle, assets: TemplateAssets, project: ProjectHelpers = { helpers: [] }): Rendered {
  installMarkdownEscaping();
  const hb = Handlebars.create();
  const model = emptyModel();
  const ctx: RenderContext = { data, profile: resolved.profile, charts: assets.charts, tables: assets.tables, model, sections: new Set(resolved.profile.sections), file: '', lineOffset: 0 };
  const own = { ...formatHelpers(ctx), ...dataHelpers(ctx), ...blockHelpers(ctx) };
  // the project's helpers may not take a name of briefkit's or of Handlebars' own (BK034)
  const helpers = { ...own, ...projectHelpers(ctx, project.helpers, new Set([...Object.keys(own), ...Object.keys(hb.helpers)]), project.locate) };
  hb.registerHelper(helpers as unknown as Handlebars.HelperDeclareSpec);
  // Of Handlebars' built-ins only the control blocks stay (if, unless, each, with, lookup); `log` would print from templates.
  hb.unregisterHelper('log');
  // lookup and each as Handlebars has them, but refusing what they would silently print as nothing:
  // a built-in property of every object (BK047, for a key that comes from the data; the static
  // check catches one written in the template) and a text, number or boolean given to {{#each}} (BK048).
  const { lookup, each } = hb.helpers as Record<string, (...a: unknown[]) => unknown>;
  hb.registerHelper('lookup', function (this: unknown, ...args: unknown[]) {
    if (typeof args[1] === 'string' && FORBIDDEN_PROPERTIES.has(args[1])) throw msg.forbiddenProperty(ctx.file, ctx.callLine, undefined, args[1]);
    return lookup!.apply(this, args);
  });
  hb.registerHelper('each', function (this: unknown, ...args: unknown[]) {
    const v = args[0];
    if (args.length > 1 && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')) {
      throw msg.eachNotList(ctx.file, ctx.callLine, `the ${typeof v === 'string' ? 'text' : typeof v} ${JSON.stringify(typeof v === 'bigint' ? String(v) : v)}`);
    }
    return each!.apply(this, args);
  });
  // Every helper call (briefkit's and the built-in blocks) records its line first, so an error a
  // helper raises without a location (a TypeError, a date-fns RangeError) names the call's line.
  for (const [name, fn] of Object.entries(hb.helpers)) {
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const opts = args.at(-1) as { loc?: { start: { line: number } } } | undefined;
      if (opts?.loc) ctx.callLine = opts.loc.start.line + ctx.lineOffset;
      // a value left by the previous helper was not printed right away (it fed this one)
      ctx.pending = undefined;
      // a number {{val}} returned is this call's argument, if any, while it runs (BK116)
      const prevArg = ctx.argValue;
      ctx.argValue = ctx.rawValue;
      ctx.rawValue = undefined;
      try {
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        ctx.argValue = prevArg;
      }
    });
  }
  // Only briefkit's helpers exist: drop Handlebars' helperMissing/blockHelperMissing fallbacks' leniency.
  const helperNames = new Set(Object.keys(helpers));
  ctx.helperNames = [...helperNames].sort();

  // Every template is checked and rendered even after one fails: the stage reports each error
  // (the first ERRORS_PER_STAGE, and how many there are), not only the first. A failure that is
  // not the user's stops at once.
  const errors: BriefkitError[] = [];
  const collect = (e: unknown) => {
    if (!(e instanceof BriefkitError)) throw e;
    errors.push(...e.all());
  };

  // Partials (audience overrides already folded into resolved.templates).
  const partialFiles = [...resolved.templates.entries()].filter(([k]) => k.startsWith('partials/'));
  const partialNames = new Set(partialFiles.map(([k]) => partialName(k)));
  for (const [key, file] of partialFiles) {
    try {
      const rel = relInTemplates(templates, file);
      const text = templates.readText(rel, 'partial');
      const { body, lineOffset, meta } = splitFrontMatter(text, file);
      const ast = parse(hb, body, file, lineOffset);
      checkTemplate(ast, { file, lineOffset, helpers: helperNames, partials: partialNames, allowNumbers: meta.allowNumbers });
      hb.registerPartial(partialName(key), wrapped(hb, body, ast, file, lineOffset, ctx, partialName(key)));
    } catch (e) {
      collect(e);
      // a section that calls it fails with the partial's own error, not "unknown partial"
      hb.registerPartial(partialName(key), () => {
        throw PARTIAL_FAILED;
      });
    }
  }

  const context = {
    profile: resolved.profile,
    audience: resolved.audience,
    asOf: resolved.profile.asOf ?? data.asOf,
    vars: resolved.profile.vars ?? {},
    sources: Object.fromEntries(data.sources),
  };

  // Read every section's front matter first, so {{#ifSection}} and references know the edition's ids.
  const sources = resolved.profile.sections.flatMap((name) => {
    try {
      const key = `sections/${name}.md.hbs`;
      const file = resolved.templates.get(key);
      if (!file) throw msg.sectionWithoutTemplate(resolved.files.at(-1)!, name, resolved.audience);
      const text = templates.readText(relInTemplates(templates, file), 'section template');
      const split = splitFrontMatter(text, file);
      ctx.sections.add(split.meta.id ?? name);
      return [{ name, file, ...split }];
    } catch (e) {
      collect(e);
      return [];
    }
  });

  const sections: RenderedSection[] = [];
  const seenIds = new Map<string, string>();
  for (const { name, file, meta, body, lineOffset } of sources) {
    try {
      const ast = parse(hb, body, file, lineOffset);
      checkTemplate(ast, { file, lineOffset, helpers: helperNames, partials: partialNames, allowNumbers: meta.allowNumbers });
      const id = meta.id ?? name;
      if (seenIds.has(id)) throw msg.idUsedTwice(id, { kind: 'section', file: seenIds.get(id)!, line: 1 }, { kind: 'section', file, line: 1 });
      seenIds.set(id, file);
      ctx.file = file;
      ctx.lineOffset = lineOffset;
      ctx.callLine = undefined;
      ctx.rawValue = ctx.argValue = ctx.pending = undefined;
      setActivity(`rendering ${file}`, file);
      const markdown = run(hb, body, ast, file, lineOffset, context, ctx);
      sections.push({ name, id, title: meta.title ?? name, meta, file, markdown });
    } catch (e) {
      // its partial's error is already reported
      if (e !== PARTIAL_FAILED) collect(e);
    }
  }
  // references are checked when every section rendered: a failed one would leave its ids unknown
  if (errors.length) throw msg.errorsOfStage(errors, 'the templates');

  // a figure or table may not take a section's id (references and anchors name them all)
  for (const [id, entry] of [...model.figures, ...model.tables]) {
    const section = seenIds.get(id);
    if (section) throw msg.idUsedTwice(id, { kind: 'section', file: section, line: 1 }, { kind: model.figures.has(id) ? 'figure' : 'table', file: entry.file, line: entry.line });
  }
  const known = new Set([...model.figures.keys(), ...model.tables.keys(), ...seenIds.keys()]);
  const otherSections = new Set([...resolved.templates.keys()].filter((k) => k.startsWith('sections/')).map((k) => k.slice('sections/'.length).replace(/\.md\.hbs$/, '')));
  for (const r of model.references) {
    if (known.has(r.id)) continue;
    if (otherSections.has(r.id)) throw msg.referenceOutsideEdition(r.file, r.id, resolved.audience, r.line);
    throw msg.unknownReference(r.file, r.id, 'figure, table or section', r.line);
  }
  return { sections, model };
}

/** Thrown by a partial that failed to parse or check, so the sections that call it add no error of their own. */
const PARTIAL_FAILED = new Error('a partial that failed its checks was called');

const partialName = (key: string) => key.replace(/^partials\//, '').replace(/(\.md)?\.hbs$/, '');

function relInTemplates(templates: Area, display: string): string {
  return display.slice(templates.label.length + 1);
}

function parse(hb: typeof Handlebars, body: string, file: string, lineOffset: number): hbs.AST.Program {
  try {
    return hb.parse(body);
  } catch (e) {
    // a partial named by a path ({{> /etc/x}}, {{> a/../b}}) fails to parse; say what it is
    for (const m of body.matchAll(/\{\{~?\s*>\s*([^\s}~]+)/g)) {
      if (!/[/\\]|\.\./.test(m[1]!)) continue;
      const head = body.slice(0, m.index);
      const line = (head.match(/\n/g)?.length ?? 0) + 1 + lineOffset;
      throw msg.unknownPartial(file, line, m.index - head.lastIndexOf('\n'), m[1]!, []);
    }
    throw syntaxError(e, file, lineOffset, body);
  }
}

/** The first block opened and never closed ({{#each …}} without {{/each}}), with its position. */
export function unclosedBlock(body: string): { name: string; line: number; column: number } | undefined {
  const stack: { name: string; index: number }[] = [];
  for (const m of body.matchAll(/\{\{~?\s*([#/])\s*>?\s*([^\s}~]+)/g)) {
    if (m[1] === '#') stack.push({ name: m[2]!, index: m.index });
    else {
      const i = stack.map((x) => x.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.splice(i);
    }
  }
  const open = stack[0];
  if (!open) return undefined;
  const head = body.slice(0, open.index);
  const line = (head.match(/\n/g)?.length ?? 0) + 1;
  return { name: open.name, line, column: open.index - head.lastIndexOf('\n') };
}

function syntaxError(e: unknown, file: string, lineOffset: number, body?: string): BriefkitError {
  const m = String((e as Error).message ?? e);
  if (body && /got 'EOF'/.test(m)) {
    const open = unclosedBlock(body);
    if (open) return msg.templateSyntax(file, open.line + lineOffset, open.column, `{{#${open.name}}} is never closed (expected {{/${open.name}}})`);
  }
  const parseErr = /Parse error on line (\d+):\n[^\n]*\n([^\n]*)\n(.*)/s.exec(m);
  if (parseErr) {
    const col = (parseErr[2] ?? '').indexOf('^');
    const expecting = (parseErr[3] ?? '').replace(/^Expecting /, 'expected ').replace(/'/g, '');
    return msg.templateSyntax(file, Number(parseErr[1]) + lineOffset, col >= 0 ? col + 1 : undefined, expecting.split('\n')[0] ?? 'syntax error');
  }
  const withLoc = /^(.*?) - (\d+):(\d+)$/s.exec(m);
  if (withLoc) return msg.templateSyntax(file, Number(withLoc[2]) + lineOffset, Number(withLoc[3]) + 1, withLoc[1]!);
  return msg.templateSyntax(file, 1 + lineOffset, undefined, m.split('\n')[0] ?? m);
}

/** Handlebars.compile's options (with its default `data: true`). */
const COMPILE_OPTIONS = { strict: true, noEscape: false, preventIndent: true, data: true };
/** Handlebars' compilers (not in its types): a tree → opcodes → a template spec, as Handlebars.compile runs them. */
type Compilers = { Compiler: new () => { compile(ast: hbs.AST.Program, o: object): unknown }; JavaScriptCompiler: new () => { compile(env: unknown, o: object, context: undefined, asObject: true): TemplateSpecification } };
/**
 * Compiled templates by their text, shared by every edition and rebuild in the process (a spec is
 * what Handlebars.precompile makes: it holds no helper, partial or data; each edition's
 * Handlebars instance runs it with its own).
 */
const compiled = new Map<string, TemplateSpecification>();
const MAX_COMPILED = 500;

/**
 * A template compiled from the tree parse() made and checkTemplate checked: Handlebars.compile,
 * given the text, would parse it again; the same text is compiled once per process.
 */
function compile(hb: typeof Handlebars, ast: hbs.AST.Program, body: string) {
  let spec = compiled.get(body);
  if (!spec) {
    const c = hb as unknown as Compilers;
    spec = new c.JavaScriptCompiler().compile(new c.Compiler().compile(ast, COMPILE_OPTIONS), COMPILE_OPTIONS, undefined, true);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(body, spec);
  }
  return hb.template(spec);
}

function run(hb: typeof Handlebars, body: string, ast: hbs.AST.Program, file: string, lineOffset: number, context: object, ctx: RenderContext): string {
  try {
    // a data text printed as it is ({{event}}) that quotes a figure is a claim of the register
    return withEscapeHook((v) => printedFigure(ctx, v), () => compile(hb, ast, body)(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }));
  } catch (e) {
    throw runtimeError(e, file, lineOffset, ctx.callLine, ctx.helperNames);
  }
}

/** A Handlebars runtime failure → the catalogued error, located in the template that raised it. */
function runtimeError(e: unknown, file: string, lineOffset: number, callLine?: number, helpers: string[] = []): BriefkitError | Error {
  if (e instanceof BriefkitError) return e;
  if (e === PARTIAL_FAILED) return PARTIAL_FAILED;
  const line = callLine ?? 1 + lineOffset;
  const m = String((e as Error).message ?? e);
  const strict = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/s.exec(m);
  // a misspelt helper called without arguments ({{incraese}}) reads as a name: the nearest helper is suggested
  if (strict) return msg.unknownVariable(file, Number(strict[2]) + lineOffset, Number(strict[3]) + 1, strict[1]!, helpers);
  if (/^Parse error|doesn't match|- \d+:\d+$/.test(m)) return syntaxError(e, file, lineOffset);
  const missing = /^Missing helper: "([^"]+)"/.exec(m);
  if (missing) return msg.unknownHelper(file, line, 1, missing[1]!, []);
  if (e instanceof TypeError) return msg.templateSyntax(file, line, undefined, `an expression used a value as a helper or object it is not (${m})`);
  return msg.templateSyntax(file, line, undefined, m);
}

/** Partials being rendered, outermost first (a partial may include itself, over data that ends: a tree). */
const partialChain: { name: string; file: string; body: string; lineOffset: number }[] = [];
/** Deeper than this, partials that include each other are taken to run without end (BK041, not a stack overflow). */
const MAX_PARTIAL_DEPTH = 64;

/** Line of the first `{{> name` in a template body, in its file. */
function partialCallLine(body: string, lineOffset: number, name: string): number {
  const m = new RegExp(`\\{\\{~?>\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).exec(body);
  return (m ? body.slice(0, m.index).split('\n').length : 1) + lineOffset;
}

/** A partial as a function, so errors inside it name the partial's own file. */
function wrapped(hb: typeof Handlebars, body: string, ast: hbs.AST.Program, file: string, lineOffset: number, ctx: RenderContext, name: string): Handlebars.TemplateDelegate {
  let fn: Handlebars.TemplateDelegate | undefined;
  return (context: unknown, options?: Handlebars.RuntimeOptions) => {
    if (partialChain.length >= MAX_PARTIAL_DEPTH) {
      // the cycle, from the first time this partial was entered; reported where the last one includes it
      const from = partialChain.findLastIndex((p) => p.name === name);
      const cycle = [...partialChain.slice(from >= 0 ? from : -2).map((p) => p.name), name];
      const caller = partialChain.at(-1)!;
      throw msg.partialRecursion(caller.file, partialCallLine(caller.body, caller.lineOffset, name), cycle.map((n) => `{{> ${n}}}`));
    }
    partialChain.push({ name, file, body, lineOffset });
    const prev = { file: ctx.file, lineOffset: ctx.lineOffset, callLine: ctx.callLine };
    ctx.file = file;
    ctx.lineOffset = lineOffset;
    ctx.callLine = undefined;
    try {
      fn ??= compile(hb, ast, body);
      return fn(context, options);
    } catch (e) {
      throw runtimeError(e, file, lineOffset, ctx.callLine, ctx.helperNames);
    } finally {
      partialChain.pop();
      ctx.file = prev.file;
      ctx.lineOffset = prev.lineOffset;
      ctx.callLine = prev.callLine;
    }
  };
}

export type { SectionMeta };
