/**
 * The text mark: each label's lines (Vega's line breaks, trimmed, and truncated with an
 * ellipsis to its `limit`, as its renderers do), placed by the transform Vega's SVG renderer
 * writes (anchor point, angle, dx/dy and Vega's own baseline offset) and aligned by its
 * text-anchor. Text its font lacks is split into runs in the fonts of the theme's chain (as
 * body text is); a right-to-left run's words go in reverse, each laid out right to left by
 * fontkit. Fonts and widths are those Vega measured with (charts/metrics.ts).
 */
import * as vega from 'vega';
import { fontRuns } from '../../theme/fonts.js';
import { RTL_FONTS } from '../../theme/theme.js';
import { FontMetrics } from '../metrics.js';
import { attributes, itemsOf, linkOf, marks, matrixOf, type DrawContext } from './context.js';
import { clampNumber, itemStyle, type Item } from './style.js';
import type { Run, SceneNode, TextNode } from './types.js';

const v = vega as unknown as {
  textMetrics: { width(item: Item, text: string): number };
  fontFamily(item: Item): string;
  fontSize(item: Item): number;
  lineHeight(item: Item): number;
};

/** vega-scenegraph's textLines (not exported): the item's lines, or its one line. */
function textLines(item: Item): unknown {
  const t = item.lineBreak && item.text && !Array.isArray(item.text) ? String(item.text).split(item.lineBreak) : item.text;
  return Array.isArray(t) ? (t.length > 1 ? t : t[0]) : t;
}

/** vega-scenegraph's textValue (not exported): trimmed, and cut to `limit` with an ellipsis. */
function textValue(item: Item, line: unknown): string {
  const text = line == null ? '' : String(line).trim();
  if (!(item.limit > 0) || !text.length) return text;
  const width = (t: string) => v.textMetrics.width(item, t);
  let limit = +item.limit;
  if (width(text) < limit) return text;
  const ellipsis = item.ellipsis || '\u2026';
  let lo = 0;
  let hi = text.length;
  limit -= width(ellipsis);
  if (item.dir === 'rtl') {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (width(text.slice(mid)) > limit) lo = mid + 1;
      else hi = mid;
    }
    return ellipsis + text.slice(lo);
  }
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (width(text.slice(0, mid)) < limit) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ellipsis;
}

/** Bold and italic as the SVG step read font-weight and font-style (600 and above, bold, bolder; italic). */
const isBold = (w: unknown) => w === 'bold' || w === 'bolder' || Number(w) >= 600;

/** A line's runs: in the text's own font, or split along the font chain (text its font lacks). */
export function runsOf(text: string, family: string): Run[] {
  const metrics = FontMetrics.installed;
  if (!metrics || !metrics.chain.length) return [{ t: text }];
  const chain = metrics.chainOf(family);
  const runs = fontRuns(text, chain, metrics.covers);
  if (runs.length === 1 && runs[0]!.font === chain[0]) return [{ t: text }];
  const run = (t: string, font: string): Run => (font === chain[0] ? { t } : { t, f: font });
  return runs.flatMap((r) => (RTL_FONTS.has(r.font) ? r.text.split(/( +)/).filter(Boolean).reverse().map((w) => run(w, /^ +$/.test(w) ? chain[0]! : r.font)) : [run(r.text, r.font)]));
}

const ANCHORS = new Set(['start', 'middle', 'end']);

export function text(scene: Item, ctx: DrawContext): SceneNode[] {
  const out: SceneNode[] = [];
  for (const item of itemsOf(scene)) {
    out.push(...linkOf(item, ctx));
    if (item.text == null || item.fontSize <= 0) continue;
    const tl = textLines(item);
    // white space collapses as in SVG text
    const lines = (Array.isArray(tl) ? tl : [tl]).map((l) => textValue(item, l).replace(/\s+/g, ' '));
    if (!lines.some((l) => l.length)) continue;
    const s = itemStyle(item, 0, 0, ctx.opacity);
    if (!s) continue;
    const a = attributes(marks.text!.attr, item);
    const family = v.fontFamily(item);
    const node: TextNode = {
      k: 't',
      m: matrixOf(a.transform) ?? [1, 0, 0, 1, 0, 0],
      a: ANCHORS.has(a['text-anchor'] as string) ? (a['text-anchor'] as TextNode['a']) : 'start',
      family,
      size: clampNumber(v.fontSize(item)),
      ...(isBold(item.fontWeight) ? { bold: true } : {}),
      ...(item.fontStyle === 'italic' ? { italic: true } : {}),
      ...(lines.length > 1 ? { lh: clampNumber(v.lineHeight(item)) } : {}),
      lines: lines.map((l) => (l ? runsOf(l, family) : [])),
      s,
    };
    out.push(node);
  }
  return out;
}
