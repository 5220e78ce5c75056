/**
 * Pages of the claims register (src/model/claims.ts): the text that shows a claim — a figure's
 * note call, a key figure's value, a table cell, a chart's source line — carries a draw mark
 * (src/pdf/engine/draw-marks.ts) that records the page it is drawn on.
 */
import type { LayoutContext, Node } from './types.js';

/** A draw mark recording the page of the given claims (the first page, if drawn twice). */
export function claimMark(ctx: LayoutContext, claimIds: string[]): ((physical: number) => void) | undefined {
  const claims = claimIds.map((id) => ctx.model.claims.get(id)).filter((c) => c !== undefined);
  if (claims.length === 0) return undefined;
  return (physical: number) => {
    for (const c of claims) {
      if (c.pdfPage !== undefined) continue;
      c.pdfPage = physical;
      c.page = ctx.pageLabel(physical);
    }
  };
}

/** Marks every inline of a text node (a string text becomes one inline). */
export function markText(node: Node, mark: ((physical: number) => void) | undefined): Node {
  if (!mark) return node;
  const text = node.text;
  if (typeof text === 'string' || typeof text === 'number') return { ...node, text: [{ text: String(text), onDraw: mark }] };
  if (Array.isArray(text)) return { ...node, text: (text as Node[]).map((t) => (typeof t === 'string' ? { text: t, onDraw: mark } : { ...t, onDraw: mark })) };
  return node;
}
