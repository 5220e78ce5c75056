/**
 * A page break at the top of an empty page adds no blank page. When a block's bottom margin does
 * not fit on its page, pdfmake starts a new page; a section heading set to start a page
 * (pageBreak "before") then started yet another, leaving a blank page. The break is skipped while
 * the current page is still empty.
 */
import type { Internals } from './internals.js';

type Writer = { context(): { y: number; pageMargins: { top: number }; getCurrentPage(): { items: unknown[] } | null } };
type BreakNode = { pageBreak?: string };

export function installEmptyPageBreak({ LayoutBuilder }: Internals): void {
  const processNode = LayoutBuilder.prototype.processNode as (this: { writer: Writer }, node: BreakNode) => unknown;
  LayoutBuilder.prototype.processNode = function (this: { writer: Writer }, node: BreakNode) {
    const ctx = this.writer?.context();
    const page = ctx?.getCurrentPage();
    if (node?.pageBreak !== 'before' || !page || page.items.length > 0 || ctx!.y > ctx!.pageMargins.top) return processNode.call(this, node);
    node.pageBreak = undefined; // already at the top of an empty page
    try {
      return processNode.call(this, node);
    } finally {
      node.pageBreak = 'before';
    }
  };
}
