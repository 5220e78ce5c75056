/**
 * Alt text for a chart, generated from its spec and the rows bound to it: what it shows (mark,
 * measure, dimension, series), the range, the extremes and the trend, in one or two sentences.
 * Only the spec's encodings are read (mark type, x/y fields and titles, color/series field), so
 * it works for any project; a template can override it (`{{chart "x" alt="…"}}`).
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const MARKS: Record<string, string> = {
  line: 'Line chart',
  trail: 'Line chart',
  area: 'Area chart',
  bar: 'Bar chart',
  rect: 'Heat map',
  point: 'Scatter plot',
  circle: 'Scatter plot',
  square: 'Scatter plot',
  tick: 'Strip plot',
  rule: 'Chart',
  text: 'Text chart',
  arc: 'Pie chart',
  boxplot: 'Box plot',
  errorbar: 'Error bar chart',
  errorband: 'Chart',
  geoshape: 'Map',
  image: 'Picture chart',
};

interface Channel {
  field?: string;
  timeUnit?: string;
  title?: string;
  type?: string;
  aggregate?: string;
  /** The scale is reversed (a rank: lower is better, drawn higher). */
  reverse?: boolean;
  /** A constant (`datum`): a layer's series named in its legend ("Patents granted"). */
  datum?: string;
}

interface View {
  mark: string;
  x?: Channel;
  y?: Channel;
  series?: Channel;
  theta?: Channel;
  rows: Obj[];
  title?: string;
  /** The series this view draws when its colour is a constant (a layer per series). */
  name?: string;
  /** The field that splits it into panels (facet, row or column): each panel is described apart. */
  facet?: string;
}

function channel(enc: Obj, name: string): Channel | undefined {
  const c = enc[name];
  if (!isObj(c)) return undefined;
  const field = typeof c.field === 'string' ? c.field : isObj(c.field) && typeof (c.field as Obj).repeat === 'string' ? undefined : undefined;
  const axis = isObj(c.axis) ? c.axis : isObj(c.legend) ? c.legend : {};
  const named = c.title !== undefined ? c.title : axis.title;
  // a channel whose title is hidden (title: null) is named by its kind: a time axis is "date"
  const title = typeof named === 'string' ? named : Array.isArray(named) ? named.join(' ') : named === null && c.type === 'temporal' ? 'date' : undefined;
  return { ...(field ? { field } : {}), ...(title ? { title } : {}), ...(typeof c.type === 'string' ? { type: c.type } : {}), ...(typeof c.aggregate === 'string' ? { aggregate: c.aggregate } : {}), ...(typeof c.timeUnit === 'string' ? { timeUnit: c.timeUnit } : {}), ...(isObj(c.scale) && c.scale.reverse === true ? { reverse: true } : {}), ...(typeof c.datum === 'string' ? { datum: c.datum } : {}) };
}

function rowsOf(spec: Obj, inherited: Obj[]): Obj[] {
  const data = spec.data;
  if (isObj(data) && Array.isArray(data.values)) return data.values.filter(isObj);
  return inherited;
}

function titleText(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.join(' ');
  if (isObj(t)) return titleText(t.text);
  return undefined;
}

/** The views of a spec that plot something, with the rows they see (layers inherit data and encodings). */
function views(spec: Obj, rows: Obj[] = [], enc: Obj = {}, facet?: string): View[] {
  const own = rowsOf(spec, rows);
  const f = isObj(spec.facet) ? spec.facet : undefined;
  const byFacet = f ? [f.field, isObj(f.row) ? f.row.field : undefined, isObj(f.column) ? f.column.field : undefined].find((x): x is string => typeof x === 'string') : undefined;
  const panel = byFacet ?? facet;
  const encoding = { ...enc, ...(isObj(spec.encoding) ? spec.encoding : {}) };
  const out: View[] = [];
  for (const key of ['layer', 'hconcat', 'vconcat', 'concat']) {
    const list = spec[key];
    if (Array.isArray(list)) for (const s of list) if (isObj(s)) out.push(...views(s, own, key === 'layer' ? encoding : {}, panel));
  }
  if (isObj(spec.spec)) out.push(...views(spec.spec, own, {}, panel));
  const mark = typeof spec.mark === 'string' ? spec.mark : isObj(spec.mark) && typeof spec.mark.type === 'string' ? spec.mark.type : undefined;
  if (mark) {
    const v: View = { mark, rows: own };
    const split = panel ?? ['facet', 'row', 'column'].map((k) => channel(encoding, k)?.field).find((x): x is string => !!x);
    if (split) v.facet = split;
    const x = channel(encoding, 'x');
    const y = channel(encoding, 'y');
    const series = channel(encoding, 'color') ?? channel(encoding, 'detail') ?? channel(encoding, 'strokeDash');
    const theta = channel(encoding, 'theta');
    if (x) v.x = x;
    if (y) v.y = y;
    if (series?.field) v.series = series;
    else if (series?.datum) v.name = series.datum;
    if (theta) v.theta = theta;
    const t = titleText(spec.title);
    if (t) v.title = t;
    out.push(v);
  }
  return out;
}

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/** 135100 → "135,100"; 1045000 → "1.045 million"; 0.153 → "0.153". */
export function formatNumber(v: number, locale = 'en'): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(v / 1e9)} billion`;
  if (abs >= 1e6) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(v / 1e6)} million`;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: abs >= 100 ? 0 : abs >= 1 ? 2 : 3 }).format(v);
}

const label = (c: Channel | undefined): string => (c?.title ?? c?.field ?? '').trim();
/** How a date is written (chartAlt's `date`: the profile's style; ISO without one). */
let showDate = (d: Date): string => d.toISOString().slice(0, 10);
const show = (v: unknown): string => (v instanceof Date ? showDate(v) : typeof v === 'number' ? (Number.isInteger(v) && v >= 1000 && v <= 2999 ? String(v) : formatNumber(v)) : String(v));
const lower = (s: string) => (/^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+[A-Z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

function isOrdered(c: Channel | undefined, rows: Obj[]): boolean {
  if (!c?.field) return false;
  if (c.type === 'temporal' || c.type === 'ordinal' || c.type === 'quantitative') return true;
  return rows.every((r) => num(r[c.field!]) !== undefined);
}

/**
 * One series of (position, value) pairs described: range, extremes, trend. On a reversed scale
 * (a rank) a lower value is better: a fall is an improvement, the highest value the worst.
 */
function describeSeries(points: [unknown, number][], measure: string, name?: string, reverse = false): string {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const who = name ? `${name} ` : '';
  if (points.length === 1) return `${who}${measure ? measure + ' ' : ''}${show(first[1])} ${at(first[0])}`;
  let up = true;
  let down = true;
  for (let i = 1; i < points.length; i++) {
    if (!(points[i]![1] > points[i - 1]![1])) up = false;
    if (!(points[i]![1] < points[i - 1]![1])) down = false;
  }
  const max = points.reduce((a, b) => (b[1] > a[1] ? b : a));
  const min = points.reduce((a, b) => (b[1] < a[1] ? b : a));
  const verb = reverse ? (last[1] < first[1] ? 'improved' : last[1] > first[1] ? 'worsened' : 'was unchanged') : last[1] > first[1] ? 'rose' : last[1] < first[1] ? 'fell' : 'was unchanged';
  let s = `${who}${measure ? measure + ' ' : ''}${reverse ? '(lower is better) ' : ''}${verb} from ${show(first[1])} ${at(first[0])} to ${show(last[1])} ${at(last[0])}`;
  if (up) s += reverse ? ', each value worse than the one before' : ', each value higher than the one before';
  else if (down) s += reverse ? ', each value better than the one before' : ', each value lower than the one before';
  else {
    const extremes: string[] = [];
    // an extreme worth naming lies beyond both ends (a tie with an end is no peak)
    if (max !== first && max !== last && max[1] > Math.max(first[1], last[1])) extremes.push(`${reverse ? 'a worst of' : 'a peak of'} ${show(max[1])} ${at(max[0])}`);
    if (min !== first && min !== last && min[1] < Math.min(first[1], last[1])) extremes.push(`${reverse ? 'a best of' : 'a low of'} ${show(min[1])} ${at(min[0])}`);
    if (extremes.length) s += `, with ${extremes.join(' and ')}`;
  }
  return s;
}

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

/** The field a channel's values are found under in drawn data (aggregates and time units are renamed). */
function fieldIn(c: Channel | undefined, rows: Obj[]): string | undefined {
  if (!c?.field) return undefined;
  const names = [c.aggregate && `${c.aggregate}_${c.field}`, c.timeUnit && `${c.timeUnit}_${c.field}`, c.field].filter((n): n is string => !!n);
  return names.find((n) => rows.some((r) => r[n] !== undefined));
}

function describeView(v: View): string {
  const kind = MARKS[v.mark] ?? 'Chart';
  // which channel is the measure and which the dimension
  let dim = v.x;
  let measure = v.y;
  if (v.y?.field && v.x?.field && (v.y.type === 'nominal' || v.y.type === 'ordinal') && v.x.type === 'quantitative') {
    dim = v.y;
    measure = v.x;
  }
  if (v.mark === 'arc' && v.theta) {
    measure = v.theta;
    dim = v.series;
  }
  const m = lower(label(measure));
  const d = lower(label(dim));
  const by = v.series?.field && v.mark !== 'arc' ? lower(label(v.series)) : '';
  const rows = v.rows;
  const plain = `${kind}${m ? `: ${m}` : ''}${d ? ` by ${d}` : ''}${by ? `, by ${by}` : ''}.`;
  if (!measure?.field || !dim?.field || rows.length === 0) return plain;
  const mf = fieldIn(measure, rows);
  const df = fieldIn(dim, rows);
  if (!mf || !df) return plain;
  // events: categories placed in time (a timeline, a scatter of categories): counts per group, the first and last
  const events = eventsOf(v, rows);
  if (events) return events;
  const heat = heatOf(v, rows);
  if (heat) return heat;
  const valid = rows.filter((r) => num(r[mf]) !== undefined && r[df] !== undefined && r[df] !== null);
  if (!valid.length) return plain;
  const groups = new Map<string, [unknown, number][]>();
  const sf = v.mark === 'arc' ? undefined : fieldIn(v.series, rows);
  for (const r of valid) {
    const key = sf ? String(r[sf] ?? '') : '';
    if (!groups.has(key)) groups.set(key, []);
    const at = dim.type === 'temporal' ? when(r[df], dim.timeUnit) : r[df];
    groups.get(key)!.push([at, num(r[mf])!]);
  }
  if (isOrdered(dim, valid) && v.mark !== 'arc') {
    const sorted = [...groups].map(([k, pts]) => [k, pts.sort((a, b) => compare(a[0], b[0]))] as const);
    // a layer drawing one named series ("Patents granted"): its name, then what it measures
    if (sorted.length === 1 && v.name) return `${kind}: ${describeSeries(sorted[0]![1], '', `${v.name}${measure.title ? ` (${m})` : ''}`, measure.reverse)}.`;
    if (sorted.length === 1) return `${kind}: ${describeSeries(sorted[0]![1], m, undefined, measure.reverse)}.`;
    // every series, each with its range and trend (a series left out is a series a reader never hears of)
    const shown = sorted.map(([k, pts]) => describeSeries(pts, '', k, measure.reverse));
    return `${kind}: ${m || 'values'} by ${d || 'position'}${by ? ` for ${sorted.length} ${by} series` : ''}. ${shown.join('; ')}.`;
  }
  const head = `${kind}: ${m || 'values'}${d ? ` by ${d}` : ''}`;
  // bars of several components per category (stacked, or side by side): each category by its components,
  // never the largest and smallest of all components mixed
  if (sf && groups.size > 1) {
    const cats = new Map<string, string[]>();
    for (const [k, pts] of groups) for (const [c, value] of pts) cats.set(String(c), [...(cats.get(String(c)) ?? []), `${k} ${show(value)}`]);
    return `${head}${by ? `, by ${by}` : ''}: ${[...cats].map(([c, parts]) => `${c}: ${parts.join(', ')}`).join('; ')}.`;
  }
  // categories: the largest and smallest
  const all = [...groups.values()].flat();
  const max = all.reduce((a, b) => (b[1] > a[1] ? b : a));
  const min = all.reduce((a, b) => (b[1] < a[1] ? b : a));
  const n = new Set(all.map((p) => String(p[0]))).size;
  if (n === 1) return `${head}: ${show(max[0])} ${show(max[1])}.`;
  return `${head} (${n} ${n === 1 ? 'category' : 'categories'}): highest ${show(max[0])} at ${show(max[1])}, lowest ${show(min[0])} at ${show(min[1])}.`;
}

/**
 * A chart of events — one channel a date, the other a category — as the number of events per
 * category, the span and the first and last events; undefined for any other chart.
 */
function eventsOf(v: View, rows: Obj[]): string | undefined {
  const [time, cat] = v.x?.type === 'temporal' ? [v.x, v.y] : v.y?.type === 'temporal' ? [v.y, v.x] : [];
  if (!time?.field || !cat?.field || (cat.type !== 'nominal' && cat.type !== 'ordinal')) return undefined;
  const tf = fieldIn(time, rows);
  const cf = fieldIn(cat, rows);
  if (!tf || !cf) return undefined;
  const sf = fieldIn(v.series, rows);
  const list = rows
    .map((r) => ({ at: when(r[tf], time.timeUnit), group: String(r[cf] ?? ''), kind: sf ? String(r[sf] ?? '') : '' }))
    .filter((e) => e.at instanceof Date || typeof e.at === 'number')
    .sort((a, b) => compare(a.at, b.at));
  if (!list.length) return undefined;
  const counts = new Map<string, number>();
  for (const e of list) counts.set(e.group, (counts.get(e.group) ?? 0) + 1);
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kind = MARKS[v.mark] ?? 'Chart';
  const c = lower(label(cat)) || 'group';
  const first = list[0]!;
  const last = list[list.length - 1]!;
  const one = (e: (typeof list)[number]) => `${e.group}${e.kind ? ` (${e.kind})` : ''} ${at(e.at)}`;
  return `${kind}: ${list.length} ${list.length === 1 ? 'event' : 'events'} by ${c}, ${show(first.at)} to ${show(last.at)}: ${byCount.map(([g, n]) => `${g} ${n}`).join(', ')}. The first, ${one(first)}; the last, ${one(last)}.`;
}

/**
 * A heat map (rect cells on two categorical axes, coloured by a field): with a measure, the
 * highest and lowest cells; with categories, the cells per row category with their span, and
 * the cells per colour.
 */
function heatOf(v: View, rows: Obj[]): string | undefined {
  if (v.mark !== 'rect' || !v.x?.field || !v.y?.field || !v.series?.field) return undefined;
  const xf = fieldIn(v.x, rows);
  const yf = fieldIn(v.y, rows);
  const cf = fieldIn(v.series, rows);
  if (!xf || !yf || !cf) return undefined;
  const cells = rows.filter((r) => r[xf] !== undefined && r[yf] !== undefined && r[cf] !== undefined && r[cf] !== null);
  if (!cells.length) return undefined;
  const x = lower(label(v.x)) || 'column';
  const y = lower(label(v.y)) || 'row';
  const c = lower(label(v.series)) || 'value';
  const head = `Heat map: ${y} by ${x} (${cells.length} ${cells.length === 1 ? 'cell' : 'cells'})`;
  if (v.series.type === 'quantitative') {
    const valued = cells.filter((r) => num(r[cf]) !== undefined);
    if (!valued.length) return undefined;
    const max = valued.reduce((a, b) => (num(b[cf])! > num(a[cf])! ? b : a));
    const min = valued.reduce((a, b) => (num(b[cf])! < num(a[cf])! ? b : a));
    return `${head}, coloured by ${c}: highest ${show(num(max[cf]))} for ${show(max[yf])} in ${show(max[xf])}, lowest ${show(num(min[cf]))} for ${show(min[yf])} in ${show(min[xf])}.`;
  }
  const byRow = new Map<string, unknown[]>();
  for (const r of cells) byRow.set(String(r[yf]), [...(byRow.get(String(r[yf])) ?? []), r[xf]]);
  const rowsText = [...byRow].map(([k, xs]) => {
    const sorted = [...xs].sort(compare);
    return `${k} in ${xs.length} (${show(sorted[0])} to ${show(sorted[sorted.length - 1])})`;
  });
  const colours = new Map<string, number>();
  for (const r of cells) colours.set(String(r[cf]), (colours.get(String(r[cf])) ?? 0) + 1);
  return `${head}: ${rowsText.join('; ')}. By ${c}: ${[...colours].map(([k, n]) => `${k} ${n}`).join(', ')}.`;
}

/** Each panel of a faceted view described on its own, named by its facet value. */
function panelsOf(v: View): string[] {
  const f = v.facet!;
  const values = [...new Set(v.rows.map((r) => r[f]))].filter((x) => x !== undefined && x !== null);
  if (values.length < 2) return [describeView(v)];
  return values.map((value) => {
    const text = describeView({ ...v, rows: v.rows.filter((r) => r[f] === value) });
    return `${show(value)}: ${text.replace(/^[^:]*: /, '')}`;
  });
}

/** A temporal value as a Date (a year alone, for a yearly time unit, as its number). */
function when(v: unknown, timeUnit?: string): unknown {
  const d = typeof v === 'number' ? new Date(v) : typeof v === 'string' && /^\d{4}-\d{2}(-\d{2})?([T ].*)?$/.test(v) ? new Date(v.length === 7 ? `${v}-01` : v) : v;
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return v;
  return timeUnit === 'year' || timeUnit === 'utcyear' ? d.getUTCFullYear() : d;
}

/** "in 2024", "on 20 March 2025". */
const at = (v: unknown) => `${v instanceof Date ? 'on' : 'in'} ${show(v)}`;

function compare(a: unknown, b: unknown): number {
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return String(a).localeCompare(String(b));
}

/**
 * The alt text of a chart: `spec` with its data bound (named datasets replaced by their rows as
 * `data.values`). Several views give one sentence each (at most three).
 */
export function chartAlt(spec: Obj, drawn: Obj[][] = [], o: { date?: (d: Date) => string } = {}): string {
  const saved = showDate;
  if (o.date) showDate = o.date;
  try {
    return altOf(spec, drawn);
  } finally {
    showDate = saved;
  }
}

function altOf(spec: Obj, drawn: Obj[][]): string {
  const seen = new Set<string>();
  // layers of one chart often draw the same data twice (a line and its points, value labels):
  // one sentence per measure/dimension/series, marks that carry the data first
  const order = (v: View) => (['text', 'rule'].includes(v.mark) ? 1 : 0);
  const plotted = views(spec).filter((v) => v.x?.field || v.y?.field || v.theta?.field);
  // labels and rules repeat what the marks show
  const main = plotted.filter((v) => !['text', 'rule'].includes(v.mark));
  const vs = (main.length ? main : plotted)
    .sort((a, b) => order(a) - order(b))
    .filter((v) => {
      const key = [v.x?.field, v.y?.field, v.theta?.field, v.series?.field, v.name].join('|');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const title = titleText(spec.title);
  if (!vs.length) return title ? `Chart: ${title}.` : 'Chart.';
  // layers of one chart usually repeat the same measure (a line and its points, labels): keep distinct sentences
  // each view reads the rows its mark drew (after filters and aggregation), else the bound rows
  const used = new Set<Obj[]>();
  for (const v of vs) {
    const fields = [v.x, v.y, v.theta].filter((c): c is Channel => !!c?.field);
    // drawn rows of this view's own data (layers of one chart often plot the same fields from other data)
    // (compared on fields drawn as written: not aggregated, binned in time or parsed as dates)
    const raw = fields.filter((c) => !c.aggregate && !c.timeUnit && c.type !== 'temporal');
    const own = (rows: Obj[]) => !v.rows.length || !raw.length || rows.every((r) => v.rows.some((o) => raw.every((c) => String(o[c.field!]) === String(r[c.field!]))));
    const fits = (rows: Obj[]) => !used.has(rows) && fields.every((c) => fieldIn(c, rows));
    const match = drawn.find((rows) => fits(rows) && own(rows)) ?? drawn.find(fits);
    if (match) {
      used.add(match);
      v.rows = match;
    }
  }
  // a faceted view: one statement per panel, never one series merged across panels
  const sentences = vs.slice(0, 3).flatMap((v) => (v.facet ? panelsOf(v) : [describeView(v)]));
  return (title ? `${title}. ` : '') + sentences.join(' ');
}
