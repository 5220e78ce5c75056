/** "Did you mean …?": the closest known name, only when it is close enough to be the intent. */
import { describe, expect, it } from 'vitest';
import { closest, didYouMean } from '../../../src/log/suggest.js';

describe('closest', () => {
  it('finds a swap, a missing, an extra or a wrong letter, ignoring case', () => {
    expect(closest('regoin', ['revenue', 'region', 'month'])).toBe('region');
    expect(closest('revenu', ['revenue', 'region'])).toBe('revenue');
    expect(closest('monthh', ['month', 'year'])).toBe('month');
    expect(closest('Groupby', ['groupBy', 'sort'])).toBe('groupBy');
    expect(closest('summ', ['sum', 'mean', 'min', 'max'])).toBe('sum');
  });
  it('suggests nothing far from every known name', () => {
    expect(closest('xyz', ['region', 'revenue'])).toBeUndefined();
    expect(closest('cat', ['dog'])).toBeUndefined();
    expect(didYouMean('totally-else', ['sales', 'targets'])).toBe('');
    expect(didYouMean('sale', ['sales', 'targets'])).toBe(' Did you mean "sales"?');
  });
});
