import { describe, expect, it } from 'vitest';
import type { DataBundle } from '../../../src/data/load.js';
import { coverFigures } from '../../../src/layout/cover.js';
import { profileSchema } from '../../../src/profile/schema.js';
import { thrownSync } from '../../support.js';

const rows = [
  { month: '2025-06', city: 'Oslo', value: 18.5, source: ['s'] },
  { month: '2025-06', city: 'Madrid', value: 15.1, source: ['s'] },
];
const data = {
  sources: new Map(),
  datasets: new Map([['daylight', { name: 'daylight', file: 'data/daylight.json', title: 'T', unit: 'hours', fields: ['month', 'city', 'value', 'source'], rows }]]),
  defs: [],
  digest: '',
} as unknown as DataBundle;
const profile = (fig: Record<string, unknown>) =>
  profileSchema.parse({ title: 'T', publisher: 'P', author: 'A', sections: ['s'], cover: { keyFigures: [{ dataset: 'daylight', label: 'L', ...fig }] } });

describe('cover key figures', () => {
  it('match a month key, narrowed by where', () => {
    const [f] = coverFigures(profile({ key: '2025-06', where: { city: 'Madrid' } }), data);
    expect(f!.value).toBe('15.1');
  });

  it('refuse a key that matches several rows, naming a filter that tells them apart', () => {
    const e = thrownSync(() => coverFigures(profile({ key: '2025-06' }), data));
    expect(e.code).toBe('BK503');
    expect(e.message).toContain('2 rows of daylight match "2025-06"');
    expect(e.message).toContain('where: { city: "Oslo" }');
  });

  it('refuse a filter on a field the dataset lacks (BK115)', () => {
    expect(thrownSync(() => coverFigures(profile({ key: '2025-06', where: { town: 'Oslo' } }), data)).code).toBe('BK115');
  });

  // a monthly sales total under a `month` key, in a column named `revenue`, not `value`
  const sales = {
    sources: new Map(),
    datasets: new Map([
      ['totals', { name: 'totals', file: 'briefkit.config.ts (totals)', title: 'T', unit: 'USD', key: ['month'], fields: ['month', 'revenue', 'share', 'source'], numbers: {}, rows: [
        { month: '2025-11', revenue: 1180004.5, share: 48.25, source: ['s'] },
        { month: '2025-12', revenue: 1268860.25, share: 51.75, source: ['s'] },
      ] }],
      ['rates', { name: 'rates', file: 'data/rates.json', title: 'T', unit: '%', fields: ['year', 'value', 'source'], numbers: {}, rows: [{ year: 2025, value: 4.5, source: ['s'] }] }],
    ]),
    defs: [],
    digest: '',
  } as unknown as DataBundle;
  const sale = (fig: Record<string, unknown>) =>
    profileSchema.parse({ title: 'T', publisher: 'P', author: 'A', sections: ['s'], cover: { keyFigures: [{ dataset: 'totals', label: 'L', ...fig }] } });

  it('read the field they name, like {{fig … field=}}', () => {
    expect(coverFigures(sale({ key: '2025-12', field: 'revenue' }), sales)[0]!.value).toBe('1,268,860.25');
    expect(coverFigures(sale({ key: '2025-12', field: 'share', unit: '%' }), sales)[0]!.value).toBe('51.75%');
  });

  it('print the decimals the author asks for: "1.27 million", not "1.26886025 million"', () => {
    expect(coverFigures(sale({ key: '2025-12', field: 'revenue', style: 'compact' }), sales)[0]!.value).toBe('1.26886025\u00a0million');
    expect(coverFigures(sale({ key: '2025-12', field: 'revenue', style: 'compact', digits: 2 }), sales)[0]!.value).toBe('1.27\u00a0million');
    expect(profileSchema.safeParse({ title: 'T', publisher: 'P', author: 'A', sections: ['s'], cover: { keyFigures: [{ dataset: 'totals', key: 1, label: 'L', digits: 7 }] } }).success).toBe(false);
  });

  it('say the row exists but has no number to print when no field is named, listing the numeric fields', () => {
    const e = thrownSync(() => coverFigures(sale({ key: '2025-12' }), sales));
    expect(e.code).toBe('BK503');
    expect(e.message).not.toContain('no row');
    expect(e.message).toContain('row "2025-12" of totals has no numeric field');
    expect(e.message).toContain('revenue, share');
  });

  it('refuse a field the dataset lacks (BK115) and name the key fields when no row matches', () => {
    expect(thrownSync(() => coverFigures(sale({ key: '2025-12', field: 'revnue' }), sales)).code).toBe('BK115');
    expect(thrownSync(() => coverFigures(sale({ key: '2026-01', field: 'revenue' }), sales)).message).toContain('a value of its key (month)');
  });

  it('print a value whose data states the unit "%" as a percentage', () => {
    const p = profileSchema.parse({ title: 'T', publisher: 'P', author: 'A', sections: ['s'], cover: { keyFigures: [{ dataset: 'rates', key: 2025, label: 'L' }] } });
    expect(coverFigures(p, sales)[0]!.value).toBe('4.5%');
  });
});
