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
});
