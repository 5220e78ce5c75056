import { afterEach, describe, expect, it } from 'vitest';
import { NBSP, formatCompact, formatFixed, formatIsoDate, formatMoney, formatNumber, formatOrdinal, formatOrdinalWords, formatDuration, formatPercent, formatWith, qualify, restyleScaleWords, statedDecimals } from '../../../src/format/format.js';

describe('formatNumber', () => {
  it('adds thousands separators and keeps exactly the decimals the value has', () => {
    expect(formatNumber(921000, 'en-GB')).toBe('921,000');
    expect(formatNumber(1045000, 'en-GB')).toBe('1,045,000');
    expect(formatNumber(15.3, 'en-GB')).toBe('15.3');
    expect(formatNumber(1234.25, 'en-GB')).toBe('1,234.25');
    expect(formatNumber(0.125, 'en-GB')).toBe('0.125');
    expect(formatNumber(7, 'en-GB')).toBe('7');
  });
  it('writes negatives with a true minus sign, as prose does', () => {
    expect(formatNumber(-4.1, 'en-GB')).toBe('\u22124.1');
    expect(formatNumber(-18170, 'en-GB')).toBe('\u221218,170');
  });

  it('does not show binary floating-point noise', () => {
    expect(formatNumber(0.1 + 0.2, 'en-GB')).toBe('0.3');
    expect(formatNumber(1.1 * 3, 'en-GB')).toBe('3.3');
  });

  it('follows the locale', () => {
    expect(formatNumber(1234.5, 'de-DE')).toBe('1.234,5');
  });
});

describe('formatCompact', () => {
  it('uses millions and billions with a non-breaking space, keeping the stated precision', () => {
    expect(formatCompact(1045000, 'en-GB')).toBe('1.045\u00a0million');
    expect(formatCompact(2000000, 'en-GB')).toBe(`2${NBSP}million`);
    expect(formatCompact(37190000000, 'en-GB')).toBe(`37.19${NBSP}billion`);
    expect(formatCompact(921000, 'en-GB')).toBe('921,000');
  });
});

describe('formatPercent and formatFixed', () => {
  it('shows the value as given, with a true minus sign and an optional plus', () => {
    expect(formatPercent(15.3, 'en-GB')).toBe('15.3%');
    expect(formatPercent(15.3, 'en-GB', true)).toBe('+15.3%');
    expect(formatPercent(-4.1, 'en-GB', true)).toBe('\u22124.1%');
    expect(formatPercent(0, 'en-GB', true)).toBe('0%');
  });
  it('rounds computed values to the digits asked for', () => {
    expect(formatFixed(7.7333, 'en-GB', 1)).toBe('7.7');
    expect(formatFixed(-2.25, 'en-GB', 1, true)).toBe('\u22122.3');
    expect(formatFixed(2.04, 'en-GB', 1, true)).toBe('+2.0');
  });
});

describe('formatOrdinal', () => {
  it.each([
    [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'],
    [21, '21st'], [22, '22nd'], [23, '23rd'], [101, '101st'], [111, '111th'], [112, '112th'],
  ])('%i → %s', (n, s) => {
    expect(formatOrdinal(n, 'en-GB')).toBe(s);
  });
});

describe('formatMoney and qualify', () => {
  it('writes currency symbols and scale words', () => {
    expect(formatMoney(600, 'USD', 'bn', 'en-GB')).toBe(`US$600${NBSP}billion`);
    expect(formatMoney(376.5, 'CNY', 'bn', 'en-GB')).toBe(`CNY${NBSP}376.5${NBSP}billion`);
    expect(formatMoney(1500000, 'USD', 'unit', 'en-GB')).toBe(`US$1.5${NBSP}million`);
  });
  it('prefixes qualifiers in words', () => {
    expect(qualify('135,100', 'approx')).toBe(`about${NBSP}135,100`);
    expect(qualify('5', 'over')).toBe(`more than${NBSP}5`);
    expect(qualify('5', 'upTo')).toBe(`up to${NBSP}5`);
    expect(qualify('5', undefined)).toBe('5');
  });
});

describe('formatIsoDate', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  const cases: [string, string, string][] = [
    ['2019-05-15', 'd MMMM yyyy', '15 May 2019'],
    ['2024-01-01', 'd MMMM yyyy', '1 January 2024'],
    ['2024-12-31', 'd MMM yyyy', '31 Dec 2024'],
    ['2012-02', 'd MMMM yyyy', 'February 2012'],
    ['2012-02', 'd MMM yyyy', 'Feb 2012'],
    ['2019', 'd MMMM yyyy', '2019'],
    ['not a date', 'd MMMM yyyy', 'not a date'],
  ];

  it('does not roll an impossible date over into a different real date', () => {
    expect(formatIsoDate('2019-02-30', 'd MMMM yyyy')).not.toMatch(/March/);
    expect(formatIsoDate('2019-13', 'd MMMM yyyy')).not.toMatch(/2020/);
  });

  // The furthest time zones from UTC on either side, plus two ordinary ones.
  for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Shanghai', 'America/Los_Angeles']) {
    it(`formats calendar dates unchanged in TZ=${tz}`, () => {
      process.env.TZ = tz;
      for (const [iso, pattern, expected] of cases) expect(formatIsoDate(iso, pattern)).toBe(expected);
    });
  }
});

describe('fixed decimals (digits)', () => {
  it('pads or rounds to the digits given, as a table column or {{fig … digits=2}} asks', () => {
    expect(formatNumber(3, 'en-GB', 2)).toBe('3.00');
    expect(formatNumber(-18.17, 'en-GB', 1)).toBe('−18.2');
    expect(formatPercent(3, 'en-GB', false, 2)).toBe('3.00%');
    expect(formatPercent(12.5, 'en-GB', true, 1)).toBe('+12.5%');
    expect(formatMoney(37, 'USD', 'bn', 'en-GB', 1)).toBe(`US$37.0${NBSP}billion`);
    expect(formatCompact(1045000, 'en-GB', 2)).toBe(`1.05${NBSP}million`);
  });
});

describe('formatOrdinalWords and formatDuration (prose)', () => {
  it('spells ordinals out from first to ninety-ninth, numerals from 100 on', () => {
    expect([1, 2, 3, 5, 8, 9, 12, 20, 21, 24, 50, 99].map((n) => formatOrdinalWords(n, 'en-GB'))).toEqual(['first', 'second', 'third', 'fifth', 'eighth', 'ninth', 'twelfth', 'twentieth', 'twenty-first', 'twenty-fourth', 'fiftieth', 'ninety-ninth']);
    expect(formatOrdinalWords(100, 'en-GB')).toBe('100th');
    expect(formatOrdinalWords(9, 'de-DE')).toBe('9.');
  });
  it('writes decimal hours as hours and minutes, never as a clock-like 21.15', () => {
    expect(formatDuration(21.15, 'en-GB')).toBe(`21${NBSP}h${NBSP}9${NBSP}min`);
    expect(formatDuration(4.13, 'en-GB')).toBe(`4${NBSP}h${NBSP}8${NBSP}min`);
    expect(formatDuration(12, 'en-GB')).toBe(`12${NBSP}h`);
    expect(formatDuration(0.25, 'en-GB')).toBe(`15${NBSP}min`);
  });
});

describe('one style for large numbers, money and dates (the profile’s locale and numbers.large)', () => {
  const word = { locale: 'en-GB', large: 'word' as const };
  const abbrev = { locale: 'en-GB', large: 'abbrev' as const };
  it('writes millions and billions as the profile says, word or the house abbreviation, never an SI "M"', () => {
    expect(formatCompact(1045000, word)).toBe(`1.045${NBSP}million`);
    expect(formatCompact(1045000, abbrev)).toBe('1.045m');
    expect(formatCompact(37190000000, abbrev)).toBe('37.19bn');
    expect(formatCompact(921000, abbrev)).toBe('921,000');
    expect(restyleScaleWords('some 1.6 million and 2 billion', abbrev)).toBe('some 1.6m and 2bn');
    expect(restyleScaleWords('some 1.6 million', word)).toBe(`some 1.6${NBSP}million`);
  });
  it('takes other languages’ scale words from Intl', () => {
    expect(formatCompact(1045000, { locale: 'de-DE', large: 'word' })).toBe(`1,045${NBSP}Millionen`);
  });
  it('formats money through Intl for any ISO 4217 code, naming a currency by its code when its symbol is not Latin', () => {
    expect(formatMoney(387.25, 'CNY', 'bn', word)).toBe(`CNY${NBSP}387.25${NBSP}billion`);
    expect(formatMoney(387.25, 'CNY', 'bn', abbrev)).toBe(`CNY${NBSP}387.25bn`);
    expect(formatMoney(1.5, 'EUR', 'unit', word)).toBe('€1.5');
    expect(formatMoney(2500000, 'GBP', 'unit', word)).toBe(`£2.5${NBSP}million`);
    expect(formatMoney(1500, 'JPY', 'unit', word)).toBe(`JPY${NBSP}1,500`);
    expect(formatMoney(12, 'INR', 'm', abbrev)).toBe(`INR${NBSP}12m`);
    expect(formatMoney(37, 'USD', 'bn', { locale: 'en-US' })).toBe(`$37${NBSP}billion`);
    expect(formatMoney(-4.5, 'USD', 'bn', word)).toBe(`\u2212US$4.5${NBSP}billion`);
  });
  it('writes dates with Intl in the locale’s order, the pattern saying which parts show', () => {
    expect(formatIsoDate('2018-06-15', 'd MMMM yyyy', 'en-GB')).toBe('15 June 2018');
    expect(formatIsoDate('2018-06-15', 'd MMMM yyyy', 'en-US')).toBe('June 15, 2018');
    expect(formatIsoDate('2020-09', 'd MMMM yyyy', 'en-GB')).toBe('September 2020');
    expect(formatIsoDate('2018-06-15', 'd MMMM', 'en-GB')).toBe('15 June');
    expect(formatIsoDate('2018-06-15', 'd MMMM yyyy', 'de-DE')).toBe('15. Juni 2018');
  });
  it('serves chart specs by format name (axes and labels use the same style as prose)', () => {
    expect(formatWith(1200000, 'million:1', word)).toBe(`1.2${NBSP}million`);
    expect(formatWith(1000000, 'million:1', abbrev)).toBe('1.0m');
    expect(formatWith(0, 'million:1', word)).toBe('0');
    expect(formatWith(80000, 'number', word)).toBe('80,000');
    expect(formatWith(642968, '', word)).toBe('642,968');
    expect(formatWith(1045000, 'large', word)).toBe(`1.045${NBSP}million`);
    expect(formatWith(387.25, 'money:CNY:bn', word)).toBe(`CNY${NBSP}387.25${NBSP}billion`);
    expect(formatWith(-18.17, 'upto:1', word)).toBe('\u221218.2');
    expect(formatWith(24, 'upto:1', word)).toBe('24');
    expect(formatWith(15.3, 'percent', word)).toBe('15.3%');
    expect(formatWith(null, 'number', word)).toBe('');
    expect(() => formatWith(1, 'si', word)).toThrow(/unknown number format "si"/);
    expect(() => formatWith(1, 'number:9', word)).toThrow(/from 0 to 6/);
  });
  it('states the decimals of very small and very large numbers without exponent noise', () => {
    expect(statedDecimals(1e-7)).toBe(7);
    expect(statedDecimals(1.5e21)).toBe(0);
    expect(statedDecimals(22.005)).toBe(3);
  });
});

describe('date patterns', () => {
  it('refuses a pattern letter other than d, M and y', () => {
    expect(() => formatIsoDate('2024-01-16', 'jjj')).toThrow(/date pattern "jjj" has "j"/);
    expect(() => formatIsoDate('2024-01-16', 'EEEE d MMMM')).toThrow(/has "E"/);
  });
});
