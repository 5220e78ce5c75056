/**
 * One value of a dataset row, formatted as a reader sees it: the row's value field (value, rank,
 * received or count unless a field is named) in a style (number, compact, percent, rank,
 * reported wording, money). Shared by the template helpers and the cover's key figures.
 */
import { formatCompact, formatMoney, formatNumber, formatOrdinal, formatDuration, formatOrdinalWords, formatPercent, restyleScaleWords, statedDecimals, NBSP, type LocaleOrStyle } from './format.js';

type Row = Record<string, unknown>;

/**
 * How a dataset says one of its numeric fields prints (briefkit.config.ts, `numbers`): its
 * decimals — the most that are meaningful, for derived values such as growth rates and shares
 * where the source states more (−18.17 with 1 prints −18.2, and 24 stays 24) — and its unit
 * ("%" makes a value print as a percentage by default).
 */
export interface FieldNumbers {
  digits?: number;
  unit?: string;
}

/** Decimals for values that state `stated` decimals when at most `cap` are meaningful. */
export const cappedDigits = (stated: number, cap: number | undefined) => (cap === undefined ? stated : Math.min(stated, cap));

/** Whether a unit says its values are percentages: "%", or "%" followed by words ("% of GDP", "% y/y"). */
export const isPercentUnit = (unit: unknown): boolean => typeof unit === 'string' && /^%(\s|$)/.test(unit.trim());

/**
 * The style, unit and decimals a value prints with: those the caller asks for (a helper's
 * `style`/`digits`/`unit`), else those the dataset declares for the field (`numbers`), else, for
 * the row's value field, the unit the data states (the row's `unit`, else the dataset's): a unit
 * "%" (or "% of …") prints the value as a percentage. Declared decimals cap what the value states
 * (for the number and percent styles; a value the source words is left alone).
 */
export function fieldFormat(
  ds: { unit: string; numbers?: Record<string, FieldNumbers> },
  row: Row,
  field: string,
  asked: { style?: string | undefined; digits?: number | undefined; unit?: string | undefined } = {},
): { style: string; unit: string; digits?: number } {
  const d = ds.numbers?.[field];
  // the data's own unit describes the row's value field only (not, say, a growth rate beside it)
  const stated = field === valueField(row, undefined) ? (typeof row.unit === 'string' ? row.unit : ds.unit) : undefined;
  const unit = asked.unit ?? d?.unit ?? stated;
  const style = asked.style ?? (isPercentUnit(unit) ? 'percent' : 'number');
  const v = row[field];
  const digits = asked.digits ?? (d?.digits !== undefined && typeof v === 'number' && (style === 'number' || style === 'percent') ? cappedDigits(statedDecimals(v), d.digits) : undefined);
  return { style, unit: asked.unit ?? d?.unit ?? ds.unit, ...(digits !== undefined ? { digits } : {}) };
}

/** What is wrong with a `digits` option (a whole number from 0 to 6), or undefined when it is right or absent. */
export function digitsProblem(d: unknown): string | undefined {
  return d === undefined || (typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 6) ? undefined : `digits must be a whole number from 0 to 6, not ${JSON.stringify(d)}`;
}

/** What is wrong with a `unit` option (a non-empty text such as "%" or "USD bn"), or undefined. */
export function unitProblem(u: unknown): string | undefined {
  return u === undefined || (typeof u === 'string' && u.trim() !== '') ? undefined : `unit must be a text such as "%" or "USD bn", not ${JSON.stringify(u)}`;
}

const VALUE_FIELDS = ['value', 'rank', 'received', 'count'];

export function valueField(row: Row, requested: unknown): string | undefined {
  if (typeof requested === 'string') return requested;
  return VALUE_FIELDS.find((f) => typeof row[f] === 'number');
}

/** The styles formatValue knows; "reported" (a value as the source words it) is what a worded value gets by default. */
export const VALUE_STYLES = ['number', 'compact', 'percent', 'money', 'rank', 'ordinal-words', 'duration', 'reported'] as const;

export function formatValue(row: Row, field: string, style: string, locale: LocaleOrStyle, unit?: string, digits?: number): string {
  const v = row[field] as number;
  switch (style) {
    case 'compact':
      return formatCompact(v, locale, digits);
    case 'percent':
      return formatPercent(v, locale, false, digits);
    case 'rank':
      return formatOrdinal(v, locale);
    case 'duration':
      return formatDuration(v, locale);
    case 'ordinal-words':
      return formatOrdinalWords(v, locale);
    case 'reported':
      // as the source words it, with its "million"/"billion" in the profile's style
      return typeof row.reported === 'string' ? restyleScaleWords(row.reported, locale).replace(/ (?=million|billion)/g, NBSP) : formatNumber(v, locale);
    case 'money': {
      const u = typeof row.unit === 'string' ? row.unit : unit;
      // an ISO 4217 code in the row, else at the start of the unit ("CNY bn", "EUR"), else USD
      const currency = (row.currency as string) ?? /^[A-Z]{3}\b/.exec(u ?? '')?.[0] ?? 'USD';
      const scale = (row.scale as string) ?? (/\bbn\b|billion/.test(u ?? '') ? 'bn' : /\bm\b|million/.test(u ?? '') ? 'm' : 'unit');
      return formatMoney(v, currency, scale, locale, digits);
    }
    default:
      return formatNumber(v, locale, digits);
  }
}
