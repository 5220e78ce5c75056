/**
 * Hyphenation points for body text: soft hyphens (U+00AD) where a line may break inside a word.
 * pdfmake may then break a line after one; the line breaker (src/pdf/engine/total-fit.ts) uses
 * one only when it evens the word spaces, and src/pdf/engine/justify.ts draws a hyphen there
 * and nothing elsewhere.
 *
 * A reader accepts a break only at a plain syllable boundary of a plain word, so:
 * - never inside a word with a capital (a name, a month, a title, a sentence's first word, an
 *   acronym), nor in a token holding a digit, "/", "@", ":", "_", "&" or an inner "." (a
 *   number, a date, an address, an abbreviation such as "e.g."): they stay whole;
 * - a compound ("subsidy-driven") breaks only at its own hyphen: no soft hyphen is added in it;
 * - at least three letters before a break and four after it (no "-ed", "-ing", "-ity", "-ate"
 *   carried over), so only words of seven letters or more are broken;
 * - the patterns are the TeX (Liang) patterns of the `hyphen` package for the profile's
 *   language, and a break is kept only where the British and the American English patterns
 *   agree: each alone gives breaks a reader stumbles on ("investig-ate" from the British,
 *   "rep-re-sen-ta-tive"'s "rep-" is shared), their common breaks are the safe ones;
 * - a word in the language's own exception list (from the same TeX files: en-GB "uni-vers-ity",
 *   en-US "uni-ver-sity") or in the profile's `hyphenation.exceptions` breaks exactly as listed
 *   there ("in-ves-ti-gate"; a word listed without a hyphen is never broken);
 * - a paragraph's last word is never broken (hyphenateParagraph), and the line breaker never
 *   sets three hyphenated lines in a row nor a hyphen at the foot of a page.
 * Other languages take the patterns of the `hyphen` package for their primary subtag alone (de,
 * fr, es, it, nl, …); German breaks its capitalised nouns too (a word with only its first letter
 * capital), the others keep the English rule. Chinese and Japanese need no hyphens: a line breaks
 * between any two of their characters (Unicode line breaking, as pdfmake does it).
 */
import { createRequire } from 'node:module';

type Module = { hyphenateSync: (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string; patterns: unknown[] };
type Patterns = { hyphenateSync: Module['hyphenateSync']; exceptions: ReadonlyMap<string, number[]> };
const require = createRequire(import.meta.url);
const loaded = new Map<string, Patterns>();
const patterns = (key: string): Patterns => {
  let p = loaded.get(key);
  if (!p) {
    const mod = require(`hyphen/${key}`) as Module;
    // the language's exceptions (the third part of the package's pattern data), copied before the
    // first word is hyphenated: the package adds every word it hyphenates to that same object
    const exceptions = new Map(Object.entries((mod.patterns[2] ?? {}) as Record<string, number[]>).map(([w, at]) => [w, [...at]]));
    loaded.set(key, (p = { hyphenateSync: mod.hyphenateSync, exceptions }));
  }
  return p;
};
const hyphenators = new Map<string, Hyphenator | undefined>();

/** Letters kept before and after a break. */
export const LEFT_MIN = 3;
export const RIGHT_MIN = 4;
const SHY = '\u00ad';
const BREAK = '|';

/** Breaks a word: the letter counts before each break, ascending; `nouns`: capitalised words may break (German). */
export type Hyphenator = ((word: string) => number[]) & { nouns?: boolean };

/** Languages whose text needs no hyphens: a line may break between any two characters. */
export const breaksAnywhere = (language: string): boolean => /^(zh|ja)\b/i.test(language);

/** The `hyphen` package's pattern module for a language other than English, or undefined. */
function otherPatterns(lang: string): Patterns | undefined {
  const primary = lang.split('-')[0]!;
  if (breaksAnywhere(primary) || !/^[a-z]{2,3}$/.test(primary)) return undefined;
  try {
    return patterns(primary);
  } catch {
    return undefined;
  }
}

/** The break positions of `word` in a pattern set's result ("in|ves|ti|gate" → [2, 5, 7]). */
function positions(marked: string): number[] {
  const out: number[] = [];
  let n = 0;
  for (const part of marked.split(BREAK).slice(0, -1)) out.push((n += part.length));
  return out;
}

/** Positions from an exception written with hyphens ("in-ves-ti-gate" → [2, 5, 7]). */
export function exceptionPositions(entry: string): number[] {
  return positions(entry.replace(/-/g, BREAK));
}

/**
 * The hyphenator for a language tag such as "en-GB", with the profile's exceptions ("in-ves-ti-gate"),
 * or undefined when the language has no patterns here.
 */
export function hyphenatorFor(language: string, exceptions: readonly string[] = []): Hyphenator | undefined {
  const key = JSON.stringify([language.toLowerCase(), exceptions]);
  if (!hyphenators.has(key)) hyphenators.set(key, makeHyphenator(language.toLowerCase(), exceptions));
  return hyphenators.get(key);
}

function makeHyphenator(lang: string, exceptions: readonly string[]): Hyphenator | undefined {
  const english = /^en\b/.test(lang);
  const us = lang.startsWith('en-us');
  const own = english ? patterns(us ? 'en-us' : 'en-gb') : otherPatterns(lang);
  if (!own) return undefined;
  // English keeps only the breaks the British and American patterns agree on
  const other = english ? patterns(us ? 'en-gb' : 'en-us') : undefined;
  const breaks = (lower: string) => positions(own.hyphenateSync(lower, { hyphenChar: BREAK, minWordLength: 1 }));
  const agreed = (lower: string) => {
    if (!other) return breaks(lower);
    const theirs = new Set(positions(other.hyphenateSync(lower, { hyphenChar: BREAK, minWordLength: 1 })));
    return breaks(lower).filter((p) => theirs.has(p));
  };
  // the language's own exceptions, then the profile's
  const listed = new Map(own.exceptions);
  for (const entry of exceptions) listed.set(entry.replace(/-/g, '').toLowerCase(), exceptionPositions(entry.toLowerCase()));
  const cache = new Map<string, number[]>();
  const h: Hyphenator = (word: string) => {
    let at = cache.get(word);
    if (at) return at;
    const lower = word.toLowerCase();
    at = (listed.get(lower) ?? agreed(lower)).filter((p) => p >= LEFT_MIN && word.length - p >= RIGHT_MIN);
    if (cache.size > 20_000) cache.clear();
    cache.set(word, at);
    return at;
  };
  // German capitalises its nouns: they break like any word
  if (lang.startsWith('de')) h.nouns = true;
  return h;
}

/** A token that is never broken: it holds a digit, an address or abbreviation mark, or is a compound. */
const WHOLE_TOKEN = /[\d/@:_&]|\p{L}\.\p{L}|\p{L}[-\u2010\u2011]\p{L}/u;
/** A word that may be broken: lower-case letters only (an apostrophe ends it). */
const PLAIN_WORD = /^[a-z\u00df-\u00f6\u00f8-\u00ff\u0101-\u017f]+$/;

/** Soft hyphens in the words of `text` that may be broken. */
export function hyphenateText(text: string, h: Hyphenator): string {
  return text.replace(/[^\s]+/g, (token) => {
    if (WHOLE_TOKEN.test(token)) return token;
    return token.replace(/\p{L}+/gu, (word) => {
      if (word.length < LEFT_MIN + RIGHT_MIN || !PLAIN_WORD.test(h.nouns ? word[0]!.toLowerCase() + word.slice(1) : word)) return word;
      const at = h(word);
      if (at.length === 0) return word;
      let out = '';
      let from = 0;
      for (const p of at) {
        out += word.slice(from, p) + SHY;
        from = p;
      }
      return out + word.slice(from);
    });
  });
}

type Inline = string | { text?: unknown; link?: unknown; linkToDestination?: unknown; sup?: unknown; [k: string]: unknown };

/** Hyphenates the text runs of pdfmake inlines in place (links and superscripts stay whole). */
export function hyphenateInlines(runs: Inline[], h: Hyphenator): Inline[] {
  return runs.map((r) => {
    if (typeof r === 'string') return hyphenateText(r, h);
    if (r.link || r.linkToDestination || r.sup) return r;
    if (typeof r.text === 'string') r.text = hyphenateText(r.text, h);
    else if (Array.isArray(r.text)) r.text = hyphenateInlines(r.text as Inline[], h);
    return r;
  });
}

/** A paragraph's runs hyphenated, except its last word (so the last line is never a stub like "lowed."). */
export function hyphenateParagraph(runs: Inline[], h: Hyphenator): Inline[] {
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
