/**
 * Widow and orphan control, decided while pdfmake places a paragraph's lines — never by laying
 * the document out again.
 *
 * Why: pdfmake offers only its pageBreakBefore hook, which sees where a node fell after the
 * whole document was laid out; each break it asks for restarts the whole layout (and a split
 * paragraph had to become two paragraphs, the line before the break set as a last line).
 *
 * How: a text node that opts in with `keepLines: { min, maxMoved }` is looked ahead of before
 * its first line is placed. Its lines are built on copies of its inlines (pdfmake's
 * buildNextLine consumes the node's inlines and edits them when it hard-wraps a word), and their
 * heights are fitted onto the rest of the page and the pages after it exactly as processLeaf
 * will. Then:
 *
 *   orphan  fewer than `min` lines left at the foot of a page  → the paragraph starts on the
 *           next page
 *   widow   fewer than `min` lines carried to the top of its last page → the paragraph moves
 *           whole when at most `maxMoved` of its lines would stay behind on its first page,
 *           otherwise its last page break comes earlier, so `min` lines carry over
 *
 * The page breaks are made inside the paragraph (writer.moveToNextPage before the chosen line),
 * so the line before a break stays justified: it is not a last line. Text in tables, columns or
 * unbreakable blocks is left to pdfmake (their page breaks are decided elsewhere).
 *
 * A line that would end a page with a hyphen (a word broken across the page turn) is avoided:
 * the paragraph's lines are chosen again by the line breaker without a hyphen there
 * (total-fit.ts avoidHyphens), and the page breaks planned again, a few times at most.
 */
import { innerHeight, mainFlow, type Internals } from './internals.js';
import { render } from './state.js';
import { avoidHyphens } from './total-fit.js';

export interface KeepLines {
  /** Fewest lines of a paragraph left at the foot of a page or carried to the top of the next. */
  min: number;
  /** Most lines a paragraph leaves blank at a page's foot when it moves on whole. */
  maxMoved: number;
}

/** Where a paragraph breaks: start on the next page, and break before these line indexes. */
export interface LinePlan {
  moveFirst: boolean;
  breaks: number[];
}

/**
 * Plans a paragraph's page breaks from its line heights: `available` is the room left on the
 * page, `fresh` a new page's room, `next` the next page's (less when figures wait for its top:
 * float.ts), `atTop` whether the paragraph starts at the top of a page.
 * The fit follows pdfmake's processLeaf: a line goes to the next page when it is taller than
 * the room left, unless the page is still empty.
 */
export function planLines(heights: number[], available: number, fresh: number, atTop: boolean, keep: KeepLines, next = fresh): LinePlan {
  return pagePlan(heights, available, fresh, atTop, keep, next).plan;
}

/** planLines, and the lines that end a page (a page break follows them). */
export function pagePlan(heights: number[], available: number, fresh: number, atTop: boolean, keep: KeepLines, next = fresh): { plan: LinePlan; feet: number[] } {
  const none = { moveFirst: false, breaks: [] };
  let fit = pages(heights, available, atTop, next);
  if (fit.length === 1) return { plan: none, feet: [] };
  let moveFirst = false;
  if (!atTop) {
    const first = fit[0]!.count;
    const widow = fit.at(-1)!.count < keep.min;
    if (first < keep.min || (widow && first <= keep.maxMoved)) {
      moveFirst = true;
      fit = pages(heights, next, true, fresh);
    }
  }
  const breaks: number[] = [];
  const last = fit.at(-1)!;
  if (fit.length > 1 && last.count < keep.min) {
    const carry = keep.min - last.count;
    // the page before keeps at least `min` lines too
    if (fit.at(-2)!.count - carry >= keep.min) breaks.push(last.start - carry);
  }
  const feet = fit.slice(1).map((p, i) => (i === fit.length - 2 && breaks.length ? breaks[0]! : p.start) - 1);
  return { plan: moveFirst || breaks.length ? { moveFirst, breaks } : none, feet };

  /** The lines on each page: [first line index, count]; `following` is the room of the page after the first. */
  function pages(h: number[], room: number, top: boolean, following: number): { start: number; count: number }[] {
    const out = [{ start: 0, count: 0 }];
    h.forEach((height, i) => {
      if (height > room && !top) {
        out.push({ start: i, count: 0 });
        room = out.length === 2 ? following : fresh;
      }
      room -= height;
      top = false;
      out.at(-1)!.count++;
    });
    return out;
  }
}

type Inline = Record<string, unknown>;
type Line = { getHeight(): number; inlines?: { text?: unknown }[] };
type Context = { y: number; availableHeight: number; pageMargins: { top: number; bottom: number }; snapshots: unknown[]; getCurrentPage(): { pageSize: { height: number } } | null };
type Writer = { context(): Context; transactionLevel: number; contextStack: unknown[]; moveToNextPage(o?: unknown): unknown; addLine(line: Line, dontUpdate?: boolean, index?: number): unknown };
type Builder = { writer: Writer; nestedLevel: number; buildNextLine(node: LeafNode): Line | null };
type LeafNode = { keepLines?: KeepLines; lineFit?: boolean; _inlines?: Inline[]; maxHeight?: number; pageOrientation?: unknown };

/** The heights of the lines pdfmake will build for `node`, built on copies of its inlines. */
export function lineHeights(builder: Pick<Builder, 'buildNextLine'>, node: LeafNode): number[] {
  return lineShapes(builder, node).map((l) => l.height);
}

/** Each line pdfmake will build for `node`: its height and whether it ends in a hyphen (built on copies of its inlines). */
export function lineShapes(builder: Pick<Builder, 'buildNextLine'>, node: LeafNode): { height: number; hyphen: boolean }[] {
  const inlines = node._inlines!;
  node._inlines = inlines.map((i) => ({ ...i }));
  try {
    const out: { height: number; hyphen: boolean }[] = [];
    for (let line = builder.buildNextLine(node); line; line = builder.buildNextLine(node)) out.push({ height: line.getHeight(), hyphen: /\p{L}[-\u2010]$/u.test(String(line.inlines?.at(-1)?.text ?? '')) });
    return out;
  } finally {
    node._inlines = inlines;
  }
}

export function installKeepLines({ LayoutBuilder }: Internals): void {
  const processLeaf = LayoutBuilder.prototype.processLeaf as (this: Builder, node: LeafNode) => unknown;
  LayoutBuilder.prototype.processLeaf = function (this: Builder, node: LeafNode) {
    const writer = this.writer;
    const ctx = writer.context();
    const page = ctx.getCurrentPage();
    // flowing body text only: not in a table, columns or an unbreakable block
    if (!node.keepLines || !node._inlines?.length || node.maxHeight || !page || !mainFlow(writer) || this.nestedLevel > 0) return processLeaf.call(this, node);
    const fresh = innerHeight(ctx, page);
    const planFor = (lines: { height: number }[]) => pagePlan(lines.map((l) => l.height), ctx.availableHeight, fresh, ctx.y <= ctx.pageMargins.top, node.keepLines!, Math.max(0, fresh - render.heldHeight));
    let lines = lineShapes(this, node);
    let { plan, feet } = planFor(lines);
    // no hyphen at the foot of a page: the line breaker sets the paragraph again without it (total-fit.ts)
    for (let tries = 0; tries < 3; tries++) {
      const hyphenated = feet.filter((i) => lines[i]?.hyphen);
      if (hyphenated.length === 0 || !avoidHyphens(node, hyphenated)) break;
      lines = lineShapes(this, node);
      ({ plan, feet } = planFor(lines));
    }
    if (plan.moveFirst) writer.moveToNextPage(node.pageOrientation);
    if (plan.breaks.length === 0) return processLeaf.call(this, node);
    // break before the planned lines (the list marker pdfmake adds with a first line is not one)
    let index = 0;
    writer.addLine = function (this: Writer, line: Line, dontUpdate?: boolean, at?: number) {
      if (!dontUpdate && plan.breaks.includes(index++) && this.context().y > this.context().pageMargins.top) this.moveToNextPage(node.pageOrientation);
      return Object.getPrototypeOf(this).addLine.call(this, line, dontUpdate, at);
    };
    try {
      return processLeaf.call(this, node);
    } finally {
      delete (writer as Partial<Writer>).addLine;
    }
  };
}
