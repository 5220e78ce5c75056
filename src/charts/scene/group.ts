/**
 * The group mark: its background (fill and stroke of its rectangle), its content in its own
 * coordinates (clipped to its box, its corner radii or its clip path when `clip` is set), and a
 * stroke drawn over the content when `strokeForeground` is set, in the order Vega's SVG
 * renderer writes them.
 */
import { attributes, itemsOf, linkOf, marks, matrixOf, type DrawContext } from './context.js';
import { clampNumber, clampPath, itemStyle, type Item } from './style.js';
import type { GroupNode, SceneNode } from './types.js';

type Size = { width?: number; height?: number; cornerRadius?: unknown; cornerRadiusTopLeft?: unknown; cornerRadiusTopRight?: unknown; cornerRadiusBottomLeft?: unknown; cornerRadiusBottomRight?: unknown };
/** The clip of a group's content (or a mark's, sized by its group), as Vega's SVG renderer defines it. */
export function clipOf(clip: unknown, size: Size): GroupNode['clip'] {
  if (typeof clip === 'function') {
    const d = (clip as (ctx: null) => unknown)(null);
    return typeof d === 'string' ? { d: clampPath(d) } : { d: '' };
  }
  const radius = [size.cornerRadius, size.cornerRadiusTopLeft, size.cornerRadiusTopRight, size.cornerRadiusBottomLeft, size.cornerRadiusBottomRight].some((r) => Number(r) > 0);
  if (radius) {
    // the group's own background path has the same rounded outline, without the stroke offset
    const a = attributes(marks.group!.background!, { ...size, stroke: null });
    return { d: clampPath(String(a.d ?? '')) };
  }
  return { w: clampNumber(size.width || 0), h: clampNumber(size.height || 0) };
}

export function group(scene: Item, ctx: DrawContext): SceneNode[] {
  const def = marks.group!;
  const out: SceneNode[] = [];
  for (const item of itemsOf(scene)) {
    out.push(...linkOf(item, ctx));
    const m = matrixOf(attributes(def.attr, item).transform);
    const c: SceneNode[] = [];
    const fore = item.strokeForeground && item.stroke;
    const bg = attributes(def.background!, fore ? { ...item, stroke: null } : item);
    const bgStyle = itemStyle(fore ? { ...item, stroke: null } : item, 0, 0, ctx.opacity);
    if (typeof bg.d === 'string' && bg.d && bgStyle) c.push({ k: 'p', d: clampPath(bg.d), s: bgStyle });
    const inner: SceneNode[] = [];
    // the group's opacity is its content's too
    const within = { ...ctx, opacity: ctx.opacity * (item.opacity == null ? 1 : Number(item.opacity)) };
    for (const child of (item.items ?? []) as Item[]) inner.push(...ctx.mark(child, within));
    if (item.clip) c.push({ k: 'g', clip: clipOf(item.clip, item), c: inner });
    else c.push(...inner);
    if (fore) {
      const fg = attributes(def.foreground!, item);
      const fgStyle = itemStyle({ ...item, fill: null }, 0, 0, ctx.opacity);
      if (typeof fg.d === 'string' && fg.d && fgStyle) c.push({ k: 'p', d: clampPath(fg.d), s: fgStyle });
    }
    if (c.length) out.push({ k: 'g', ...(m ? { m } : {}), c });
  }
  return out;
}
