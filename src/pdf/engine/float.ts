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
 * keep-with-next.ts, which is installed after this), at the main column's left edge and width
 * (not at a list's indent, when the break falls inside a list). A page break of a table (or of
 * columns) set in the main flow releases them too: they go at the top of the new page, before
 * the table's repeated header row, and the table goes on under them — as a typesetter places a
 * float at the top of a page a long table crosses (a table nested in another waits for the
 * outer one's break). Held figures keep their order. A heading whose follower is a held
 * figure goes above the figure on the next page, unless what follows the figure sits under it
 * (keep-with-next.ts). A block that does not fit in the rest of the page, nor under the held
 * figures (and such a heading) on a fresh one, goes first, and they wait for the next break,
 * rather than pdfmake dropping it. A node that
 * starts a page by itself (a section) first gets the held figures a page of their own, so a
 * figure never crosses into the next section; so does the end of the document. The figure's
 * anchors (its caption's id: contents, cross-references) get the page it is placed on, as
 * pdfmake does for any block placed later. It is tagged where it stands in the reading order of
 * the pages (after the text that flowed past it), which is the order a reader meets it.
 */
import { innerHeight, mainFlow, type Internals } from './internals.js';
import { render } from './state.js';

type Fragment = { height: number; xOffset?: number };
/** A held figure, the space kept under it (its bottom margin) and the x it was laid out at (the main column's left edge, plus its own margin). */
type Held = { fragment: Fragment; below: number; x: number };
type Page = { items: unknown[]; pageSize: { height: number } };
type Context = { page: number; x: number; y: number; availableHeight: number; moveDown(h: number): void; pageMargins: { top: number; bottom: number }; snapshots: unknown[]; getCurrentPage(): Page | null; getCurrentPosition(): unknown };
type Writer = { context(): Context; transactionLevel: number; contextStack: unknown[]; moveToNextPage(o?: unknown): unknown };
type Builder = { writer: Writer };
type FloatNode = { float?: boolean; unbreakable?: boolean; pageBreak?: string; _margin?: number[] | null };

/** Figures waiting for the next page, in order. */
let held: Held[] = [];
/** The floating node being laid out (its unbreakable block is committed as one fragment). */
let floating: FloatNode | undefined;
/** The writer whose page break (of the main flow, or of a table or columns in it) releases the held figures. */
let releasing: Writer | undefined;
/** Height of the figures released at the top of a page, by page index (a table's other columns start under them too). */
let released = new Map<number, number>();

/**
 * What goes above the held figures at the top of the next page (keep-with-next.ts sets these: a
 * heading whose follower is a held figure goes above the figure): `place` is called when they
 * are about to be placed, before anything else goes there; `height` is the room it will take.
 */
export const above: { place?: (w: unknown) => void; height?: (w: unknown) => number } = {};
/** A block that does not fit here nor under the held figures on a fresh page goes first: they wait for the next page break. */
let deferred = false;

/** A page break here can release held figures: the main flow, or a table or columns set in it. */
const releases = (w: Writer) => w.transactionLevel === 0 && w.contextStack.length === 0 && w.context().snapshots.length <= 1;

export function installFloat({ LayoutBuilder, PageElementWriter, ElementWriter, pdfmakeRequire }: Internals): void {
  const LB = LayoutBuilder.prototype;
  const DC = (pdfmakeRequire('./DocumentContext.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;
  const PEW = PageElementWriter.prototype;
  const place = ElementWriter.prototype.addFragment as (this: Writer, f: Fragment, useBlockXOffset?: boolean) => unknown;

  const setHeld = (h: Held[]) => {
    held = h;
    render.heldHeight = h.reduce((s, f) => s + f.fragment.height + f.below, 0);
  };

  const tryLayout = LB.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LB.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    setHeld([]);
    floating = undefined;
    releasing = undefined;
    released = new Map();
    deferred = false;
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
      setHeld([...held, { fragment, below: floating._margin?.[3] ?? 0, x: ctx.x }]);
      floating = undefined; // this block only
      return ctx.getCurrentPosition();
    }
    if (!held.length || a[0] !== undefined || !mainFlow(this) || !page || fragment.height <= ctx.availableHeight || fragment.height + render.heldHeight + (above.height?.(this) ?? 0) <= innerHeight(ctx, page)) return addFragment.call(this, fragment, ...a);
    const outer = deferred;
    deferred = true;
    try {
      return addFragment.call(this, fragment, ...a);
    } finally {
      deferred = outer;
    }
  };

  // The figures are placed when the new page is made, before pdfmake sets a table's repeated
  // header row on it (PageElementWriter.moveToNextPage), so a table that breaks goes on under them.
  const moveToNextPage = PEW.moveToNextPage as (this: Writer, ...a: unknown[]) => unknown;
  PEW.moveToNextPage = function (this: Writer, ...a: unknown[]) {
    if (!held.length || deferred || !releases(this)) return moveToNextPage.apply(this, a);
    const outer = releasing;
    releasing = this;
    try {
      return moveToNextPage.apply(this, a);
    } finally {
      releasing = outer;
    }
  };

  const nextPage = DC.moveToNextPage as (this: Context, ...a: unknown[]) => { newPageCreated: boolean };
  DC.moveToNextPage = function (this: Context, ...a: unknown[]) {
    const result = nextPage.apply(this, a);
    const w = releasing;
    if (!w || w.context() !== this) return result;
    // another column of a table row reaches the page the figures were set on: it starts under them
    if (!result.newPageCreated) {
      this.moveDown(released.get(this.page) ?? 0);
      return result;
    }
    if (!held.length) return result;
    above.place?.(w);
    // at the top of the new page, as many held figures as fit, in order, at the main column's left edge
    const top = this.y;
    const rest = [...held];
    while (rest.length && rest[0]!.fragment.height <= this.availableHeight) {
      const { fragment, below, x } = rest.shift()!;
      place.call(w, { ...fragment, xOffset: x }, true);
      this.moveDown(Math.min(below, this.availableHeight));
    }
    setHeld(rest);
    if (this.y > top) released.set(this.page, this.y - top);
    return result;
  };
}
