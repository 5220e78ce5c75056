/**
 * An unbreakable block taller than a page fails the build. pdfmake silently drops whatever of an
 * unbreakable block (a figure with its caption, a callout, a small table) does not fit on one
 * page: such a block arrives as one fragment, and pdfmake gives up when it does not fit even on a
 * fresh page. The drop is recorded (only for the final layout: pdfmake lays the document out
 * again after each page break it adds), so the renderer fails with BK308 instead of publishing a
 * PDF with content missing.
 */
import type { Internals } from './internals.js';
import { render } from './state.js';

type Fragment = { items: { type: string; item: { inlines?: { text: string }[] } }[] };

export function installTooTall({ PageElementWriter, LayoutBuilder }: Internals): void {
  const addFragment = PageElementWriter.prototype.addFragment as (this: unknown, f: Fragment, ...rest: unknown[]) => unknown;
  PageElementWriter.prototype.addFragment = function (this: unknown, fragment: Fragment, ...rest: unknown[]) {
    const placed = addFragment.call(this, fragment, ...rest);
    if (!placed && rest[0] === undefined) {
      const first = fragment.items.find((i) => i.type === 'line' && i.item.inlines?.length);
      render.tooTall.push(first?.item.inlines?.map((i) => i.text).join('').trim() ?? '');
    }
    return placed;
  };
  const tryLayout = LayoutBuilder.prototype.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LayoutBuilder.prototype.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    render.tooTall.length = 0;
    return tryLayout.apply(this, a);
  };
}
