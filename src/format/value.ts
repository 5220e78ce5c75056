/**
 * One value of a dataset row, formatted as a reader sees it: the row's value field (value, rank,
 * received or count unless a field is named) in a style (number, compact, percent, rank,
 * reported wording, money). Shared by the template helpers and the cover's key figures.
 */
import { formatCompact, formatMoney, formatNumber, formatOrdinal, formatPercent } from './format.js';

type Row = Record<string, unknown>;

const VALUE_FIELDS = ['value', 'rank', 'received', 'count'];

export function valueField(row: Row, requested: unknown): string | undefined {
  if (typeof requested === 'string') return requested;
  return VALUE_FIELDS.find((f) => typeof row[f] === 'number');
}

export function formatValue(row: Row, field: string, style: string, locale: string, unit?: string, digits?: number): string {
  const v = row[field] as number;
  switch (style) {
    case 'compact':
      return formatCompact(v, locale, digits);
    case 'percent':
      return formatPercent(v, locale, false, digits);
    case 'rank':
      return formatOrdinal(v, locale);
    case 'reported':
      return typeof row.reported === 'string' ? row.reported.replace(/ (?=million|billion)/g, '\u00a0') : formatNumber(v, locale);
    case 'money': {
      const u = typeof row.unit === 'string' ? row.unit : unit;
      const currency = (row.currency as string) ?? (u?.startsWith('CNY') ? 'CNY' : 'USD');
      const scale = (row.scale as string) ?? (u?.includes('bn') ? 'bn' : 'unit');
      return formatMoney(v, currency, scale, locale, digits);
    }
    default:
      return formatNumber(v, locale, digits);
  }
}
