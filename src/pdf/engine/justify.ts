/**
 * Justified text that looks right, and soft hyphens, in pdfmake.
 *
 * Why: pdfmake 0.3 justifies a line by spreading the free space evenly between *all* its
 * inlines. An inline is a word with its trailing space, but also the part of a word before a
 * hard hyphen ("well-" | "known"), a note call, or a run in another style, so justified lines
 * got gaps after hyphens and before note calls, and uneven, river-prone word spaces. pdfmake
 * also knows nothing of soft hyphens (U+00AD): the line breaker may break after one, but the
 * character is then drawn wherever it stands, at the end of a line or not.
 *
 * How:
 * 1. alignLine: the free space of a justified line goes only to real word spaces (after an
 *    inline that ends in a space or a no-break space, not a fixed space such as an en or thin
 *    space set on purpose, as around a spaced dash), evenly. A last line (which pdfmake sets
 *    at its natural width) that is wider than the measure, as the line breaker may choose
 *    (src/pdf/engine/total-fit.ts), has its word spaces shrunk the same way. A line that would
 *    still be very loose (word spaces over twice their width) is letter-spaced a little
 *    (at most 0.02 em a letter), the rest going to its word spaces.
 * 2. buildNextLine: once pdfmake has filled a line, an inline ending in a soft hyphen inside
 *    the line loses it (and its width, and everything after it moves left); at the end of the
 *    line it becomes a visible hyphen "-". Inlines are measured with the soft hyphen's glyph,
 *    which in the bundled fonts is as wide as a hyphen, so a line never overflows.
 *    The inline keeps its text as written (non-enumerable `sourceText`) for widow control.
 */
export const SHY = '\u00ad';
/** An inline ending in a word space: a space or a no-break space (fixed spaces, U+2000–U+200A, keep their width). */
export const WORD_SPACE_END = /[ \u00a0]$/;

type Inline = { text: string; width: number; x: number; font: { widthOfString(s: string, size: number, f?: unknown): number }; fontSize: number; fontFeatures?: unknown; characterSpacing?: number; justifyShift?: number; alignment?: string; sourceText?: string };
type LineLike = { inlines: Inline[]; inlineWidths: number; x?: number; newLineForced?: boolean; lastLineInParagraph?: boolean; getWidth(): number };

/** An inline's text as drawn: soft hyphens dropped, one at its end drawn as "-" when it ends the line. */
const settledText = (text: string, atLineEnd: boolean) => {
  const body = text.replace(/\u00ad/g, '');
  return atLineEnd && text.endsWith(SHY) ? body + '-' : body;
};

/** The width of an inline's text as drawn (settledText), measured as pdfmake measures it. */
export function settledWidth(inl: Pick<Inline, 'text' | 'font' | 'fontSize' | 'fontFeatures' | 'characterSpacing'>, atLineEnd: boolean): number {
  const text = settledText(inl.text, atLineEnd);
  return inl.font.widthOfString(text, inl.fontSize, inl.fontFeatures) + (inl.characterSpacing ?? 0) * text.length;
}

/** Soft hyphens of a filled line: dropped inside it, made visible at its end. */
export function settleSoftHyphens(line: LineLike): void {
  const n = line.inlines.length;
  if (!line.inlines.some((i) => i.text.endsWith(SHY) || i.text.includes(SHY))) return;
  let x = line.inlines[0]?.x ?? 0;
  line.inlines.forEach((inl, k) => {
    if (inl.text.includes(SHY)) {
      Object.defineProperty(inl, 'sourceText', { value: inl.text, enumerable: false, configurable: true });
      const last = k === n - 1;
      inl.width = settledWidth(inl, last);
      inl.text = settledText(inl.text, last);
    }
    inl.x = x;
    x += inl.width;
  });
  line.inlineWidths = x - (line.inlines[0]?.x ?? 0);
}

/** Whether pdfmake justifies this line: a justified paragraph's line that is not its last nor ends in a line break. */
export function isJustified(line: LineLike): boolean {
  return line.inlines?.[0]?.alignment === 'justify' && !line.newLineForced && !line.lastLineInParagraph && line.inlines.length > 1;
}

/**
 * A justified paragraph's last line (or a line ending in a line break) wider than the measure:
 * the line breaker (total-fit.ts) may set one with its word spaces shrunk, as TeX does.
 */
export function isOverfullLastLine(line: LineLike, width: number): boolean {
  return line.inlines?.[0]?.alignment === 'justify' && (!!line.newLineForced || !!line.lastLineInParagraph) && line.getWidth() > width + 1e-6;
}

/** A word space of a justified line grows to this many times its width before the letters share the rest. */
export const LOOSE_SPACE = 2;
/** The most space added between the letters of a very loose line, in em (2 %, as TeX's microtype expands glyphs). */
export const MAX_TRACKING = 0.02;

/**
 * Justification over word spaces; on a line that would still be very loose (a line the line
 * breaker could not avoid, between tied figures), the letters share the space beyond
 * LOOSE_SPACE, at most MAX_TRACKING each, as Typst's and InDesign's justification may.
 */
export function justifyLine(line: LineLike, width: number): void {
  const total = width - line.getWidth();
  spreadOverWordSpaces(line, total - (total > 0 ? trackLetters(line, total) : 0));
}

/** Letter-spaces a line that `total` more points would leave very loose; returns the points added. */
export function trackLetters(line: LineLike, total: number): number {
  const inlines = line.inlines;
  const gaps = inlines.slice(0, -1).filter((i) => WORD_SPACE_END.test(i.text));
  if (gaps.length === 0) return 0;
  const space = gaps[0]!.font.widthOfString(' ', gaps[0]!.fontSize, gaps[0]!.fontFeatures);
  const excess = total - gaps.length * space * (LOOSE_SPACE - 1);
  if (excess <= 0) return 0;
  // each letter is followed by the added space, but the line's last (its right edge stays flush)
  const letters = inlines.map((i, k) => (k < inlines.length - 1 ? i.text.length : Math.max(0, i.text.replace(/\s+$/, '').length - 1)));
  const count = letters.reduce((a, b) => a + b, 0);
  if (count === 0) return 0;
  const track = Math.min(MAX_TRACKING * inlines[0]!.fontSize, excess / count);
  let x = inlines[0]!.x;
  inlines.forEach((inl, k) => {
    inl.characterSpacing = (inl.characterSpacing ?? 0) + track;
    inl.width += track * letters[k]!;
    inl.x = x;
    x += inl.width;
  });
  line.inlineWidths += track * count;
  return track * count;
}

/**
 * Adds `total` points to a laid-out line, evenly over its word spaces (after an inline that ends
 * in a word space: WORD_SPACE_END), moving each inline after a space right by what the spaces before it gained
 * (nothing moves when the line has no word space).
 */
export function spreadOverWordSpaces(line: Pick<LineLike, 'inlines'>, total: number): void {
  const gaps: number[] = [];
  for (let i = 1; i < line.inlines.length; i++) if (WORD_SPACE_END.test(line.inlines[i - 1]!.text)) gaps.push(i);
  if (gaps.length === 0) return;
  const extra = total / gaps.length;
  let shift = 0;
  let g = 0;
  for (let i = 1; i < line.inlines.length; i++) {
    if (gaps[g] === i) {
      shift += extra;
      g++;
      // pdfmake: the space added before this inline
      line.inlines[i]!.justifyShift = (line.inlines[i]!.justifyShift ?? 0) + extra;
    }
    line.inlines[i]!.x += shift;
  }
}

type Proto = Record<string, unknown> & { __briefkitJustify?: boolean };

export function installJustify(pdfmakeRequire: NodeJS.Require): void {
  const EW = (pdfmakeRequire('./ElementWriter.js') as { default: { prototype: Proto } }).default.prototype;
  const LB = (pdfmakeRequire('./LayoutBuilder.js') as { default: { prototype: Proto } }).default.prototype;
  if (EW.__briefkitJustify) return;
  const alignLine = EW.alignLine as (this: { context(): { availableWidth: number } }, line: LineLike) => void;
  EW.alignLine = function (this: { context(): { availableWidth: number } }, line: LineLike) {
    const width = this.context().availableWidth;
    if (isJustified(line) || isOverfullLastLine(line, width)) return justifyLine(line, width);
    return alignLine.call(this, line);
  };
  const buildNextLine = LB.buildNextLine as (this: unknown, node: unknown) => LineLike | null;
  LB.buildNextLine = function (this: unknown, node: unknown) {
    const line = buildNextLine.call(this, node);
    if (line && line.inlines?.length) settleSoftHyphens(line);
    return line;
  };
  EW.__briefkitJustify = true;
}
