/** The rule mark: a stroked segment from (x, y) to (x2, y2), as Vega's SVG renderer writes its `<line>`. */
import { attributes, itemsOf, linkOf, marks, matrixOf, type DrawContext } from './context.js';
import { clampNumber, itemStyle, type Item } from './style.js';
import type { SceneNode } from './types.js';

export function rule(scene: Item, ctx: DrawContext): SceneNode[] {
  const out: SceneNode[] = [];
  for (const item of itemsOf(scene)) {
    out.push(...linkOf(item, ctx));
    const a = attributes(marks.rule!.attr, item);
    const m = matrixOf(a.transform);
    // a line has no inside: only its stroke is painted
    const s = itemStyle({ ...item, fill: null }, m?.[4] ?? 0, m?.[5] ?? 0, ctx.opacity);
    if (!s) continue;
    out.push({ k: 'p', d: `M0,0L${clampNumber(Number(a.x2) || 0)},${clampNumber(Number(a.y2) || 0)}`, ...(m ? { m } : {}), s });
  }
  return out;
}
