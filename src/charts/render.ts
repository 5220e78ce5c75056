/**
 * Stage 5 — render charts: Vega-Lite spec (JSON under templates/charts/) → bound to named
 * datasets → compiled with the chart theme → Vega view (expressions interpreted, never eval'd;
 * a loader that cannot fetch URLs or leave its data folder) → a display list of its scenegraph
 * (./scene, drawn into the PDF with pdfkit operators) and, when asked for, SVG.
 */
import { chartAlt, drawnData } from './alt/index.js';
import { fontRuns, type FontRun } from '../theme/fonts.js';
import { RTL_FONTS } from '../theme/theme.js';
import { createHash } from 'node:crypto';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import * as vl from 'vega-lite';
import type { Area } from '../io/project.js';
import { BriefkitError } from '../log/error.js';
import * as msg from '../log/message.js';
import { ImageDamaged, inspectImage, type ImageInfo } from './image-check.js';
import { checkDepth, checkLimits, chartLimits, rangeCount, type ChartLimits } from './limits.js';
import { placeLabels, type Row } from './labels.js';
import { centreOffsets } from './offset.js';
import { trimAxisLabels } from './ticks.js';
import { FontMetrics } from './metrics.js';
import { validateSpec } from './schema.js';
import { checkFields } from './fields.js';
import { formatIsoDate, formatWith, type NumberStyle } from '../format/format.js';
import { panelFill, PANEL_FILL_MIN } from './panels.js';
import { vegaRegistries } from './vega-registries.js';
import { buildScene, lineText, sceneTexts, type Scene } from './scene/index.js';

// Vega measures chart text with the fonts the PDF embeds (see metrics.ts)
FontMetrics.useVega(vega);

export interface ChartInput {
  /** Project-relative spec file name, for messages. */
  file: string;
  spec: Record<string, unknown>;
  /** The spec file's text, when at hand: schema errors then carry a line:column. */
  text?: string;
  /** Rows for each named dataset the spec binds. */
  datasets: Map<string, unknown[]>;
  /** Field names each bound dataset declares (its schema), beyond those its rows have: a chart may name them (BK213 otherwise). */
  fields?: Map<string, string[]>;
  /** Decimals the bound datasets declare for their fields (briefkit.config.ts `numbers`), by dataset. */
  numbers?: Map<string, Record<string, { digits?: number }>>;
  /** Folder that relative data URLs resolve against (no reads outside it). */
  dataArea?: Area;
  config: Record<string, unknown>;
  /** The profile's locale and number style, for the briefkit format type (default en-GB, words). */
  numberStyle?: NumberStyle;
  /** The profile's date pattern, for dates in the alt text (default "d MMMM yyyy"). */
  dateStyle?: string;
  /** The edition's language (BCP 47): the words of the chart's alt text. */
  language?: string;
  /** The theme's font fallback chain (theme.fonts): chart text the chart's font lacks is set in the first that has it. */
  fonts?: readonly string[];
  /** Target size of a single-view chart (px); facets and concatenations size themselves. */
  width: number;
  height: number;
  /** Limits on size, rows and steps (default: chartLimits(), i.e. BRIEFKIT_CHART_LIMITS or the defaults). */
  limits?: ChartLimits;
  /** Also write the chart as SVG (default true; a build draws only the display list into the PDF). */
  svg?: boolean;
}

export interface ChartOutput {
  /** The chart as a display list (what the PDF draws). */
  scene: Scene;
  /** The chart as SVG, when asked for (ChartInput.svg). */
  svg?: string;
  /** Alt text generated from the spec's encodings and the bound rows (also the SVG's title/desc). */
  alt: string;
  /** The alt text says what the data show (false: only the chart's kind, e.g. an image mark or no encodings). */
  altComplete: boolean;
  width: number;
  height: number;
  warnings: BriefkitError[];
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Refuses URLs anywhere a spec can name something to load (data.url, image marks' url channel
 * and their values). `href` (a link) is not loaded: http(s) links become PDF links and others are
 * dropped with BK210 when the chart is drawn.
 */
export function checkSpecUrls(spec: unknown, file: string, dataArea?: Area): void {
  // `at`: the JSON path of the value (`layer[0].mark.url`), for the message
  const refuse = (url: string, at: string) => (/(^|\.)data\.url$/.test(at) ? msg.chartUrlRefused(file, url, at) : msg.chartImageRefused(file, url, at));
  const visit = (v: unknown, at: string, key?: string, inUrl = false) => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, `${at}[${i}]`, key, inUrl));
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const here = at ? `${at}.${k}` : k;
        // a data URL computed by a signal cannot be checked before it is fetched
        if (key === 'data' && k === 'url' && child && typeof child === 'object') throw msg.chartUrlRefused(file, JSON.stringify(child), here);
        if (k !== 'href') visit(child, here, k, inUrl || k === 'url');
      }
      return;
    }
    if (typeof v !== 'string') return;
    if (inUrl && (URL_SCHEME.test(v) || v.startsWith('//'))) throw refuse(v, at);
    if (key === 'url') {
      if (URL_SCHEME.test(v) || v.startsWith('//')) throw refuse(v, at);
      if (!dataArea) throw refuse(v, at);
      try {
        dataArea.resolve(v);
      } catch {
        throw refuse(v, at);
      }
    }
  };
  visit(spec, '');
}

const TEXT_CHANNELS = new Set(['text', 'tooltip']);
const AXIS_CHANNELS = new Set(['x', 'y']);
const LEGEND_CHANNELS = new Set(['color', 'fill', 'stroke', 'size', 'opacity']);

/**
 * The format type (and expression function) that prints numbers with briefkit's formatter
 * (src/format/format.ts) in the profile's locale and number style, so axes, labels and legends
 * read as prose and tables do: `"axis": {"formatType": "briefkit", "format": "million:1"}`, or
 * `briefkit(datum.value, 'money:CNY:bn')` in a calculate or label expression.
 */
export const FORMAT_TYPE = 'briefkit';

/** Every copy of vega-functions' registry (see vega-registries.ts), found once. */
const registries = vegaRegistries();

const vegaLocales = new Map<string, [Record<string, unknown>, Record<string, unknown>]>();

/**
 * Vega's own number and time formats (default axis labels: "1,000", "Jan 2020") in the profile's
 * locale, made from Intl: decimal mark, digit grouping, month and weekday names. English keeps
 * Vega's default (its labels stay as they were).
 */
function useVegaLocale(locale: string): void {
  const v = vega as unknown as { formatLocale(d: unknown): unknown; timeFormatLocale(d: unknown): unknown; resetDefaultLocale(): unknown };
  if (/^en\b/.test(locale)) {
    v.resetDefaultLocale();
    return;
  }
  let defs = vegaLocales.get(locale);
  if (!defs) {
    const part = (n: number, type: string) => new Intl.NumberFormat(locale).formatToParts(n).find((p) => p.type === type)?.value;
    const names = (o: Intl.DateTimeFormatOptions, n: number, at: (i: number) => Date) => Array.from({ length: n }, (_, i) => new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' }).format(at(i)));
    const month = (i: number) => new Date(Date.UTC(2021, i, 15));
    const day = (i: number) => new Date(Date.UTC(2021, 0, 3 + i)); // 3 January 2021 was a Sunday
    defs = [
      { decimal: part(1.5, 'decimal') ?? '.', thousands: part(12345, 'group') ?? ',', grouping: [3], currency: ['', ''] },
      {
        dateTime: '%x, %X', date: '%d.%m.%Y', time: '%H:%M:%S', periods: ['AM', 'PM'],
        days: names({ weekday: 'long' }, 7, day), shortDays: names({ weekday: 'short' }, 7, day),
        months: names({ month: 'long' }, 12, month), shortMonths: names({ month: 'short' }, 12, month),
      },
    ];
    vegaLocales.set(locale, defs);
  }
  v.formatLocale(defs[0]);
  v.timeFormatLocale(defs[1]);
}

/** Registers the briefkit expression function for the chart about to be rendered. */
async function useNumberStyle(file: string, style: NumberStyle): Promise<void> {
  const fn = (value: unknown, format?: unknown) => {
    try {
      return formatWith(value, typeof format === 'string' ? format : '', style);
    } catch (e) {
      throw msg.chartRender(file, (e as Error).message);
    }
  };
  for (const register of await registries) register(FORMAT_TYPE, fn as never);
}

/**
 * The dataset's precision as the chart's default: an encoding of a field whose dataset declares
 * `digits` (and that gives no format of its own) prints labels, tooltips, axis and legend labels
 * with at most that many decimals (24 stays "24"), and no tick is finer than one unit of the
 * last decimal. Works in place on the bound spec (a copy).
 */
export function applyNumberFormats(spec: unknown, digits: Map<string, number>): void {
  if (digits.size === 0 || !spec || typeof spec !== 'object') return;
  if (Array.isArray(spec)) return spec.forEach((s) => applyNumberFormats(s, digits));
  for (const [k, v] of Object.entries(spec as Record<string, unknown>)) {
    if (k === 'encoding' && v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [channel, defs] of Object.entries(v as Record<string, unknown>)) {
        for (const def of Array.isArray(defs) ? defs : [defs]) {
          if (!def || typeof def !== 'object') continue;
          const e = def as Record<string, unknown>;
          const d = typeof e.field === 'string' ? digits.get(e.field) : undefined;
          if (d === undefined || (e.type !== undefined && e.type !== 'quantitative') || e.aggregate === 'count' || e.timeUnit !== undefined || e.bin !== undefined) continue;
          if (TEXT_CHANNELS.has(channel) && e.format === undefined) Object.assign(e, { format: `upto:${d}`, formatType: FORMAT_TYPE });
          const guide = AXIS_CHANNELS.has(channel) ? 'axis' : LEGEND_CHANNELS.has(channel) ? 'legend' : undefined;
          if (guide && e[guide] !== null && !(e[guide] as { format?: unknown } | undefined)?.format) {
            e[guide] = { ...(e[guide] as object | undefined), format: `upto:${d}`, formatType: FORMAT_TYPE, ...(guide === 'axis' ? { tickMinStep: 10 ** -d } : {}) };
          }
        }
      }
    } else applyNumberFormats(v, digits);
  }
}

/** Replaces every {"data": {"name": X}} with inline values (keeping the name). */
function bind(spec: unknown, datasets: Map<string, unknown[]>): unknown {
  if (Array.isArray(spec)) return spec.map((s) => bind(s, datasets));
  if (!spec || typeof spec !== 'object') return spec;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'data' && v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') {
      const name = (v as { name: string }).name;
      const rows = datasets.get(name);
      out[k] = rows ? { ...(v as object), values: structuredClone(rows) } : v;
    } else out[k] = bind(v, datasets);
  }
  return out;
}

/** Field → decimals, over the bound datasets (the first that declares a field wins). */
function declaredDigits(input: ChartInput): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of input.datasets.keys()) for (const [f, n] of Object.entries(input.numbers?.get(name) ?? {})) if (n.digits !== undefined && !out.has(f)) out.set(f, n.digits);
  return out;
}

const HTTP_LINK = /^https?:\/\/[^\s"'<>]+$/i;

/**
 * A Vega loader that reads only files inside `dataArea`; any failure is kept to be thrown after
 * rendering (Vega itself only logs it, or draws nothing). By context:
 * - data files: read through the Area; a CSV/TSV file has at most `limits.rows` rows;
 * - images: PNG/JPEG files in the data folder, inlined as data: URIs, so the SVG is
 *   self-contained and the PDF writer embeds them without reading a file;
 * - links (href): never fetched; http(s) kept, others dropped with BK210.
 */
function contained(dataArea: Area | undefined, file: string, failures: unknown[], warnings: BriefkitError[], limits: ChartLimits) {
  const loader = vega.loader() as unknown as Record<string, unknown>;
  const load = loader.load as (uri: string, options?: unknown) => Promise<string>;
  loader.load = async function (this: unknown, uri: string, options?: unknown) {
    try {
      return await load.call(loader, uri, options);
    } catch (e) {
      failures.push(e);
      throw e;
    }
  };
  const images = new Map<string, string>();
  const dropped = new Set<string>();
  // an image's URL that reaches the loader came from the data or an expression (a literal one
  // in the spec is refused by checkSpecUrls, with its place)
  const local = (uri: string, image = false): string => {
    const refused = () => (image ? msg.chartImageRefused(file, uri, 'the url of an image mark, from the data or an expression') : msg.chartUrlRefused(file, uri));
    if (!dataArea || URL_SCHEME.test(uri) || uri.startsWith('//')) throw refused();
    try {
      return dataArea.resolve(uri);
    } catch {
      throw refused();
    }
  };
  loader.sanitize = async (uri: string, options?: { context?: string }) => {
    const context = options?.context;
    if (context === 'href') {
      const link = String(uri ?? '').trim();
      if (HTTP_LINK.test(link)) return { href: link };
      if (!dropped.has(link)) warnings.push(msg.chartLinkDropped(file, link));
      dropped.add(link);
      return { href: '' };
    }
    try {
      if (context === 'image') {
        const known = images.get(uri);
        if (known) return { href: known };
        const abs = local(uri, true);
        const bytes = dataArea!.readBytes(abs.slice(dataArea!.dir.length + 1), 'chart image');
        // the declared size and the structure, before anything decodes it (image-check.ts)
        let info: ImageInfo | undefined;
        try {
          info = inspectImage(bytes);
        } catch (e) {
          if (e instanceof ImageDamaged) throw msg.imageDamaged(file, uri, e.message);
          throw e;
        }
        if (!info) throw msg.chartImageUnsupported(file, uri, 'not a PNG or JPEG file');
        if (info.width * info.height > limits.pixels) throw msg.imageTooLarge(file, uri, info.width, info.height, limits.pixels);
        const href = `data:${info.type};base64,${bytes.toString('base64')}`;
        images.set(uri, href);
        return { href };
      }
      return { href: local(uri), localFile: true };
    } catch (e) {
      failures.push(e);
      throw e;
    }
  };
  loader.http = async (url: string) => {
    throw msg.chartUrlRefused(file, url);
  };
  loader.file = async (abs: string) => {
    if (!dataArea) throw msg.chartUrlRefused(file, abs);
    const rel = abs.slice(dataArea.dir.length + 1);
    const text = dataArea.readText(rel, 'chart data file');
    // a delimited file holds a row per line (a JSON file's rows are counted by Vega, not here)
    let lines = 0;
    if (/\.(csv|tsv|dsv|txt)$/i.test(rel)) for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    if (lines > limits.rows + 1) throw msg.chartTooManyRows(file, `file ${dataArea.name(rel)}`, lines, limits.rows);
    return text;
  };
  return loader;
}

/**
 * Keeps the SVG links (<a>) whose target is http(s) and unwraps the others (their content
 * stays): the PDF writer turns each kept link into a link annotation over its content.
 */
function keepHttpLinks(svg: string): string {
  const keep: boolean[] = [];
  return svg.replace(/<a\b([^>]*)>|<\/a>/g, (tag, attrs: string | undefined) => {
    if (attrs === undefined) return keep.pop() ? tag : '';
    const href = /\s(?:xlink:)?href="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const ok = HTTP_LINK.test(href.replace(/&amp;/g, '&'));
    keep.push(ok);
    return ok ? `<a xlink:href="${href}">` : '';
  });
}

/** Beyond this magnitude a coordinate means nothing on a page, and the PDF writer (pdfkit) throws on 1e21 and more. */
const MAX_COORDINATE = 1e15;

/**
 * Clamps absurd numbers in the SVG's geometry attributes (never text, labels or image data) to
 * ±1e15, so a spec placing a mark at x = 1e22 draws it off the page instead of failing the PDF
 * writer.
 */
function clampCoordinates(svg: string): string {
  return svg.replace(/(\s(?:transform|d|x|y|x1|y1|x2|y2|dx|dy|width|height|r|rx|ry|cx|cy|points|font-size|stroke-width)=")([^"]*)"/g, (_, head: string, value: string) =>
    head + value.replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/gi, (n) => (Math.abs(Number(n)) >= MAX_COORDINATE ? String(Math.sign(Number(n)) * MAX_COORDINATE) : n)) + '"',
  );
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(cp) ? String.fromCodePoint(cp) : m;
  });

/** Every character of the chart's text must be in the font that will set it (BK307), not print as a box. */
function checkGlyphs(scene: Scene, file: string): void {
  const metrics = FontMetrics.installed;
  if (!metrics) return;
  for (const t of sceneTexts(scene)) {
    const text = t.lines.map(lineText).join(' ');
    const missing = metrics.uncovered(text, t.family, !!t.bold, !!t.italic);
    if (missing.length) throw msg.chartGlyph(file, missing[0]!, metrics.familyOf(t.family), metrics.chainOf(t.family).slice(1));
  }
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Chart text in the fonts of the chain, as in the body text (src/theme/fonts.ts): the text of a
 * `<text>` element that its own font lacks is split into `<tspan font-family="…">` runs, set in
 * those fonts by whatever draws the SVG (the PDF takes the same runs from the display list,
 * scene/text.ts). Text its font has stays as is.
 */
function fallbackText(svg: string): string {
  const metrics = FontMetrics.installed;
  if (!metrics || !metrics.chain.length) return svg;
  return svg.replace(/(<text\b([^>]*)>)([\s\S]*?)(<\/text>)/g, (whole, open: string, attrs: string, body: string, close: string) => {
    const family = /\sfont-family="([^"]*)"/.exec(attrs)?.[1];
    const chain = metrics.chainOf(family && unescapeXml(family));
    let changed = false;
    // the character data between tags (a multi-line label's lines are tspans already)
    const out = body.replace(/(^|>)([^<]+)/g, (m, lead: string, data: string) => {
      const runs = fontRuns(unescapeXml(data), chain, metrics.covers);
      if (runs.length === 1 && runs[0]!.font === chain[0]) return m;
      changed = true;
      const span = (font: string, t: string) => (font === chain[0] ? escapeXml(t) : `<tspan font-family="${font}">${escapeXml(t)}</tspan>`);
      // the SVG-to-PDF step lays text out word by word, left to right (fontkit orders the glyphs
      // of each word right to left): a right-to-left run's words go in in reverse, one tspan
      // each, with the spaces between them in the text's own font
      const run = (r: FontRun) => (RTL_FONTS.has(r.font) ? r.text.split(/( +)/).reverse().map((w) => span(/^ +$/.test(w) ? chain[0]! : r.font, w)).join('') : span(r.font, r.text));
      return lead + runs.map(run).join('');
    });
    return changed ? open + out + close : whole;
  });
}

/**
 * Vega's random source, seeded per chart from a digest of the (bound) spec: bootstrap confidence
 * intervals ("extent": "ci"), the sample transform and the expression random() then give the
 * same SVG on every run. Charts are rendered one at a time, so one process-wide source is enough.
 */
function seedRandom(spec: unknown): void {
  const seed = createHash('sha256').update(JSON.stringify(spec)).digest().readUInt32LE(0);
  const random = (vega as unknown as { randomLCG(seed: number): () => number }).randomLCG(seed);
  (vega as unknown as { setRandom(r: () => number): void }).setRandom(random);
  vega.expressionFunction('random', () => random());
}

/**
 * The expression sequence() with its length capped (sequence(0, 1e9) would exhaust memory), and
 * the values all its calls make in one chart too (a sequence per row, flattened, multiplies).
 */
function boundSequences(file: string, limits: ChartLimits): void {
  let made = 0;
  vega.expressionFunction('sequence', (start: number, stop?: number, step?: number) => {
    const [a, b, s] = stop === undefined ? [0, start, 1] : [start, stop, step ?? 1];
    const n = rangeCount(a, b, s);
    if (n > limits.rows) throw msg.chartTooManySteps(file, 'sequence()', 'the expression sequence()', n, limits.rows, 'rows');
    made += n;
    if (made > limits.rows) throw msg.chartTooManySteps(file, 'sequence()', 'the expression sequence(), over all its calls,', made, limits.rows, 'rows');
    return Array.from({ length: n }, (_, i) => a + i * s);
  });
}

/** The chart being rendered, for the bin bound below (charts are rendered one at a time). */
let rendering: { file: string; limits: ChartLimits } | undefined;

/**
 * Bins are counted when Vega computes them: a bin step that is tiny against the data's extent
 * ("bin": {"step": 1e-9}) would make a scale allocate one boundary per bin and exhaust memory.
 * One small, process-wide wrap of Vega's Bin transform (vega.transforms.bin) checks the count.
 */
function boundBins(): void {
  const Bin = (vega as unknown as { transforms: Record<string, { prototype: Record<string, unknown> } | undefined> }).transforms.bin;
  if (!Bin || Bin.prototype.__briefkit) return;
  const bins = Bin.prototype._bins as (this: unknown, params: unknown) => { start: number; stop: number; step: number };
  Bin.prototype._bins = function (this: unknown, params: unknown) {
    const f = bins.call(this, params);
    const n = rangeCount(f.start, f.stop, f.step);
    if (rendering && n > rendering.limits.steps) throw msg.chartTooManySteps(rendering.file, 'bin', 'the bins', n, rendering.limits.steps);
    return f;
  };
  Bin.prototype.__briefkit = true;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
/** How many categories the chart's discrete x scale has (0 when it has none). */
function discreteCategories(view: vega.View): number {
  try {
    const x = view.scale('x') as unknown as { type?: string; domain(): unknown[] } | undefined;
    return x && ['band', 'point', 'ordinal'].includes(x.type ?? '') ? x.domain().length : 0;
  } catch {
    return 0;
  }
}

const isSingleView = (spec: Record<string, unknown>) => {
  const enc = isObject(spec.encoding) ? spec.encoding : {};
  return ('mark' in spec || 'layer' in spec) && !('facet' in spec) && !('repeat' in spec) && !('row' in enc) && !('column' in enc);
};

/** A chart asked for as SVG too (the default) has its SVG. */
export async function renderChart(input: ChartInput & { svg?: true }): Promise<ChartOutput & { svg: string }>;
export async function renderChart(input: ChartInput): Promise<ChartOutput>;
export async function renderChart(input: ChartInput): Promise<ChartOutput> {
  const { file } = input;
  const limits = input.limits ?? chartLimits();
  checkDepth(input.spec, file, limits.depth);
  checkSpecUrls(input.spec, file, input.dataArea);
  const warnings: BriefkitError[] = [];
  const collect = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    // A static chart has no window to take pointer events from (interval selections ask for one).
    if (/^Can not resolve event source: window$/.test(text)) return;
    const extent = /^Infinite extent for field "(.+)": \[Infinity, -Infinity\]$/.exec(text);
    if (extent) infinite.add(extent[1]!);
    else warnings.push(msg.chartWarning(file, text));
  };
  /** Fields Vega found no number in, for some data source (kept until we know whether any source has one). */
  const infinite = new Set<string>();
  const logger = {
    level(_?: number) {
      return logger;
    },
    warn: collect,
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => {
      const known = args.find((a) => a instanceof BriefkitError);
      if (known) throw known;
      throw msg.invalidVegaLite(file, args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    },
  };

  if (!isObject(input.spec)) throw msg.invalidVegaLite(file, 'the spec must be a JSON object');
  validateSpec(input.spec, file, input.text);
  checkLimits(input.spec, file, limits, input);
  // every field the spec names must be in its data (BK213), not draw as NaN or "undefined"
  const known = new Map([...input.datasets].map(([name, rows]) => [name, [...new Set([...(input.fields?.get(name) ?? []), ...rows.flatMap((r) => (isObject(r) ? Object.keys(r) : ['data']))])]]));
  checkFields(input.spec, { file, text: input.text, datasets: known, dataArea: input.dataArea });
  let vgSpec: vega.Spec;
  const spec = bind(input.spec, input.datasets) as Record<string, unknown>;
  applyNumberFormats(spec, declaredDigits(input));
  try {
    if (isSingleView(spec)) {
      spec.width ??= input.width;
      spec.height ??= input.height;
      spec.autosize ??= { type: 'fit', contains: 'padding' };
    }
    vgSpec = vl.compile(spec as unknown as vl.TopLevelSpec, { config: { ...input.config, customFormatTypes: true } as vl.Config, logger: logger as never }).spec;
    centreOffsets(vgSpec);
  } catch (e) {
    if (e instanceof BriefkitError) throw e;
    throw msg.invalidVegaLite(file, (e as Error)?.message ?? String(e));
  }

  let view: vega.View | undefined;
  const failures: unknown[] = [];
  try {
    seedRandom(spec);
    await useNumberStyle(file, input.numberStyle ?? { locale: 'en-GB', large: 'word' });
    if (input.fonts && FontMetrics.installed) FontMetrics.installed.chain = input.fonts;
    useVegaLocale(input.numberStyle?.locale ?? 'en-GB');
    boundSequences(file, limits);
    boundBins();
    rendering = { file, limits };
    const runtime = vega.parse(vgSpec, undefined, { ast: true } as never);
    view = new vega.View(runtime, {
      renderer: 'none',
      loader: contained(input.dataArea, file, failures, warnings, limits) as never,
      expr: expressionInterpreter as never,
      logger: logger as never,
      logLevel: vega.Warn,
    } as never);
    await view.runAsync();
    // Vega only logs a failed data load; briefkit fails the chart instead of drawing it empty.
    if (failures[0]) throw failures[0];
    const scene = (view as unknown as { scenegraph(): { root: { items: never[] } } }).scenegraph().root;
    // a chart that draws no mark at all (no rows, or none left after its filters) is not published empty
    const drawn = drawnData(scene);
    const noRows = [...input.datasets].filter(([, rows]) => rows.length === 0).map(([name]) => `"${name}"`);
    if (drawn.length === 0 && noRows.length) throw msg.chartEmpty(file, `the dataset${noRows.length > 1 ? 's' : ''} ${noRows.join(', ')} ${noRows.length > 1 ? 'have' : 'has'} no rows here`);
    // "Infinite extent" is warned for every empty source of a scale's domain (e.g. a boxplot
    // without outliers); when no data source has a number in the field, the scale spans NaN.
    for (const field of infinite) {
      const rows = (vgSpec.data ?? []).flatMap((d) => {
        try {
          return view!.data(d.name) as Record<string, unknown>[];
        } catch {
          return [];
        }
      });
      if (rows.some((row) => Number.isFinite(Number(row?.[field] ?? NaN)) && row?.[field] !== null)) continue;
      // a stacked field is named field_start/field_end: its values are the field's own
      const base = /^(.+)_(?:start|end)$/.exec(field)?.[1];
      const name = base && rows.some((r) => r && base in r) ? base : field;
      const examples = [...new Set(rows.map((r) => r?.[name]).filter((v) => v !== undefined && v !== null).map(String))].slice(0, 3);
      throw msg.chartNoNumbers(file, name, examples);
    }
    if (drawn.length === 0) throw msg.chartEmpty(file, 'no row of its data is left to draw');
    // small multiples whose panels are mostly empty read better as a table
    const panels = panelFill((view as unknown as { scenegraph(): { root: unknown } }).scenegraph().root, discreteCategories(view));
    if (panels && panels.fill < PANEL_FILL_MIN) warnings.push(msg.sparsePanels(file, panels.panels, panels.fill));
    const [w, h] = [view.width(), view.height()];
    if (w > limits.size) throw msg.chartTooLarge(file, 'width', w, limits.size);
    if (h > limits.size) throw msg.chartTooLarge(file, 'height', h, limits.size);
    const root = scene;
    // tick labels without needless trailing zeros ("2M", not "2.0M", when no tick needs the decimal)
    trimAxisLabels(root, /^en\b/.test(input.numberStyle?.locale ?? 'en') ? '.' : new Intl.NumberFormat(input.numberStyle!.locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.');
    // labels that would sit on a line, point or another label move to a free place, with
    // leaders in the axis-line colour of the chart theme
    const axis = (input.config.axis ?? {}) as { domainColor?: string };
    placeLabels(root, { stroke: axis.domainColor ?? '#8a929c', strokeWidth: 0.6 }, rowBands(view));
    const described = chartAlt(spec, drawnData(root), { numbers: input.numberStyle ?? { locale: 'en-GB', large: 'word' }, dateStyle: input.dateStyle ?? 'd MMMM yyyy', language: input.language ?? 'en' });
    const alt = described.text;
    const drawing = await buildScene(view);
    const svg = input.svg === false ? undefined : withAlt(clampCoordinates(keepHttpLinks(await view.toSVG())), alt);
    const failed = failures[0];
    if (failed) throw failed;
    const out: ChartOutput = { scene: drawing, alt, altComplete: described.complete, width: drawing.width, height: drawing.height, warnings };
    if (out.width > limits.size) throw msg.chartTooLarge(file, 'width', out.width, limits.size);
    if (out.height > limits.size) throw msg.chartTooLarge(file, 'height', out.height, limits.size);
    checkGlyphs(drawing, file);
    if (svg !== undefined) out.svg = fallbackText(svg);
    return out;
  } catch (e) {
    if (e instanceof BriefkitError) throw e;
    if (failures[0] instanceof BriefkitError) throw failures[0];
    const reason = (e as Error)?.message ?? String(e);
    throw failures[0] ? msg.chartRender(file, `data could not be loaded: ${(failures[0] as Error).message ?? failures[0]}`) : msg.chartRender(file, reason);
  } finally {
    rendering = undefined;
    view?.finalize();
  }
}

/** The rows of a chart whose y scale is a band scale (a timeline's actors): each band with half the gap either side. */
function rowBands(view: vega.View): Row[] {
  type Band = { type?: string; domain(): unknown[]; step?(): number; bandwidth?(): number; (v: unknown): number };
  let y: Band | undefined;
  try {
    y = view.scale('y') as unknown as Band | undefined;
  } catch {
    return [];
  }
  const band = y;
  if (!band || band.type !== 'band' || !band.step || !band.bandwidth) return [];
  const [step, bw] = [band.step(), band.bandwidth()];
  return band.domain().map((v): Row => [band(v) - (step - bw) / 2, band(v) + bw + (step - bw) / 2]);
}

/** The SVG root gets role="img", aria-label and a <title>/<desc> with the alt text (for HTML/Markdown use). */
export function withAlt(svg: string, alt: string): string {
  const esc = alt.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return svg.replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => `<svg${attrs} role="img" aria-label="${esc}"><title>${esc}</title><desc>${esc}</desc>`);
}
