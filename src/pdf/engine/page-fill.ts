/**
 * Full pages: the last page of a chapter (what precedes a node that starts a page) is never a few
 * lines, decided in the same single layout; a page that stays short is reported.
 *
 * Why: a chapter starts a new page, so pdfmake ends the chapter before it wherever its text runs
 * out: three lines alone on a page (a last paragraph moved whole by widow control), one bullet,
 * a page a fifth full. A typesetter pulls such a tail back onto the page before by closing up
 * the space between blocks a little, or, when the tail is too long for that, carries the last
 * blocks of the page before over to it, so neither page is left short.
 *
 * How: when a node that starts a page (pageBreak "before") and opts in with `pageFill: true` is
 * about to be laid out in the main flow, the page in hand is the last of the chapter before it. Its fill (from the top of the text
 * area to the foot of what is on it) is measured from the items pdfmake placed. Under
 * FILL.chapterEnd, and when the chapter has a page before it, in this order:
 *
 *   pull back  the page before has room for the tail once its block gaps (space between blocks of
 *              items that touch: paragraphs, lists, figures, boxes, tables) close by at most
 *              FILL.shrink of each: the gaps close in proportion, the tail's items move up under
 *              them, at the distance pdfmake left when it broke the page, and the page goes (a
 *              table that ran onto it goes on under its rows there, without the header rows
 *              pdfmake repeated);
 *   push       (not under a repeated table header) the last blocks of the page before move to
 *              the top of the tail's page (the fewest
 *              that bring it to FILL.chapterEnd; a paragraph or list item under widow control,
 *              keepLines, may be cut between its lines, each side keeping its `min` lines, as
 *              pdfmake would break it: carrying a paragraph whole left the page before up to a
 *              third empty and the edition without a paragraph across a page), when the page before stays FILL.mid full and
 *              the break falls after neither a heading (a keepWithNext node), a line ending
 *              in a colon, nor a paragraph of one or two lines that leads into an indented
 *              block (a list);
 *   run on     the next chapter starts on this page, RUN_ON_SPACE under the tail, instead of on a
 *              new one (also when the tail is the chapter's only page: a short contents).
 *
 * The document's last chapter (the notes, say) has no next chapter: once it is laid out, a tail
 * under FILL.chapterEnd on the last page is pulled back, or pushed, the same way.
 *
 * Items move as keep-with-next.ts moves a heading: every item's y, and the recorded positions of
 * the nodes on those pages (pages, anchors, outline, page references) follow. Those positions
 * must say where each line is: pdfmake records a line or image of an unbreakable block (a
 * figure, a table kept whole) at the place the block started, and when it sets the block
 * elsewhere (on the next page, or float.ts at the top of a later one) it corrects only the page
 * of a line with an id. So when a block is set, the positions of its lines and images are set
 * to the page and y they are drawn at: else a figure set atop a page kept the y of the foot of
 * the page before, and a push that carried the last blocks of that page over took the figure's
 * anchor with them (a list of tables gave the page after the table's). Page furniture
 * (header, footer) is added after the content, so it is not moved. After the layout, every page
 * but the first and the last is measured once more, and one under FILL.mid (FILL.chapterEnd at a
 * chapter's end) goes into `render.copyfit`, with the lines to add to fill it or to cut to end
 * the chapter a page earlier, for the build to report.
 */
import { innerHeight, mainFlow, type Internals } from './internals.js';
import { render, type Copyfit } from './state.js';

export type { Copyfit };

/** The least a page is filled: at a chapter's end, and elsewhere; and how much a block gap may close. */
export const FILL = { chapterEnd: 0.25, mid: 0.6, shrink: 0.4 };
/** Space above a chapter that runs on under the one before it, in pt (two lines of body text). */
export const RUN_ON_SPACE = 28;


export type Item = { type: string; item: Record<string, unknown> & { y?: number; getHeight?: () => number } };
type Position = { pageNumber: number; top: number; verticalRatio?: number; pageInnerHeight?: number };
type Page = { items: Item[]; pageSize: { height: number } };
type Context = { page: number; y: number; availableHeight: number; pages: Page[]; backgroundLength: number[]; pageMargins: { top: number; bottom: number }; snapshots: unknown[]; getCurrentPage(): Page | null; moveDown(h: number): void };
type Writer = { context(): Context; transactionLevel: number; contextStack: unknown[] };
type LaidNode = { pageBreak?: string; pageFill?: boolean; keepWithNext?: boolean; keepLines?: { min: number }; positions?: Position[] };
type Builder = { writer: Writer; linearNodeList: LaidNode[] };

/** The vertical extent of an item, or undefined for one that takes no room (clips, alignment marks). */
export function extentOf(it: Item): { top: number; bottom: number } | undefined {
  const v = it.item as Record<string, number | undefined> & { points?: { y: number }[]; type?: string; getHeight?: () => number };
  switch (it.type) {
    case 'line':
      return { top: v.y!, bottom: v.y! + v.getHeight!() };
    case 'image':
    case 'svg':
      return { top: v.y!, bottom: v.y! + (v._height ?? v.height ?? 0) };
    case 'vector':
      if (v.type === 'rect') return { top: v.y!, bottom: v.y! + v.h! };
      if (v.type === 'line') return { top: Math.min(v.y1!, v.y2!), bottom: Math.max(v.y1!, v.y2!) };
      if (v.type === 'ellipse') return { top: v.y! - (v.r2 ?? v.r1 ?? 0), bottom: v.y! + (v.r2 ?? v.r1 ?? 0) };
      if (v.type === 'polyline' && v.points?.length) return { top: Math.min(...v.points.map((p) => p.y)), bottom: Math.max(...v.points.map((p) => p.y)) };
      return undefined;
    default:
      return undefined;
  }
}

/** Whether an item can be moved (a vector path is drawn where its own coordinates say). */
const movable = (it: Item) => !(it.type === 'vector' && (it.item as { type?: string }).type === 'path');

/** Moves an item down by `dy` (up when negative). */
export function shiftItem(it: Item, dy: number): void {
  const v = it.item as Record<string, unknown>;
  if (it.type === 'vector') {
    for (const k of ['y', 'y1', 'y2'] as const) if (typeof v[k] === 'number') v[k] = (v[k] as number) + dy;
    if (Array.isArray(v.points)) for (const pt of v.points as { y: number }[]) pt.y += dy;
  } else if (typeof v.y === 'number') v.y = (v.y as number) + dy;
}

/** A run of items whose extents touch: a block (paragraph, list item, figure, box, table part). */
export interface Block {
  top: number;
  bottom: number;
  /** Indexes of its items in the page's item list. */
  items: number[];
}

/** The page's items (from index `from`) grouped into blocks, top to bottom; items without extent join the block before them. */
export function blocksOf(items: Item[], from = 0): Block[] {
  const spans = items.map((it, i) => ({ i, e: i >= from ? extentOf(it) : undefined })).filter((s): s is { i: number; e: { top: number; bottom: number } } => s.e !== undefined);
  spans.sort((a, b) => a.e.top - b.e.top || a.i - b.i);
  const out: Block[] = [];
  for (const { i, e } of spans) {
    const last = out.at(-1);
    if (last && e.top <= last.bottom + 0.5) {
      last.bottom = Math.max(last.bottom, e.bottom);
      last.items.push(i);
    } else out.push({ top: e.top, bottom: e.bottom, items: [i] });
  }
  // items without an extent (clip marks) go with the item placed before them
  const owner = new Map<number, Block>();
  for (const b of out) for (const i of b.items) owner.set(i, b);
  let current: Block | undefined;
  for (let i = from; i < items.length; i++) {
    const b = owner.get(i);
    if (b) current = b;
    else if (current) current.items.push(i);
    else if (out[0]) out[0].items.push(i);
  }
  return out;
}

/**
 * How much each gap between `blocks` closes so that `need` pt are freed, in proportion to the
 * gaps, none by more than `shrink` of itself; undefined when they cannot free that much.
 */
export function closeGaps(blocks: Block[], need: number, shrink: number): number[] | undefined {
  const gaps = blocks.slice(1).map((b, i) => Math.max(0, b.top - blocks[i]!.bottom));
  if (need <= 0) return gaps.map(() => 0);
  const total = gaps.reduce((s, g) => s + g, 0);
  if (total * shrink < need) return undefined;
  return gaps.map((g) => (g * need) / total);
}

/**
 * The first block (index) to carry over to the next page: the fewest last blocks that bring that
 * page's fill to `min` while the page before stays at `keep`; never a block right after one that
 * may not end a page (`noBreakAfter`), never the first. `room` is the text area's height, `top`
 * its y, `tailBottom` the foot of what is on the next page, `gap` the distance from a page's last
 * block to where pdfmake broke it (kept above the tail).
 */
export function pushFrom(blocks: Block[], noBreakAfter: boolean[], o: { top: number; room: number; tail: number; gap: number; min: number; keep: number }): number | undefined {
  for (let k = blocks.length - 1; k >= 1; k--) {
    if (noBreakAfter[k - 1]) continue;
    const moved = blocks.at(-1)!.bottom - blocks[k]!.top + o.gap;
    const before = (blocks[k - 1]!.bottom - o.top) / o.room;
    if (before < o.keep) return undefined;
    if (o.tail + moved > o.room) return undefined;
    if ((o.tail + moved) / o.room >= o.min) return k;
  }
  return undefined;
}

/** The page's fill: from the top of its text area to the foot of its content (0 when empty). */
function fillOf(ctx: Context, index: number): { used: number; room: number; bottom: number } {
  const page = ctx.pages[index]!;
  const blocks = blocksOf(page.items, ctx.backgroundLength[index] ?? 0);
  const room = innerHeight(ctx, page);
  const bottom = blocks.length ? Math.max(...blocks.map((b) => b.bottom)) : ctx.pageMargins.top;
  return { used: Math.max(0, bottom - ctx.pageMargins.top), room, bottom };
}

/** The typical line height on a page (for the copyfit report), 12 pt when it has no line. */
function lineHeightOn(page: Page): number {
  const hs = page.items.filter((it) => it.type === 'line').map((it) => it.item.getHeight!()).sort((a, b) => a - b);
  return hs.length ? hs[Math.floor(hs.length / 2)]! : 12;
}

/** Where pdfmake recorded the lines and images laid out inside an unbreakable block, by item. */
const inBlock = new WeakMap<object, Position>();

/** Records the positions of what an unbreakable block holds, and sets them where the block is drawn. */
function installBlockPositions(ElementWriter: Internals['ElementWriter']): void {
  const EW = ElementWriter.prototype as Record<string, unknown>;
  for (const name of ['addLine', 'addImage', 'addSVG'] as const) {
    const add = EW[name] as (this: { transactionLevel?: number }, item: object, ...a: unknown[]) => unknown;
    EW[name] = function (this: { transactionLevel?: number }, item: object, ...a: unknown[]) {
      const position = add.call(this, item, ...a);
      if ((this.transactionLevel ?? 0) > 0 && position && typeof position === 'object') inBlock.set(item, position as Position);
      return position;
    };
  }
  type Fragment = { items: { item: { y?: number } }[]; yOffset?: number };
  const addFragment = EW.addFragment as (this: Writer, block: Fragment, useX?: boolean, useY?: boolean, ...a: unknown[]) => unknown;
  EW.addFragment = function (this: Writer, block: Fragment, useX?: boolean, useY?: boolean, ...a: unknown[]) {
    const ctx = this.context();
    const [page, y] = [ctx.page, useY ? block.yOffset || 0 : ctx.y];
    const placed = addFragment.call(this, block, useX, useY, ...a);
    if (placed === false) return placed;
    for (const { item } of block.items) {
      const p = inBlock.get(item);
      if (!p) continue;
      p.pageNumber = page + 1;
      p.top = y + (item.y ?? 0);
      if (p.pageInnerHeight) p.verticalRatio = (p.top - ctx.pageMargins.top) / p.pageInnerHeight;
    }
    return placed;
  };
}

export function installPageFill({ LayoutBuilder, PageElementWriter, ElementWriter, pdfmakeRequire }: Internals): void {
  installBlockPositions(ElementWriter);
  const LB = LayoutBuilder.prototype;
  const DC = (pdfmakeRequire('./DocumentContext.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;

  /** Where each page of the main flow was left (y when pdfmake moved on), by page index. */
  let breakY = new Map<number, number>();
  /** The page where the current chapter starts, and its first node's index in linearNodeList. */
  let chapter = { page: 0, node: 0 };
  /** Pages that end a chapter (index). */
  let ends = new Set<number>();
  let main: Context | undefined;
  /** Whether the document asked for full pages (a node with `pageFill`): only then is there a copyfit report. */
  let enabled = false;
  /** Pages (index) a table runs onto: pdfmake repeated its header there. */
  let continued = new Map<number, { top: number; bottom: number }>();

  const tryLayout = LB.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LB.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    breakY = new Map();
    chapter = { page: 0, node: 0 };
    ends = new Set();
    main = undefined;
    continued = new Map();
    enabled = false;
    render.copyfit = [];
    return tryLayout.apply(this, a);
  };

  const nextPage = DC.moveToNextPage as (this: Context, ...a: unknown[]) => unknown;
  DC.moveToNextPage = function (this: Context, ...a: unknown[]) {
    if (this === main) breakY.set(this.page, this.y);
    return nextPage.apply(this, a);
  };

  const PEW = PageElementWriter.prototype;
  type Repeatable = { height: number; insertedOnPages: unknown[] };
  const moveToNextPage = PEW.moveToNextPage as (this: Writer & { repeatables?: Repeatable[] }, ...a: unknown[]) => unknown;
  PEW.moveToNextPage = function (this: Writer & { repeatables?: Repeatable[] }, ...a: unknown[]) {
    const result = moveToNextPage.apply(this, a);
    const ctx = this.context();
    // the repeated header rows pdfmake just set at the top of the new page (under any figures float.ts placed there)
    const height = (this.repeatables ?? []).reduce((h, r) => h + r.height, 0);
    if (height && ctx === main && !continued.has(ctx.page)) continued.set(ctx.page, { top: ctx.y - height, bottom: ctx.y });
    return result;
  };

  const processNode = LB.processNode as (this: Builder, node: LaidNode, ...a: unknown[]) => unknown;
  LB.processNode = function (this: Builder, node: LaidNode, ...a: unknown[]) {
    const w = this.writer;
    if (w && mainFlow(w)) main = w.context();
    // every node that starts a page in the main flow starts a chapter; only one that opts in is settled
    if (!node?.pageBreak?.startsWith('before') || !mainFlow(w)) return processNode.call(this, node, ...a);
    const ctx = w.context();
    const page = ctx.getCurrentPage();
    let runOn = false;
    if (page && page.items.length > (ctx.backgroundLength[ctx.page] ?? 0) && ctx.page > 0) {
      ends.add(ctx.page);
      const f = fillOf(ctx, ctx.page);
      if (node.pageFill && f.used / f.room < FILL.chapterEnd) {
        const fixed = ctx.page > chapter.page && (pullBack(this, ctx) || (!continued.has(ctx.page) && push(this, ctx)));
        // else the next chapter starts under this one (never under the first page: a cover)
        runOn = !fixed;
      }
    }
    if (node.pageFill) enabled = true;
    const at = this.linearNodeList.length;
    const was = node.pageBreak;
    if (runOn) {
      node.pageBreak = undefined;
      ends.delete(ctx.page);
      ctx.moveDown(Math.min(RUN_ON_SPACE, ctx.availableHeight));
    }
    try {
      return processNode.call(this, node, ...a);
    } finally {
      node.pageBreak = was;
      // a chapter that runs on shares its first page with the one before: what is on it is looked up from there
      chapter = { page: (node.positions?.[0]?.pageNumber ?? ctx.page + 1) - 1, node: runOn ? chapter.node : at };
    }
  };

  /** Positions of this chapter's nodes on page `index`, each once. */
  function positionsOn(b: Builder, index: number): Position[] {
    const out = new Set<Position>();
    for (let i = chapter.node; i < b.linearNodeList.length; i++) for (const p of b.linearNodeList[i]!.positions ?? []) if (p.pageNumber - 1 === index) out.add(p);
    return [...out];
  }

  const movePosition = (p: Position, page: number, dy: number, ctx: Context) => {
    p.pageNumber = page + 1;
    p.top += dy;
    if (p.pageInnerHeight) p.verticalRatio = (p.top - ctx.pageMargins.top) / p.pageInnerHeight;
  };

  /** The tail goes onto the page before, its block gaps closed up as far as needed. */
  function pullBack(b: Builder, ctx: Context): boolean {
    const last = ctx.page;
    const prev = last - 1;
    const prevPage = ctx.pages[prev]!;
    const lastPage = ctx.pages[last]!;
    const from = ctx.backgroundLength[last] ?? 0;
    // a table that runs onto the tail's page goes on under its rows on the page before: its repeated header goes
    const header = continued.get(last);
    const inHeader = (it: Item) => {
      const e = header && extentOf(it);
      return !!e && e.top >= header!.top - 0.5 && e.bottom <= header!.bottom + 0.5;
    };
    const tailItems = lastPage.items.slice(from).filter((it) => !inHeader(it));
    if (!tailItems.every(movable) || !prevPage.items.every(movable)) return false;
    const left = breakY.get(prev);
    if (left === undefined || !tailItems.length) return false;
    const tailBlocks = blocksOf(tailItems);
    const tail = { bottom: Math.max(...tailBlocks.map((x) => x.bottom)) };
    const tailTop = Math.min(...tailBlocks.map((x) => x.top));
    const limit = prevPage.pageSize.height - ctx.pageMargins.bottom - ((prevPage as { footnoteReserve?: number }).footnoteReserve ?? 0);
    const blocks = blocksOf(prevPage.items, ctx.backgroundLength[prev] ?? 0);
    const need = left + (tail.bottom - tailTop) - limit;
    const close = closeGaps(blocks, need, FILL.shrink);
    if (!close) return false;
    // close the gaps of the page before: each block moves up by the gaps closed above it
    const positions = positionsOn(b, prev);
    let up = 0;
    const shifts: { top: number; up: number }[] = [];
    blocks.forEach((block, i) => {
      if (i > 0) up += close[i - 1]!;
      if (up) for (const j of block.items) shiftItem(prevPage.items[j]!, -up);
      shifts.push({ top: block.top, up });
    });
    for (const p of positions) {
      const s = [...shifts].reverse().find((x) => p.top >= x.top - 0.5);
      if (s?.up) movePosition(p, prev, -s.up, ctx);
    }
    // the tail under it, at the distance pdfmake left at the break
    const dy = left - up - tailTop;
    for (const p of positionsOn(b, last)) movePosition(p, prev, dy, ctx);
    for (const it of tailItems) shiftItem(it, dy);
    prevPage.items.push(...tailItems);
    ctx.pages.splice(last, 1);
    ctx.backgroundLength.splice(last, 1);
    ctx.page = prev;
    const bottom = left - up + (tail.bottom - tailTop);
    ctx.y = bottom;
    ctx.availableHeight = limit - bottom;
    return true;
  }

  /** The last blocks of the page before go to the top of the tail's page. */
  function push(b: Builder, ctx: Context): boolean {
    const last = ctx.page;
    const prev = last - 1;
    const prevPage = ctx.pages[prev]!;
    const lastPage = ctx.pages[last]!;
    const left = breakY.get(prev);
    if (left === undefined || !prevPage.items.every(movable) || !lastPage.items.every(movable)) return false;
    const blocks = cutBetweenLines(b, prevPage, blocksOf(prevPage.items, ctx.backgroundLength[prev] ?? 0), prev, last);
    const tail = fillOf(ctx, last);
    const headings = new Set<number>();
    for (let i = chapter.node; i < b.linearNodeList.length; i++) {
      const n = b.linearNodeList[i]!;
      if (!n.keepWithNext) continue;
      for (const p of n.positions ?? []) if (p.pageNumber - 1 === prev) blocks.forEach((bl, k) => p.top >= bl.top - 0.5 && p.top <= bl.bottom && headings.add(k));
    }
    const noBreakAfter = blocks.map((bl, k) => headings.has(k) || endsWithColon(prevPage, bl) || leadsIn(prevPage, bl, blocks[k + 1]));
    const room = innerHeight(ctx, prevPage);
    const k = pushFrom(blocks, noBreakAfter, { top: ctx.pageMargins.top, room, tail: tail.used, gap: left - blocks.at(-1)!.bottom, min: FILL.chapterEnd, keep: FILL.mid });
    if (k === undefined) return false;
    const cut = blocks[k]!.top;
    const down = left - cut;
    // the tail moves down by what comes above it; the carried blocks go to the top of its page
    for (const p of positionsOn(b, last)) movePosition(p, last, down, ctx);
    for (const it of lastPage.items.slice(ctx.backgroundLength[last] ?? 0)) shiftItem(it, down);
    const carried = new Set(blocks.slice(k).flatMap((bl) => bl.items));
    const moved = prevPage.items.filter((_, i) => carried.has(i));
    const kept = prevPage.items.filter((_, i) => !carried.has(i));
    prevPage.items.splice(0, prevPage.items.length, ...kept);
    const up = ctx.pageMargins.top - cut;
    for (const p of positionsOn(b, prev)) if (p.top >= cut - 0.5) movePosition(p, last, up, ctx);
    for (const it of moved) shiftItem(it, up);
    lastPage.items.splice(ctx.backgroundLength[last] ?? 0, 0, ...moved);
    ctx.y += down;
    ctx.availableHeight -= down;
    return true;
  }

  /**
   * The blocks of page `prev`, each also cut between two of its lines where a page may break: both
   * lines belong to paragraphs under widow control (keepLines) of this chapter, nothing else in the
   * block crosses the cut, and a paragraph cut in two keeps its `min` lines on each side (those it
   * already has on page `last` count).
   */
  function cutBetweenLines(b: Builder, page: Page, blocks: Block[], prev: number, last: number): Block[] {
    const nodes: LaidNode[] = [];
    for (let i = chapter.node; i < b.linearNodeList.length; i++) if (b.linearNodeList[i]!.keepLines) nodes.push(b.linearNodeList[i]!);
    const on = (n: LaidNode, index: number) => (n.positions ?? []).filter((p) => p.pageNumber - 1 === index);
    const ownerOf = (y: number) => nodes.find((n) => on(n, prev).some((p) => Math.abs(p.top - y) < 0.5));
    const out: Block[] = [];
    for (const block of blocks) {
      const extents = new Map(block.items.map((i) => [i, extentOf(page.items[i]!)] as const));
      const lines = block.items.filter((i) => page.items[i]!.type === 'line').map((i) => extents.get(i)!).sort((x, y) => x.top - y.top);
      const cuts: number[] = [];
      for (let j = 1; j < lines.length; j++) {
        const [above, below] = [lines[j - 1]!, lines[j]!];
        const cut = below.top;
        if (above.bottom > cut + 0.5 || cut - block.top < 0.5) continue;
        const [a, z] = [ownerOf(above.top), ownerOf(cut)];
        if (!a?.keepLines || !z?.keepLines) continue;
        if ([...extents.values()].some((e) => e && e.top < cut - 0.5 && e.bottom > cut + 0.5)) continue;
        if (a === z) {
          const before = on(a, prev).filter((p) => p.top < cut - 0.5).length;
          const after = on(a, prev).length - before + on(a, last).length;
          if (before < a.keepLines.min || after < a.keepLines.min) continue;
        }
        if (cuts.at(-1) !== cut) cuts.push(cut);
      }
      if (!cuts.length) {
        out.push(block);
        continue;
      }
      // the block in parts at the cuts; an item without extent stays with the item placed before it
      const parts: Block[] = [block.top, ...cuts].map((top) => ({ top, bottom: top, items: [] }));
      let part = parts[0]!;
      for (const i of [...block.items].sort((x, y) => x - y)) {
        const e = extents.get(i);
        if (e) part = parts.findLast((p) => e.top >= p.top - 0.5) ?? parts[0]!;
        part.items.push(i);
        if (e) part.bottom = Math.max(part.bottom, e.bottom);
      }
      out.push(...parts.filter((p) => p.items.length));
    }
    return out;
  }

  /** A paragraph of at most two lines followed by an indented block (a list): it leads into it. */
  function leadsIn(page: Page, block: Block, next: Block | undefined): boolean {
    if (!next) return false;
    const left = (b: Block) => Math.min(...b.items.map((i) => page.items[i]!).filter((it) => it.type === 'line').map((it) => it.item.x as number));
    const lines = block.items.filter((i) => page.items[i]!.type === 'line').length;
    return lines > 0 && lines <= 2 && left(next) > left(block) + 1;
  }

  /** The block's last line ends in a colon (it leads into what follows). */
  function endsWithColon(page: Page, block: Block): boolean {
    const lines = block.items.map((i) => page.items[i]!).filter((it) => it.type === 'line');
    const last = lines.sort((a, b) => (a.item.y as number) - (b.item.y as number)).at(-1);
    const text = ((last?.item.inlines as { text: string }[] | undefined) ?? []).map((i) => i.text).join('');
    return /:\s*$/.test(text);
  }

  // after the layout, before the furniture: what is still short goes into the copyfit report
  const furniture = LB.addHeadersAndFooters as (this: Builder, ...a: unknown[]) => unknown;
  LB.addHeadersAndFooters = function (this: Builder, ...a: unknown[]) {
    const ctx = this.writer.context();
    // the document's last chapter ends as the others do: a tail of a few lines on the last page
    // is pulled back onto the page before, or the last blocks of that page are carried over to it
    const end = ctx.pages.length - 1;
    if (enabled && ctx === main && ctx.page === end && end > chapter.page) {
      const f = fillOf(ctx, end);
      if (f.used / f.room < FILL.chapterEnd) void (pullBack(this, ctx) || (!continued.has(end) && push(this, ctx)));
    }
    const report: Copyfit[] = [];
    for (let i = 1; enabled && i < ctx.pages.length - 1; i++) {
      const f = fillOf(ctx, i);
      const chapterEnd = ends.has(i);
      const min = chapterEnd ? FILL.chapterEnd : FILL.mid;
      if (f.used / f.room >= min) continue;
      const line = lineHeightOn(ctx.pages[i]!);
      const linesOn = Math.round(f.used / line);
      report.push({ page: i + 1, fill: f.used / f.room, chapterEnd, add: Math.ceil((min * f.room - f.used) / line), ...(chapterEnd ? { cut: linesOn } : {}) });
    }
    render.copyfit = report;
    return furniture.apply(this, a);
  };
}
