/**
 * Alt text for a chart: what it shows, said from its spec's encodings and the rows its marks drew
 * (after the spec's own filters and aggregations), one construct per kind of chart:
 *   series.ts      lines, areas and bars over years or dates: every series, range, trend, extremes
 *   categories.ts  bars by category and pie slices; stacked bars by component
 *   events.ts      timelines and scatters of categories: counts per group, first and last events
 *   heatmap.ts     heat maps: extremes, or each row's runs by category
 * Facets are described panel by panel, never merged. Numbers and dates go through the shared
 * formatter in the profile's style (words.ts). A template can give its own (`{{chart "x" alt="…"}}`);
 * `complete` is false when the chart could not be described from its data (an image mark, no
 * encodings, no rows), so the build can ask the template for one.
 */
import { describeCategories, describeStacks } from './categories.js';
import { describeEvents, type Event } from './events.js';
import { describeHeatmap, type Cell } from './heatmap.js';
import { describeSeries, sortPoints, type Point } from './series.js';
import { ANNOTATION_MARKS, isObj, marksOf, titleText, views, type Channel, type Obj, type View } from './views.js';
import { count, DEFAULT_STYLE, fieldIn, fill, label, list, lower, lowerIsBetter, num, precisionOf, sentenceGap, toDate, wordsOf, type AltStyle, type DatePrecision } from './words.js';
import type { ChartWords } from '../../i18n/index.js';

export { DEFAULT_STYLE, type AltStyle } from './words.js';

export interface Alt {
  text: string;
  /** Said from the data; false when only the chart's kind or title could be said. */
  complete: boolean;
}

/** The kind of chart each mark draws, as a key of the catalogue's chart words. */
const KINDS: Record<string, keyof ChartWords['kinds']> = {
  line: 'line',
  trail: 'line',
  area: 'area',
  bar: 'bar',
  rect: 'heatmap',
  point: 'scatter',
  circle: 'scatter',
  square: 'scatter',
  tick: 'strip',
  rule: 'chart',
  text: 'text',
  arc: 'pie',
  boxplot: 'box',
  errorbar: 'errorbar',
  errorband: 'chart',
  geoshape: 'map',
  image: 'picture',
};

const DISCRETE = new Set(['nominal', 'ordinal']);
const POINTS = new Set(['point', 'circle', 'square', 'tick']);

/** The rows each mark of a rendered Vega scenegraph drew (after the spec's transforms), by mark name. */
export function drawnData(root: unknown): Obj[][] {
  const byName = new Map<string, Obj[]>();
  const walk = (node: unknown) => {
    if (!isObj(node)) return;
    const items = Array.isArray(node.items) ? node.items : [];
    if (node.marktype && node.role === 'mark' && typeof node.name === 'string') {
      const list = byName.get(node.name) ?? [];
      for (const it of items) if (isObj(it) && isObj(it.datum)) list.push(it.datum as Obj);
      byName.set(node.name, list);
    }
    for (const it of items) walk(it);
  };
  walk(root);
  return [...byName.values()].filter((l) => l.length > 0);
}

/** A view's roles: the dimension it is read along and the measure it shows. */
function roles(v: View): { dim?: Channel; measure?: Channel } {
  if (v.mark === 'arc') return { ...(v.series ? { dim: v.series } : {}), ...(v.theta ? { measure: v.theta } : {}) };
  if (v.y && v.x && v.y.type && DISCRETE.has(v.y.type) && (v.x.type === 'quantitative' || v.x.type === 'temporal' && v.mark !== 'bar')) {
    return v.x.type === 'quantitative' ? { dim: v.y, measure: v.x } : { dim: v.x, measure: v.y };
  }
  return { ...(v.x ? { dim: v.x } : {}), ...(v.y ? { measure: v.y } : {}) };
}

const isOrdered = (c: Channel | undefined, rows: Obj[], f: string) => !!c && (c.type === 'temporal' || c.type === 'ordinal' || c.type === 'quantitative' || rows.every((r) => num(r[f]) !== undefined));

interface Plot {
  kind: keyof ChartWords['kinds'];
  views: View[];
}

/** Layers that plot the same fields with the same kind of mark are one plot (two datasets as two series). */
function plots(vs: View[]): Plot[] {
  const out = new Map<string, Plot>();
  for (const v of vs) {
    const family = POINTS.has(v.mark) ? 'point' : v.mark === 'trail' ? 'line' : v.mark;
    const key = [family, v.x?.field, v.y?.field, v.theta?.field, v.facet?.field, v.series?.field].join('|');
    // a second mark over the same fields and rows (an area and its line) says nothing new
    const same = [...out.values()].some((p) => p.views.some((w) => w.x?.field === v.x?.field && w.y?.field === v.y?.field && w.theta?.field === v.theta?.field && w.series?.field === v.series?.field && w.series?.datum === v.series?.datum && (w.rows === v.rows || (!!w.data && w.data === v.data))));
    if (same) continue;
    const p: Plot = out.get(key) ?? { kind: KINDS[v.mark] ?? 'chart', views: [] };
    p.views.push(v);
    out.set(key, p);
  }
  return [...out.values()];
}

interface Said {
  head: string;
  body?: string;
}

/** One plot's rows (one panel's, in a facet) described; undefined when its data cannot be read. */
function describeRows(p: Plot, rows: (Obj & { __series?: string })[], style: AltStyle, textField: string | undefined): Said | undefined {
  const w = wordsOf(style);
  const low = lowFor(style);
  const kindText = (k: keyof ChartWords['kinds']) => w.kinds[k];
  const head = (kind: keyof ChartWords['kinds'], measure: string, dim: string) => fill(w.head, { kind: kindText(kind), measure: measure || w.values }) + (dim ? fill(w.byDimension, { d: dim }) : '');
  const v = p.views[0]!;
  const { dim, measure } = roles(v);
  const m = low(label(measure));
  const sf = fieldIn(v.series, rows);
  const seriesOf = (r: Obj & { __series?: string }) => r.__series ?? (sf ? String(r[sf] ?? '') : '');
  const df = fieldIn(dim, rows);
  const mf = fieldIn(measure, rows);
  if (!dim || !df) return undefined;
  const temporal = dim.type === 'temporal';
  const at = (r: Obj) => toDate(r[df], temporal) ?? r[df];
  const dates = rows.map(at).filter((x): x is Date => x instanceof Date);
  const precision: DatePrecision | undefined = dates.length ? precisionOf(dates) : undefined;
  // an untitled time axis is read by its steps: "by month", "by year"
  const d = dim.title === 'date' && precision && precision !== 'day' ? w[precision] : dim.title === 'date' ? w.date : low(label(dim));

  // heat map: rect on two discrete axes, coloured by a field
  if (v.mark === 'rect' && v.x && v.y && sf) {
    const xf = fieldIn(v.x, rows)!;
    const yf = fieldIn(v.y, rows);
    if (!xf || !yf) return undefined;
    const xsRaw = [...new Map(rows.map((r) => { const x = toDate(r[xf], v.x!.type === 'temporal') ?? r[xf]; return [x instanceof Date ? x.getTime() : x, x] as const; })).values()];
    const xs = sortPoints(xsRaw.map((x) => [x, 0] as Point)).map((pt) => pt[0]);
    const cells: Cell[] = rows.map((r) => ({ x: toDate(r[xf], v.x!.type === 'temporal') ?? r[xf], y: String(r[yf]), value: num(r[sf]) ?? String(r[sf]) }));
    const xPrecision = xs.every((x) => x instanceof Date) ? precisionOf(xs as Date[]) : undefined;
    return { head: head(p.kind, low(label(v.series)) || w.value, list([low(label(v.x)) || w.column, low(label(v.y)) || w.row], style)), body: describeHeatmap(cells, xs, { style, precision: xPrecision, colourNoun: v.series?.type === 'quantitative' ? '' : low(label(v.series)) }) };
  }

  // events: a date (or year) against a category, no measure
  if (POINTS.has(v.mark) && measure && measure.type !== 'quantitative' && dim.type !== 'quantitative') {
    const [timeCh, groupCh] = v.x?.type === 'temporal' || (v.x?.type !== 'nominal' && v.y?.type === 'nominal') ? [v.x, v.y] : [v.y, v.x];
    const tf = fieldIn(timeCh, rows);
    const gf = fieldIn(groupCh, rows);
    if (!tf || !gf) return undefined;
    const nameField = textField && rows.some((r) => typeof r[textField] === 'string') ? textField : ['event', 'title', 'label', 'name', 'description'].find((f) => rows.some((r) => typeof r[f] === 'string'));
    const events: Event[] = rows.map((r) => {
      const when = toDate(r[tf], timeCh?.type === 'temporal') ?? (r[tf] as number | string);
      const named = (textField && typeof r[textField] === 'string' && r[textField]) || (nameField && typeof r[nameField] === 'string' ? r[nameField] : undefined);
      return { at: when, group: String(r[gf]), ...(sf ? { kind: String(r[sf]) } : {}), ...(named ? { name: String(named) } : {}) };
    });
    const times = events.map((e) => e.at).filter((x): x is Date => x instanceof Date);
    return { head: kindText(timeCh?.type === 'temporal' ? 'timeline' : p.kind), body: describeEvents(events, { groupNoun: low(label(groupCh)) || w.group, kindNoun: low(label(v.series)) || w.kind, precision: times.length ? precisionOf(times) : undefined, style }) };
  }

  if (!measure || !mf) return undefined;
  const valid = rows.filter((r) => num(r[mf]) !== undefined && r[df] !== undefined && r[df] !== null);
  if (!valid.length) return undefined;
  const series = new Map<string, Point[]>();
  for (const r of valid) {
    const key = seriesOf(r);
    if (!series.has(key)) series.set(key, []);
    series.get(key)!.push([at(r), num(r[mf])!]);
  }
  const names = [...series.keys()];
  const shared = new Set<string>();
  const positions = new Map<string, string>();
  for (const r of valid) {
    const k = String(at(r) instanceof Date ? (at(r) as Date).getTime() : r[df]);
    const sName = seriesOf(r);
    if (positions.has(k) && positions.get(k) !== sName) shared.add(k);
    positions.set(k, sName);
  }
  const stacked = (v.mark === 'bar' || v.mark === 'area') && shared.size > 0 && !v.grouped && measure.stack !== null && measure.stack !== false;
  const normalize = measure.stack === 'normalize';

  // pie slices
  if (v.mark === 'arc') {
    const values = valid.map((r) => [String(r[df]), num(r[mf])!] as [string, number]);
    return { head: head(p.kind, m, d), body: fill(w.shares, { list: describeCategories(values, style, true) }) };
  }

  // over an ordered dimension: every series
  if (isOrdered(dim, valid, df)) {
    const lowerBetter = lowerIsBetter(measure);
    const words = { measure: m, lowerBetter, precision, style };
    const sorted = [...series].map(([k, pts]) => [k, sortPoints(pts)] as const);
    const kind = stacked ? stackedKind(p.kind) : p.kind;
    if (sorted.length === 1 && !sorted[0]![0]) return { head: kindText(kind), body: describeSeries(sorted[0]![1], words) };
    const seriesNoun = v.series?.field ? low(label(v.series)) : '';
    const said = `${head(kind, m, d)}${w.listSeparator}${stacked ? count(w.parts, sorted.length) : count(w.series, sorted.length)}${seriesNoun ? fill(w.bySeries, { s: seriesNoun }) : ''}`;
    return { head: said, body: sorted.map(([k, pts]) => describeSeries(pts, words, k || undefined)).join(w.clause) };
  }

  // by category; stacked or grouped bars by component
  if (names.length > 1 || sf) {
    const groups = new Map<string, Map<string, number>>();
    for (const r of valid) {
      const cat = String(r[df]);
      if (!groups.has(cat)) groups.set(cat, new Map());
      const g = groups.get(cat)!;
      g.set(seriesOf(r), (g.get(seriesOf(r)) ?? 0) + num(r[mf])!);
    }
    const kind = stacked ? stackedKind(p.kind) : p.kind;
    return { head: `${head(kind, m, d)}${w.listSeparator}${count(w.parts, names.length)} (${list(names, style)})`, body: describeStacks(groups, names, style, normalize) };
  }
  const totals = new Map<string, number>();
  for (const r of valid) totals.set(String(r[df]), (totals.get(String(r[df])) ?? 0) + num(r[mf])!);
  return { head: head(p.kind, m, d), body: describeCategories([...totals], style) };
}

/** Kinds that have a stacked form. */
const stackedKind = (k: keyof ChartWords['kinds']): keyof ChartWords['kinds'] => (k === 'bar' ? 'stackedBar' : k === 'area' ? 'stackedArea' : k);

/** Sentence case inside a sentence, in English only (a German noun keeps its capital). */
const lowFor = (style: AltStyle) => (/^en\b/.test(style.language ?? 'en') ? lower : (s: string) => s);

/** What can be said without data: the kind and the channels. */
function plain(p: Plot, style: AltStyle): string {
  const w = wordsOf(style);
  const low = lowFor(style);
  const v = p.views[0]!;
  const { dim, measure } = roles(v);
  const m = low(label(measure));
  const d = low(label(dim));
  return (m ? fill(w.head, { kind: w.kinds[p.kind], measure: m }) : w.kinds[p.kind]) + (d ? fill(w.byDimension, { d }) : '');
}

/** A head and a body as sentences: "Line chart. Grants rose …." */
function sentences(w: ChartWords, head: string, body: string | undefined): string {
  const end = w.stop.trim() || w.stop;
  return body ? `${head}${w.stop}${body[0]!.toUpperCase()}${body.slice(1)}${end}` : `${head}${end}`;
}

function describePlot(p: Plot, style: AltStyle, textField: string | undefined): { text: string; complete: boolean } {
  const w = wordsOf(style);
  // the rows of every view of the plot, each marked with its series when the view names one by a constant or a dataset
  const rows = p.views.flatMap((v) => {
    const name = v.series?.datum ?? (p.views.length > 1 && !v.series?.field ? (v.data ?? label(roles(v).measure)) : undefined);
    return name === undefined ? v.rows : v.rows.map((r) => ({ ...r, __series: name }));
  });
  const facet = p.views[0]!.facet;
  const ff = fieldIn(facet, rows);
  if (facet && ff) {
    const panels = new Map<string, Obj[]>();
    for (const r of rows) {
      const k = String(r[ff]);
      if (!panels.has(k)) panels.set(k, []);
      panels.get(k)!.push(r);
    }
    const said = [...panels].map(([k, rs]) => [k, describeRows(p, rs, style, textField)] as const);
    const facetNoun = lowFor(style)(label(facet)) || w.group;
    if (said.some(([, s]) => !s)) return { text: sentences(w, plain(p, style) + count(w.panels, panels.size, { facet: facetNoun }), undefined), complete: false };
    const head = said[0]![1]!.head;
    return { text: `${head}${count(w.panels, panels.size, { facet: facetNoun })}${w.stop}${said.map(([k, s]) => fill(w.panel, { name: k, text: s!.body ?? '' })).join(sentenceGap(w))}`, complete: true };
  }
  const s = rows.length ? describeRows(p, rows, style, textField) : undefined;
  if (!s) return { text: sentences(w, plain(p, style), undefined), complete: false };
  return { text: sentences(w, s.head, s.body), complete: true };
}

/**
 * The alt text of a chart: `spec` with its data bound (named datasets replaced by their rows as
 * `data.values`), `drawn` the rows its marks drew (drawnData of the scenegraph).
 */
export function chartAlt(spec: Obj, drawn: Obj[][] = [], style: AltStyle = DEFAULT_STYLE): Alt {
  const title = titleText(spec.title);
  const all = views(spec);
  const plotted = all.filter((v) => v.x?.field || v.y?.field || v.theta?.field);
  const main = plotted.filter((v) => !ANNOTATION_MARKS.has(v.mark));
  const vs = main.length ? main : plotted;
  // an image mark shows pictures no data can describe
  const images = marksOf(spec).has('image');
  const w = wordsOf(style);
  if (!vs.length) return { text: title ? `${fill(w.head, { kind: w.kinds.chart, measure: title })}${w.stop.trim() || w.stop}` : `${w.kinds.chart}${w.stop.trim() || w.stop}`, complete: false };
  // each view reads the rows its mark drew (after filters and aggregation), else the bound rows
  const used = new Set<Obj[]>();
  for (const v of vs) {
    const fields = [v.x, v.y, v.theta].filter((c): c is Channel => !!c?.field);
    const measure = roles(v).measure;
    const bound = new Set<number | undefined>(v.rows.map((r) => measure?.field ? num(r[measure.field]) : undefined).filter((n) => n !== undefined));
    const mine = (rows: Obj[]) => {
      const f = fieldIn(measure, rows);
      return !bound.size || !f || f !== measure?.field || rows.every((r) => num(r[f]) === undefined || bound.has(num(r[f])!));
    };
    const match = drawn.find((rows) => !used.has(rows) && fields.every((c) => fieldIn(c, rows)) && mine(rows)) ?? drawn.find((rows) => !used.has(rows) && fields.every((c) => fieldIn(c, rows)));
    if (match) {
      used.add(match);
      v.rows = match;
    }
  }
  // a text layer over the same axes names the marks (an event's short label)
  const textField = plotted.find((v) => v.mark === 'text' && v.text?.field)?.text?.field;
  const said = plots(vs).map((p) => describePlot(p, style, textField));
  const text = (title ? `${title}${w.stop}` : '') + said.map((s) => s.text).join(sentenceGap(w));
  return { text: text.replace(/\s+/g, ' ').trim(), complete: !images && said.every((s) => s.complete) };
}

