/**
 * Derived datasets end to end: a project with a raw CSV of sales and datasets derived from it
 * (totals by region, by year) used by a {{fig}}, a table, a chart and a cover key figure, built
 * to PDF. The totals are checked against sums computed here from the CSV, and the notes must
 * cite the sources of the raw rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, tempDir, tool, writeTree } from '../support.js';

const REGIONS = ['North', 'South', 'West'];
const rows: { month: string; region: string; product: string; revenue: number; source: string }[] = [];
for (const y of [2023, 2024]) for (let m = 1; m <= 12; m++) for (const [ri, region] of REGIONS.entries()) for (const product of ['tea', 'coffee']) {
  rows.push({ month: `${y}-${String(m).padStart(2, '0')}`, region, product, revenue: 1000 + ri * 450 + m * 37 + (product === 'tea' ? 120 : 0) + (y - 2023) * 210, source: `ledger-${y}` });
}
const csv = ['month,region,product,revenue,source', ...rows.map((r) => `${r.month},${r.region},${r.product},${r.revenue},${r.source}`)].join('\n') + '\n';
const total = (pick: (r: (typeof rows)[number]) => boolean) => rows.filter(pick).reduce((a, r) => a + r.revenue, 0);
const fmt = (n: number) => n.toLocaleString('en-GB');

const source = (y: number) => ({ id: `ledger-${y}`, title: `Sales ledger ${y}`, publisher: 'Example Trading Ltd', date: `${y + 1}-01-15`, url: `https://example.org/ledger-${y}`, kind: 'dataset' });

const files: Record<string, string> = {
  'briefkit.config.ts': `import { dataset, defineConfig, derived, isoMonth, provenance, z } from 'briefkit';

export default defineConfig({
  datasets: {
    sales: dataset({ file: 'sales.csv', row: { month: isoMonth, region: z.string(), product: z.string(), revenue: z.number(), ...provenance } }),
    'region-totals': derived({
      from: 'sales',
      groupBy: ['region'],
      measures: { revenue: { sum: 'revenue' }, share: { share: 'revenue' } },
      sort: '-revenue',
      title: 'Revenue by region',
    }),
    yearly: derived({
      from: 'sales',
      steps: [{ period: 'month', to: 'year' }, { groupBy: ['year'], measures: { value: { sum: 'revenue' } } }],
      row: { year: z.number().int(), value: z.number() },
    }),
  },
});
`,
  'data/sales.csv': csv,
  'data/sources.json': JSON.stringify({ sources: [source(2023), source(2024)] }, null, 2),
  'templates/profile.yaml': `title: "Monthly sales"
subtitle: "Revenue by region"
publisher: "Example Trading Ltd"
author: "Sales office"
language: en-GB
locale: en-GB
cover:
  kicker: "Report"
  keyFigures:
    - { dataset: yearly, key: 2024, label: "revenue in 2024" }
sections: [overview]
`,
  'templates/audiences/general/profile.yaml': 'label: General\nedition: "General edition"\n',
  'templates/sections/overview.md.hbs': `---
id: overview
title: Overview
---
The North region took {{fig "region-totals" region="North" field="revenue"}} over the two years, the West
{{fig "region-totals" region="West" field="revenue"}}.

{{chart "region-totals" id="fig-regions" caption="Revenue by region, 2023–2024"}}

{{table "region-totals" id="tbl-regions"}}
`,
  'templates/tables/region-totals.yaml': `dataset: region-totals
caption: "Revenue by region, 2023–2024"
columns:
  - { field: region, header: Region }
  - { field: revenue, header: Revenue, format: number }
  - { field: share, header: Share, format: percent }
`,
  'templates/charts/region-totals.vl.json': JSON.stringify({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Revenue by region',
    data: { name: 'region-totals' },
    height: 160,
    mark: 'bar',
    encoding: { x: { field: 'region', type: 'nominal', title: null, sort: null }, y: { field: 'revenue', type: 'quantitative', title: 'Revenue' } },
  }, null, 2),
};

let dir: string;
let text: string;
beforeAll(async () => {
  dir = tempDir('briefkit-derived-');
  writeTree(dir, files);
  const r = await runCliInProcess(['build', '--root', dir, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  text = tool('pdftotext', ['-layout', path.join(dir, 'out', 'briefing-general.pdf'), '-']).stdout;
}, 120_000);

describe('a derived totals dataset in a built report', () => {
  it('prints the totals computed from the CSV in prose, the table and on the cover', () => {
    const north = total((r) => r.region === 'North');
    const west = total((r) => r.region === 'West');
    expect(text).toMatch(new RegExp(`North region took\\s+${fmt(north)}`));
    expect(text).toContain(fmt(west));
    const all = total(() => true);
    for (const region of REGIONS) {
      const t = total((r) => r.region === region);
      // the table row: region, total, share to one decimal (the share's default)
      expect(text).toMatch(new RegExp(`${region}\\s+${fmt(t)}\\s+${(Math.round((t / all) * 1000) / 10).toFixed(1)}\\s?%`));
    }
    // the cover's key figure: 2024's total from the yearly dataset
    expect(text).toContain(fmt(total((r) => r.month.startsWith('2024'))));
  });

  it('orders the table as declared (largest first)', () => {
    const order = [...REGIONS].sort((a, b) => total((r) => r.region === b) - total((r) => r.region === a));
    const at = order.map((region) => text.search(new RegExp(`${region}\\s+${fmt(total((r) => r.region === region))}`)));
    expect(at.every((p) => p >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('cites the raw rows\' sources in the notes', () => {
    // the notes set titles in headline case
    const notes = text.slice(text.lastIndexOf('Notes and sources'));
    expect(notes).toMatch(/Example Trading Ltd\. ‘Sales Ledger 2023’/);
    expect(notes).toMatch(/Example Trading Ltd\. ‘Sales Ledger 2024’/);
  });

  it('draws the chart from the derived rows', () => {
    // the chart's text is read through its alt text (its drawn labels are not extracted piece
    // by piece), which is said from the rows the chart drew: every region's derived total
    const alt = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'alt.json'), 'utf8')) as { editions: Record<string, { figures: { alt: string; from: string }[] }> };
    const [figure] = alt.editions.general!.figures;
    expect(figure!.from).toBe('data');
    for (const g of REGIONS) expect(figure!.alt).toContain(`${g} ${fmt(total((r) => r.region === g))}`);
  });

  it('builds byte-identical PDFs', async () => {
    const first = fs.readFileSync(path.join(dir, 'out', 'briefing-general.pdf'));
    const again = tempDir('briefkit-derived-');
    writeTree(again, files);
    const r = await runCliInProcess(['build', '--root', again, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(again, 'out', 'briefing-general.pdf')).equals(first)).toBe(true);
  }, 120_000);

  it('a misspelt field in a derived declaration fails the build with BK052 and a did-you-mean', async () => {
    const bad = tempDir('briefkit-derived-');
    writeTree(bad, { ...files, 'briefkit.config.ts': files['briefkit.config.ts']!.replace("groupBy: ['region']", "groupBy: ['regoin']") });
    const r = await runCliInProcess(['build', '--root', bad, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK052: /);
    // the line of the misspelt name, not only of the entry
    const line = files['briefkit.config.ts']!.split('\n').findIndex((l) => l.includes("groupBy: ['region']")) + 1;
    expect(r.stderr).toContain(`briefkit.config.ts:${line} (at datasets.region-totals.groupBy[0])`);
    expect(r.stderr).toContain('Did you mean "region"?');
  }, 120_000);
});
