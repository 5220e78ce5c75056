/**
 * The build, top to bottom. One audience edition goes through seven stages:
 *
 *   briefkit.config.ts ──esbuild, checked──▶ ProjectConfig (the datasets the project declares)
 *   data/ ──load+validate──▶ DataBundle
 *   templates/profile.yaml + audiences/<a>/ ──resolve──▶ Profile
 *   sections/*.md.hbs ──Handlebars (strict, escaped)──▶ Markdown + DocModel (figures, tables, notes)
 *   Markdown ──micromark (GFM, directives, no HTML)──▶ mdast
 *   mdast ──citations (figures cited where read, notes numbered in reading order)──▶ mdast
 *   charts/*.vl.json + datasets ──Vega-Lite → Vega (fontkit metrics)──▶ display list (charts/scene)
 *   mdast + SVG + theme ──layout (one file per block)──▶ pdfmake document
 *   document ──pdfmake (fixed dates)──▶ PDF bytes ──temp file + rename──▶ out/*.pdf + manifest.json
 *
 * Every edition is rendered in memory first; files are written only when all succeeded.
 */
import path from 'node:path';
import { FontMetrics } from './charts/metrics.js';
import type { ChartOutput } from './charts/render.js';
import { useSchemaCache } from './charts/schema.js';
import { useCiteCache } from './cite/cache.js';
import { chartKey, readChart, writeChart } from './charts/cache.js';
import { loadConfig } from './config/load.js';
import type { ProjectConfig } from './config/types.js';
import { figureRowMatches } from './templates/helpers/blocks.js';
import { loadData, type DataBundle } from './data/load.js';
import { deriveData } from './data/derive.js';
import { memoReads } from './io/memo.js';
import { Project, type ProjectOptions } from './io/project.js';
import { coverFigures } from './layout/cover.js';
import { claimRow, registerEntries, type AltEntry, type Register } from './model/claims.js';
import { qualifierSymbol } from './format/format.js';
import { layoutDocument } from './layout/document.js';
import { sparseColumns } from './layout/blocks/table.js';
import { smarten } from './layout/typography.js';
import type { Reporter } from './log/reporter.js';
import { silent } from './log/reporter.js';
import { numberCitations } from './markdown/citations.js';
import { parseMarkdown } from './markdown/parse.js';
import { captionTables } from './markdown/table-captions.js';
import { checkMarkdown } from './markdown/check.js';
import { printLength } from './profile/schema.js';
import { listAudiences, resolveProfile, type ResolvedProfile } from './profile/resolve.js';
import { checkTableFields, loadTemplateAssets, renderTemplates, type TemplateAssets } from './templates/render.js';
import { chartConfig, CJK_FONT, CJK_RUN, makeTheme, PX_TO_PT } from './theme/theme.js';
import type { BriefkitError } from './log/error.js';
import * as msg from './log/message.js';
import { breaksAnywhere, hyphenatorFor } from './layout/hyphenate.js';
import { uncovered } from './theme/fonts.js';
import { CATALOGUES, hasCatalogue } from './i18n/index.js';
import { editionFile, pageCount, sha256, type ManifestEntry } from './write/output.js';
import { buildDate, loadFonts, loadProfileFont, renderPdf } from './write/pdf.js';
import { numberStyle } from './format/format.js';
import { printedText, spellingVariants } from './layout/spelling.js';
import { tagReport } from './pdf/engine/tagging.js';
import { render } from './pdf/engine/state.js';
import { snapshotData, type DataSnapshot } from './write/changes.js';
import { setActivity } from './log/activity.js';
import type { EditionUses, Limits } from './worker/host.js';

export type { EditionUses };
import { VERSION } from './version.js';

/**
 * Charts drawn in this process, by cache folder, cache key and spec file (the key names all a chart
 * depends on; its warnings name the file). The folder is part of it so that a project's own disk
 * cache is still written when another project in the process drew the same chart.
 */
const sharedCharts = new Map<string, ChartOutput>();

export { VERSION };

export interface BuildOptions extends ProjectOptions {
  root: string;
  /** Audiences to build; default: every audience under templates/audiences/. */
  audiences?: string[];
  reporter?: Reporter;
  /** Time and memory limits of the build worker (see src/worker/host.ts). */
  limits?: Partial<Limits>;
  /**
   * Run the rendering in a worker thread (limits enforced, Ctrl-C answered at once). Default: yes
   * when running from compiled JavaScript; tests that import src/*.ts render in-process.
   */
  isolate?: boolean;
  /** Write the PDF/UA identification; the build fails (BK330) when the accessibility checks do not hold. */
  pdfua?: boolean;
  /**
   * Editions built at once, each group of audiences in its own worker thread (default: the number
   * of cores). The outputs are the same as a serial build's: each edition is rendered on its own.
   */
  jobs?: number;
  /** Build only shard `index` (1-based) of `count`: a stable subset of the audiences (see shardOf). */
  shard?: { index: number; count: number };
}

export interface Edition {
  audience: string;
  file: string;
  pdf: Buffer;
  entry: ManifestEntry;
  resolved: ResolvedProfile;
  /** The edition's claims register (written to out/claims.json). */
  claims: Register;
  /** What it read and where its sections begin (watch and preview: which edits rebuild it). */
  uses: EditionUses;
}


/** Everything an edition needs that does not depend on the audience (cached by watch mode). */
export interface Inputs {
  project: Project;
  config: ProjectConfig;
  data: DataBundle;
  assets: TemplateAssets;
  metrics: FontMetrics;
  /** `--pdfua`: identify the PDFs as PDF/UA, failing when the checks do not hold. */
  pdfua?: boolean;
  /** Every loaded font file (a profile's own font too, once loaded): chart cache keys include them. */
  fontBuffers: () => Buffer[];
}

export async function loadInputs(opts: BuildOptions): Promise<Inputs> {
  const project = new Project(opts.root, opts);
  useSchemaCache(project.cache);
  useCiteCache(project.cache);
  const config = await loadConfig(project.rootArea, project.cache);
  // one turn of the event loop: a promise the config rejected and left unhandled surfaces now
  // (BK075 in the worker), not never, when the rest of the build runs without a pause
  await new Promise<void>((resolve) => setImmediate(resolve));
  // kept in memory while the files they were read from stay the same (--watch, the bench's warm runs)
  // derived datasets are kept with the bundle they were computed from (src/data/derive.ts)
  const data = await deriveData(memoReads('data', project.data, config.digest, (area) => loadData(area, config)), config);
  const assets = memoReads('template-assets', project.templates, '', (area) => loadTemplateAssets(area));
  checkTableFields(assets, data);
  const fonts = loadFonts(project);
  const metrics = new FontMetrics(fonts, makeTheme().font);
  metrics.install();
  const fontBuffers = () => Object.keys(fonts).sort().flatMap((family) => Object.values(fonts[family]!.buffers));
  return { project, config, data, assets, metrics, fontBuffers, ...(opts.pdfua ? { pdfua: true } : {}) };
}

/** Builds an edition, noting the datasets it looks up (see EditionUses). */
export async function buildEdition(inputs: Inputs, audience: string, reporter: Reporter = silent): Promise<Edition> {
  const datasets = inputs.data.datasets;
  const used = new Set<string>();
  const get = datasets.get;
  datasets.get = function (name: string) {
    used.add(name);
    return get.call(this, name);
  };
  try {
    const e = await renderEdition(inputs, audience, reporter);
    return { ...e, uses: { ...e.uses, files: [...new Set([...e.uses.files, ...datasetFiles(inputs, used)])].sort() } };
  } finally {
    // the instance's own property goes: Map.prototype.get again
    delete (datasets as { get?: unknown }).get;
  }
}

/** The project's modules the config imports (absolute; none when the config says none): watch mode watches them too. */
export function configModules(inputs: Inputs): string[] {
  return ((inputs.config as { modules?: string[] }).modules ?? []).map((f) => inputs.project.rootArea.resolve(f));
}

/** The data files behind datasets (a derived dataset's are those of the datasets it reads), absolute. */
function datasetFiles(inputs: Inputs, names: Iterable<string>): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const derived = inputs.config.derived.find((d) => d.name === name);
    if (derived) return derived.reads.forEach(visit);
    const def = inputs.data.defs.find((d) => d.name === name);
    if (def) out.add(inputs.project.data.resolve(def.file));
  };
  for (const n of names) visit(n);
  return [...out];
}

async function renderEdition(inputs: Inputs, audience: string, reporter: Reporter): Promise<Edition> {
  const { project, data, assets } = inputs;
  setActivity(`building the ${audience} edition`);

  // 2. resolve the audience profile
  const resolved = resolveProfile(project.templates, audience);
  const profile = resolved.profile;
  if (profile.theme?.font) loadProfileFont(project.projectFonts, profile.theme.font, (face) => resolved.origin(['theme', 'font', face]));
  (profile.theme?.fallbacks ?? []).forEach((f, i) => loadProfileFont(project.projectFonts, f, (face) => resolved.origin(['theme', 'fallbacks', i, face]), `theme.fallbacks.${i}`));
  const theme = makeTheme(profile);
  // text, chart labels and measures fall back along the theme's chain of fonts
  inputs.metrics.chain = theme.fonts;
  if (!hasCatalogue(profile.language)) reporter.warn(msg.noCatalogue(resolved.files.at(-1)!, profile.language, Object.keys(CATALOGUES)).message);
  if (theme.hyphenate && !hyphenatorFor(profile.language) && !breaksAnywhere(profile.language)) reporter.warn(msg.noHyphenationPatterns(resolved.files.at(-1)!, profile.language).message);
  reporter.stage('profile', audience);

  // 3. render templates → Markdown
  const rendered = renderTemplates(project.templates, resolved, data, assets, inputs.config);
  reporter.stage('templates', `${rendered.sections.length} sections`);
  // a section whose text is far longer than a briefing's (nested {{#each}} over data) is what the
  // rest of the edition's work is spent on: a time limit met from here on names its template
  const heavy = rendered.sections.reduce<(typeof rendered.sections)[number] | undefined>((a, s) => (s.markdown.length >= HEAVY_SECTION_CHARS && s.markdown.length > (a?.markdown.length ?? 0) ? s : a), undefined);
  const heavyNote = heavy ? ` (${heavy.file} rendered to ${heavy.markdown.length.toLocaleString('en-GB')} characters of text)` : '';
  if (heavy) setActivity(`reading the text of the ${audience} edition${heavyNote}`, heavy.file);

  // Every character must have a glyph in a font of the theme's chain (else it prints as a blank
  // box): Chinese runs in the bundled CJK subset, everything else in the first font of the chain
  // that has it (src/theme/fonts.ts). Every printed string is checked: cover, section text and
  // titles (running headers), captions, tables and the sources listed in the notes.
  // Each file's first missing character is reported, for every file (not only the first file).
  const glyphErrors: BriefkitError[] = [];
  const glyphs = (file: string, text: string | undefined) => {
    if (!text) return;
    const miss = uncovered(text.replace(CJK_RUN, ''), theme.fonts, inputs.metrics.covers);
    if (miss.length) return void glyphErrors.push(msg.missingBodyGlyph(file, miss[0]!, theme.font, theme.fonts.slice(1)));
    for (const m of text.matchAll(CJK_RUN)) {
      const cjk = inputs.metrics.missing(m[0], CJK_FONT);
      if (cjk.length) return void glyphErrors.push(msg.missingGlyph(file, cjk[0]!, CJK_FONT));
    }
  };
  const coverText = [profile.title, profile.subtitle, profile.publisher, profile.author, profile.edition, profile.label, profile.cover?.kicker, profile.cover?.note].filter(Boolean).join(' ');
  glyphs(resolved.files.at(-1)!, coverText);
  for (const s of rendered.sections) glyphs(s.file, [s.markdown, s.title, s.meta.short].filter(Boolean).join(' '));
  for (const f of rendered.model.figures.values()) glyphs(f.file, f.caption);
  for (const t of rendered.model.tables.values()) glyphs(t.file, [t.caption, t.note, ...t.header, ...t.rows.flat(), ...(t.rowNotes ?? [])].filter(Boolean).join(' '));
  if (glyphErrors.length) throw msg.errorsOfStage(glyphErrors, 'the check of the fonts\' characters');
  for (const t of rendered.model.tables.values()) for (const c of sparseColumns(t)) reporter.warn(msg.sparseColumn(t.file, t.caption, c.column, c.blank, c.rows, t.line).message);

  // 4. parse Markdown
  const sections = rendered.sections.map((s) => ({ id: s.id, title: s.title, meta: s.meta, file: s.file, ...(s.meta.short ? { short: s.meta.short } : {}), tree: parseMarkdown(s.markdown) }));
  checkMarkdown(sections, [...data.sources].map(([id, src]) => [id, src.url]));
  for (const s of sections) captionTables(s.tree, s).forEach((w) => reporter.warn(w.message));
  reporter.stage('markdown');

  // 4b. citations: notes numbered in reading order (cover first); each figure cited where read
  // the cover's key figures are claims of the register too; one repeated in the first section's band is dropped there
  const keyFigures = coverFigures(profile, data);
  const coverClaims = keyFigures.map((k) => {
    const q = typeof k.row.qualifier === 'string' ? qualifierSymbol[k.row.qualifier] ?? '' : '';
    return rendered.model.claims.add({ kind: 'cover', text: q + k.value, rows: [claimRow(data, k.dataset, k.row, k.field)], sources: [...new Set(k.row.source ?? [])], file: resolved.files.at(-1)!, context: `cover: ${q + k.value} ${k.label}` });
  });
  numberCitations(rendered.model, coverClaims.flatMap((c) => c.sources), sections, (id) => data.sources.has(id), coverClaims);
  for (const c of coverClaims) c.note = [...new Set(c.sources.map((id) => rendered.model.notes.number(id)))].sort((a, b) => a - b).join(',');
  for (const k of keyFigures) glyphs(resolved.files.at(-1)!, `${k.label} ${k.value}`);
  for (const id of rendered.model.notes.order) {
    const src = data.sources.get(id);
    if (src) glyphs(`${project.data.name('sources.json')} (source "${id}")`, [src.publisher, src.author, src.container, src.title, src.url].filter(Boolean).join(' '));
  }
  // the key figures and the sources the notes print are checked once the notes are numbered
  if (glyphErrors.length) throw msg.errorsOfStage(glyphErrors, 'the check of the fonts\' characters');

  // 5. charts → display lists (drawn into the PDF by src/pdf/engine/vector-node.ts)
  const charts = new Map<string, ChartOutput>();
  const config = chartConfig(theme);
  for (const fig of rendered.model.figures.values()) {
    const { file, spec, text } = assets.specs.get(fig.chart)!;
    setActivity(`rendering the chart ${file}`, file);
    const datasets = new Map(fig.datasets.map((d) => [d, data.datasets.get(d)!.rows.filter((r) => r.excluded !== true && figureRowMatches(r, fig.filter))]));
    const numbers = new Map(fig.datasets.map((d) => [d, data.datasets.get(d)!.numbers]));
    const fields = new Map(fig.datasets.map((d) => [d, data.datasets.get(d)!.fields]));
    const input = { file, spec, text, datasets, fields, numbers, numberStyle: numberStyle(profile), dateStyle: profile.dateStyle, language: profile.language, fonts: theme.fonts, dataArea: project.data, config, width: theme.contentWidth / PX_TO_PT, height: 250, svg: false };
    // rendered charts are cached on disk by a digest of all they depend on (see charts/cache.ts)
    const key = chartKey(input, inputs.fontBuffers());
    // editions built in one process share a chart they draw alike (same key), read or drawn once
    const shared = `${project.cache.dir}\0${key}\0${file}`;
    let out = key ? sharedCharts.get(shared) : undefined;
    out ??= readChart(project.cache, key, file);
    if (!out) {
      // Vega, Vega-Lite and the schema are loaded only when a chart is drawn
      const { renderChart } = await import('./charts/render.js');
      out = await renderChart(input);
      writeChart(project.cache, key, out);
    }
    if (key) {
      if (sharedCharts.size >= 64) sharedCharts.clear();
      sharedCharts.set(shared, out);
    }
    out.warnings.forEach((w) => reporter.warn(w.message));
    // a chart its data cannot describe needs the template's words (under --pdfua it must have them)
    if (!fig.alt && !fig.decorative && !out.altComplete) {
      const e = msg.undescribedChart(fig.file, fig.line, fig.chart, out.alt, !!inputs.pdfua);
      if (inputs.pdfua) throw e;
      reporter.warn(e.message);
    }
    charts.set(fig.id, out);
  }
  reporter.stage('charts', `${charts.size} charts`);

  // 6+7. layout → pdfmake document → PDF bytes (written later, atomically, with the others).
  // One layout and one drawing: widow/orphan and heading breaks are decided while pdfmake places
  // the lines, and page numbers (contents, cross-references) are filled in as pages are drawn.
  const asOf = profile.asOf ?? data.asOf;
  checkAsOf(asOf, resolved, inputs);
  const measure = (text: string, size: number, bold?: boolean) => inputs.metrics.width(text, size, theme.font, bold ? 'bold' : 'normal');
  const outline = (text: string, o: { cx: number; cy: number; angle: number; width: number }) => inputs.metrics.outline(text, o);
  const pdfWarnings = new Set<string>();
  setActivity(`laying out the ${audience} edition${heavyNote}`, heavy?.file ?? resolved.files.at(-1));
  const doc = layoutDocument({ theme, profile, data, model: rendered.model, charts, sections, version: VERSION, asOf, measure, outline, covers: inputs.metrics.covers });
  const pdf = await renderPdf(doc.dd, buildDate(asOf), (text) => pdfWarnings.add(text), { ...(inputs.pdfua ? { pdfua: { file: resolved.files.at(-1)! } } : {}), ...(profile.print ? { bleed: printLength(profile.print.bleed) } : {}) });
  for (const w of pdfWarnings) reporter.warn(msg.pdfWarning(resolved.files.at(-1)!, w).message);
  // a word printed in two spellings (utilisation, utilization), read from the drawn pages
  for (const v of spellingVariants(printedText(doc.dd.content, [...data.sources.values()].flatMap((s) => [s.title, s.container ?? '', s.publisher, s.author ?? '', s.reprintedBy ?? ''])))) reporter.warn(msg.twoSpellings(resolved.files.at(-1)!, v.forms).message);
  // the copyfit report: pages the engine could not fill (src/pdf/engine/page-fill.ts)
  for (const c of render.copyfit) reporter.warn(msg.shortPage(resolved.files.at(-1)!, c.page, c.fill, c.chapterEnd, c.add, c.cut).message);
  // what the tagged PDF lacks (a figure without alt text, an image outside any figure); --pdfua has already failed on it
  for (const p of tagReport()) reporter.warn(msg.noTextAlternative(resolved.files.at(-1)!, p.kind === 'figure-without-alt' ? `the figure${p.label ? ` "${p.label}"` : ''} on page ${p.page} has no alt text` : `an image on page ${p.page} has no text alternative`).message);
  // the claims register: every figure printed, with its page, sentence, rows, sources and note
  const alt: AltEntry[] = [...rendered.model.figures.values()].map((f) => {
    const page = doc.pageOf(f.id);
    const chart = charts.get(f.id)!;
    return { figure: doc.labels.get(f.id) ?? f.id, id: f.id, ...(page ? { page } : {}), caption: f.caption, alt: f.decorative ? '' : (f.alt ?? chart.alt), from: f.decorative ? 'decorative' : f.alt ? 'template' : 'data', complete: !f.decorative && (!!f.alt || chart.altComplete), template: f.line === undefined ? f.file : `${f.file}:${f.line}` };
  });
  const claims: Register = { alt, notes: [...rendered.model.notes.order], claims: registerEntries(rendered.model.claims, (id) => doc.labels.get(id) ?? id, doc.pageOf, (t) => smarten(t, profile.language).replace(/[\u00a0\u2009\u202f]/g, ' ')) };
  const unplaced = rendered.model.claims.list.filter((c) => !c.dropped && c.pdfPage === undefined);
  if (unplaced.length) reporter.warn(msg.claimsUnplaced(resolved.files.at(-1)!, unplaced.map((c) => `${c.text} (${c.line === undefined ? c.file : `${c.file}:${c.line}`})`)).message);
  const headings = doc.headings;
  const pages = pageCount(pdf);
  if (profile.maxPages && pages > profile.maxPages) throw msg.pageLimit(audience, pages, profile.maxPages);
  reporter.stage('layout+pdf', `${pages} pages`);

  const file = editionFile(audience);
  const t = project.templates;
  const abs = (name: string) => path.resolve(project.root, name);
  const font = profile.theme?.font;
  const uses: EditionUses = {
    files: [
      ...resolved.files,
      ...resolved.templates.values(),
      ...[...rendered.model.figures.values()].map((f) => assets.specs.get(f.chart)!.file),
      ...t.list('tables', ['.yaml', '.yml']).map((f) => t.name(f)),
    ].map(abs).concat(font ? [font.normal, font.bold, font.italics, font.bolditalics].filter((x): x is string => !!x).map((rel) => project.projectFonts.resolve(rel)) : []),
    sectionPages: Object.fromEntries(sections.flatMap((s) => {
      const page = (doc.anchors.get(s.id)?.positions as { pageNumber: number }[] | undefined)?.[0]?.pageNumber;
      return page === undefined ? [] : [[s.file, page]];
    })),
  };
  return {
    audience,
    file,
    pdf,
    resolved,
    claims,
    uses,
    entry: {
      audience,
      file,
      pages,
      bytes: pdf.length,
      sha256: sha256(pdf),
      inputsDigest: inputsDigest(inputs, resolved),
      sections: headings,
      figures: rendered.model.figures.size,
      tables: rendered.model.tables.size,
      keyFigures: Object.fromEntries(keyFigures.map((k) => [k.label, k.value])),
    },
  };
}

/** sha256 over data, profile files and every template the edition can read. */
function inputsDigest(inputs: Inputs, resolved: ResolvedProfile): string {
  const h = [inputs.config.digest, inputs.data.digest];
  const t = inputs.project.templates;
  const files = [...resolved.files, ...[...resolved.templates.values()], ...[...inputs.assets.specs.values()].map((s) => s.file), ...t.list('tables', ['.yaml', '.yml']).map((f) => t.name(f))].sort();
  for (const f of files) h.push(f, sha256(t.readBytes(f.slice(t.label.length + 1))));
  // a profile's own font files (bundled fonts change only with briefkit's version)
  const font = resolved.profile.theme?.font;
  const fonts = inputs.project.projectFonts;
  if (font) for (const rel of new Set([font.normal, font.bold, font.italics, font.bolditalics].filter((x): x is string => !!x))) h.push(fonts.name(rel), sha256(fonts.readBytes(rel, 'font')));
  return sha256(h.join('\n'));
}

/** Loads the inputs and renders every edition in memory (no file is written). */
/** An as-of date outside the profile's asOfRange is BK049, blamed on the profile's asOf or on the latest dated source. */
function checkAsOf(asOf: string | undefined, resolved: ResolvedProfile, inputs: Inputs): void {
  const { earliest, latest } = resolved.profile.asOfRange;
  // a partial date (2025, 2025-03) is in range when some day of it is
  if (asOf === undefined || (asOf >= earliest.slice(0, asOf.length) && asOf <= latest.slice(0, asOf.length))) return;
  if (resolved.profile.asOf !== undefined) {
    const at = resolved.origin(['asOf']);
    throw msg.asOfOutOfRange(at.file, 'asOf', asOf, earliest, latest, at.line);
  }
  const source = [...inputs.data.sources.values()].find((s) => s.date === asOf);
  throw msg.asOfOutOfRange(inputs.project.data.name(inputs.config.sources), `source "${source?.id ?? '?'}" date`, asOf, earliest, latest);
}

/** Rendered text of one section beyond which it is named as the likely cause of a time or memory limit (about 60 pages of prose). */
const HEAVY_SECTION_CHARS = 200_000;

export async function renderEditions(opts: BuildOptions): Promise<{ editions: Edition[]; asOf?: string; snapshot: DataSnapshot; inputs: Inputs }> {
  const reporter = opts.reporter ?? silent;
  setActivity('loading the inputs');
  // 1. load and validate data (+ chart/table specs, fonts)
  const inputs = await loadInputs(opts);
  reporter.stage('data', `${inputs.data.datasets.size} datasets, ${inputs.data.sources.size} sources`);
  const audiences = opts.audiences?.length ? opts.audiences : listAudiences(inputs.project.templates);
  const editions: Edition[] = [];
  for (const a of audiences) editions.push(await buildEdition(inputs, a, reporter));
  return { editions, asOf: inputs.data.asOf, snapshot: snapshotData(inputs.data), inputs };
}
