/**
 * Text as it is read, not only as it is drawn (issue 27): marked-content spans with /ActualText
 * or /Lang inside an element's content, for a tagged document (src/pdf/engine/tagging.ts).
 *
 * - A word broken at a line end ("recogni-" | "tion", src/pdf/engine/justify.ts draws the
 *   hyphen) was copied and spoken as two fragments with the hyphen. Its first piece now carries
 *   the whole word as /ActualText and its other pieces carry nothing (or the punctuation that
 *   follows the word), so a screen reader and a text extractor read "recognition".
 * - Text in another script (CJK terms in a glossary) was read in the document's language: a run
 *   holding Han, kana or hangul is a span with /Lang zh, ja or ko (by its script: Han alone is
 *   read as Chinese).
 * - A chart's drawn text (tick labels, a rotated axis title) came out of a text extractor run
 *   together and before the caption: its whole drawing is a span with an empty /ActualText, so
 *   the chart is read only by its Figure element's alt text (Alt), never as scattered labels.
 *
 * pdfkit writes /ActualText only for a non-empty string, so the spans are written here.
 */

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The property an inline's reading text is kept in (set before the page is drawn). */
export const ACTUAL = '_bkActual';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const KANA = /[\u3040-\u30ff]/;
const HANGUL = /[\uac00-\ud7af\u1100-\u11ff]/;

/** The language of a run in another script (by its letters), or undefined for the document's own. */
export function scriptLanguage(text: string): string | undefined {
  if (KANA.test(text)) return 'ja';
  if (HANGUL.test(text)) return 'ko';
  if (HAN.test(text)) return 'zh';
  return undefined;
}

type Inl = { text?: unknown };
const textOf = (i: Inl | undefined) => String(i?.text ?? '');
/** A line ends in a word broken by a hyphen the engine drew (a soft hyphen made visible). */
const brokenAtEnd = (line: { inlines?: Inl[] }) => {
  const last = line.inlines?.at(-1) as (Inl & { sourceText?: string }) | undefined;
  return typeof last?.sourceText === 'string' && last.sourceText.endsWith('\u00ad') && textOf(last).endsWith('-');
};

/**
 * Marks the pieces of words broken over consecutive lines of one element: the first piece's
 * ACTUAL is the whole word, the others' what they add beyond it ('' or trailing punctuation).
 */
export function markBrokenWords(lines: { inlines?: Inl[] }[]): void {
  for (let l = 0; l + 1 < lines.length; l++) {
    const line = lines[l]!;
    if (!brokenAtEnd(line)) continue;
    const inlines = line.inlines!;
    // the word's head: the last inline and those before it not ending in a space
    let start = inlines.length - 1;
    while (start > 0 && !/\s$/.test(textOf(inlines[start - 1]))) start--;
    const head = inlines.slice(start).map(textOf).join('').replace(/-$/, '');
    // its tail on the next line: inlines up to the one that ends the word
    const next = lines[l + 1]!.inlines ?? [];
    let tail = '';
    let end = -1;
    for (let i = 0; i < next.length; i++) {
      const t = textOf(next[i]);
      const word = /^[\p{L}\p{M}\u2019'\u00ad]*/u.exec(t)![0];
      tail += word;
      end = i;
      if (word.length < t.length) break;
    }
    if (end < 0) continue;
    const whole = head + tail;
    inlines.forEach((inl, i) => {
      if (i >= start) (inl as Any)[ACTUAL] = i === start ? whole : '';
    });
    next.forEach((inl, i) => {
      if (i > end) return;
      const t = textOf(inl);
      const word = /^[\p{L}\p{M}\u2019'\u00ad]*/u.exec(t)![0];
      (inl as Any)[ACTUAL] = i === end ? t.slice(word.length) : '';
    });
  }
}

/** A text string in a content stream: UTF-16BE with a byte-order mark, as hex. */
function hexText(s: string): string {
  let h = 'FEFF';
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${h}>`;
}

/** Opens a span with /Lang and /ActualText (either may be absent; '' is written). Close with closeSpan. */
export function openSpan(doc: Any, o: { lang?: string; actual?: string }): void {
  const parts: string[] = [];
  if (o.lang) parts.push(`/Lang ${hexText(o.lang)}`);
  if (o.actual !== undefined) parts.push(`/ActualText ${hexText(o.actual)}`);
  doc.addContent(`/Span << ${parts.join(' ')} >> BDC`);
}

export function closeSpan(doc: Any): void {
  doc.addContent('EMC');
}
