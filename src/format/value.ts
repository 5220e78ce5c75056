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

/**
 * The style, unit and decimals a value prints with: those the caller asks for (a helper's
 * `style`/`digits`), else those the dataset declares for the field. Declared decimals cap what
 * the value states (for the number and percent styles; a value the source words is left alone).
 */
export function fieldFormat(
  ds: { unit: string; numbers?: Record<string, FieldNumbers> },
  row: Row,
  field: string,
  asked: { style?: string | undefined; digits?: number | undefined } = {},
): { style: string; unit: string; digits?: number } {
  const d = ds.numbers?.[field];
  const style = asked.style ?? (d?.unit === '%' ? 'percent' : 'number');
  const v = row[field];
  const digits = asked.digits ?? (d?.digits !== undefined && typeof v === 'number' && (style === 'number' || style === 'percent') ? cappedDigits(statedDecimals(v), d.digits) : undefined);
  return { style, unit: d?.unit ?? ds.unit, ...(digits !== undefined ? { digits } : {}) };
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
