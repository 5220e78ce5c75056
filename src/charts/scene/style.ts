/**
 * Paint and stroke of a mark item, as Vega's SVG renderer writes them (vega-scenegraph's
 * util/svg/styles.js: fill, fill-opacity, stroke, stroke-opacity, stroke-width, linecap,
 * linejoin, dasharray, dashoffset, miterlimit, opacity; "transparent" is no paint), with CSS
 * colours resolved once here so the PDF step only sets them.
 */
import type { Color, Gradient, Paint, Style } from './types.js';

export type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Beyond this magnitude a coordinate means nothing on a page (pdfkit throws on 1e21 and more). */
export const MAX_COORDINATE = 1e15;
export const clampNumber = (n: number): number => (Number.isFinite(n) ? (Math.abs(n) >= MAX_COORDINATE ? Math.sign(n) * MAX_COORDINATE : n) : 0);
/** The numbers of an SVG path or transform, clamped (a mark placed at x = 1e22 is drawn off the page, not a failure). */
export const clampPath = (d: string): string => d.replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/gi, (n) => (Math.abs(Number(n)) >= MAX_COORDINATE ? String(Math.sign(Number(n)) * MAX_COORDINATE) : n));

const hex2 = (n: number) => Math.round(Math.max(0, Math.min(255, n))).toString(16).padStart(2, '0');

function hsl(h: number, s: number, l: number): [number, number, number] {
  h = ((h % 360) + 360) % 360;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

/** A CSS colour as [colour, alpha]; undefined for none/transparent or what is not a colour. */
export function parseColor(value: unknown): [Color, number] | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (!v || v === 'none' || v === 'transparent') return undefined;
  let m = /^#([0-9a-f]{3,8})$/.exec(v);
  if (m) {
    let h = m[1]!;
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    return [`#${h.slice(0, 6)}`, h.length === 8 ? parseInt(h.slice(6), 16) / 255 : 1];
  }
  m = /^(rgba?|hsla?)\(([^)]*)\)$/.exec(v);
  if (m) {
    const parts = m[2]!.split(/[\s,/]+/).filter(Boolean);
    const num = (s: string | undefined, scale: number) => (s === undefined ? NaN : s.endsWith('%') ? (parseFloat(s) / 100) * scale : parseFloat(s));
    const alpha = parts[3] === undefined ? 1 : num(parts[3], 1);
    const rgb = m[1]!.startsWith('rgb') ? [num(parts[0], 255), num(parts[1], 255), num(parts[2], 255)] : hsl(parseFloat(parts[0] ?? ''), num(parts[1], 1), num(parts[2], 1));
    if (rgb.some((n) => !Number.isFinite(n)) || !Number.isFinite(alpha)) return undefined;
    return [`#${rgb.map(hex2).join('')}`, Math.max(0, Math.min(1, alpha))];
  }
  // a colour name: pdfkit knows the CSS names
  return /^[a-z]+$/.test(v) ? [v, 1] : undefined;
}

const num = (v: unknown, d: number) => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? d : Number(v));

/**
 * A Vega gradient placed on the item's bounds (as Vega's canvas renderer places it), in the
 * coordinates the item's path is drawn in (its own x, y subtracted).
 */
function gradient(g: Item, item: Item, ox: number, oy: number): Gradient | undefined {
  const b = item.bounds as { x1: number; y1: number; x2: number; y2: number } | undefined;
  if (!b || !Array.isArray(g.stops)) return undefined;
  const [x, y, w, h] = [b.x1 - ox, b.y1 - oy, b.x2 - b.x1, b.y2 - b.y1].map(clampNumber) as [number, number, number, number];
  if (!(w > 0) && !(h > 0)) return undefined;
  const stops = (g.stops as { offset: number; color: string }[]).flatMap((s): [number, Color, number][] => {
    const c = parseColor(s.color);
    return c ? [[Math.max(0, Math.min(1, num(s.offset, 0))), c[0], c[1]]] : [];
  });
  if (!stops.length) return undefined;
  if (g.gradient === 'radial') {
    const r = Math.max(w, h);
    return { kind: 'radial', at: [x + num(g.x1, 0.5) * w, y + num(g.y1, 0.5) * h, r * num(g.r1, 0), x + num(g.x2, 0.5) * w, y + num(g.y2, 0.5) * h, r * num(g.r2, 0.5)], stops };
  }
  return { kind: 'linear', at: [num(g.x1, 0), num(g.y1, 0), num(g.x2, 1), num(g.y2, 0)], box: [x, y, w, h], stops };
}

function paint(value: unknown, item: Item, ox: number, oy: number): [Paint, number] | undefined {
  if (value && typeof value === 'object' && (value as Item).gradient) {
    const g = gradient(value as Item, item, ox, oy);
    return g ? [g, 1] : undefined;
  }
  return parseColor(value);
}

const CAPS = new Set(['butt', 'round', 'square']);
const JOINS = new Set(['miter', 'round', 'bevel']);

/**
 * The style of a mark item; `ox`, `oy`: the translation its path is drawn in (for gradients);
 * `inherited`: the opacity of the groups around it. Undefined when nothing would show.
 */
export function itemStyle(item: Item, ox = 0, oy = 0, inherited = 1): Style | undefined {
  const opacity = num(item.opacity, 1) * inherited;
  if (opacity <= 0) return undefined;
  const s: Style = {};
  const fill = paint(item.fill, item, ox, oy);
  if (fill) {
    const fo = num(item.fillOpacity, 1) * fill[1] * opacity;
    if (fo > 0) {
      s.fill = fill[0];
      if (fo < 1) s.fo = fo;
    }
  }
  const stroke = paint(item.stroke, item, ox, oy);
  const sw = clampNumber(num(item.strokeWidth, 1));
  if (stroke && sw > 0) {
    const so = num(item.strokeOpacity, 1) * stroke[1] * opacity;
    if (so > 0) {
      s.stroke = stroke[0];
      if (so < 1) s.so = so;
      if (sw !== 1) s.sw = sw;
      if (CAPS.has(item.strokeCap) && item.strokeCap !== 'butt') s.cap = item.strokeCap;
      if (JOINS.has(item.strokeJoin) && item.strokeJoin !== 'miter') s.join = item.strokeJoin;
      if (item.strokeMiterLimit != null && num(item.strokeMiterLimit, 4) !== 4) s.miter = num(item.strokeMiterLimit, 4);
      const dash = (Array.isArray(item.strokeDash) ? item.strokeDash : typeof item.strokeDash === 'string' ? item.strokeDash.split(/[\s,]+/) : []).map(Number).filter((n: number) => Number.isFinite(n) && n >= 0).map(clampNumber);
      // an all-zero pattern draws nothing in SVG: a solid line, as svg-to-pdfkit drew it
      if (dash.length && dash.some((n: number) => n > 0)) {
        s.dash = dash.length % 2 ? [...dash, ...dash] : dash;
        if (item.strokeDashOffset) s.dashOffset = clampNumber(num(item.strokeDashOffset, 0));
      }
    }
  }
  return s.fill || s.stroke ? s : undefined;
}
