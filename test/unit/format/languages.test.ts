/**
 * Numbers, money, ordinals and durations in the profile's language, through Intl (issue 26,
 * item 5): any ISO 4217 currency, ordinals by Intl.PluralRules with the catalogue's forms (no
 * more "n." for every language other than English), qualifiers in the language.
 */
import { describe, expect, it } from 'vitest';
import { formatCompact, formatDuration, formatMoney, formatOrdinal, qualify } from '../../../src/format/format.js';

const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money in any ISO 4217 currency', () => {
  it('EUR, JPY, GBP and CHF in English, German and French', () => {
    expect(plain(formatMoney(1500, 'EUR', 'unit', 'en-GB'))).toBe('€1,500');
    expect(plain(formatMoney(1500, 'EUR', 'unit', 'de-DE'))).toBe('1.500 €');
    expect(plain(formatMoney(1500, 'EUR', 'unit', 'fr-FR'))).toBe('1 500 €');
    expect(plain(formatMoney(120000, 'JPY', 'unit', 'en-GB'))).toBe('JPY 120,000');
    expect(plain(formatMoney(120000, 'JPY', 'unit', 'de-DE'))).toBe('120.000 JPY');
    expect(plain(formatMoney(2.5, 'GBP', 'bn', 'en-GB'))).toBe('£2.5 billion');
    expect(plain(formatMoney(2.5, 'GBP', 'bn', 'de-DE'))).toBe('2,5 Mrd. £');
    expect(plain(formatMoney(12.75, 'CHF', 'unit', 'de-CH'))).toBe('CHF 12.75');
    expect(plain(formatMoney(1500000, 'CHF', 'unit', 'fr-CH'))).toBe('1.5 M CHF');
  });
});

describe('ordinals, large numbers, durations and qualifiers by language', () => {
  it('ordinals: Intl.PluralRules picks the form, the catalogue writes it', () => {
    expect([1, 2, 3, 11, 23].map((n) => formatOrdinal(n, 'en-GB'))).toEqual(['1st', '2nd', '3rd', '11th', '23rd']);
    expect([1, 2, 23].map((n) => formatOrdinal(n, 'de'))).toEqual(['1.', '2.', '23.']);
    expect([1, 2, 23].map((n) => formatOrdinal(n, 'fr'))).toEqual(['1er', '2e', '23e']);
    expect([1, 2].map((n) => formatOrdinal(n, 'es'))).toEqual(['1.º', '2.º']);
    expect(formatOrdinal(3, 'zh')).toBe('第3');
  });

  it('millions in the language’s own notation, every stated digit kept', () => {
    expect(plain(formatCompact(1045000, 'de'))).toBe('1,045 Millionen');
    expect(plain(formatCompact(1045000, 'es'))).toBe('1,045 millones');
    expect(formatCompact(1045000, 'zh')).toBe('104.5万');
    expect(plain(formatCompact(1045000, 'en-GB'))).toBe('1.045 million');
  });

  it('durations and qualifiers in the language', () => {
    expect(plain(formatDuration(21.15, 'en-GB'))).toBe('21 h 9 min');
    expect(plain(formatDuration(21.15, 'de'))).toBe('21 Std. 9 Min.');
    expect(formatDuration(21.15, 'zh')).toBe('21小时9分钟');
    expect(plain(qualify('5', 'approx', 'de'))).toBe('etwa 5');
    expect(plain(qualify('5', 'over', 'fr'))).toBe('plus de 5');
    expect(qualify('5', 'approx', 'zh')).toBe('约5');
    expect(plain(qualify('5', 'upTo'))).toBe('up to 5');
  });
});
