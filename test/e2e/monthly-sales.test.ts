/**
 * The tutorial's report project, examples/monthly-sales: its generator is deterministic, both
 * editions build in one shared build with no warning, the "Revenue by region" table prints the
 * totals of the CSV (summed here, independently of the derived datasets), and the summary is one
 * page with no cover; both print their notes at the foot of the page.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, pageTexts, pdfinfo, runCli, sharedBuild, tempDir, type Run } from '../support.js';

const EXAMPLE = path.join(ROOT, 'examples', 'monthly-sales');
const DATA = path.join(EXAMPLE, 'data');

/** The CSV's rows, read here without briefkit (the file has no quoted cells). */
function sales(): { month: string; region: string; product: string; revenue: number }[] {
  const [head, ...lines] = fs.readFileSync(path.join(DATA, 'sales.csv'), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    const at = (c: string) => cells[cols.indexOf(c)]!;
    return { month: at('month'), region: at('region'), product: at('product'), revenue: Number(at('revenue')) };
  });
}
const grouped = (n: number) => n.toLocaleString('en-GB');

let run: Run;
let out: string;
const pdf = (audience: string) => path.join(out, `briefing-${audience}.pdf`);

beforeAll(() => {
  // both editions in one build, shared with any other test file that asks for it
  ({ out, run } = sharedBuild(['--root', EXAMPLE, '--jobs', '1']));
}, 300_000);

describe('examples/monthly-sales', () => {
  it('has a generator that rewrites the committed data byte for byte, 2,000 rows or more', () => {
    const gen = tempDir('briefkit-monthly-sales-');
    const r = spawnSync(process.execPath, [path.join(EXAMPLE, 'scripts', 'generate.mjs'), gen], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['sales.csv', 'targets.json']) expect(fs.readFileSync(path.join(gen, f)).equals(fs.readFileSync(path.join(DATA, f))), f).toBe(true);
    const rows = sales();
    expect(rows.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(rows.map((r) => `${r.month} ${r.region} ${r.product}`)).size).toBe(rows.length);
  });

  it('builds both editions with no warning, and `briefkit check` has none either', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toMatch(/\bBK\d{3}\b/);
    const check = runCli(['check', '--root', EXAMPLE]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toMatch(/\bBK\d{3}\b/);
    expect(fs.existsSync(pdf('full')) && fs.existsSync(pdf('summary'))).toBe(true);
  });

  it('prints in "Revenue by region" the 2025 totals of the CSV, largest first, in both editions', () => {
    const totals = new Map<string, number>();
    for (const r of sales()) if (r.month.startsWith('2025-')) totals.set(r.region, (totals.get(r.region) ?? 0) + r.revenue);
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    const order = [...totals].sort((a, b) => b[1] - a[1]);
    for (const audience of ['full', 'summary']) {
      const text = pageTexts(pdf(audience)).join('\n');
      const table = text.slice(text.indexOf('Revenue by region, 2025'));
      const printed = order.map(([region, total]) => {
        const m = new RegExp(`^\\s*${region}\\s+([\\d,]+)\\s+([\\d.]+)`, 'm').exec(table);
        expect(m, `${audience}: row ${region}`).not.toBeNull();
        expect(m![1], `${audience}: ${region}`).toBe(grouped(total));
        expect(m![2], `${audience}: share of ${region}`).toBe(((total / all) * 100).toFixed(1));
        return table.indexOf(m![0]);
      });
      expect(printed, audience).toEqual([...printed].sort((a, b) => a - b));
    }
  });

  it('states the year’s total and its change on 2024 as the CSV gives them', () => {
    const year = (y: string) => sales().filter((r) => r.month.startsWith(y)).reduce((s, r) => s + r.revenue, 0);
    const growth = ((year('2025') / year('2024') - 1) * 100).toFixed(1);
    const full = pageTexts(pdf('full')).join('\n').replace(/\s+/g, ' ');
    expect(full).toContain(`2025 ${grouped(year('2025'))} ${growth}`);
    expect(full).toContain(`${(year('2025') / 1e6).toFixed(2)} million euros, ${growth}% more than`);
  });

  it('gives the full edition 4 to 6 pages with a cover, the summary one page, both with their notes at the foot of the page', () => {
    const full = pageTexts(pdf('full'));
    expect(full.length).toBeGreaterThanOrEqual(4);
    expect(full.length).toBeLessThanOrEqual(6);
    expect(full[0]).toContain('Key figures');
    // no page of notes: each page's notes at its foot, a source in full the first time (on the cover), short after
    expect(full.join('\n')).not.toContain('Notes and sources');
    expect(full[0]).toMatch(/\n\s*1\. Monthly sales tutorial\. ‘Synthetic Monthly Sales by Region and Product, 2023–2025’, 31 December 2025\./);
    for (const page of full.slice(1)) expect(page).toMatch(/\n\s*1\. Monthly sales tutorial, ‘Synthetic Monthly Sales’\./);
    expect(Number(pdfinfo(pdf('summary')).Pages)).toBe(1);
    const [page] = pageTexts(pdf('summary'));
    expect(page).not.toContain('Key figures');
    expect(page).not.toContain('Notes and sources');
    expect(page).toMatch(/Monthly sales, 2023–2025[\s\S]*Summary[\s\S]*Revenue by region, 2025/);
    // the notes at the foot, after the text that calls them, and the data said to be synthetic
    expect(page).toMatch(/Revenue by region, 2025, million euros[\s\S]*\n\s*1\. Monthly sales tutorial\. ‘?Synthetic Monthly Sales by Region/);
    expect(page).toMatch(/\n\s*2\. Monthly sales tutorial\. ‘?Synthetic Revenue Targets by Region, 2025/);
  });

  it('prints no file or tool names', () => {
    for (const audience of ['full', 'summary']) {
      const text = pageTexts(pdf(audience)).join('\n');
      expect(text).not.toMatch(/\.(?:mjs|csv|json|ts|hbs|yaml)\b|briefkit|generate\b|Vega|pdfmake/i);
    }
  });
});

describe('docs/guide/tutorial.md', () => {
  it('writes the example’s files as they are: each file it shows is the same as in examples/monthly-sales', () => {
    const md = fs.readFileSync(path.join(ROOT, 'docs', 'guide', 'tutorial.md'), 'utf8');
    const shown = [...md.matchAll(/^```\w+[^\n]*title="([^"]+)"[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(shown.length).toBeGreaterThan(10);
    for (const [file, body] of shown) expect(body, file).toBe(fs.readFileSync(path.join(EXAMPLE, file), 'utf8'));
    // every file of the example's templates and config is in the tutorial
    const files = (dir: string): string[] => fs.readdirSync(path.join(EXAMPLE, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const wanted = ['briefkit.config.ts', 'scripts/generate.mjs', 'data/sources.json', ...files('templates')];
    expect(shown.map(([f]) => f).sort()).toEqual(wanted.sort());
  });
});
