/**
 * Draw marks: an inline may carry `onDraw(page)`, called with the physical page (1-based) its
 * line is drawn on. The claims register (src/model/claims.ts) learns the page of each figure's
 * note call this way, from the same layout that prints it — no second pass, no text search.
 *
 * Why a wrap of Renderer.renderPages: pdfmake flattens every page into `items` (lines, vectors,
 * images) before drawing; an inline's style properties, a function among them, are copied to
 * every word it is split into (StyleContextStack.copyStyle), so a line's inlines still carry the
 * mark. The callback is called once per drawn line holding a marked inline, page by page, before
 * the page is drawn; a mark on a line repeated on a later page (a table's header) is called for
 * both pages, so the caller keeps the first.
 */
import type { Internals } from './internals.js';

type Page = { items: { type: string; item: { inlines?: { onDraw?: unknown }[] } }[] };

export function installDrawMarks({ Renderer }: Internals): void {
  const renderPages = Renderer.prototype.renderPages as (this: unknown, pages: Page[], ...a: unknown[]) => unknown;
  Renderer.prototype.renderPages = function (this: unknown, pages: Page[], ...a: unknown[]) {
    pages.forEach((page, i) => {
      for (const { type, item } of page.items) {
        if (type !== 'line') continue;
        const seen = new Set<unknown>();
        for (const inline of item.inlines ?? []) {
          // a mark split over several words is one mark
          if (typeof inline.onDraw === 'function' && !seen.has(inline.onDraw)) {
            seen.add(inline.onDraw);
            (inline.onDraw as (page: number) => void)(i + 1);
          }
        }
      }
    });
    return renderPages.call(this, pages, ...a);
  };
}
