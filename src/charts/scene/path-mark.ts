/**
 * Marks drawn as one SVG path each: the path and its transform are exactly what Vega's SVG
 * renderer writes for them (the mark definition's attribute emitter, i.e. vega-scenegraph's
 * path generators: rectangles with corner radii, arcs, symbols, d3 curves for lines and areas).
 */
import { attributes, itemsOf, linkOf, marks, matrixOf, type DrawContext } from './context.js';
import { clampPath, itemStyle, type Item } from './style.js';
import type { SceneNode } from './types.js';

/** The paths of a mark whose items Vega draws as `<path>`. */
export function pathMark(type: string) {
  return (scene: Item, ctx: DrawContext): SceneNode[] => {
    const def = marks[type]!;
    const out: SceneNode[] = [];
    for (const item of itemsOf(scene)) {
      out.push(...linkOf(item, ctx));
      const a = attributes(def.attr, item);
      if (typeof a.d !== 'string' || !a.d) continue;
      const m = matrixOf(a.transform);
      const s = itemStyle(item, m?.[4] ?? 0, m?.[5] ?? 0, ctx.opacity);
      if (!s) continue;
      out.push({ k: 'p', d: clampPath(a.d), ...(m ? { m } : {}), s });
    }
    return out;
  };
}
