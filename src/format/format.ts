/**
 * The one formatter of numbers, money and dates for everything a reader sees: prose helpers,
 * tables, chart axes and labels (a Vega expression function, src/charts/render.ts), the cover's
 * key figures and notes. Built on Intl.NumberFormat and Intl.DateTimeFormat with the profile's
 * locale (dates always in UTC, so the time zone of the machine never shows); Intl formatters are
 * made once per locale and option set and kept (making one costs far more than formatting).
 * Numbers are never rounded here beyond what the data states, unless a caller asks for fixed
 * decimals; computed values (growth, CAGR) are shown to one decimal.
 */
import { isRealIsoDate } from './date.js';
import { fill, labelsFor } from '../i18n/index.js';

export const NBSP = '\u00a0';

/**
 * How large numbers are written, chosen once in the profile (`numbers.large`): "word" prints
 * "1.045 million" and "37.19 billion", "abbrev" the house abbreviation "1.045m" and "37.19bn".
 */
export type LargeStyle = 'word' | 'abbrev';

/** The locale, and the profile's number style where a formatter needs it. */
export interface NumberStyle {
  locale: string;
  large?: LargeStyle;
}
export type LocaleOrStyle = string | NumberStyle;

const localeOf = (s: LocaleOrStyle) => (typeof s === 'string' ? s : s.locale);
const largeOf = (s: LocaleOrStyle): LargeStyle => (typeof s === 'string' ? 'word' : s.large ?? 'word');

const intl = new Map<string, Intl.NumberFormat>();
/** A cached Intl.NumberFormat for a locale and options. */
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}\0${JSON.stringify(options)}`;
  let f = intl.get(key);
  if (!f) intl.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/** The catalogue's word for each qualifier a dataset row may carry. */
const qualifierWords = { approx: 'about', nearly: 'nearly', over: 'moreThan', upTo: 'upTo' } as const;
/** In tables: ≈ about, < nearly (just under), > more than, ≤ up to. */
export const qualifierSymbol: Record<string, string> = { approx: '≈', nearly: '<', over: '>', upTo: '≤' };

/** A figure with its qualifier's word in the language (BCP 47): "about 1.6 million", "etwa 1,6 Millionen", "约160万". */
export function qualify(text: string, qualifier: unknown, language = 'en'): string {
  const key = typeof qualifier === 'string' && Object.hasOwn(qualifierWords, qualifier) ? qualifierWords[qualifier as keyof typeof qualifierWords] : undefined;
  if (!key) return text;
  const w = labelsFor(language)[key];
  // Chinese sets the word close up to the figure
  return /[\u3000-\u9fff]$/.test(w) ? w + text : `${w}${NBSP}${text}`;
}

/** Exact decimal text of a number (no float noise, no rounding of what the data says). */
function exact(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** Decimals the data states for a number (12 significant digits, no float noise). */
export function statedDecimals(n: number): number {
  const [mantissa, exponent] = exact(n).split('e');
  const d = (mantissa!.split('.')[1] ?? '').length - Number(exponent ?? 0);
  return Math.max(0, d);
}

/** Intl.NumberFormat with exactly `decimals` decimals. */
function fixedFormat(locale: string, decimals: number): Intl.NumberFormat {
  return numberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A true minus sign (U+2212), as in prose, not a hyphen. */
const minus = (s: string) => s.replace('-', '\u2212');

/**
 * A number as the data states it, or with exactly `digits` decimals when given (a table
 * column's or a helper's `digits`: 3 with digits 2 is "3.00", −18.17 with digits 1 is "−18.2").
 */
export function formatNumber(n: number, locale: LocaleOrStyle, digits?: number): string {
  return minus(fixedFormat(localeOf(locale), digits ?? statedDecimals(n)).format(n));
}

/** Significant digits of a figure in millions or billions with `decimals` decimals (1.045 → 4), for Intl's compact notation. */
const compactDigits = (scaled: number, decimals: number) => Math.min(21, Math.max(1, Math.floor(Math.log10(Math.abs(scaled) || 1)) + 1) + decimals);

const SCALES = [
  { at: 1e9, word: 'billion', abbrev: 'bn' },
  { at: 1e6, word: 'million', abbrev: 'm' },
] as const;

/**
 * A number in millions or billions in the profile's style: `scaled` is the number in that unit
 * (1.045 for 1.045 million), `unit` its power (1e6 or 1e9). English takes "million"/"billion" or
 * the house's "m"/"bn"; other languages take Intl's compact notation, long or short.
 */
function withScale(scaled: number, unit: number, style: LocaleOrStyle, digits?: number): string {
  const locale = localeOf(style);
  const large = largeOf(style);
  const decimals = digits ?? statedDecimals(scaled);
  const s = SCALES.find((x) => x.at === unit)!;
  if (locale.startsWith('en')) return formatNumber(scaled, locale, decimals) + (large === 'word' ? NBSP + s.word : s.abbrev);
  // compact notation counts in the language's own units (Chinese 万 and 亿): as many significant
  // digits as the figure has in millions or billions, so 1.045 million is "104.5万", never rounded
  const significant = compactDigits(scaled, decimals);
  const f = numberFormat(locale, { notation: 'compact', compactDisplay: large === 'word' ? 'long' : 'short', minimumSignificantDigits: significant, maximumSignificantDigits: significant });
  return minus(f.format(Number(exact(scaled * unit)))).replace(/ /g, NBSP);
}

/** The scale word or abbreviation of the profile's style (after a number in millions or billions): "million" or "m". */
export function scaleSuffix(unit: 1e6 | 1e9, style: LocaleOrStyle): string {
  const s = SCALES.find((x) => x.at === unit)!;
  return largeOf(style) === 'word' ? NBSP + s.word : s.abbrev;
}

/** 1045000 → "1.045 million" (or "1.045m"); 921000 → "921,000"; 37190000000 → "37.19 billion". */
export function formatCompact(n: number, style: LocaleOrStyle, digits?: number): string {
  const s = SCALES.find((x) => Math.abs(n) >= x.at);
  return s ? withScale(Number(exact(n / s.at)), s.at, style, digits) : formatNumber(n, style, digits);
}

/**
 * Words for millions and billions in a figure a source words ("1.045 million"), rewritten in the
 * profile's style ("1.045m"): the figure itself is left as stated.
 */
export function restyleScaleWords(text: string, style: LocaleOrStyle): string {
  return text.replace(/(\d)\s+(million|billion)\b/g, (_, d: string, w: string) => d + scaleSuffix(w === 'million' ? 1e6 : 1e9, style));
}

export function formatPercent(n: number, locale: LocaleOrStyle, signed = false, digits?: number): string {
  const s = formatNumber(n, locale, digits);
  return (signed && n > 0 ? '+' : '') + s + '%';
}

export function formatFixed(n: number, locale: LocaleOrStyle, digits: number, signed = false): string {
  const s = minus(fixedFormat(localeOf(locale), digits).format(n));
  return (signed && n > 0 ? '+' : '') + s;
}

/**
 * An ordinal numeral in the locale's language: Intl.PluralRules (type ordinal) picks the form,
 * the language's catalogue (src/i18n/) writes it: 1st, 2nd, 23rd; 3. (de); 1er, 2e (fr); 3.º (es); 第3 (zh).
 */
export function formatOrdinal(n: number, locale: LocaleOrStyle): string {
  const loc = localeOf(locale);
  const forms = labelsFor(loc).ordinal;
  const form = forms[plural(loc).select(n)] ?? forms.other;
  return fill(form, { n: formatNumber(n, loc) });
}

const plurals = new Map<string, Intl.PluralRules>();
function plural(locale: string): Intl.PluralRules {
  let p = plurals.get(locale);
  if (!p) plurals.set(locale, (p = new Intl.PluralRules(locale, { type: 'ordinal' })));
  return p;
}

const ONES = ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const ORDINAL_WORD: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

/**
 * An ordinal for running prose: spelled out from first to ninety-ninth (Chicago 9.6: "the ninth
 * year running"), numerals from 100 on and in languages other than English.
 */
export function formatOrdinalWords(n: number, locale: LocaleOrStyle): string {
  if (!localeOf(locale).startsWith('en') || !Number.isInteger(n) || n < 1 || n > 99) return formatOrdinal(n, locale);
  const cardinal = n < 20 ? ONES[n]! : TENS[Math.floor(n / 10)]! + (n % 10 ? '-' + ONES[n % 10]! : '');
  return cardinal.replace(/[a-z]+$/, (last) => ORDINAL_WORD[last] ?? (last.endsWith('y') ? last.slice(0, -1) + 'ieth' : last + 'th'));
}

/**
 * A length of time given in decimal hours, as a reader reads a duration: 21.15 → "21 h 9 min"
 * (never "21.15", which reads as a clock time), to the nearest minute.
 */
export function formatDuration(hours: number, locale: LocaleOrStyle): string {
  const minutes = Math.round(Math.abs(hours) * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  // the units as the locale abbreviates them (Intl's short unit style): "21 h 9 min", "21 Std. 9 Min.", "21小时9分钟"
  const loc = localeOf(locale);
  const unit = (v: number, u: 'hour' | 'minute') =>
    loc.startsWith('en') ? formatNumber(v, loc) + NBSP + (u === 'hour' ? 'h' : 'min') : numberFormat(loc, { style: 'unit', unit: u, unitDisplay: 'short' }).format(v).replace(/[ \u202f]/g, NBSP);
  const parts = [...(h ? [unit(h, 'hour')] : []), ...(m || !h ? [unit(m, 'minute')] : [])];
  return (hours < 0 ? '\u2212' : '') + parts.join(/^zh|^ja/.test(localeOf(locale)) ? '' : NBSP);
}

/**
 * How a currency is named: its symbol in the locale when that is Latin letters, "$", "€" or "£"
 * ("US$", "£", "€"), else its ISO code ("CNY", not "CN¥"; "INR", not "₹"), which every font sets.
 */
function currencyDisplay(locale: string, currency: string): 'symbol' | 'code' {
  const sym = numberFormat(locale, { style: 'currency', currency, currencyDisplay: 'symbol' }).formatToParts(1).find((p) => p.type === 'currency')?.value ?? currency;
  return /^[A-Za-z$€£]+$/.test(sym) ? 'symbol' : 'code';
}

/**
 * Money through Intl with any ISO 4217 code: value 376.5, "CNY", "bn" → "CNY 376.5 billion";
 * 37, "USD", "bn" → "US$37 billion" (en-GB; "$37 billion" in en-US); 1500000, "EUR", "unit" →
 * "€1.5 million". `scale` says what the value counts: "bn" billions, "m" millions, else units
 * (a unit amount of a million or more is written in millions or billions).
 */
export function formatMoney(n: number, currency: string, scale: string, style: LocaleOrStyle, digits?: number): string {
  const locale = localeOf(style);
  const code = currency.toUpperCase();
  let unit = scale === 'bn' ? 1e9 : scale === 'm' ? 1e6 : 1;
  let scaled = n;
  if (unit === 1) {
    const s = SCALES.find((x) => Math.abs(n) >= x.at);
    if (s) [unit, scaled] = [s.at, Number(exact(n / s.at))];
  }
  const decimals = digits ?? statedDecimals(scaled);
  let f: Intl.NumberFormat;
  try {
    f = numberFormat(locale, { style: 'currency', currency: code, currencyDisplay: currencyDisplay(locale, code), minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  } catch {
    // not an ISO 4217 code: the code as given, then the number
    return currency + NBSP + (unit === 1 ? formatNumber(scaled, style, decimals) : withScale(scaled, unit, style, decimals));
  }
  if (unit !== 1 && !locale.startsWith('en')) {
    // other languages: Intl's compact notation with the currency ("1,5 Mio. €", "€150万"), as many
    // significant digits as the amount has in millions or billions
    const significant = compactDigits(scaled, decimals);
    const c = numberFormat(locale, { style: 'currency', currency: code, currencyDisplay: currencyDisplay(locale, code), notation: 'compact', compactDisplay: 'long', minimumSignificantDigits: significant, maximumSignificantDigits: significant });
    return minus(c.format(Number(exact(scaled * unit)))).replace(/[\s\u202f]/g, NBSP);
  }
  const text = minus(f.format(scaled)).replace(/[\s\u202f]/g, NBSP);
  return unit === 1 ? text : text + scaleSuffix(unit as 1e6 | 1e9, style);
}

const dates = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\0${JSON.stringify(options)}`;
  let f = dates.get(key);
  if (!f) dates.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
  return f;
}

/**
 * What a date pattern (the profile's `dateStyle`, a helper's pattern: "d MMMM yyyy", "d MMM
 * yyyy", "MMMM yyyy", "d MMMM") asks for, as Intl options: a day when it has "d", the month long
 * for "MMMM", short for "MMM", numeric for "M"/"MM", a year when it has "y". The order and
 * punctuation are the locale's ("15 June 2018" in en-GB, "June 15, 2018" in en-US).
 */
function dateOptions(pattern: string): Intl.DateTimeFormatOptions {
  const unknown = /[A-Za-z]/.exec(pattern.replace(/d{1,2}|M{1,4}|y{1,4}/g, ''));
  if (unknown) throw new RangeError(`the date pattern "${pattern}" has "${unknown[0]}": a pattern is made of d (day), M, MM, MMM or MMMM (month) and yyyy (year)`);
  const month = /MMMM/.test(pattern) ? 'long' : /MMM/.test(pattern) ? 'short' : /MM/.test(pattern) ? '2-digit' : /M/.test(pattern) ? 'numeric' : undefined;
  return { ...(/d/.test(pattern) ? { day: 'numeric' as const } : {}), ...(month ? { month } : {}), ...(/y/.test(pattern) ? { year: 'numeric' as const } : {}) };
}

/**
 * YYYY, YYYY-MM or YYYY-MM-DD as a reader reads it, with Intl.DateTimeFormat in the locale (UTC).
 * A month without a day prints its month and year in the pattern's month style ("September
 * 2020"); a year alone prints as written.
 */
export function formatIsoDate(iso: string, pattern: string, locale: LocaleOrStyle = 'en-GB'): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(iso);
  // A date that does not exist is shown as written, never rolled over into another day.
  if (!m || !isRealIsoDate(iso)) return iso;
  const [, y, mo, d] = m;
  if (!mo) return y!;
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d ?? 1));
  date.setUTCHours(12);
  const options = dateOptions(pattern);
  if (!d) {
    delete options.day;
    options.year = 'numeric';
    options.month ??= 'long';
  }
  return dateFormat(localeOf(locale), options).format(date);
}

/** The number style a profile asks for: its locale and its `numbers.large`. */
export const numberStyle = (p: { locale: string; numbers?: { large?: LargeStyle } | undefined }): NumberStyle => ({ locale: p.locale, large: p.numbers?.large ?? 'word' });

/**
 * A number by a short format name, for places that hold a string rather than call a function —
 * chart specs (`"formatType": "briefkit", "format": "million:1"` on an axis or a text encoding, or
 * `briefkit(datum.value, 'money:CNY:bn')` in an expression):
 *   ""/"number"      as stated            "number:2"       two decimals   "upto:1"  at most one
 *   "large"          1.045 million, 921,000 (millions and billions in the profile's style)
 *   "million:1"      every value in millions, one decimal: 0.2 million, 1.0 million (0 stays 0)
 *   "billion"        likewise in billions
 *   "percent[:d]"    15.3%                "money:CNY:bn[:d]" CNY 387.25 billion (any ISO 4217 code)
 * An unknown name throws, naming the known ones.
 */
export function formatWith(v: unknown, format: string, style: LocaleOrStyle): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v === null || v === undefined ? '' : String(v);
  const [name = '', ...args] = format.split(':');
  const digitsArg = (s: string | undefined) => {
    if (s === undefined || s === '') return undefined;
    const d = Number(s);
    if (!Number.isInteger(d) || d < 0 || d > 6) throw new Error(`format "${format}": decimals must be a whole number from 0 to 6`);
    return d;
  };
  switch (name) {
    case '':
    case 'number':
      return formatNumber(v, style, digitsArg(args[0]));
    case 'upto': {
      const d = digitsArg(args[0]) ?? 0;
      return formatNumber(v, style, Math.min(statedDecimals(v), d));
    }
    case 'large':
      return formatCompact(v, style, digitsArg(args[0]));
    case 'million':
    case 'billion': {
      if (v === 0) return formatNumber(0, style);
      const unit = name === 'million' ? 1e6 : 1e9;
      return withScale(Number(exact(v / unit)), unit, style, digitsArg(args[0]));
    }
    case 'percent':
      return formatPercent(v, style, false, digitsArg(args[0]));
    case 'money':
      return formatMoney(v, args[0] ?? 'USD', args[1] ?? 'unit', style, digitsArg(args[2]));
    default:
      throw new Error(`unknown number format "${format}" (known: number, upto, large, million, billion, percent, money:<ISO code>:<bn|m|unit>, each with an optional :<decimals>)`);
  }
}
