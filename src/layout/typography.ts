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

const NBSP = '\u00a0';
const UNIT_WORDS = 'million|billion|trillion|bn|mn|tn|per cent|percent|patents|applications|cases|centres|centers|times|years|months|days|%';
const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';

const processor = retext().use(retextSmartypants, { dashes: 'oldschool', backticks: false });
const cache = new Map<string, string>();

/** Quotes, dashes and ellipses, by SmartyPants rules (a string with none of ' " -- ... is returned as is). */
export function smartQuotes(text: string): string {
  if (!/['"]|--|\.\.\./.test(text)) return text;
  let out = cache.get(text);
  if (out === undefined) {
    // a spaced "--" is an en dash between thin spaces, as before
    out = String(processor.processSync(text.replace(/ -- /g, '\u2009\u2013\u2009')));
    if (cache.size > 50_000) cache.clear();
    cache.set(text, out);
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
      // a qualifier and its figure: "up to US$600", "about 1.6", "more than 42,000"
      .replace(/\b(up to|about|nearly|more than|over|almost|around) (?=(?:US\$|CNY|RMB|€|\$)?\d)/g, (_, q: string) => q.replace(' ', NBSP) + NBSP)
  );
}

/** Both polishes, for one string. */
export function smarten(text: string): string {
  return nonBreaking(smartQuotes(text));
}

/**
 * Polishes every string of a pdfmake node tree in place (so node identity, which layout hooks
 * key on, is kept). Skips addresses and SVG (use `smartenSvg` for chart text).
 */
export function polishTree(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach((c, i) => {
      if (typeof c === 'string') node[i] = smarten(c);
      else polishTree(c);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Node;
  if (typeof n.svg === 'string' || n.canvas) return;
  const isAddress = typeof n.link === 'string' && typeof n.text === 'string' && n.link.includes(n.text);
  if (typeof n.text === 'string' && !isAddress) n.text = smarten(n.text);
  for (const [k, v] of Object.entries(n)) {
    if (k === 'text' && typeof v === 'string') continue;
    if (typeof v === 'object' && v !== null) polishTree(v);
  }
}

const decodeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" })[e]!);
const encodeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Quotes and dashes in the text of a chart's SVG (its labels, titles and legends). */
export function smartenSvg(svg: string): string {
  return svg.replace(/(<text\b[^>]*>)([^<]*)(<\/text>)/g, (_, open: string, body: string, close: string) => open + encodeXml(smartQuotes(decodeXml(body))) + close);
}
