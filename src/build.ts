/**
 * The build, top to bottom. One audience edition goes through seven stages:
 *
 *   data/ ──load+validate──▶ DataBundle
 *   templates/profile.yaml + audiences/<a>/ ──resolve──▶ Profile
 *   sections/*.md.hbs ──Handlebars (strict, escaped)──▶ Markdown + DocModel (figures, tables, notes)
 *   Markdown ──micromark (GFM, directives, no HTML)──▶ mdast
 *   mdast ──citations (figures cited where read, notes numbered in reading order)──▶ mdast
 *   charts/*.vl.json + datasets ──Vega-Lite → Vega (fontkit metrics)──▶ SVG
 *   mdast + SVG + theme ──layout (one file per block)──▶ pdfmake document
 *   document ──pdfmake (fixed dates)──▶ PDF bytes ──temp file + rename──▶ out/*.pdf + manifest.json
 *
 * Every edition is rendered in memory first; files are written only when all succeeded.
 */
import { FontMetrics } from './charts/metrics.js';
import { renderChart, type ChartOutput } from './charts/render.js';
import { loadData, type DataBundle } from './data/load.js';
import { Project, type ProjectOptions } from './io/project.js';
import { coverFigures } from './layout/cover.js';
import { layoutDocument, pagesOf } from './layout/document.js';
import type { Reporter } from './log/reporter.js';
import { silent } from './log/reporter.js';
import { numberCitations } from './markdown/citations.js';
import { parseMarkdown } from './markdown/parse.js';
import { listAudiences, resolveProfile, type ResolvedProfile } from './profile/resolve.js';
import { loadTemplateAssets, renderTemplates, type TemplateAssets } from './templates/render.js';
import { chartConfig, CJK_FONT, CJK_RUN, makeTheme, PX_TO_PT } from './theme/theme.js';
import * as msg from './log/message.js';
import { ensureDir, pageCount, readManifest, sha256, withOutputLock, writeAtomic, writeState, type Manifest, type ManifestEntry } from './write/output.js';
import { buildDate, layoutPdf, loadFonts, loadProfileFont, renderPdf } from './write/pdf.js';
import { compareManifests, snapshotData } from './write/changes.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

export interface BuildOptions extends ProjectOptions {
  root: string;
  /** Audiences to build; default: every audience under templates/audiences/. */
  audiences?: string[];
  reporter?: Reporter;
}

export interface Edition {
  audience: string;
  file: string;
  pdf: Buffer;
  entry: ManifestEntry;
  resolved: ResolvedProfile;
}

export interface BuildResult {
  editions: Edition[];
  manifest: Manifest;
  outDir: string;
  /** One-line summary of CHANGES.md when a previous manifest existed. */
  changes?: string;
}

/** Everything an edition needs that does not depend on the audience (cached by watch mode). */
export interface Inputs {
  project: Project;
  data: DataBundle;
  assets: TemplateAssets;
  metrics: FontMetrics;
}

export function loadInputs(opts: BuildOptions): Inputs {
  const project = new Project(opts.root, opts);
  const data = loadData(project.data);
  const assets = loadTemplateAssets(project.templates);
  const fonts = loadFonts(project);
  const metrics = new FontMetrics(fonts, makeTheme().font);
  metrics.install();
  return { project, data, assets, metrics };
}

export async function buildEdition(inputs: Inputs, audience: string, reporter: Reporter = silent): Promise<Edition> {
  const { project, data, assets } = inputs;

  // 2. resolve the audience profile
  const resolved = resolveProfile(project.templates, audience);
  const profile = resolved.profile;
  if (profile.theme?.font) loadProfileFont(project.projectFonts, profile.theme.font, (face) => resolved.origin(['theme', 'font', face]));
  const theme = makeTheme(profile);
  reporter.stage('profile', audience);

  // 3. render templates → Markdown
  const rendered = renderTemplates(project.templates, resolved, data, assets);
  reporter.stage('templates', `${rendered.sections.length} sections`);

  // Every character must have a glyph in the font that sets it (else it prints as a blank box):
  // Chinese runs in the bundled CJK subset, everything else in the body font.
  const bodyMissing = (text: string) => inputs.metrics.missing(text.replace(CJK_RUN, '').replace(/\s+/g, ''), theme.font);
  const coverText = [profile.title, profile.subtitle, profile.publisher, profile.author, profile.edition, profile.label, profile.cover?.kicker, profile.cover?.note].filter(Boolean).join(' ');
  const coverMiss = bodyMissing(coverText);
  if (coverMiss.length) throw msg.missingBodyGlyph(resolved.files.at(-1)!, coverMiss[0]!, theme.font);
  for (const s of rendered.sections) {
    const miss = bodyMissing(s.markdown);
    if (miss.length) throw msg.missingBodyGlyph(s.file, miss[0]!, theme.font);
    for (const m of s.markdown.matchAll(CJK_RUN)) {
      const cjk = inputs.metrics.missing(m[0], CJK_FONT);
      if (cjk.length) throw msg.missingGlyph(s.file, cjk[0]!, CJK_FONT);
    }
  }

  // 4. parse Markdown
  const sections = rendered.sections.map((s) => ({ id: s.id, title: s.title, meta: s.meta, file: s.file, ...(s.meta.short ? { short: s.meta.short } : {}), tree: parseMarkdown(s.markdown) }));
  reporter.stage('markdown');

  // 4b. citations: notes numbered in reading order (cover first); each figure cited where read
  const keyFigures = coverFigures(profile, data);
  numberCitations(rendered.model, keyFigures.flatMap((k) => k.row.source ?? []), sections, (id) => data.sources.has(id));

  // 5. charts → SVG
  const charts = new Map<string, ChartOutput>();
  const config = chartConfig(theme);
  for (const fig of rendered.model.figures.values()) {
    const { file, spec, text } = assets.specs.get(fig.chart)!;
    const datasets = new Map(fig.datasets.map((d) => [d, data.datasets.get(d)!.rows.filter((r) => r.excluded !== true)]));
    const out = await renderChart({ file, spec, text, datasets, dataArea: project.data, config, width: theme.contentWidth / PX_TO_PT, height: 250 });
    out.warnings.forEach((w) => reporter.warn(w.message));
    charts.set(fig.id, out);
  }
  reporter.stage('charts', `${charts.size} charts`);

  // 6+7. layout → pdfmake document → PDF bytes (written later, atomically, with the others).
  // Page numbers in the contents and in cross-references come from the previous pass; the
  // loop ends when a pass lands every anchor on the page the previous pass assumed.
  const asOf = profile.asOf ?? data.asOf;
  const measure = (text: string, size: number, bold?: boolean) => inputs.metrics.width(text, size, theme.font, bold ? 'bold' : 'normal');
  const outline = (text: string, o: { cx: number; cy: number; angle: number; width: number }) => inputs.metrics.outline(text, o);
  const layoutInput = { theme, profile, data, model: rendered.model, charts, sections, version: VERSION, asOf, measure, outline };
  let assumed = new Map<string, number>();
  const pdfWarnings = new Set<string>();
  const onWarning = (text: string) => pdfWarnings.add(text);
  // Pass 1 only finds where things fall (its page numbers are placeholders), so it is laid out
  // but not drawn; each later pass draws the PDF and the first one that agrees with its
  // assumptions is kept.
  let doc = layoutDocument(layoutInput, assumed);
  await layoutPdf(doc.dd, buildDate(asOf));
  let pdf: Buffer = Buffer.alloc(0);
  for (let pass = 2; pass <= 4; pass++) {
    assumed = pagesOf(doc.anchors);
    doc = layoutDocument(layoutInput, assumed, doc.toc, doc.breaks);
    pdf = await renderPdf(doc.dd, buildDate(asOf), onWarning);
    if (samePages(pagesOf(doc.anchors), assumed)) break;
  }
  for (const w of pdfWarnings) reporter.warn(msg.pdfWarning(resolved.files.at(-1)!, w).message);
  const headings = doc.headings;
  const pages = pageCount(pdf);
  if (profile.maxPages && pages > profile.maxPages) throw msg.pageLimit(audience, pages, profile.maxPages);
  reporter.stage('layout+pdf', `${pages} pages`);

  const file = `briefing-${audience}.pdf`;
  return {
    audience,
    file,
    pdf,
    resolved,
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
  const h = [inputs.data.digest];
  const t = inputs.project.templates;
  const files = [...resolved.files, ...[...resolved.templates.values()], ...[...inputs.assets.specs.values()].map((s) => s.file), ...t.list('tables', ['.yaml', '.yml']).map((f) => t.name(f))].sort();
  for (const f of files) h.push(f, sha256(t.readBytes(f.slice(t.label.length + 1))));
  // a profile's own font files (bundled fonts change only with briefkit's version)
  const font = resolved.profile.theme?.font;
  const fonts = inputs.project.projectFonts;
  if (font) for (const rel of new Set([font.normal, font.bold, font.italics, font.bolditalics].filter((x): x is string => !!x))) h.push(fonts.name(rel), sha256(fonts.readBytes(rel, 'font')));
  return sha256(h.join('\n'));
}

function samePages(a: Map<string, number>, b: Map<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const reporter = opts.reporter ?? silent;

  // 1. load and validate data (+ chart/table specs, fonts)
  const inputs = loadInputs(opts);
  reporter.stage('data', `${inputs.data.datasets.size} datasets, ${inputs.data.sources.size} sources`);

  const audiences = opts.audiences?.length ? opts.audiences : listAudiences(inputs.project.templates);
  const editions: Edition[] = [];
  for (const a of audiences) editions.push(await buildEdition(inputs, a, reporter));
  ensureDir(inputs.project.outDir);
  return withOutputLock(inputs.project.outDir, () => writeEditions(inputs, editions, reporter));
}

/** Writes every edition's PDF, then the manifest (merged with entries of editions not rebuilt). */
export function writeEditions(inputs: Inputs, editions: Edition[], reporter: Reporter = silent): BuildResult {
  const outDir = inputs.project.outDir;
  ensureDir(outDir);
  const previous = readManifest(outDir);
  for (const e of editions) writeAtomic(outDir, e.file, e.pdf);
  const rebuilt = new Set(editions.map((e) => e.audience));
  const documents = [...(previous?.documents ?? []).filter((d) => !rebuilt.has(d.audience)), ...editions.map((e) => e.entry)].sort((a, b) => a.audience.localeCompare(b.audience));
  const manifest: Manifest = { generator: `briefkit ${VERSION}`, asOf: inputs.data.asOf, documents, data: snapshotData(inputs.data) };
  let changes: string | undefined;
  if (previous) {
    const report = compareManifests(previous, manifest);
    if (report.changed) writeAtomic(outDir, 'CHANGES.md', report.markdown + '\n');
    changes = report.summary;
  }
  writeAtomic(outDir, 'manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  writeState.committed = true;
  reporter.stage('write', `${editions.length} PDF(s) → ${inputs.project.display(outDir)}`);
  return { editions, manifest, outDir, ...(changes ? { changes } : {}) };
}
