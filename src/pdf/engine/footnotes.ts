/**
 * Footnotes: the notes called on a page print at the foot of that page, under a short rule.
 *
 * Why: pdfmake has no footnotes. A short edition (a one-page summary) has no room for a notes
 * page, yet every figure keeps its source: the notes go to the foot of the page that calls them.
 *
 * How (the document asks for it with `render.footnotes`, a function from the notes called on a
 * page to the block printed at its foot): the document is laid out, the note calls (inlines
 * linking to "note-N") found on each page, and each page's block of notes set in the bottom of
 * its text area, measured as it is set. Its height is then reserved on that page — the main
 * flow's room on that page is that much shorter (every extension that asks for a page's room,
 * innerHeight in ./internals.ts, sees it) — and the document laid out again, until every page's
 * notes fit the room reserved for them: at most MAX_LAYOUTS layouts. From the third on, a
 * page's reserve only grows, so the layouts settle: a call that no longer fits above its notes
 * moves, with its line, to the next page, and its note with it (a note is never split across
 * pages). A page whose notes still do not fit after MAX_LAYOUTS, or whose notes take more than
 * MAX_SHARE of the page (the text calling them would be pushed on without end), is BK370: never
 * notes drawn over text. A note printed for the first time is `first` (the caller prints the full reference and
 * the anchor its calls link to; later pages get the short form). A document without
 * `render.footnotes` is laid out once, as before.
 */
import { innerHeight, type Internals } from './internals.js';
import { render, type FootnoteBlock, type FootnoteCall } from './state.js';
import * as msg from '../../log/message.js';

/** Most layouts of a document with footnotes. */
export const MAX_LAYOUTS = 8;
/** The most of a page's text area its notes may take. */
export const MAX_SHARE = 0.5;
/** Reserves within this much (pt) of what a page's notes need count as settled. */
const SLACK = 0.5;

export type { FootnoteBlock, FootnoteCall } from './state.js';

type Item = { type: string; item: { inlines?: { linkToDestination?: unknown }[] } };
type Page = { items: Item[]; pageSize: { width: number; height: number }; footnoteReserve?: number };
type Context = { page: number; y: number; availableHeight: number; pages: Page[]; pageMargins: { left: number; right: number; top: number; bottom: number } };
type Writer = { context(): Context; beginUnbreakableBlock(w: number, h: number): void; commitUnbreakableBlock(x: number, y: number): void };
type Builder = {
  writer: Writer;
  processNode(n: unknown): void;
  docPreprocessor: { preprocessBlock(n: unknown): unknown };
  docMeasure: { measureBlock(n: unknown): unknown };
};
type Result = { pages: Page[]; linearNodeList: { resetXY(): void }[] };

const MAIN = Symbol('briefkit main flow context');

/** The note numbers called on each page (index), ascending, each once per page. */
export function callsByPage(pages: Page[]): number[][] {
  return pages.map((p) => {
    const found = new Set<number>();
    for (const it of p.items) {
      if (it.type !== 'line') continue;
      for (const inl of it.item.inlines ?? []) {
        const m = typeof inl.linkToDestination === 'string' ? /^note-(\d+)$/.exec(inl.linkToDestination) : null;
        if (m) found.add(Number(m[1]));
      }
    }
    return [...found].sort((a, b) => a - b);
  });
}

/** Each page's notes, marked first where a number is printed for the first time in the document. */
export function footnotesOf(calls: number[][]): FootnoteCall[][] {
  const seen = new Set<number>();
  return calls.map((ns) =>
    ns.map((n) => {
      const first = !seen.has(n);
      seen.add(n);
      return { n, first };
    }),
  );
}

/**
 * The next reserves from the last ones and what each page's notes took: what they took, for the
 * first two layouts; from then on never less than before, so the layouts settle.
 */
export function nextReserves(reserved: Map<number, number>, needed: Map<number, number>, layout: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const [p, h] of needed) out.set(p, layout < 2 ? h : Math.max(h, reserved.get(p) ?? 0));
  if (layout >= 2) for (const [p, h] of reserved) if (!out.has(p)) out.set(p, h);
  return out;
}

/** Whether every page's notes fit the room reserved for them (and no page keeps much more than it needs). */
export function settled(reserved: Map<number, number>, needed: Map<number, number>, layout: number): boolean {
  for (const [p, h] of needed) if (h > (reserved.get(p) ?? 0) + SLACK) return false;
  // the first layouts also give back room no notes use; later ones keep it (it only grows)
  if (layout < 2) for (const [p, h] of reserved) if (h > (needed.get(p) ?? 0) + SLACK) return false;
  return true;
}

let reserves = new Map<number, number>();
let needed = new Map<number, number>();

/**
 * The room reserved at the foot of a page, and the notes set there: installed before float.ts, so
 * that the figures it still holds are placed (addHeadersAndFooters) before the notes are found.
 */
export function installFootnotes({ pdfmakeRequire, LayoutBuilder }: Internals): void {
  const LB = LayoutBuilder.prototype;
  const DC = (pdfmakeRequire('./DocumentContext.js') as { default: { prototype: Record<string | symbol, unknown> } }).default.prototype;

  // The main flow's context is the one the layout listens to for new pages (LayoutBuilder.tryLayoutDocument).
  const addListener = DC.addListener as (this: Record<symbol, unknown>, event: string, ...a: unknown[]) => unknown;
  DC.addListener = function (this: Record<symbol, unknown>, event: string, ...a: unknown[]) {
    if (event === 'pageAdded') this[MAIN] = true;
    return addListener.call(this, event, ...a);
  };
  const initializePage = DC.initializePage as (this: Context & Record<symbol, unknown>) => unknown;
  DC.initializePage = function (this: Context & Record<symbol, unknown>) {
    const out = initializePage.call(this);
    const r = this[MAIN] ? reserves.get(this.page) : undefined;
    const page = this.pages[this.page];
    if (page && this[MAIN]) page.footnoteReserve = r ?? 0;
    if (r) this.availableHeight -= r;
    return out;
  };

  const furniture = LB.addHeadersAndFooters as (this: Builder, ...a: unknown[]) => unknown;
  LB.addHeadersAndFooters = function (this: Builder, ...a: unknown[]) {
    const block = render.footnotes;
    if (block) {
      const ctx = this.writer.context();
      const at = ctx.page;
      footnotesOf(callsByPage(ctx.pages)).forEach((notes, i) => {
        if (!notes.length) return;
        const page = ctx.pages[i]!;
        const m = ctx.pageMargins;
        ctx.page = i;
        const room = innerHeight(ctx, { pageSize: page.pageSize });
        this.writer.beginUnbreakableBlock(page.pageSize.width - m.left - m.right, room);
        const inner = this.writer.context();
        this.processNode(this.docMeasure.measureBlock(this.docPreprocessor.preprocessBlock(block(notes, i + 1))));
        // notes longer than a page ran on in the block: all of it counts (and is refused, BK370)
        const height = (inner.pages.length - 1) * room + inner.y;
        needed.set(i, height);
        this.writer.commitUnbreakableBlock(m.left, page.pageSize.height - m.bottom - height);
      });
      ctx.page = at;
    }
    return furniture.apply(this, a);
  };

}

/**
 * The layouts until the footnotes settle: installed last, so that every other extension's state
 * is reset by its own wrapper at each layout.
 */
export function installFootnoteLayouts({ LayoutBuilder }: Internals): void {
  const LB = LayoutBuilder.prototype;
  const tryLayout = LB.tryLayoutDocument as (this: Builder, ...a: unknown[]) => Result;
  LB.tryLayoutDocument = function (this: Builder, ...a: unknown[]) {
    reserves = new Map();
    if (!render.footnotes) return tryLayout.apply(this, a);
    try {
      for (let layout = 0; ; layout++) {
        needed = new Map();
        const result = tryLayout.apply(this, a);
        // notes that would leave less than half a page for the text that calls them never settle
        const tall = [...needed].find(([p, h]) => h > MAX_SHARE * innerHeight(this.writer.context(), { pageSize: result.pages[p]!.pageSize }));
        if (tall) throw msg.footnotesUnsettled(tall[0] + 1, `they take ${Math.round(tall[1])} pt, more than half the page`);
        if (settled(reserves, needed, layout)) return result;
        if (layout + 1 >= MAX_LAYOUTS) {
          const page = [...needed].find(([p, h]) => h > (reserves.get(p) ?? 0) + SLACK)?.[0] ?? 0;
          throw msg.footnotesUnsettled(page + 1, `the pages still changed after ${MAX_LAYOUTS} layouts`);
        }
        reserves = nextReserves(reserves, needed, layout);
        for (const n of result.linearNodeList) n.resetXY();
      }
    } finally {
      reserves = new Map();
    }
  };
}
