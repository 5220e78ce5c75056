import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { events, isoDate, monthlySeries, sourceSchema, sourcesFile, yearlySeries } from '../../../src/config/blocks.js';
import { checkConfig } from '../../../src/config/load.js';

/** The checked form of one declaration: its whole-file (JSON) and row (CSV) schemas. */
const def = (file: string, decl: Parameters<typeof checkConfig>[0]) => checkConfig({ datasets: { d: decl } }, '', 'briefkit.config.ts').datasets[0]!;
const yearValue = def('d.json', yearlySeries({ file: 'd.json' })).fileSchema;
const pctByOriginRow = def('d.csv', yearlySeries({ file: 'd.csv', by: { origin: z.enum(['China', 'United States', 'Japan']) } })).row;
const reactionRow = def('r.csv', events({ file: 'r.csv', fields: { actor: z.string().min(1), actorGroup: z.enum(['WTO', 'China']), kind: z.enum(['agreement', 'reform']) } })).row;

describe('building blocks', () => {
  it('isoDate accepts YYYY, YYYY-MM and YYYY-MM-DD only', () => {
    for (const ok of ['2019', '2019-05', '2019-05-15']) expect(isoDate.safeParse(ok).success).toBe(true);
    for (const bad of ['19', '2019-5', '2019-05-15T00:00', '15/05/2019', '']) expect(isoDate.safeParse(bad).success).toBe(false);
  });

  it('isoDate rejects dates that do not exist on the calendar', () => {
    for (const bad of ['2019-13', '2019-00', '2019-13-01', '2019-02-30', '2019-04-31', '2019-05-32', '2019-05-00']) expect(isoDate.safeParse(bad).success, bad).toBe(false);
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
  });

  it('a source needs a url or an article file (a source article may have both), and a kebab-case id', () => {
    const base = { id: 'a-1', title: 't', publisher: 'p', kind: 'web' as const };
    expect(sourceSchema.safeParse({ ...base, url: 'https://x.org' }).success).toBe(true);
    expect(sourceSchema.safeParse({ ...base, kind: 'article', article: 'a-1.txt' }).success).toBe(true);
    expect(sourceSchema.safeParse(base).success).toBe(false);
    expect(sourceSchema.safeParse({ ...base, url: 'https://x.org', article: 'a.txt' }).success).toBe(false); // only kind "article" names a file
    expect(sourceSchema.safeParse({ ...base, kind: 'article', url: 'https://x.org', article: 'a.txt' }).success).toBe(true);
    expect(sourceSchema.safeParse({ ...base, id: 'Not_Kebab', url: 'https://x.org' }).success).toBe(false);
    expect(sourceSchema.safeParse({ ...base, url: 'ftp://x.org' }).success).toBe(false);
    expect(sourcesFile.safeParse({ sources: [] }).success).toBe(false);
    // made-up data has no address: it says it is synthetic, in its record and its title
    const made = { ...base, kind: 'dataset' as const, title: '[Synthetic sales for a tutorial]', synthetic: true };
    expect(sourceSchema.safeParse(made).success).toBe(true);
    expect(sourceSchema.safeParse({ ...made, title: '[Sales for a tutorial]' }).success).toBe(false);
    expect(sourceSchema.safeParse({ ...made, synthetic: false }).success).toBe(false);
  });

  it('year/value series: strict fields, integer years in range, non-negative finite values, at least one source', () => {
    const file = (row: Record<string, unknown>) => ({ title: 't', unit: 'u', rows: [row] });
    expect(yearValue.safeParse(file({ year: 2020, value: 5, source: ['a'] })).success).toBe(true);
    expect(yearValue.safeParse(file({ year: 2020.5, value: 5, source: ['a'] })).success).toBe(false);
    expect(yearValue.safeParse(file({ year: 1899, value: 5, source: ['a'] })).success).toBe(false);
    expect(yearValue.safeParse(file({ year: 2020, value: -1, source: ['a'] })).success).toBe(false);
    expect(yearValue.safeParse(file({ year: 2020, value: 5, source: [] })).success).toBe(false);
    expect(yearValue.safeParse(file({ year: 2020, value: 5, source: ['a'], extra: 1 })).success).toBe(false);
    expect(yearValue.safeParse({ unit: 'u', rows: [] }).success).toBe(false);
  });

  it('CSV rows: numeric strings become numbers, empty optionals vanish, sources split on ";"', () => {
    const r = pctByOriginRow.parse({ year: '2019', origin: 'China', value: ' 58990 ', qualifier: '', source: 'a; b', note: '' });
    expect(r).toEqual({ year: 2019, origin: 'China', value: 58990, source: ['a', 'b'] });
    // an empty item, trailing or not, is refused (BK046 when the file is loaded), never dropped
    for (const source of ['a; b;', 'a; ; b']) expect(pctByOriginRow.safeParse({ year: '2019', origin: 'China', value: '1', qualifier: '', source, note: '' }).success).toBe(false);
    expect(pctByOriginRow.safeParse({ year: '2019', origin: 'China', value: '5e4', qualifier: '', source: 'a', note: '' }).success).toBe(false);
    expect(pctByOriginRow.safeParse({ year: '2019', origin: 'France', value: '1', qualifier: '', source: 'a', note: '' }).success).toBe(false);
    expect(pctByOriginRow.safeParse({ year: '2019', origin: 'China', value: '1', qualifier: '', source: ' ; ', note: '' }).success).toBe(false);
  });

  it('reaction rows take an ISO date, an optional end date and a known kind', () => {
    const row = { date: '2012-02', end: '', actor: 'A', actorGroup: 'WTO', kind: 'agreement', event: 'e', source: 'x' };
    expect(reactionRow.parse(row)).toEqual({ date: '2012-02', actor: 'A', actorGroup: 'WTO', kind: 'agreement', event: 'e', source: ['x'] });
    expect(reactionRow.safeParse({ ...row, qualifier: '', note: '' }).success).toBe(true);
    expect(reactionRow.safeParse({ ...row, kind: 'rumour' }).success).toBe(false);
    expect(reactionRow.safeParse({ ...row, end: 'soon' }).success).toBe(false);
  });

  it('monthlySeries takes value: false as yearlySeries does, and the series then declares its own fields', () => {
    for (const block of [yearlySeries, monthlySeries]) {
      const d = def('m.csv', block({ file: 'm.csv', value: false, fields: { revenue: z.number() } }));
      expect(d.fields).not.toContain('value');
      expect(d.fields).toContain('revenue');
    }
    const row = def('m.csv', monthlySeries({ file: 'm.csv', value: false, fields: { revenue: z.number() } })).row;
    expect(row.safeParse({ month: '2025-12', revenue: '5', source: 'a' }).success).toBe(true);
    expect(row.safeParse({ month: '2025-12', revenue: '5', value: '1', source: 'a' }).success).toBe(false);
  });
});
