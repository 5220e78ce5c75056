/**
 * Line breaks between inlines, where Unicode line breaking (UAX #14, which pdfmake uses) gets them
 * wrong for briefings.
 *
 * Why: pdfmake 0.3 breaks a line between two inlines only where UAX #14 would break the joined
 * text (TextBreaker.getBreaks marks the earlier inline `noNewLine` otherwise). So the pieces of
 * a long address ("…affiliates" | "-to-the-…", "business/" | "2020-04-09…") were chained into
 * one unbreakable run that ran off the page, and a note call could break after its en dash
 * ("⁷⁴⁻" | "⁷⁶") or leave the word it belongs to.
 *
 * How: an inline may say `lineBreakBefore: 'allow'` (a line may break before it: an address
 * piece) or `'never'` (it stays on the line of the inline before it: every part of a note
 * call). getBreaks runs as before on the runs between such inlines, and the inline before a
 * `'never'` one is marked `noNewLine`, which pdfmake's line filler (Line.hasEnoughSpaceForInline
 * and LayoutBuilder.buildNextLine) already honours by moving the whole chain to the next line.
 *
 * A no-break space ("US$ 30", "15 January", a tied last word) is a word space that never
 * breaks, and in justified text it should stretch and shrink like the others, as TeX's tie
 * does. pdfmake keeps it inside its word, so justification (justify.ts) could not reach it and
 * a line of tied figures spread its few other spaces wide. So in justified text a broken piece
 * is split after each run of no-break spaces, the pieces chained (`noNewLine`) so they still
 * never break apart.
 */
type Item = { lineBreakBefore?: 'allow' | 'never' } | string;
type Result = { text: string; noNewLine?: boolean; lineEnd?: boolean };
type Proto = Record<string, unknown> & { __briefkitLineBreaks?: boolean };
type Styles = { getStyleProperty(item: unknown, stack: unknown, property: string, fallback: unknown): unknown };

/** Pieces of `results` split after each run of no-break spaces, chained so they never break apart. */
export function splitAtNoBreakSpaces<R extends Result>(results: R[]): R[] {
  const out: R[] = [];
  for (const r of results) {
    const pieces = r.text.includes('\u00a0') ? r.text.match(/[^\u00a0]*\u00a0+|[^\u00a0]+$/g) : null;
    if (!pieces || pieces.length < 2) {
      out.push(r);
      continue;
    }
    pieces.forEach((text, k) => {
      const piece = { ...r, text };
      if (k < pieces.length - 1) {
        piece.noNewLine = true;
        delete piece.lineEnd;
      }
      out.push(piece);
    });
  }
  return out;
}

const mark = (item: Item) => (typeof item === 'object' && item !== null ? item.lineBreakBefore : undefined);

/** The breaks of `texts`, run by `getBreaks` on the stretches between marked inlines. */
export function breaksWithMarks(texts: Item[], getBreaks: (texts: Item[]) => Result[]): Result[] {
  if (!texts.some((t) => mark(t))) return getBreaks(texts);
  const out: Result[] = [];
  let start = 0;
  const flush = (end: number) => {
    if (end > start) out.push(...getBreaks(texts.slice(start, end)));
    start = end;
  };
  texts.forEach((t, i) => {
    const m = mark(t);
    if (!m || i === 0) return;
    flush(i);
    const before = out[out.length - 1];
    if (m === 'never' && before && !before.lineEnd) before.noNewLine = true;
  });
  flush(texts.length);
  return out;
}

export function installLineBreaks(pdfmakeRequire: NodeJS.Require): void {
  const proto = (pdfmakeRequire('./TextBreaker.js') as { default: { prototype: Proto } }).default.prototype;
  if (proto.__briefkitLineBreaks) return;
  const getBreaks = proto.getBreaks as (this: unknown, texts: Item[] | Item, styles: unknown) => Result[];
  if (typeof getBreaks !== 'function') throw new Error('pdfmake TextBreaker.getBreaks is gone: src/pdf/engine/line-breaks.ts needs updating');
  const { getStyleProperty } = (pdfmakeRequire('./StyleContextStack.js') as { default: Styles }).default;
  if (typeof getStyleProperty !== 'function') throw new Error('pdfmake StyleContextStack.getStyleProperty is gone: src/pdf/engine/line-breaks.ts needs updating');
  proto.getBreaks = function (this: unknown, texts: Item[] | Item, styles: unknown) {
    const results = Array.isArray(texts) ? breaksWithMarks(texts, (part) => getBreaks.call(this, part, styles)) : getBreaks.call(this, texts, styles);
    const first = Array.isArray(texts) ? texts[0] : texts;
    return getStyleProperty(typeof first === 'object' && first ? first : {}, styles, 'alignment', null) === 'justify' ? splitAtNoBreakSpaces(results) : results;
  };
  proto.__briefkitLineBreaks = true;
}
