/**
 * Sentence boundaries in running text, for the citations stage (one note call per sentence).
 *
 * Unicode's sentence rules (UAX #29, through `Intl.Segmenter`) handle decimals ("1.5"), a full
 * stop followed by a lower-case word ("e.g. the"), closing quotes and brackets after the stop
 * ("fell.” Then"). They break after every abbreviation followed by a capital or a figure, so a
 * guard joins a sentence to the next when it ends in one: a known abbreviation ("Art.", "No.",
 * "e.g.", "Mr."), an initial ("J."), or letters with stops ("U.S.", "U.K."), or the day of a German
 * date ("5. März"). A sentence that
 * holds no letter or figure (a stray bracket) joins the one before it.
 */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Abbreviations that never end a sentence in this kind of text (compared without case). */
const ABBREVIATIONS = new Set([
  'art', 'arts', 'no', 'nos', 'p', 'pp', 'para', 'paras', 'sec', 'secs', 'ch', 'chap', 'fig', 'figs', 'vol', 'vols', 'ed', 'eds',
  'e.g', 'i.e', 'cf', 'vs', 'viz', 'approx', 'ca', 'c', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'gov', 'rep', 'sen',
  'co', 'corp', 'inc', 'ltd', 'bros', 'dept', 'est', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'op', 'cit', 'ibid', 'al', 'reg', 'r', 'v',
]);

/** Whether text ending here ends in an abbreviation rather than a sentence. */
export function endsInAbbreviation(text: string): boolean {
  const m = /(?:^|[\s(“‘"'\[])([A-Za-z][A-Za-z.]*)\.$/.exec(text.trimEnd());
  if (!m) return false;
  const word = m[1]!;
  // an initial ("J.") or letters with stops ("U.S.", "U.K.", "e.g.")
  if (/^[A-Z]$/.test(word) || /^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * A German date's day ("am 5. März 2024"): a day number with its stop, before a month's name
 * (in full or abbreviated), is no sentence end.
 */
const GERMAN_MONTH = /^(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\b/u;
const dayOfDate = (before: string, next: string) => /(?:^|\s)\d{1,2}\.\s*$/.test(before) && GERMAN_MONTH.test(next);

/** Sentences of `text` as [start, end) ranges covering it, each with its trailing spaces. */
export function sentenceRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const { index, segment } of segmenter.segment(text)) {
    const prev = out.at(-1);
    const end = index + segment.length;
    if (prev && (endsInAbbreviation(text.slice(prev[0], prev[1])) || dayOfDate(text.slice(prev[0], prev[1]), segment) || !/[\p{L}\p{N}]/u.test(segment))) prev[1] = end;
    else out.push([index, end]);
  }
  return out;
}

/** End of a sentence's text without its trailing spaces. */
export function trimmedEnd(text: string, [start, end]: [number, number]): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}
