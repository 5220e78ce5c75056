/**
 * Text polish for every printed string: typographic quotes, apostrophes, dashes and ellipses
 * (retext-smartypants, the unified collective's SmartyPants), and non-breaking spaces that keep
 * a number with its unit or scale word, a label with its number ("Figure 1", "page 7") and a
 * qualifier with its figure ("up to US$600 billion").
 *
 * `polishTree` applies it to a whole pdfmake document — cover, contents, headings, captions,
 * source lines, table cells, notes, running header and footer — so no block can forget it.
 * Addresses (nodes with a `link` whose text is part of it) are left exactly as they are.
 */
import { retext } from 'retext';
import retextSmartypants from 'retext-smartypants';
import type { Node } from './types.js';
import { mapSceneText } from '../charts/scene/walk.js';
import type { Scene } from '../charts/scene/types.js';
import { labelsFor } from '../i18n/index.js';

const NBSP = '\u00a0';
const UNIT_WORDS = 'million|billion|trillion|bn|mn|tn|per cent|percent|patents|applications|cases|centres|centers|times|years|months|days|%';
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';

const processor = retext().use(retextSmartypants, { dashes: 'oldschool', backticks: false });
const cache = new Map<string, string>();

/**
 * The outer and inner quotation marks of a language (BCP 47), from its catalogue (src/i18n/):
 * en-GB ‘outer “inner”’, en-US “outer ‘inner’”, de „außen ‚innen‘“, fr « extérieur “intérieur” »
 * (narrow no-break spaces inside the guillemets), es «exterior “interior”», zh “外‘内’”.
 */
export function quoteMarks(language: string): [[string, string], [string, string]] {
  const q = labelsFor(language).quotes;
  return [q.outer, q.inner];
}

const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
/** Chinese, Japanese and Korean text keeps its own quotation marks (“十四五”). */
const isCjk = (c: string | undefined) => c !== undefined && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(c);

/**
 * Curly quotation marks set by nesting, as the language wants them, whichever marks an author or
 * a source typed: a quotation at the outer level takes the outer marks, one inside it the inner,
 * and so on alternately. A ’ between two letters (China’s), or with no open ‘ before it, is an
 * apostrophe and stays. A closing mark whose opening is in another run of text (a quotation
 * around bold words) is taken to close an outer quotation. A mark beside Chinese, Japanese or
 * Korean text is that language's and stays as typed.
 */
export function localeQuotes(text: string, language: string): string {
  if (!/[\u2018\u2019\u201c\u201d]/.test(text)) return text;
  const marks = quoteMarks(language);
  const level = (depth: number) => marks[depth % 2]!;
  const open: string[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isCjk(text[i - 1]) || isCjk(text[i + 1])) {
      out += c;
      continue;
    }
    // a text set once already (a string polished twice): German „…“ opens with a low mark and
    // closes with the “ that opens elsewhere; a “ or ‘ after a letter and before no letter closes
    const closing = (c === '\u201c' || c === '\u2018') && i > 0 && !/[\s([{\u2013\u2014-]/.test(text[i - 1]!) && !isLetter(text[i + 1]);
    if (c === '\u00ab' || c === '\u00bb') {
      // guillemets set already (French, Spanish) stay, and count for the nesting
      if (c === '\u00ab') open.push('\u201c');
      else if (open.lastIndexOf('\u201c') >= 0) open.length = open.lastIndexOf('\u201c');
      out += c;
    } else if (c === '\u201e' || c === '\u201a') {
      out += level(open.length)[0];
      open.push(c === '\u201e' ? '\u201c' : '\u2018');
    } else if ((c === '\u201c' || c === '\u2018') && !closing) {
      out += level(open.length)[0];
      open.push(c);
    } else if (c === '\u201d' || (c === '\u201c' && closing)) {
      const at = open.lastIndexOf('\u201c');
      if (at >= 0) {
        open.length = at;
        out += level(at)[1];
      } else out += level(0)[1];
    } else if (c === '\u2019' || (c === '\u2018' && closing)) {
      const apostrophe = isLetter(text[i - 1]) && isLetter(text[i + 1]);
      if (!apostrophe && open.at(-1) === '\u2018') {
        open.pop();
        out += level(open.length)[1];
      } else out += c;
    } else out += c;
  }
  return out;
}

/**
 * Quotes, dashes and ellipses, by SmartyPants rules (a string with none of ' " -- ... is returned
 * as is), then, when a language is given, quotation marks set as it nests them (localeQuotes).
 */
export function smartQuotes(text: string, language?: string): string {
  if (!/['"]|--|\.\.\./.test(text)) return language ? localeQuotes(text, language) : text;
  const key = `${language ?? ''}\0${text}`;
  let out = cache.get(key);
  if (out === undefined) {
    // a spaced "--" is an en dash between thin spaces, as before
    out = String(processor.processSync(text.replace(/ -- /g, '\u2009\u2013\u2009')));
    if (language) out = localeQuotes(out, language);
    if (cache.size > 50_000) cache.clear();
    cache.set(key, out);
  }
  return out;
}

/** Non-breaking spaces where a line must not break. */
export function nonBreaking(text: string): string {
  return (
    text
      // a number and its unit or scale word: "30.2 billion", "US$50 bn", "15 %"
      .replace(new RegExp(`(\\d) (?=(?:${UNIT_WORDS})(?![\\p{L}]))`, 'gu'), `$1${NBSP}`)
      // a day and its month: "1 January 2019" never leaves "1" at a line's end
      .replace(new RegExp(`(^|[^\\d.,])(\\d{1,2}) (?=(?:${MONTHS})\\b)`, 'gu'), `$1$2${NBSP}`)
      // a currency or label and its number: "US$ 30", "Figure 1", "page 7", "No. 3"
      .replace(/(^|[^\p{L}])(US\$|CNY|RMB|EUR|Figure|Table|Section|Appendix|Chapter|page|pages|note|notes|No\.|§) (?=\d|[A-Z]\b)/gu, `$1$2${NBSP}`)
      // a case name's "v" stays with the party after it: "Huawei | v Conversant", never "Huawei v | Conversant"
      .replace(/(\p{Lu}[\p{L}.’'-]*) v (?=\p{Lu})/gu, `$1 v${NBSP}`)
      // a qualifier and its figure: "up to US$600", "about 1.6", "more than 42,000"
      .replace(/\b(up to|about|nearly|more than|over|almost|around) (?=(?:US\$|CNY|RMB|€|\$)?\d)/g, (_, q: string) => q.replace(' ', NBSP) + NBSP)
  );
}

/** Both polishes, for one string. */
export function smarten(text: string, language?: string): string {
  return nonBreaking(smartQuotes(text, language));
}

/**
 * Polishes every string of a pdfmake node tree in place (so node identity, which layout hooks
 * key on, is kept). Skips addresses and charts (use `smartenScene` for chart text).
 */
export function polishTree(node: unknown, language?: string): void {
  if (Array.isArray(node)) {
    node.forEach((c, i) => {
      if (typeof c === 'string') node[i] = smarten(c, language);
      else polishTree(c, language);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Node;
  if (n.svg || n.canvas) return;
  const isAddress = typeof n.link === 'string' && typeof n.text === 'string' && n.link.includes(n.text);
  if (typeof n.text === 'string' && !isAddress) n.text = smarten(n.text, language);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'text' && typeof v === 'string') continue;
    if (typeof v === 'object' && v !== null) polishTree(v, language);
  }
}

const decodeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" })[e]!);
const encodeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Quotes and dashes in the text of a chart (its labels, titles and legends). */
export function smartenScene(scene: Scene, language?: string): Scene {
  return mapSceneText(scene, (t) => smartQuotes(t, language));
}

