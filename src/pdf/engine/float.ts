/**
 * Floating figures: a figure that does not fit in the rest of its page goes to the top of the
 * next page, and the body text after it fills the gap it would have left — as LaTeX and Typst
 * place floats, in the same single layout.
 *
 * Why: pdfmake moves an unbreakable block that does not fit to the next page and leaves the rest
 * of the page blank (up to a figure's height: half a page and more).
 *
 * How: a node that opts in with `float: true` (an unbreakable stack: caption, chart, source
 * line) is laid out as pdfmake lays out every unbreakable block; when the block does not fit in
 * the room left on a page that already holds something, it is held instead of placed, and
 * placed at the top of the next page the main flow starts (before a heading carried over by
 * keep-with-next.ts, which is installed after this). Held figures keep their order. A node that
 * starts a page by itself (a section) first gets the held figures a page of their own, so a
 * figure never crosses into the next section; so does the end of the document. The figure's
 * anchors (its caption's id: contents, cross-references) get the page it is placed on, as
 * pdfmake does for any block placed later. It is tagged where it stands in the reading order of
 * the pages (after the text that flowed past it), which is the order a reader meets it.
 */
import type { Internals } from './internals.js';
import { render } from './state.js';

type Fragment = { height: number };
/** A held figure and the space kept under it (its bottom margin). */
type Held = { fragment: Fragment; below: number };
type Page = { items: unknown[]; pageSize: { height: number } };
type Context = { page: number; y: number; availableHeight: number; moveDown(h: number): void; pageMargins: { top: number; bottom: number }; snapshots: unknown[]; getCurrentPage(): Page | null; getCurrentPosition(): unknown };
type Writer = { context(): Context; transactionLevel: number; contextStack: unknown[]; moveToNextPage(o?: unknown): unknown };
type Builder = { writer: Writer };
type FloatNode = { float?: boolean; unbreakable?: boolean; pageBreak?: string; _margin?: number[] | null };

/** Figures waiting for the next page, in order. */
let held: Held[] = [];
/** The floating node being laid out (its unbreakable block is committed as one fragment). */
let floating: FloatNode | undefined;

const mainFlow = (w: Writer) => w.transactionLevel === 0 && w.contextStack.length === 0 && w.context().snapshots.length === 0;
const innerHeight = (ctx: Context, page: Page) => page.pageSize.height - ctx.pageMargins.top - ctx.pageMargins.bottom;

export function installFloat({ LayoutBuilder, PageElementWriter, ElementWriter }: Internals): void {
  const LB = LayoutBuilder.prototype;
  const PEW = PageElementWriter.prototype;
  const place = ElementWriter.prototype.addFragment as (this: Writer, f: Fragment) => unknown;

  const setHeld = (h: Held[]) => {
    held = h;
    render.heldHeight = h.reduce((s, f) => s + f.fragment.height + f.below, 0);
  };

  const tryLayout = LB.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LB.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    setHeld([]);
    floating = undefined;
    return tryLayout.apply(this, a);
  };

  /** Held figures get a page of their own (before a node that starts a page, and at the end). */
  const flush = (w: Writer) => {
    while (held.length) {
      const before = held.length;
      w.moveToNextPage();
      if (held.length === before) break; // nothing fitted even a fresh page: pdfmake's own rules apply
    }
  };

  const processNode = LB.processNode as (this: Builder, node: FloatNode, ...a: unknown[]) => unknown;
  LB.processNode = function (this: Builder, node: FloatNode, ...a: unknown[]) {
    if (held.length && node?.pageBreak && mainFlow(this.writer)) flush(this.writer);
    if (!(node?.float && node.unbreakable && mainFlow(this.writer))) return processNode.call(this, node, ...a);
    const outer = floating;
    floating = node;
    const ctx = this.writer.context();
    const [page, y, room, count] = [ctx.page, ctx.y, ctx.availableHeight, held.length];
    try {
      return processNode.call(this, node, ...a);
    } finally {
      floating = outer;
      // held: the text goes on where the figure would have started (its margins are not spent here)
      const now = this.writer.context();
      if (held.length > count && now === ctx && now.page === page) {
        now.y = y;
        now.availableHeight = room;
      }
    }
  };

  const furniture = LB.addHeadersAndFooters as (this: Builder, ...a: unknown[]) => unknown;
  LB.addHeadersAndFooters = function (this: Builder, ...a: unknown[]) {
    flush(this.writer);
    return furniture.apply(this, a);
  };

  const addFragment = PEW.addFragment as (this: Writer, f: Fragment, ...a: unknown[]) => unknown;
  PEW.addFragment = function (this: Writer, fragment: Fragment, ...a: unknown[]) {
    const ctx = this.context();
    const page = ctx.getCurrentPage();
    // hold the floating figure when it does not fit here but does on a page of its own; a figure
    // after a held one waits too (figures keep their order)
    if (floating && a.length === 0 && mainFlow(this) && page && (held.length > 0 || (fragment.height > ctx.availableHeight && ctx.y > ctx.pageMargins.top)) && fragment.height <= innerHeight(ctx, page)) {
      setHeld([...held, { fragment, below: floating._margin?.[3] ?? 0 }]);
      floating = undefined; // this block only
      return ctx.getCurrentPosition();
    }
    return addFragment.call(this, fragment, ...a);
  };

  const moveToNextPage = PEW.moveToNextPage as (this: Writer, ...a: unknown[]) => unknown;
  PEW.moveToNextPage = function (this: Writer, ...a: unknown[]) {
    const result = moveToNextPage.apply(this, a);
    if (!held.length || !mainFlow(this)) return result;
    // at the top of the new page, as many held figures as fit, in order
    const rest = [...held];
    while (rest.length && rest[0]!.fragment.height <= this.context().availableHeight) {
      const { fragment, below } = rest.shift()!;
      place.call(this, fragment);
      this.context().moveDown(Math.min(below, this.context().availableHeight));
    }
    setHeld(rest);
    return result;
  };
}
