/**
 * A heading is never the last thing on a page, decided when it is placed — never by laying the
 * document out again (pdfmake's pageBreakBefore hook restarts the whole layout for each break).
 *
 * A node that opts in with `keepWithNext: true` (a heading, or the stack of a section heading
 * and its rule):
 * - moves to the next page when its first line would start in the last eighth of the page;
 * - otherwise is placed, and stays "pending" until what follows it has put two lines (or one
 *   block: a figure, a callout, a table's first rows) on the page. If what follows moves to the
 *   next page before that — its first lines do not fit, widow/orphan control moves it
 *   (keep-lines.ts), an unbreakable block does not fit — the heading moves with it: its items
 *   are taken off the foot of the page and set at the top of the next one, where the follower
 *   then continues under it, and the heading's recorded positions (its page, for anchors,
 *   outline and page references) follow.
 *
 * Only page breaks of the main flow move a heading (not one inside a table, columns or an
 * unbreakable block), a heading that starts its page stays, and a follower that starts a page
 * by itself (pageBreak) leaves the heading where it is.
 */
import { innerHeight, mainFlow, type Internals } from './internals.js';
import { above } from './float.js';
import { lineHeights } from './keep-lines.js';
import { render } from './state.js';

/** A heading starting below this fraction of the page's height moves to the next page. */
export const LAST_EIGHTH = 0.875;

type Position = { pageNumber: number; top: number; verticalRatio?: number; pageInnerHeight?: number };
type Item = { type: string; item: Record<string, unknown> & { y?: number } };
type Page = { items: Item[]; pageSize: { height: number } };
type Context = { page: number; y: number; availableHeight: number; pages: Page[]; pageMargins: { top: number; bottom: number }; snapshots: unknown[]; getCurrentPage(): Page | null; moveDown(h: number): void };
type Writer = { context(): Context; transactionLevel: number; contextStack: unknown[]; moveToNextPage(o?: unknown): unknown };
type Builder = { writer: Writer; buildNextLine(node: KeepNode): { getHeight(): number } | null };
type KeepNode = { keepWithNext?: boolean; pageBreak?: string; pageOrientation?: unknown; stack?: KeepNode[]; canvas?: unknown; _margin?: number[] | null; _inlines?: Record<string, unknown>[] };

interface Pending {
  writer: Writer;
  /** Page index, first item index and y where the heading (with what followed it so far) starts. */
  page: number;
  start: number;
  y: number;
  /** y after the last thing kept with the heading. */
  end: number;
  /** Positions recorded since the heading started: they move with it. */
  positions: Position[];
  /** Lines (or blocks, counted as enough) the follower has placed. */
  placed: number;
  /** processNode depth of the heading: the first sibling after it that finishes ends the keep. */
  depth: number;
  /** The follower was a figure float.ts held for the next page: what comes after it follows the heading. */
  held?: boolean;
}

let pending: Pending | undefined;
let depth = 0;
/** Inside a keep-with-next node: its own lines do not count as the follower's. */
let inside = 0;

export function installKeepWithNext({ LayoutBuilder, PageElementWriter, ElementWriter }: Internals): void {
  const LB = LayoutBuilder.prototype;
  const PEW = PageElementWriter.prototype;
  const EW = ElementWriter.prototype;

  const tryLayout = LB.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LB.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    pending = undefined;
    depth = 0;
    inside = 0;
    return tryLayout.apply(this, a);
  };

  const processNode = LB.processNode as (this: Builder, node: KeepNode, ...rest: unknown[]) => unknown;
  LB.processNode = function (this: Builder, node: KeepNode, ...rest: unknown[]) {
    const w = this.writer;
    // a node that starts its own page takes nothing with it
    // (unless the heading waits for a held figure: float.ts gives it its page first, and the heading goes with it)
    if (node?.pageBreak && pending?.depth === depth && !(pending.held && render.heldHeight > 0)) pending = undefined;
    const keep = node?.keepWithNext === true && !node.pageBreak && mainFlow(w);
    if (keep) {
      const ctx = w.context();
      const page = ctx.getCurrentPage();
      if (page && ctx.y > ctx.pageMargins.top) {
        const inner = innerHeight(ctx, page);
        const first = node.stack ? node.stack[0] : node;
        const margin = first?._margin?.[1] ?? 0;
        // (a heading whose first line does not fit moves on anyway, without its top margin: pdfmake's way)
        const line = first?._inlines?.length ? (lineHeights(this, first)[0] ?? 0) : 0;
        if (ctx.availableHeight >= margin + line && (ctx.y + margin - ctx.pageMargins.top) / inner > LAST_EIGHTH) w.moveToNextPage(node.pageOrientation);
      }
      const now = w.context();
      // a heading right after a heading joins its keep
      if (!pending || pending.depth !== depth || pending.page !== now.page) pending = { writer: w, page: now.page, start: now.getCurrentPage()?.items.length ?? 0, y: now.y, end: now.y, positions: [], placed: 0, depth };
      inside++;
    }
    depth++;
    try {
      return processNode.call(this, node, ...rest);
    } finally {
      depth--;
      if (keep) {
        inside--;
        if (pending) pending.end = w.context().y;
      } else if (pending && pending.depth === depth && !node?.canvas && !(pending.held && pending.placed === 0)) {
        // the follower has been placed whole
        pending = undefined;
      }
    }
  };

  const position = EW.getCurrentPositionOnPage as (this: Writer) => Position;
  EW.getCurrentPositionOnPage = function (this: Writer) {
    const p = position.call(this);
    if (pending && p) pending.positions.push(p);
    return p;
  };

  /** What the follower places counts when it lands in the main flow on the heading's page. */
  const counted = (name: string, weight: number) => {
    const fn = PEW[name] as (this: Writer, ...a: unknown[]) => unknown;
    PEW[name] = function (this: Writer, ...a: unknown[]) {
      const heldBefore = render.heldHeight;
      const placed = fn.apply(this, a);
      const p = pending;
      // a figure float.ts held is not placed: the heading waits for what comes after it
      if (p && render.heldHeight > heldBefore) p.held = true;
      else if (placed && p && !inside && this === p.writer && mainFlow(this) && !(name === 'addLine' && a[1] === true)) {
        if (this.context().page !== p.page || (p.placed += weight) >= 2) pending = undefined;
        else p.end = this.context().y;
      }
      return placed;
    };
  };
  // a block that would not fit under the heading on a fresh page goes on alone (it may be a page tall)
  const addFragment = PEW.addFragment as (this: Writer, fragment: { height: number }, ...a: unknown[]) => unknown;
  PEW.addFragment = function (this: Writer, fragment: { height: number }, ...a: unknown[]) {
    const p = pending;
    if (p && this === p.writer && mainFlow(this) && a[0] === undefined) {
      const ctx = this.context();
      const page = ctx.getCurrentPage();
      const fresh = page ? innerHeight(ctx, page) : 0;
      if (fragment.height > ctx.availableHeight && fragment.height > fresh - (ctx.y - p.y)) pending = undefined;
    }
    return addFragment.call(this, fragment, ...a);
  };
  counted('addLine', 1);
  counted('addFragment', 2);
  counted('addImage', 2);
  counted('addSVG', 2);

  // the held figure the heading waits for is placed at the top of the next page: the heading goes
  // there first, above it (nothing of what follows the figure was kept under the heading)
  const waiting = (w: unknown) => (pending && (w as Writer) === pending.writer && pending.held && pending.placed === 0 ? pending : undefined);
  above.height = (w) => {
    const p = waiting(w);
    return p ? p.end - p.y : 0;
  };
  above.place = (w) => {
    const p = waiting(w);
    if (!p) return;
    pending = undefined;
    const ctx = p.writer.context();
    if (ctx.page === p.page + 1 && p.y > ctx.pageMargins.top && ctx.pages[p.page]!.items.length > p.start) carry(ctx, p, p.end);
  };

  const moveToNextPage = PEW.moveToNextPage as (this: Writer, ...a: unknown[]) => unknown;
  PEW.moveToNextPage = function (this: Writer, ...a: unknown[]) {
    const p = pending;
    const before = this.context();
    const from = { page: before.page, y: before.y, room: before.availableHeight };
    const result = moveToNextPage.apply(this, a);
    if (!p || this !== p.writer || !mainFlow(this)) return result;
    pending = undefined;
    const ctx = this.context();
    // only a heading that has something above it on its page, and moves by one page
    if (p.page !== from.page || ctx.page !== from.page + 1 || p.y <= ctx.pageMargins.top || ctx.pages[p.page]!.items.length <= p.start) return result;
    carry(ctx, p, from.room > 0 ? from.y : p.end);
    return result;
  };
}

/** Moves the pending heading's items from the foot of its page to the top of the current page. */
function carry(ctx: Context, p: Pending, until: number): void {
  const items = ctx.pages[p.page]!.items.splice(p.start);
  const delta = ctx.y - p.y;
  for (const it of items) {
    const item = it.item;
    if (it.type === 'vector') shiftVector(item, delta);
    else if (typeof item.y === 'number') item.y += delta;
  }
  ctx.getCurrentPage()!.items.push(...items);
  for (const pos of p.positions) {
    pos.pageNumber = ctx.page + 1;
    pos.top += delta;
    if (pos.pageInnerHeight) pos.verticalRatio = (pos.top - ctx.pageMargins.top) / pos.pageInnerHeight;
  }
  ctx.moveDown(until - p.y);
}

function shiftVector(v: Record<string, unknown>, dy: number): void {
  for (const k of ['y', 'y1', 'y2'] as const) if (typeof v[k] === 'number') v[k] = (v[k] as number) + dy;
  if (Array.isArray(v.points)) for (const pt of v.points as { y: number }[]) pt.y += dy;
}
