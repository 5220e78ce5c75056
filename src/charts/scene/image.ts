/**
 * The image mark: the picture the chart's loader read (a PNG or JPEG from the data folder, as a
 * data: URI) in the item's box, aligned and fitted as Vega's SVG renderer places it (its width
 * and height; the picture keeps its proportions, centred, unless `aspect` is false).
 */
import { itemsOf, linkOf, marks, type DrawContext } from './context.js';
import { clampNumber, type Item } from './style.js';
import type { SceneNode } from './types.js';

type ImageDef = { xOffset(align: unknown, w: number): number; yOffset(baseline: unknown, h: number): number };

export function image(scene: Item, ctx: DrawContext): SceneNode[] {
  const def = marks.image as unknown as ImageDef;
  const out: SceneNode[] = [];
  for (const item of itemsOf(scene)) {
    out.push(...linkOf(item, ctx));
    const href = typeof item.url === 'string' ? ctx.images.get(item.url) : undefined;
    // without a decoded picture Vega knows only the size the spec gives
    const w = clampNumber(Number(item.width ?? 0));
    const h = clampNumber(Number(item.height ?? 0));
    const opacity = (item.opacity == null ? 1 : Number(item.opacity)) * ctx.opacity;
    if (!href || !(w > 0) || !(h > 0) || !(opacity > 0)) continue;
    const x = clampNumber((item.x || 0) - def.xOffset(item.align, w));
    const y = clampNumber((item.y || 0) - def.yOffset(item.baseline, h));
    out.push({ k: 'i', href, box: [x, y, w, h], ...(item.aspect === false ? { stretch: true } : {}), ...(opacity < 1 ? { opacity } : {}) });
  }
  return out;
}
