/** Issue 27: a table's first column that names its rows is tagged as row headers (TH, Scope Row). */
import { describe, expect, it } from 'vitest';
import { names } from '../../../src/layout/blocks/table.js';

describe('names (a first column of row headers)', () => {
  it('holds for distinct, filled keys: years, countries, periods', () => {
    expect(names(3, ['2017', '2018', '2019'])).toBe(true);
    expect(names(2, ['China', 'United States', 'Japan'])).toBe(true);
    expect(names(2, ['2015–2019', '2020–2024'])).toBe(true);
  });
  it('does not hold for a one-column table, a repeated category or a blank cell', () => {
    expect(names(1, ['2017', '2018'])).toBe(false);
    expect(names(3, ['Patents', 'Patents', 'Trademarks'])).toBe(false);
    expect(names(2, ['2017', '', '2019'])).toBe(false);
    expect(names(2, ['2017', '\u2013'])).toBe(false);
    expect(names(2, [])).toBe(false);
  });
});
