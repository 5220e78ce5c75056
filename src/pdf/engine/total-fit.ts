/**
 * Total-fit line breaking (Knuth and Plass, as TeX and Typst break paragraphs) for body text.
 *
 * Why: pdfmake 0.3 fills lines first-fit (LayoutBuilder.buildNextLine puts inlines on a line
 * while they fit), so a justified line that ends before a long word is stretched however far
 * that takes (word spaces of 0.9 em), and a word is hyphenated wherever a line runs out. The
 * npm implementations of Knuth–Plass (tex-linebreak, tex-linebreak2) work on their own items
 * built from strings or the DOM, not on pdfmake's measured inlines, and cannot forbid a third
 * hyphenated line in a row or a hyphen at a given line (the foot of a page); so it is here.
 *
 * How: a text node that opts in with `lineFit: true` (body paragraphs: src/layout/blocks/
 * paragraph.ts) has the breaks of all its lines chosen at once, the first time pdfmake asks for
 * one of its lines, over the inlines pdfmake measured and for the width it offers; each line
 * pdfmake then asks for holds the inlines chosen for it. Justified text: a word space may
 * stretch by half its width and shrink by a third (TeX's), a line's badness is 100·r³ of the
 * share r of that it uses, and a line's demerits add penalties for a hyphen, two hyphens in a
 * row, adjacent lines of very different tightness, a very loose line and a hyphen on the line
 * before the last; three hyphenated lines in a row are never chosen. A paragraph's last line
 * keeps its natural spaces, but may shrink them like any line (as in TeX: justify.ts shrinks a
 * last line that is wider than the measure), so a last word never goes to a line of its own
 * for want of a point. As in TeX, a first pass
 * tries without hyphenation points at a tight tolerance, a second with them, a last with any
 * tolerance; a paragraph no pass can set (a word wider than the line) or too long for it is
 * left to pdfmake's first-fit. Ragged-right text: spaces keep their width and a line's
 * badness comes from the room it leaves, so the rag is even (no line much shorter than its
 * neighbours). When the width changes (snaking columns) or the remaining inlines no longer
 * match the plan, the rest is planned again. keep-lines.ts may ask that a line at the foot of
 * a page not end in a hyphen (`avoidHyphens`): the paragraph is planned again without it.
 */
import { SHY, WORD_SPACE_END, settledWidth } from './justify.js';
import type { Internals } from './internals.js';

/** What the breaker needs of an inline. */
export interface FitItem {
  /** Width inside a line (trailing space included, soft hyphens not drawn). */
  width: number;
  /** Width when it ends a line (trailing space cut, a soft hyphen drawn). */
  endWidth: number;
  /** Width cut when it starts a line (leading white space). */
  leadingCut: number;
  /** The word space after it (justification stretches or shrinks it), 0 when none. */
  space: number;
  /** A line may end after it. */
  breakable: boolean;
  /** A line ending after it ends in a hyphen (soft or hard). */
  hyphen: boolean;
  /** It ends at a hyphenation point (a soft hyphen), used from the second pass. */
  soft: boolean;
  /** A line must end after it (a hard line break). */
  forced: boolean;
}

export interface FitOptions {
  /** The line width. */
  width: number;
  /** Justified (word spaces stretch and shrink) or ragged-right. */
  justify: boolean;
  /** The font size, for the ragged-right allowance. */
  em: number;
  /** Line indexes (from 0) that must not end in a hyphen. */
  noHyphenAt?: readonly number[];
}

/** A word space stretches by half its width and shrinks by a third (TeX's \fontdimen). */
export const STRETCH = 1 / 2;
export const SHRINK = 1 / 3;
/** Ragged-right: the room a line may leave, in em, at badness 100. */
const RAG = 3;
/** The badness of a line with room left and no word space to take it (a lone long word). */
const NO_SPACE_BAD = 1e9;
const LINE_PENALTY = 10;
const HYPHEN_PENALTY = 50;
const DOUBLE_HYPHEN = 10000;
const FINAL_HYPHEN = 5000;
const ADJACENT = 10000;
const VERY_LOOSE = 5000;
/** At most this many hyphenated lines in a row. */
export const MAX_HYPHENS_IN_A_ROW = 2;
/** Longer paragraphs (in inlines) are left to pdfmake's first-fit. */
export const MAX_ITEMS = 4000;
const EPS = 1e-6;
/** [tolerance, hyphenation points allowed]: TeX's \pretolerance pass, \tolerance pass, then any. */
const JUSTIFIED_PASSES: [number, boolean][] = [
  [100, false],
  [200, true],
  [Infinity, true],
];
const RAGGED_PASSES: [number, boolean][] = [[Infinity, true]];

/** 100·|r|³, not capped as TeX's is: in the last pass a line twice as loose must cost more, not the same. */
const badness = (r: number) => (r === Infinity ? NO_SPACE_BAD : 100 * Math.abs(r) ** 3);
/** TeX's fitness classes: 0 very loose, 1 loose, 2 decent, 3 tight. */
const fitness = (r: number) => (r > 1 ? 0 : r > 0.5 ? 1 : r >= -0.5 ? 2 : 3);

type Active = { pos: number; line: number; fit: number; run: number; hyphen: boolean; total: number; prev: Active | null };

/**
 * The best breaks of a paragraph: the end (exclusive index into `items`) of each line, or
 * undefined when no pass can set it (the caller falls back to first-fit).
 */
export function fitLines(items: readonly FitItem[], opts: FitOptions): number[] | undefined {
  if (items.length === 0 || items.length > MAX_ITEMS) return undefined;
  const n = items.length;
  const W = new Float64Array(n + 1);
  const S = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    W[i + 1] = W[i]! + items[i]!.width;
    S[i + 1] = S[i]! + items[i]!.space;
  }
  for (const [tolerance, soft] of opts.justify ? JUSTIFIED_PASSES : RAGGED_PASSES) {
    const ends = pass(tolerance, soft);
    if (ends) return ends;
  }
  return undefined;

  function pass(tolerance: number, soft: boolean): number[] | undefined {
    const noHyphen = new Set(opts.noHyphenAt ?? []);
    // nodes are told apart by line number only up to the last constrained line
    const lineKeys = noHyphen.size ? Math.max(...noHyphen) + 2 : 1;
    let active: Active[] = [{ pos: 0, line: 0, fit: 2, run: 0, hyphen: false, total: 0, prev: null }];
    for (let b = 1; b <= n; b++) {
      const item = items[b - 1]!;
      const last = b === n || item.forced;
      if (!last && (!item.breakable || (item.soft && !soft))) continue;
      const flagged = item.hyphen && !last;
      const best = new Map<number, Active>();
      const alive: Active[] = [];
      for (const a of active) {
        const natural = W[b - 1]! - W[a.pos]! + item.endWidth - items[a.pos]!.leadingCut;
        const spaces = S[b - 1]! - S[a.pos]!;
        const slack = opts.width - natural;
        let r: number;
        if (slack < 0) r = opts.justify && spaces > 0 ? slack / (spaces * SHRINK) : slack < -EPS ? -Infinity : 0;
        else if (last) r = 0;
        else if (!opts.justify) r = slack / (RAG * opts.em);
        else r = spaces > 0 ? slack / (spaces * STRETCH) : slack < EPS ? 0 : Infinity;
        if (r < -1 - EPS) continue; // overfull: no later break fits either
        alive.push(a);
        const bad = badness(r);
        if (bad > tolerance) continue;
        if (flagged && (a.run >= MAX_HYPHENS_IN_A_ROW || noHyphen.has(a.line))) continue;
        const fit = fitness(r);
        let d = (LINE_PENALTY + bad) ** 2 + (flagged ? HYPHEN_PENALTY ** 2 : 0);
        if (flagged && a.hyphen) d += DOUBLE_HYPHEN;
        if (last && a.hyphen) d += FINAL_HYPHEN;
        if (Math.abs(fit - a.fit) > 1) d += ADJACENT;
        if (fit === 0) d += VERY_LOOSE;
        const run = flagged ? a.run + 1 : 0;
        const key = (Math.min(a.line + 1, lineKeys - 1) * 4 + fit) * (MAX_HYPHENS_IN_A_ROW + 1) + run;
        const total = a.total + d;
        const seen = best.get(key);
        if (!seen || total < seen.total) best.set(key, { pos: b, line: a.line + 1, fit, run, hyphen: flagged, total, prev: a });
      }
      active = item.forced && b < n ? [...best.values()] : [...alive, ...best.values()];
      if (active.length === 0) return undefined;
    }
    let end: Active | undefined;
    for (const a of active) if (a.pos === n && (!end || a.total < end.total)) end = a;
    if (!end) return undefined;
    const ends: number[] = [];
    for (let a: Active | null = end; a && a.prev; a = a.prev) ends.unshift(a.pos);
    return ends;
  }
}

type Font = { widthOfString(s: string, size: number, f?: unknown): number };
/** What the breaker reads of a pdfmake inline. */
export type Inline = { text: string; width: number; leadingCut?: number; trailingCut?: number; noNewLine?: boolean; lineEnd?: boolean; alignment?: string; font: Font; fontSize: number; fontFeatures?: unknown; characterSpacing?: number };

/** The breaker's items for pdfmake's measured inlines (soft hyphens measured as justify.ts draws them). */
export function fitItems(inlines: readonly Inline[]): FitItem[] {
  return inlines.map((inl) => {
    const trailing = inl.trailingCut ?? 0;
    const shy = inl.text.includes(SHY);
    const soft = inl.text.endsWith(SHY);
    const width = shy ? settledWidth(inl, false) : inl.width;
    const endWidth = (shy ? settledWidth(inl, true) : inl.width) - trailing;
    return {
      width,
      endWidth,
      leadingCut: inl.leadingCut ?? 0,
      space: WORD_SPACE_END.test(inl.text) ? trailing : 0,
      breakable: !inl.noNewLine,
      hyphen: soft || /\p{L}[-\u2010]$/u.test(inl.text),
      soft,
      forced: !!inl.lineEnd,
    };
  });
}

/**
 * A node's plan: for the width it was made for, how many inlines each line takes, by how many
 * remain before it (and the text of the inline that starts it, to tell the plan still holds).
 */
type Plan = { width: number; takes: Map<number, { take: number; first: string }> | null; from: number };
type FitNode = { lineFit?: boolean; _inlines?: Inline[] };
const plans = new WeakMap<object, Plan>();
/** Lines (counted from the paragraph's first) that must not end in a hyphen, by node. */
const noHyphenAt = new WeakMap<object, { from: number; lines: number[] }>();

function plan(node: FitNode, width: number): Plan {
  const inlines = node._inlines!;
  const from = inlines.length;
  const first = inlines[0]!;
  const rule = noHyphenAt.get(node);
  const ends = fitLines(fitItems(inlines), { width, justify: first.alignment === 'justify', em: first.fontSize, noHyphenAt: rule?.from === from ? rule.lines : undefined });
  if (!ends) return { width, takes: null, from };
  const takes = new Map<number, { take: number; first: string }>();
  let start = 0;
  for (const end of ends) {
    takes.set(from - start, { take: end - start, first: inlines[start]!.text });
    start = end;
  }
  return { width, takes, from };
}

/**
 * Asks that these lines of a paragraph (counted from its first, planned whole) not end in a
 * hyphen; true when that is new (the paragraph is planned again when next laid out).
 */
export function avoidHyphens(node: { lineFit?: boolean; _inlines?: unknown[] }, lines: readonly number[]): boolean {
  const from = node._inlines?.length ?? 0;
  if (!node.lineFit || from === 0) return false;
  const rule = noHyphenAt.get(node);
  const known = rule?.from === from ? rule.lines : [];
  const fresh = lines.filter((l) => !known.includes(l));
  if (fresh.length === 0) return false;
  noHyphenAt.set(node, { from, lines: [...known, ...fresh] });
  plans.delete(node);
  return true;
}

type Line = { inlines: unknown[]; lastLineInParagraph?: boolean; addInline(i: unknown): void };
type Builder = { writer: { context(): { availableWidth: number } } };

export function installTotalFit({ LayoutBuilder, pdfmakeRequire }: Internals): void {
  const LineClass = (pdfmakeRequire('./Line.js') as { default: new (w: number) => Line }).default;
  const buildNextLine = LayoutBuilder.prototype.buildNextLine as (this: Builder, node: FitNode) => Line | null;
  LayoutBuilder.prototype.buildNextLine = function (this: Builder, node: FitNode) {
    const inlines = node._inlines;
    if (!node.lineFit || !inlines?.length) return buildNextLine.call(this, node);
    const width = this.writer.context().availableWidth;
    let p = plans.get(node);
    const holds = (q: Plan) => (q.takes ? q.takes.get(inlines.length)?.first === inlines[0]!.text : inlines.length <= q.from);
    if (!p || p.width !== width || !holds(p)) {
      p = plan(node, width);
      plans.set(node, p);
    }
    const take = p.takes?.get(inlines.length)?.take;
    if (take === undefined) return buildNextLine.call(this, node);
    const line = new LineClass(width);
    for (const inline of inlines.splice(0, take)) line.addInline(inline);
    line.lastLineInParagraph = inlines.length === 0;
    return line;
  };
}
