/**
 * Derived datasets (src/data/derive.ts on Vega's dataflow): each operation against values
 * computed here from the raw rows by plain JavaScript, provenance, and the catalogued errors.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dataset, provenance } from '../../../src/config/blocks.js';
import { derived } from '../../../src/config/derived.js';
import { checkConfig } from '../../../src/config/load.js';
import type { DerivedDecl } from '../../../src/config/types.js';
import { deriveData } from '../../../src/data/derive.js';
import type { DataBundle, Dataset, Row } from '../../../src/data/load.js';
import { thrown, thrownSync } from '../../support.js';
import { matchRows } from '../../../src/data/query.js';

const REGIONS = ['North', 'South', 'East'];
const PRODUCTS = ['tea', 'coffee'];
/** 2 years × 12 months × 3 regions × 2 products, revenue with cents, sources by year. */
const sales: Row[] = [];
for (const y of [2023, 2024]) for (let m = 1; m <= 12; m++) for (const [ri, region] of REGIONS.entries()) for (const [pi, product] of PRODUCTS.entries()) {
  sales.push({ month: `${y}-${String(m).padStart(2, '0')}`, region, product, revenue: Math.round((100 + ri * 37.5 + pi * 12.25 + m * 3.1 + (y - 2023) * 20) * 100) / 100, source: [y === 2023 ? 's-2023' : 's-2024'] });
}
const targets: Row[] = REGIONS.map((region, i) => ({ region, target: 5000 + i * 1000, source: ['s-targets'] }));

const salesDecl = dataset({ file: 'sales.csv', row: { month: z.string(), region: z.string(), product: z.string(), revenue: z.number(), ...provenance } });
const targetsDecl = dataset({ file: 'targets.json', row: { region: z.string(), target: z.number(), ...provenance }, key: ['region'] });

function ds(name: string, rows: Row[], fields: string[]): Dataset {
  return { name, file: `${name}.csv`, title: name, unit: 'USD', fields: [...fields, 'source', 'qualifier', 'derived', 'reported', 'note', 'caveats', 'excluded'], numbers: {}, rows };
}

const TEXT = (decls: Record<string, unknown>) => `export default defineConfig({\n  datasets: {\n${Object.keys(decls).map((n) => `    '${n}': …,`).join('\n')}\n  },\n});\n`;

/** Checks a config with the sales and targets datasets plus `decls`, and computes every derived dataset. */
async function derive(decls: Record<string, DerivedDecl>, rows: Row[] = sales): Promise<Map<string, Dataset>> {
  const all = { sales: salesDecl, targets: targetsDecl, ...decls };
  const config = checkConfig({ datasets: all }, TEXT(all), 'briefkit.config.ts');
  const bundle: DataBundle = {
    sources: new Map(),
    datasets: new Map([['sales', ds('sales', rows, ['month', 'region', 'product', 'revenue'])], ['targets', ds('targets', targets, ['region', 'target'])]]),
    defs: config.datasets,
    digest: '',
  };
  return (await deriveData(bundle, config)).datasets;
}
const rowsOf = async (decl: DerivedDecl, input?: Row[]) => (await derive({ out: decl }, input)).get('out')!.rows;

// plain-JS expectations, written independently of the engine
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round2 = (x: number) => Math.round(x * 100) / 100;
const unique = (xs: string[]) => [...new Set(xs)];

describe('derived datasets: operations', () => {
  it('groups and sums, counts, means, min and max (sorted by the grouping fields)', async () => {
    const rows = await rowsOf(derived({ from: 'sales', groupBy: ['region'], measures: { revenue: { sum: 'revenue' }, n: { count: true }, avg: { mean: 'revenue' }, lo: { min: 'revenue' }, hi: { max: 'revenue' } } }));
    expect(rows.map((r) => r.region)).toEqual([...REGIONS].sort());
    for (const r of rows) {
      const mine = sales.filter((s) => s.region === r.region).map((s) => s.revenue as number);
      expect(r.revenue).toBe(round2(sum(mine)));
      expect(r.n).toBe(mine.length);
      expect(r.avg).toBeCloseTo(sum(mine) / mine.length, 9);
      expect(r.lo).toBe(Math.min(...mine));
      expect(r.hi).toBe(Math.max(...mine));
      expect(r.derived).toBe(true);
    }
  });

  it('a sum prints no binary noise: as many decimals as its values state at most', async () => {
    const rows = await rowsOf(derived({ from: 'sales', groupBy: [], measures: { total: { sum: 'revenue' } } }), [
      { month: '2024-01', region: 'N', product: 'a', revenue: 0.1, source: ['x'] },
      { month: '2024-01', region: 'S', product: 'a', revenue: 0.2, source: ['y'] },
    ]);
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(rows).toEqual([{ total: 0.3, source: ['x', 'y'], derived: true }]);
  });

  it('share: each group\'s percentage of the total, within a partition', async () => {
    const rows = await rowsOf(derived({ from: 'sales', steps: [{ period: 'month', to: 'year' }, { groupBy: ['year', 'region'], measures: { share: { share: 'revenue', within: ['year'] } } }] }));
    for (const r of rows) {
      const year = sales.filter((s) => String(s.month).startsWith(String(r.year)));
      const mine = year.filter((s) => s.region === r.region);
      expect(r.share).toBeCloseTo((sum(mine.map((s) => s.revenue as number)) / sum(year.map((s) => s.revenue as number))) * 100, 9);
      // a share is computed from every row of its year's total
      expect(r.source).toEqual([`s-${r.year}`]);
    }
    expect(sum(rows.filter((r) => r.year === 2024).map((r) => r.share as number))).toBeCloseTo(100, 9);
  });

  it('filters by an expression or by fields and values, then sorts and takes the top N', async () => {
    const rows = await rowsOf(derived({ from: 'sales', where: "datum.product === 'tea' && datum.revenue > 150", sort: ['-revenue', 'month'], top: 3 }));
    const expected = sales.filter((s) => s.product === 'tea' && (s.revenue as number) > 150).sort((a, b) => (b.revenue as number) - (a.revenue as number) || String(a.month).localeCompare(String(b.month))).slice(0, 3);
    expect(rows.map((r) => [r.month, r.region, r.revenue])).toEqual(expected.map((r) => [r.month, r.region, r.revenue]));
    const east = await rowsOf(derived({ from: 'sales', where: { region: ['East', 'North'], product: 'coffee' } }));
    expect(east.length).toBe(sales.filter((s) => ['East', 'North'].includes(s.region as string) && s.product === 'coffee').length);
  });

  it('top N per group, ranked by a field', async () => {
    const rows = await rowsOf(derived({ from: 'sales', steps: [{ top: 2, by: 'revenue', per: ['region'] }] }));
    for (const region of REGIONS) {
      const best = sales.filter((s) => s.region === region).map((s) => s.revenue as number).sort((a, b) => b - a).slice(0, 2);
      expect(rows.filter((r) => r.region === region).map((r) => r.revenue)).toEqual(best);
    }
    expect(rows.map((r) => r.region)).toEqual(['East', 'East', 'North', 'North', 'South', 'South']);
  });

  it('computed fields, by Vega expressions (a later one reads an earlier one)', async () => {
    const rows = await rowsOf(derived({ from: 'sales', steps: [{ where: { month: '2024-03' } }, { compute: { cents: 'round(datum.revenue * 100)', euros: 'datum.cents / 100 * 0.9' } }] }));
    const march = sales.filter((s) => s.month === '2024-03');
    expect(rows.map((r) => r.cents)).toEqual(march.map((s) => Math.round((s.revenue as number) * 100)));
    rows.forEach((r, i) => expect(r.euros).toBeCloseTo((Math.round((march[i]!.revenue as number) * 100) / 100) * 0.9, 9));
  });

  it('joins another dataset on a field, with its sources', async () => {
    const rows = await rowsOf(derived({ from: 'sales', steps: [{ groupBy: ['region'], measures: { revenue: { sum: 'revenue' } } }, { join: 'targets', on: 'region' }, { compute: { gap: 'datum.revenue - datum.target' } }] }));
    for (const r of rows) {
      const t = targets.find((x) => x.region === r.region)!;
      expect(r.target).toBe(t.target);
      expect(r.gap).toBeCloseTo((r.revenue as number) - (t.target as number), 6);
      expect(r.source).toEqual(['s-2023', 's-2024', 's-targets']);
    }
  });

  it('pivots long to wide and back', async () => {
    const wide = await rowsOf(derived({ from: 'sales', steps: [{ period: 'month', to: 'year' }, { pivot: 'region', value: 'revenue', groupBy: ['year'] }] }));
    expect(wide.map((r) => r.year)).toEqual([2023, 2024]);
    for (const r of wide) for (const region of REGIONS) {
      expect(r[region]).toBe(round2(sum(sales.filter((s) => s.region === region && String(s.month).startsWith(String(r.year))).map((s) => s.revenue as number))));
    }
    expect(wide[0]!.source).toEqual(['s-2023']);
    const long = await derive({
      wide: derived({ from: 'sales', steps: [{ period: 'month', to: 'year' }, { pivot: 'region', value: 'revenue', groupBy: ['year'] }] }),
      long: derived({ from: 'wide', steps: [{ unpivot: ['North', 'South', 'East'], key: 'region', value: 'revenue' }, { sort: ['year', 'region'] }] }),
    });
    const back = long.get('long')!.rows;
    expect(back.length).toBe(6);
    expect(back.map((r) => [r.year, r.region, r.revenue])).toEqual(wide.flatMap((w) => ['East', 'North', 'South'].map((g) => [w.year, g, w[g]])));
    expect(back[0]!.North).toBeUndefined();
  });

  it('period arithmetic: months to quarters and years', async () => {
    const rows = await rowsOf(derived({ from: 'sales', steps: [{ period: 'month', to: 'quarter' }, { groupBy: ['quarter'], measures: { revenue: { sum: 'revenue' } } }] }));
    expect(rows.map((r) => r.quarter)).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4']);
    const q = (s: Row) => `${String(s.month).slice(0, 4)}-Q${Math.ceil(Number(String(s.month).slice(5)) / 3)}`;
    for (const r of rows) expect(r.revenue).toBe(round2(sum(sales.filter((s) => q(s) === r.quarter).map((s) => s.revenue as number))));
  });

  it('year-on-year and period-on-period change, with both rows\' sources', async () => {
    const rows = await rowsOf(derived({ from: 'sales', steps: [{ groupBy: ['month', 'region'], measures: { revenue: { sum: 'revenue' } } }, { change: 'revenue', period: 'month', groupBy: ['region'], as: 'yoy' }] }));
    const total = (m: string, region: string) => sum(sales.filter((s) => s.month === m && s.region === region).map((s) => s.revenue as number));
    for (const r of rows) {
      const prev = `${Number(String(r.month).slice(0, 4)) - 1}${String(r.month).slice(4)}`;
      if (String(r.month).startsWith('2023')) {
        expect(r.yoy).toBeUndefined();
        expect(r.source).toEqual(['s-2023']);
      } else {
        expect(r.yoy).toBeCloseTo(((total(r.month as string, r.region as string) - total(prev, r.region as string)) / total(prev, r.region as string)) * 100, 9);
        expect(r.source).toEqual(['s-2024', 's-2023']);
      }
    }
    const mom = await rowsOf(derived({ from: 'sales', steps: [{ groupBy: ['month'], measures: { revenue: { sum: 'revenue' } } }, { change: 'revenue', period: 'month', lag: 'period', as: 'diff', kind: 'difference' }] }));
    const jan24 = mom.find((r) => r.month === '2024-01')!;
    const dec23 = mom.find((r) => r.month === '2023-12')!;
    expect(jan24.diff).toBeCloseTo((jan24.revenue as number) - (dec23.revenue as number), 6);
    expect(mom.find((r) => r.month === '2023-01')!.diff).toBeUndefined();
  });

  it('derives from a derived dataset (declared in any order), deterministically', async () => {
    const decls = {
      best: derived({ from: 'by-region', sort: '-revenue', top: 1 }),
      'by-region': derived({ from: 'sales', groupBy: ['region'], measures: { revenue: { sum: 'revenue' } } }),
    };
    const a = await derive(decls);
    const totals = REGIONS.map((r) => [r, round2(sum(sales.filter((s) => s.region === r).map((s) => s.revenue as number)))] as const).sort((x, y) => y[1] - x[1]);
    expect(a.get('best')!.rows.map((r) => [r.region, r.revenue])).toEqual([totals[0]]);
    expect([...a.keys()]).toEqual(['sales', 'targets', 'best', 'by-region']);
    const b = await derive(decls, [...sales].reverse());
    // computed once per bundle and config
    const all = { sales: salesDecl, targets: targetsDecl, ...decls };
    const config = checkConfig({ datasets: all }, TEXT(all), 'briefkit.config.ts');
    const bundle: DataBundle = { sources: new Map(), datasets: new Map([['sales', ds('sales', sales, ['month', 'region', 'product', 'revenue'])]]), defs: config.datasets, digest: '' };
    const once = await deriveData(bundle, config);
    expect(await deriveData(bundle, config)).toBe(once);
    expect(await deriveData(bundle, { ...config, digest: 'other' })).not.toBe(once);
    expect(JSON.stringify(b.get('by-region')!.rows.map(({ source: _s, ...r }) => r))).toBe(JSON.stringify(a.get('by-region')!.rows.map(({ source: _s, ...r }) => r)));
  });
});

describe('derived datasets: provenance', () => {
  const input: Row[] = [
    { month: '2024-01', region: 'N', product: 'a', revenue: 10, source: ['b', 'a'], caveats: [2] },
    { month: '2024-02', region: 'N', product: 'a', revenue: 20, source: ['c', 'a'], qualifier: 'over' },
    { month: '2024-02', region: 'S', product: 'a', revenue: 5, source: ['d'], qualifier: 'approx' },
    { month: '2024-03', region: 'S', product: 'a', revenue: 7, source: ['e'], qualifier: 'over' },
    { month: '2024-03', region: 'S', product: 'a', revenue: 99, source: ['z'], excluded: true },
  ];
  it('a row names the sources of every row it was computed from, in the order they first occur', async () => {
    const rows = await rowsOf(derived({ from: 'sales', groupBy: ['region'], measures: { revenue: { sum: 'revenue' } } }), input);
    expect(rows).toEqual([
      { region: 'N', revenue: 30, source: ['b', 'a', 'c'], caveats: [2], qualifier: 'over', derived: true },
      { region: 'S', revenue: 12, source: ['d', 'e'], qualifier: 'approx', derived: true },
    ]);
    const unchanged = await rowsOf(derived({ from: 'sales', where: { region: 'N' } }), input);
    expect(unchanged.map((r) => r.source)).toEqual([['b', 'a'], ['c', 'a']]);
    expect(unique(unchanged.flatMap((r) => r.source as string[]))).toEqual(['b', 'a', 'c']);
  });
});

describe('derived datasets: errors', () => {
  const config = (decls: Record<string, unknown>) => {
    const all = { sales: salesDecl, targets: targetsDecl, ...decls };
    return checkConfig({ datasets: all }, TEXT(all), 'briefkit.config.ts');
  };
  it('an unknown dataset is BK050 naming the entry, with a did-you-mean', () => {
    const e = thrownSync(() => config({ totals: derived({ from: 'sale', groupBy: ['region'], measures: { n: { count: true } } }) }));
    expect(e.code).toBe('BK050');
    expect(e.where).toMatchObject({ file: 'briefkit.config.ts', field: 'datasets.totals.from', line: 5 });
    expect(e.message).toContain('Did you mean "sales"?');
    const j = thrownSync(() => config({ totals: derived({ from: 'sales', steps: [{ join: 'target', on: 'region' }] }) }));
    expect(j.code).toBe('BK050');
    expect(j.where.field).toBe('datasets.totals.steps[0].join');
  });
  it('a circle is BK051 and names it', () => {
    const e = thrownSync(() => config({ a: derived({ from: 'b' }), b: derived({ from: 'c' }), c: derived({ from: 'a' }) }));
    expect(e.code).toBe('BK051');
    expect(e.message).toContain('a → b → c → a');
  });
  it('an unknown field is BK052 naming the step and field, with the fields and a did-you-mean', async () => {
    const e = await thrown(() => derive({ totals: derived({ from: 'sales', groupBy: ['regoin'], measures: { revenue: { sum: 'revenue' } } }) }));
    expect(e.code).toBe('BK052');
    expect(e.where).toMatchObject({ file: 'briefkit.config.ts', field: 'datasets.totals.groupBy[0]', line: 5 });
    expect(e.message).toContain('Did you mean "region"?');
    expect(e.message).toContain('month, region, product, revenue');
    const inExpr = await thrown(() => derive({ t: derived({ from: 'sales', steps: [{ where: 'datum.revenu > 1' }] }) }));
    expect([inExpr.code, inExpr.where.field]).toEqual(['BK052', 'datasets.t.steps[0].where']);
    expect(inExpr.message).toContain('Did you mean "revenue"?');
    const later = await thrown(() => derive({ t: derived({ from: 'sales', steps: [{ groupBy: ['region'], measures: { total: { sum: 'revenue' } } }, { sort: '-revenue' }] }) }));
    expect([later.code, later.where.field]).toEqual(['BK052', 'datasets.t.steps[1].sort']);
    expect(later.message).toContain('region, total');
  });
  it('a misspelt operation, option or measure is BK053 with a did-you-mean', () => {
    const verb = thrownSync(() => config({ t: derived({ from: 'sales', steps: [{ groupby: ['region'] } as never] }) }));
    expect([verb.code, verb.where.field]).toEqual(['BK053', 'datasets.t.steps[0]']);
    expect(verb.message).toContain('Did you mean "groupBy"?');
    const m = thrownSync(() => config({ t: derived({ from: 'sales', groupBy: ['region'], measures: { r: { summ: 'revenue' } as never } }) }));
    expect(m.code).toBe('BK053');
    expect(m.message).toContain('Did you mean "sum"?');
    const s = thrownSync(() => config({ t: derived({ from: 'sales', gruopBy: ['x'] } as never) }));
    expect(s.message).toContain('Did you mean "groupBy"?');
    const from = thrownSync(() => config({ t: { form: 'sales', groupBy: ['region'], measures: { n: { count: true } } } }));
    expect([from.code, from.where.field]).toEqual(['BK053', 'datasets.t.form']);
    expect(from.message).toContain('Did you mean "from"?');
  });
  it('an expression that does not parse or calls an unknown function is BK054; no code runs', async () => {
    const e = await thrown(() => derive({ t: derived({ from: 'sales', compute: { x: 'datum.revenue +' } }) }));
    expect([e.code, e.where.field]).toEqual(['BK054', 'datasets.t.compute.x']);
    const f = await thrown(() => derive({ t: derived({ from: 'sales', compute: { x: "constructor.constructor('return process')()" } }) }));
    expect(f.code).toBe('BK054');
  });
  it('text where a sum needs numbers, and an ambiguous year-on-year, are BK055', async () => {
    const e = await thrown(() => derive({ t: derived({ from: 'sales', groupBy: [], measures: { r: { sum: 'region' } } }) }));
    expect(e.code).toBe('BK055');
    const typed = await thrown(() => derive({ t: derived({ from: 'sales', where: { revenue: '100' } }) }));
    expect([typed.code, typed.where.field]).toEqual(['BK055', 'datasets.t.where.revenue']);
    expect(typed.message).toContain('"revenue" holds numbers, but the filter compares it with "100"');
    const yoy = await thrown(() => derive({ t: derived({ from: 'sales', steps: [{ change: 'revenue', period: 'month', as: 'yoy' }] }) }));
    expect(yoy.code).toBe('BK055');
    expect(yoy.message).toMatch(/one row per month/);
  });
  it('a declared row schema is checked (BK056), and NaN from a division is refused', async () => {
    const e = await thrown(() => derive({ t: derived({ from: 'sales', groupBy: ['region'], measures: { revenue: { sum: 'revenue' } }, row: { region: z.enum(['North', 'South']), revenue: z.number() } }) }));
    expect([e.code, e.where.field]).toEqual(['BK056', 'datasets.t.row']);
    expect(e.message).toContain('rows[0].region');
    const nan = await thrown(() => derive({ t: derived({ from: 'sales', compute: { x: 'sqrt(-datum.revenue)' } }) }));
    expect(nan.code).toBe('BK056');
  });
  it('a duplicate declared key is BK057, an empty result BK058', async () => {
    const e = await thrown(() => derive({ t: derived({ from: 'sales', where: { month: '2024-01' }, key: ['region'] }) }));
    expect(e.code).toBe('BK057');
    const empty = await thrown(() => derive({ t: derived({ from: 'sales', where: 'datum.revenue < 0' }) }));
    expect(empty.code).toBe('BK058');
  });
});

describe('derived datasets: the example of docs/guide/derived-data.md', () => {
  it('loads, runs and gives the values plain JavaScript computes', async () => {
    const { default: fs } = await import('node:fs');
    const { Area } = await import('../../../src/io/project.js');
    const { loadConfig } = await import('../../../src/config/load.js');
    const { loadData } = await import('../../../src/data/load.js');
    const { ROOT, tempDir, writeTree } = await import('../../support.js');
    const page = fs.readFileSync(`${ROOT}/docs/guide/derived-data.md`, 'utf8');
    // the page's config, without the two datasets of the `briefkit init` scaffold it is written into
    const code = /```ts title="briefkit\.config\.ts"\n([\s\S]*?)```/.exec(page)![1]!.split('\n').filter((l) => !l.includes("'tai-utc")).join('\n');
    const dir = tempDir('briefkit-derive-');
    const few = sales.filter((s) => (s.month as string) >= '2023-10');
    writeTree(dir, {
      'briefkit.config.ts': code,
      'data/sources.json': JSON.stringify({ sources: ['s-2023', 's-2024', 's-targets'].map((id) => ({ id, title: id, publisher: 'P', url: 'https://example.org', kind: 'web' })) }),
      'data/sales.csv': ['month,region,product,revenue,source', ...few.map((r) => `${r.month},${r.region},${r.product},${r.revenue},${(r.source as string[])[0]}`)].join('\n') + '\n',
      'data/targets.json': JSON.stringify({ title: 'Targets', unit: 'USD', rows: targets }),
    });
    const config = await loadConfig(new Area(dir, '.'));
    const data = await deriveData(loadData(new Area(`${dir}/data`, 'data'), config), config);
    const totals = data.datasets.get('region-totals')!.rows;
    const byRegion = (region: string) => few.filter((s) => s.region === region).map((s) => s.revenue as number);
    expect(totals.map((r) => [r.region, r.revenue, r.months])).toEqual(REGIONS.map((g) => [g, round2(sum(byRegion(g))), byRegion(g).length]).sort((a, b) => (b[1] as number) - (a[1] as number)));
    const growth = data.datasets.get('quarterly-growth')!.rows;
    const q4 = (y: number, g: string) => sum(few.filter((s) => s.region === g && String(s.month) >= `${y}-10` && String(s.month) <= `${y}-12`).map((s) => s.revenue as number));
    for (const g of REGIONS) {
      const r = growth.find((x) => x.quarter === '2024-Q4' && x.region === g)!;
      expect(r.yoy).toBeCloseTo(((q4(2024, g) - q4(2023, g)) / q4(2023, g)) * 100, 9);
      expect(r.gap).toBeCloseTo(q4(2024, g) - (targets.find((t) => t.region === g)!.target as number), 6);
      expect(r.source).toEqual(['s-2024', 's-2023', 's-targets']);
    }
  });
});

describe('derived datasets: no code from strings', () => {
  it('every step runs in a Node that refuses eval and Function (vega-interpreter reads the expressions)', async () => {
    const { spawnSync } = await import('node:child_process');
    const { ROOT } = await import('../../support.js');
    const script = `
      import { checkConfig } from './dist/src/config/load.js';
      import { deriveData } from './dist/src/data/derive.js';
      import { dataset, provenance } from './dist/src/config/blocks.js';
      import { z } from 'zod';
      let refused = false;
      try { new Function('return 1'); } catch { refused = true; }
      const rows = [{ month: '2024-01', region: 'N', revenue: 5, source: ['a'] }, { month: '2025-01', region: 'N', revenue: 7, source: ['b'] }, { month: '2025-01', region: 'S', revenue: 1, source: ['b'] }];
      const datasets = {
        sales: dataset({ file: 'sales.csv', row: { month: z.string(), region: z.string(), revenue: z.number(), ...provenance } }),
        t: { from: 'sales', steps: [{ where: 'datum.revenue > 0 && year(toDate(datum.month)) > 2000' }, { compute: { x: 'datum.revenue * 2' } }, { period: 'month', to: 'year' }, { groupBy: ['year', 'region'], measures: { revenue: { sum: 'revenue' }, s: { share: 'revenue', within: ['year'] } } }, { change: 'revenue', period: 'year', groupBy: ['region'], as: 'yoy' }, { top: 1, by: 'revenue', per: ['year'] }, { sort: '-revenue' }] },
        r: { from: 'sales', groupBy: ['region'], measures: { total: { sum: 'revenue' } } },
        w: { from: 'sales', steps: [{ pivot: 'region', value: 'revenue', groupBy: ['month'] }, { unpivot: ['N', 'S'], key: 'region', value: 'revenue' }, { join: 'r', on: 'region' }] },
      };
      const config = checkConfig({ datasets }, '', 'c.ts');
      const bundle = { sources: new Map(), datasets: new Map([['sales', { name: 'sales', file: 's', title: 's', unit: '', fields: ['month', 'region', 'revenue', 'source'], numbers: {}, rows }]]), defs: config.datasets, digest: '' };
      const out = await deriveData(bundle, config);
      console.log(JSON.stringify({ refused, t: out.datasets.get('t').rows, w: out.datasets.get('w').rows }));`;
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.refused).toBe(true);
    expect(out.t).toEqual([
      { year: 2025, region: 'N', revenue: 7, s: (7 / 8) * 100, source: ['b', 'a'], derived: true, yoy: 40 },
      { year: 2024, region: 'N', revenue: 5, s: 100, source: ['a'], derived: true },
    ]);
    expect(out.w.map((x: Row) => [x.month, x.region, x.revenue, x.total])).toEqual([['2024-01', 'N', 5, 12], ['2025-01', 'N', 7, 12], ['2025-01', 'S', 1, 1]]);
  });
});

describe('quoted keys match the declared key', () => {
  it('a derived dataset is keyed by its groupBy fields: {{fig "totals" "North"}} finds the North row', async () => {
    const totals = (await derive({ totals: derived({ from: 'sales', groupBy: ['region'], measures: { revenue: { sum: 'revenue' } } }) })).get('totals')!;
    expect(totals.key).toEqual(['region']);
    const rows = matchRows(totals, 'North', {});
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revenue).toBe(round2(sum(sales.filter((s) => s.region === 'North').map((s) => s.revenue as number))));
  });

  it('a key of several fields matches any of them, and filters pick one row', async () => {
    const monthly = (await derive({ m: derived({ from: 'sales', groupBy: ['month', 'region'], measures: { revenue: { sum: 'revenue' } } }) })).get('m')!;
    expect(matchRows(monthly, 'South', {})).toHaveLength(24);
    expect(matchRows(monthly, 'South', { month: '2024-03' })).toHaveLength(1);
    expect(matchRows(monthly, 'West', {})).toHaveLength(0);
  });

  it('a dataset read from a file takes its declared key list', () => {
    const config = checkConfig({ datasets: { targets: targetsDecl } }, TEXT({ targets: 1 }), 'briefkit.config.ts');
    expect(config.datasets[0]!.keyFields).toEqual(['region']);
    const t: Dataset = { ...ds('targets', targets, ['region', 'target']), key: ['region'] };
    expect(matchRows(t, 'East', {}).map((r) => r.target)).toEqual([7000]);
    // without a declared key, a quoted key matches only the usual key fields (id, period, date, month)
    expect(matchRows(ds('targets', targets, ['region', 'target']), 'East', {})).toHaveLength(0);
  });
});
