/**
 * Hyphenation points for body text: soft hyphens (U+00AD) inserted with the Liang/TeX patterns
 * of the `hyphen` package for the profile's language (en-GB or en-US; other languages are left
 * unhyphenated). pdfmake may then break a line after one; src/pdf/engine/justify.ts draws a
 * hyphen there and nothing elsewhere. Words shorter than seven letters, words with digits or
 * capitals only (figures, acronyms), and links are left whole; at least three letters stay on
 * each side of a break.
 */
import { createRequire } from 'node:module';

type Hyphenate = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
const require = createRequire(import.meta.url);
const cache = new Map<string, Hyphenate | null>();

/** The hyphenator for a locale such as "en-GB", or undefined when none is bundled. */
export function hyphenatorFor(locale: string): Hyphenate | undefined {
  const lang = locale.toLowerCase();
  const key = lang.startsWith('en-us') ? 'en-us' : lang.startsWith('en') ? 'en-gb' : '';
  if (!key) return undefined;
  if (!cache.has(key)) cache.set(key, (require(`hyphen/${key}`) as { hyphenateSync: Hyphenate }).hyphenateSync);
  return cache.get(key) ?? undefined;
}

const SHY = '\u00ad';
const MIN_SIDE = 3;

/** Soft hyphens in the words of `text` that may be broken. */
export function hyphenateText(text: string, h: Hyphenate): string {
  return text.replace(/[A-Za-z\u00C0-\u024F]{7,}/g, (word) => {
    if (word === word.toUpperCase()) return word;
    const parts = h(word, { hyphenChar: SHY, minWordLength: 7 }).split(SHY);
    // keep at least MIN_SIDE letters on each side of every break
    let out = '';
    let done = 0;
    parts.forEach((p, i) => {
      out += p;
      done += p.length;
      if (i < parts.length - 1 && done >= MIN_SIDE && word.length - done >= MIN_SIDE) out += SHY;
    });
    return out;
  });
}

type Inline = string | { text?: unknown; link?: unknown; linkToDestination?: unknown; sup?: unknown; [k: string]: unknown };

/** Hyphenates the text runs of pdfmake inlines in place (links and superscripts stay whole). */
export function hyphenateInlines(runs: Inline[], h: Hyphenate): Inline[] {
  return runs.map((r) => {
    if (typeof r === 'string') return hyphenateText(r, h);
    if (r.link || r.linkToDestination || r.sup) return r;
    if (typeof r.text === 'string') r.text = hyphenateText(r.text, h);
    else if (Array.isArray(r.text)) r.text = hyphenateInlines(r.text as Inline[], h);
    return r;
  });
}

/** A paragraph's runs hyphenated, except its last word (so the last line is never a stub like "lowed."). */
export function hyphenateParagraph(runs: Inline[], h: Hyphenate): Inline[] {
  const out = hyphenateInlines(runs, h);
  const unhyphenateLast = (list: Inline[]): boolean => {
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i]!;
      const text = typeof r === 'string' ? r : r.text;
      if (Array.isArray(text)) {
        if (unhyphenateLast(text as Inline[])) return true;
        continue;
      }
      if (typeof text !== 'string' || !/[A-Za-z]/.test(text)) continue;
      const fixed = text.replace(/[^\s]*$/, (w) => w.replace(/\u00ad/g, ''));
      if (typeof r === 'string') list[i] = fixed;
      else r.text = fixed;
      return true;
    }
    return false;
  };
  unhyphenateLast(out);
  return out;
}
