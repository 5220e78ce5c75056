/**
 * Text polish applied to prose (never to data cells): typographic quotes and dashes, and
 * non-breaking spaces that keep a number with its unit or scale word.
 */
const UNIT_WORDS = 'million|billion|trillion|per cent|percent|patents|applications|cases|centres|centers|times|years|months|days|%';

export function smarten(text: string): string {
  return text
    .replace(/(^|[\s(\[\u2014\u2013])"/g, '$1\u201c')
    .replace(/"/g, '\u201d')
    .replace(/(^|[\s(\[\u2014\u2013])'/g, '$1\u2018')
    .replace(/'/g, '\u2019')
    .replace(/---/g, '\u2014')
    .replace(/ -- /g, '\u2009\u2013\u2009')
    .replace(/--/g, '\u2013')
    .replace(/(\d)[ ](?=(?:US\$|CNY|RMB)?(?:${UNIT_WORDS})\b)/g, '$1\u00a0')
    .replace(new RegExp(`(\\d) (?=(?:${UNIT_WORDS})\\b)`, 'g'), '$1\u00a0')
    .replace(/\b(US\$|CNY|RMB|Figure|Table|Section|page|No\.) (?=\d)/g, '$1\u00a0');
}
