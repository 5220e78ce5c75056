/**
 * Number and date formatting for prose and tables: Intl for numbers (locale from the profile),
 * date-fns for dates (always in UTC, so the time zone of the machine never shows).
 * Numbers are never rounded here beyond what the data states; computed values (growth, CAGR)
 * are shown to one decimal.
 */
import { format as formatDate } from 'date-fns';
import { isRealIsoDate } from './date.js';

export const NBSP = '\u00a0';

const qualifierWords: Record<string, string> = { approx: 'about', nearly: 'nearly', over: 'more than', upTo: 'up to' };
/** In tables: ≈ about, < nearly (just under), > more than, ≤ up to. */
export const qualifierSymbol: Record<string, string> = { approx: '≈', nearly: '<', over: '>', upTo: '≤' };

export function qualify(text: string, qualifier: unknown): string {
  const w = typeof qualifier === 'string' ? qualifierWords[qualifier] : undefined;
  return w ? `${w}${NBSP}${text}` : text;
}

/** Exact decimal text of a number (no float noise, no rounding of what the data says). */
function exact(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** Decimals the data states for a number (12 significant digits, no float noise). */
export function statedDecimals(n: number): number {
  return (exact(n).split('.')[1] ?? '').length;
}

const formats = new Map<string, Intl.NumberFormat>();
/** Intl.NumberFormat with exactly `decimals` decimals (made once per locale and count: making one costs more than formatting). */
function fixedFormat(locale: string, decimals: number): Intl.NumberFormat {
  const key = `${locale}\0${decimals}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f;
}

/**
 * A number as the data states it, or with exactly `digits` decimals when given (a table
 * column's or a helper's `digits`: 3 with digits 2 is "3.00", −18.17 with digits 1 is "−18.2").
 */
export function formatNumber(n: number, locale: string, digits?: number): string {
  const decimals = digits ?? statedDecimals(n);
  // a true minus sign (U+2212), as in prose, not a hyphen
  return fixedFormat(locale, decimals).format(n).replace('-', '\u2212');
}

/** 1045000 → "1.045 million"; 921000 → "921,000"; 37190000000 → "37.19 billion". */
export function formatCompact(n: number, locale: string, digits?: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return formatNumber(Number(exact(n / 1e9)), locale, digits) + NBSP + 'billion';
  if (abs >= 1e6) return formatNumber(Number(exact(n / 1e6)), locale, digits) + NBSP + 'million';
  return formatNumber(n, locale, digits);
}

export function formatPercent(n: number, locale: string, signed = false, digits?: number): string {
  const s = formatNumber(n, locale, digits);
  return (signed && n > 0 ? '+' : '') + s.replace('-', '−') + '%';
}

export function formatFixed(n: number, locale: string, digits: number, signed = false): string {
  const s = fixedFormat(locale, digits).format(n);
  return (signed && n > 0 ? '+' : '') + s.replace('-', '−');
}

export function formatOrdinal(n: number, locale: string): string {
  if (!locale.startsWith('en')) return `${n}.`;
  const rule = new Intl.PluralRules(locale, { type: 'ordinal' }).select(n);
  const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' }[rule as 'one' | 'two' | 'few' | 'other'] ?? 'th';
  return `${n}${suffix}`;
}

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_WORD: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

/**
 * An ordinal for running prose: spelled out from first to ninety-ninth (Chicago 9.6: "the ninth
 * year running"), numerals from 100 on and in languages other than English.
 */
export function formatOrdinalWords(n: number, locale: string): string {
  if (!locale.startsWith('en') || !Number.isInteger(n) || n < 1 || n > 99) return formatOrdinal(n, locale);
  const cardinal = n < 20 ? ONES[n]! : TENS[Math.floor(n / 10)]! + (n % 10 ? '-' + ONES[n % 10]! : '');
  return cardinal.replace(/[a-z]+$/, (last) => ORDINAL_WORD[last] ?? (last.endsWith('y') ? last.slice(0, -1) + 'ieth' : last + 'th'));
}

/**
 * A length of time given in decimal hours, as a reader reads a duration: 21.15 → "21 h 9 min"
 * (never "21.15", which reads as a clock time), to the nearest minute.
 */
export function formatDuration(hours: number, locale: string): string {
  const minutes = Math.round(Math.abs(hours) * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts = [...(h ? [formatNumber(h, locale) + NBSP + 'h'] : []), ...(m || !h ? [formatNumber(m, locale) + NBSP + 'min'] : [])];
  return (hours < 0 ? '\u2212' : '') + parts.join(NBSP);
}

const CURRENCY: Record<string, string> = { USD: 'US$', CNY: 'CNY' };

/** value 376.5, "CNY", "bn" → "CNY 376.5 billion"; value 37, "USD", "bn" → "US$37 billion". */
export function formatMoney(n: number, currency: string, scale: string, locale: string, digits?: number): string {
  const sym = CURRENCY[currency] ?? currency;
  const sep = sym.endsWith('$') ? '' : NBSP;
  const body = scale === 'bn' ? formatNumber(n, locale, digits) + NBSP + 'billion' : formatCompact(n, locale, digits);
  return sym + sep + body;
}

/** Parses YYYY, YYYY-MM or YYYY-MM-DD as a UTC date and formats it with date-fns. */
export function formatIsoDate(iso: string, pattern: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso);
  // A date that does not exist is shown as written, never rolled over into another day.
  if (!m || !isRealIsoDate(iso)) return iso;
  const [, y, mo, d] = m;
  if (!mo) return y!;
  // date-fns formats in local time: build a local date with the same calendar fields (no TZ shift).
  const date = new Date(Number(y), Number(mo) - 1, Number(d ?? 1), 12);
  if (!d) return formatDate(date, pattern.includes('MMMM') ? 'MMMM yyyy' : 'MMM yyyy');
  return formatDate(date, pattern);
}
