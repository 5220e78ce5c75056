/**
 * How alt text says numbers, dates and lists: through the shared formatter (src/format), in the
 * profile's locale, number style and date style, so a chart's description reads like the page
 * around it ("1.045 million", "September 2020", "A, B and C").
 */
import { formatCompact, formatIsoDate, formatNumber, statedDecimals, type NumberStyle } from '../../format/format.js';
import { fill, labelsFor, type ChartWords, type Count } from '../../i18n/index.js';
import type { Channel, Obj } from './views.js';

export interface AltStyle {
  numbers: NumberStyle;
  /** The profile's date pattern ("d MMMM yyyy"). */
  dateStyle: string;
  /** The edition's language: the words said (src/i18n, chart). */
  language?: string;
}

export const DEFAULT_STYLE: AltStyle = { numbers: { locale: 'en-GB', large: 'word' }, dateStyle: 'd MMMM yyyy' };

/** What separates two sentences once each has its stop: a space after ". ", nothing after "。". */
export const sentenceGap = (w: ChartWords): string => w.stop.slice(w.stop.trimEnd().length);

/** The chart words of the style's language. */
export const wordsOf = (style: AltStyle): ChartWords => labelsFor(style.language ?? 'en').chart;

/** A count in the language's form for one or for more ("1 series", "3 parts"). */
export const count = (c: Count, n: number, values: Record<string, string | number> = {}) => fill(n === 1 ? c.one : c.other, { n, ...values });

export { fill };

export const num = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/**
 * A measured value as the page prints it: as stated, in millions and billions in the profile's
 * style; a value with more than three decimals is computed (a mean, a share), and said to two.
 */
export function sayNumber(v: number, style: AltStyle): string {
  // 1,619,268 rather than "1.619268 million"
  if (Math.abs(v) >= 1e6 && Number.isInteger(v) && statedDecimals(v / 1e6) > 3) return formatNumber(v, style.numbers);
  const digits = statedDecimals(v) > 3 ? 2 : undefined;
  return formatCompact(v, style.numbers, digits && Math.abs(v) < 1e6 ? digits : undefined).replace(/\u00a0/g, ' ');
}

export function sayPercent(share: number, style: AltStyle): string {
  const pct = share * 100;
  const digits = Number.isInteger(Number(pct.toFixed(1))) ? 0 : 1;
  return `${formatNumber(Number(pct.toFixed(digits)), style.numbers, digits)}%`;
}

/** How precise a set of dates is: all on 1 January → years; all on one day of the month → months; else days. */
export type DatePrecision = 'year' | 'month' | 'day';

export function toDate(v: unknown, temporal: boolean): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (temporal && typeof v === 'number' && Number.isFinite(v)) return new Date(v);
  if (temporal && typeof v === 'string' && /^\d{4}(-\d{2}){0,2}/.test(v)) {
    const d = new Date(v.length === 4 ? `${v}-01-01T00:00:00Z` : v.length === 7 ? `${v}-01T00:00:00Z` : v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function precisionOf(dates: Date[]): DatePrecision {
  if (dates.every((d) => d.getUTCMonth() === 0 && d.getUTCDate() === 1)) return 'year';
  // one point a month on the same day (the 1st, or mid-month for monthly means): months
  const distinct = new Set(dates.map((d) => d.getTime()));
  const day = dates[0]?.getUTCDate();
  const months = new Set(dates.map((d) => `${d.getUTCFullYear()}-${d.getUTCMonth()}`));
  if (dates.every((d) => d.getUTCDate() === day) && months.size === distinct.size) return 'month';
  return 'day';
}

const iso = (d: Date, p: DatePrecision) => d.toISOString().slice(0, p === 'year' ? 4 : p === 'month' ? 7 : 10);

/** A position on the chart's dimension as a reader says it: a date in the profile's style, a number, a name. */
export function sayAt(v: unknown, style: AltStyle, precision: DatePrecision | undefined): string {
  if (v instanceof Date && precision) return formatIsoDate(iso(v, precision), style.dateStyle, style.numbers);
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1000 && v <= 9999 ? String(v) : sayNumber(v, style);
  return String(v);
}

/** A position as the language says it: "in 2010", "in September 2020", "on 4 March 2021". */
export const sayPosition = (v: unknown, style: AltStyle, p: DatePrecision | undefined): string => {
  const w = wordsOf(style).at;
  return fill(p === 'day' ? w.on : w.in, { at: sayAt(v, style, p) });
};

/** "A", "A and B", "A, B and C" (in the style's language). */
export function list(items: string[], style: AltStyle = DEFAULT_STYLE): string {
  const w = wordsOf(style);
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(w.listSeparator)}${w.listAnd}${items.at(-1)}`;
}

/** A field name as words: "actorGroup" → "actor group", "day_length" → "day length". */
export const words = (field: string) => field.replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`).replace(/[_-]+/g, ' ');

export const label = (c: Channel | undefined): string => (c?.title ?? (c?.field ? words(c.field) : undefined) ?? c?.datum ?? '').trim();

/** Sentence case inside a sentence: "Invention patents" → "invention patents"; "PCT filings", "GDP" unchanged. */
export const lower = (s: string) => (/^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+[A-Z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

/** A measure whose smaller values are better: drawn on a reversed scale, or titled so ("Rank (1 = top)", "lower is better"). */
export const lowerIsBetter = (c: Channel | undefined) => !!c && (c.reverse === true || /lower is better|1\s*=\s*(top|best|first)|\brank\b/i.test(label(c)));

/** The field a channel's values are found under in drawn data (aggregates and time units are renamed). */
export function fieldIn(c: Channel | undefined, rows: Obj[]): string | undefined {
  if (!c?.field) return undefined;
  const names = [c.aggregate && `${c.aggregate}_${c.field}`, c.timeUnit && `${c.timeUnit}_${c.field}`, c.field].filter((n): n is string => !!n);
  return names.find((n) => rows.some((r) => r[n] !== undefined));
}

