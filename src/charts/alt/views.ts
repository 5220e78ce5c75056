/**
 * A Vega-Lite spec read as the views a reader sees: each mark with the channels that carry data
 * (x, y, theta, a colour or detail series, a facet, a text label), the rows it plots and how its
 * measure reads (stacked, on a reversed scale). Layers inherit data and encodings; facets, repeats
 * and concatenations give their inner views. Nothing here formats text.
 */

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Channel {
  field?: string;
  /** A constant (`"datum": "Patents granted"`): the series a layer draws, named in its legend. */
  datum?: string;
  timeUnit?: string;
  title?: string;
  type?: string;
  aggregate?: string;
  /** The scale runs the other way (a rank, 1 at the top). */
  reverse?: boolean;
  /** `stack` of a measure channel: "normalize" draws shares of each bar. */
  stack?: string | boolean | null;
}

export interface View {
  mark: string;
  x?: Channel;
  y?: Channel;
  theta?: Channel;
  /** The series: colour, else detail or stroke dash. */
  series?: Channel;
  /** The panels of a faceted chart (facet, row or column). */
  facet?: Channel;
  /** The field a text layer prints for a mark (an event's short name). */
  text?: Channel;
  /** Bars side by side (xOffset/yOffset by a field), not stacked. */
  grouped?: boolean;
  /** Named dataset the view draws, when it names one. */
  data?: string;
  rows: Obj[];
  title?: string;
}

export function titleText(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.join(' ');
  if (isObj(t)) return titleText(t.text);
  return undefined;
}

function channel(enc: Obj, name: string): Channel | undefined {
  const c = enc[name];
  if (!isObj(c)) return undefined;
  const axis = isObj(c.axis) ? c.axis : isObj(c.legend) ? c.legend : isObj(c.header) ? c.header : {};
  const named = c.title !== undefined ? c.title : axis.title;
  // a channel whose title is hidden (title: null) is named by its kind: a time axis is "date"
  const title = typeof named === 'string' ? named : Array.isArray(named) ? named.join(' ') : named === null && c.type === 'temporal' ? 'date' : undefined;
  const scale = isObj(c.scale) ? c.scale : {};
  const out: Channel = {};
  if (typeof c.field === 'string') out.field = c.field;
  if (typeof c.datum === 'string' || typeof c.datum === 'number') out.datum = String(c.datum);
  if (title) out.title = title;
  if (typeof c.type === 'string') out.type = c.type;
  if (typeof c.aggregate === 'string') out.aggregate = c.aggregate;
  if (typeof c.timeUnit === 'string') out.timeUnit = c.timeUnit;
  if (scale.reverse === true) out.reverse = true;
  if ('stack' in c) out.stack = c.stack as Channel['stack'];
  return out;
}

function rowsOf(spec: Obj, inherited: Obj[]): Obj[] {
  const data = spec.data;
  if (isObj(data) && Array.isArray(data.values)) return data.values.filter(isObj);
  return inherited;
}

const dataName = (spec: Obj, inherited?: string) => (isObj(spec.data) && typeof spec.data.name === 'string' ? spec.data.name : inherited);

/** The facet channel of a `facet` operator: `{field}` or `{row: {field}, column: {field}}`. */
function facetOf(spec: Obj): Channel | undefined {
  const f = spec.facet;
  if (!isObj(f)) return undefined;
  if (typeof f.field === 'string') return channel({ f }, 'f');
  return channel(f, 'row') ?? channel(f, 'column');
}

export function markOf(spec: Obj): string | undefined {
  return typeof spec.mark === 'string' ? spec.mark : isObj(spec.mark) && typeof spec.mark.type === 'string' ? spec.mark.type : undefined;
}

/** The views of a spec that plot something, with the rows they see. */
export function views(spec: Obj, rows: Obj[] = [], enc: Obj = {}, facet?: Channel, data?: string): View[] {
  const own = rowsOf(spec, rows);
  const name = dataName(spec, data);
  const encoding = { ...enc, ...(isObj(spec.encoding) ? spec.encoding : {}) };
  const panels = facetOf(spec) ?? channel(encoding, 'facet') ?? channel(encoding, 'row') ?? channel(encoding, 'column') ?? facet;
  const out: View[] = [];
  for (const key of ['layer', 'hconcat', 'vconcat', 'concat']) {
    const list = spec[key];
    if (Array.isArray(list)) for (const s of list) if (isObj(s)) out.push(...views(s, own, key === 'layer' ? encoding : {}, key === 'layer' ? panels : undefined, name));
  }
  if (isObj(spec.spec)) out.push(...views(spec.spec, own, {}, panels, name));
  const mark = markOf(spec);
  if (mark) {
    const v: View = { mark, rows: own };
    const x = channel(encoding, 'x');
    const y = channel(encoding, 'y');
    const series = [channel(encoding, 'color'), channel(encoding, 'fill'), channel(encoding, 'detail'), channel(encoding, 'strokeDash'), channel(encoding, 'shape')].find((c) => c?.field || c?.datum);
    const theta = channel(encoding, 'theta');
    const text = channel(encoding, 'text');
    if (x) v.x = x;
    if (y) v.y = y;
    if (series) v.series = series;
    if (theta) v.theta = theta;
    if (text?.field) v.text = text;
    if (panels?.field) v.facet = panels;
    if (name) v.data = name;
    const offset = channel(encoding, 'xOffset') ?? channel(encoding, 'yOffset');
    if (offset?.field && offset.type !== 'quantitative') v.grouped = true;
    const t = titleText(spec.title);
    if (t) v.title = t;
    out.push(v);
  }
  return out;
}

/** Marks that draw no data a reader needs described: labels and reference rules repeat the others. */
export const ANNOTATION_MARKS = new Set(['text', 'rule']);

/** Every mark type the spec draws, nested ones too (an image mark cannot be described from data). */
export function marksOf(spec: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(spec)) spec.forEach((s) => marksOf(s, out));
  else if (isObj(spec)) {
    const m = markOf(spec);
    if (m) out.add(m);
    for (const [k, v] of Object.entries(spec)) if (k !== 'data' && k !== 'encoding') marksOf(v, out);
  }
  return out;
}
