/**
 * `briefkit chart`: every kind of Vega-Lite view through the report's chart path, to SVG and to
 * PDF, plus the data-loading and refusal paths. Fixtures are in fixtures/charts (inline data,
 * a CSV next to a spec) and fixtures/chart-data (a --data-dir elsewhere).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, pdfinfo, pdftotext, pool, runCliAsync, runCliInProcess, tempDir, tool, type Run } from '../support.js';

const FIX = path.join(import.meta.dirname, 'fixtures');
const CHARTS = path.join(FIX, 'charts');

interface Case {
  name: string;
  /** Text that must appear in the chart (axis/legend/header labels, titles, text marks). */
  labels: string[];
  args?: string[];
}

const CASES: Case[] = [
  { name: 'bar', labels: ['Bar fixture', 'alpha', 'beta', 'gamma', 'Category', 'Count'] },
  { name: 'line', labels: ['Line fixture', '2019', '2022', 'Year', 'Filings'] },
  { name: 'area', labels: ['Area fixture', 'Elapsed', 'Volume'] },
  { name: 'point', labels: ['Point fixture', 'north', 'south', 'Group', 'Width', 'Height'] },
  { name: 'layered', labels: ['Layered fixture', 'alpha', 'gamma', 'Count'] },
  { name: 'faceted', labels: ['Faceted fixture', 'east', 'west', 'Region'] },
  { name: 'hconcat', labels: ['Left panel', 'Right panel', 'alpha', 'beta'] },
  { name: 'arc', labels: ['Arc fixture', 'apples', 'pears', 'plums', 'Fruit'] },
  { name: 'heatmap', labels: ['Heatmap fixture', 'Mon', 'Tue', 'morning', 'evening', 'Events'] },
  { name: 'rule', labels: ['Rule fixture', 'task-one', 'task-two', 'Week'] },
  { name: 'text', labels: ['Text fixture', 'hello-text', 'world-text'] },
  { name: 'url-csv', labels: ['CSV fixture', 'from-csv-a', 'from-csv-b'] },
  { name: 'data-dir', labels: ['Data-dir fixture', 'from-datadir-a', 'from-datadir-b'], args: ['--data-dir', path.join(FIX, 'chart-data')] },
];

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const svgTexts = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
const svgSize = (svg: string) => {
  const m = /^<svg\b[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
  return m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
};
/** Rows of pdffonts output after the header: [name, …, emb, sub, uni, object, gen]. */
const fontRows = (pdf: string) => tool('pdffonts', [pdf]).stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));

const OUT = tempDir('briefkit-chart-e2e-');
const runs = new Map<string, Run>();
const outFile = (name: string, ext: string) => path.join(OUT, `${name}.${ext}`);

const REFUSALS: [spec: string, url: string][] = [
  ['http.vl.json', 'http://example.com/rows.csv'],
  ['outside.vl.json', '../outside.csv'],
];
const REFUSED_DIR = tempDir('briefkit-chart-refused-');
const MISC_DIR = tempDir('briefkit-chart-misc-');
/** Specs naming a dataset of the repository's own project (bound with --root): right, with a field typo, with a dataset typo. */
const PROJECT_DIR = tempDir('briefkit-chart-project-');
const GII = JSON.parse(fs.readFileSync(path.join(ROOT, 'templates', 'charts', 'gii-rank.vl.json'), 'utf8')) as { encoding: Record<string, Record<string, unknown>> };
fs.writeFileSync(path.join(PROJECT_DIR, 'typo.vl.json'), JSON.stringify({ ...GII, encoding: { ...GII.encoding, y: { ...GII.encoding.y, field: 'rnak' } } }, null, 2));
fs.writeFileSync(path.join(PROJECT_DIR, 'dataset-typo.vl.json'), JSON.stringify({ ...GII, data: { name: 'gii-rnak' } }, null, 2));

/** Runs that start a new process (rendering in its worker thread); the others run the CLI in process. */
const SPAWNED = new Set(['bar.svg', 'bar.pdf', 'faceted.pdf', 'refused:http.vl.json.svg', 'png']);

// Every CLI run of this file: the spawned ones two at a time, beside the in-process ones (one at a time).
beforeAll(async () => {
  const job = (key: string, args: string[]) => async () => {
    runs.set(key, await (SPAWNED.has(key) ? runCliAsync : runCliInProcess)(args));
  };
  const jobs = [
    ...CASES.flatMap((c) => (['svg', 'pdf'] as const).map((ext) => job(`${c.name}.${ext}`, ['chart', path.join(CHARTS, `${c.name}.vl.json`), '--out', outFile(c.name, ext), ...(c.args ?? [])]))),
    ...REFUSALS.flatMap(([spec]) => (['svg', 'pdf'] as const).map((ext) => job(`refused:${spec}.${ext}`, ['chart', path.join(FIX, 'refusals', spec), '--out', path.join(REFUSED_DIR, `${spec}.${ext}`)]))),
    job('no-data-dir', ['chart', path.join(CHARTS, 'data-dir.vl.json'), '--out', path.join(MISC_DIR, 'no-data-dir.svg')]),
    job('png', ['chart', path.join(CHARTS, 'bar.vl.json'), '--out', path.join(MISC_DIR, 'x.png')]),
    job('project', ['--root', ROOT, 'chart', path.join(ROOT, 'templates', 'charts', 'gii-rank.vl.json'), '--out', path.join(PROJECT_DIR, 'gii.svg')]),
    job('project:typo', ['--root', ROOT, 'chart', path.join(PROJECT_DIR, 'typo.vl.json'), '--out', path.join(PROJECT_DIR, 'typo.svg')]),
    job('project:dataset-typo', ['--root', ROOT, 'chart', path.join(PROJECT_DIR, 'dataset-typo.vl.json'), '--out', path.join(PROJECT_DIR, 'dataset-typo.svg')]),
    job('project:none', ['--root', MISC_DIR, 'chart', path.join(ROOT, 'templates', 'charts', 'gii-rank.vl.json'), '--out', path.join(PROJECT_DIR, 'none.svg')]),
  ];
  await pool(jobs, 2);
}, 240_000);

afterAll(() => {
  for (const d of [OUT, REFUSED_DIR, MISC_DIR, PROJECT_DIR]) fs.rmSync(d, { recursive: true, force: true });
});

describe.each(CASES)('briefkit chart $name', (c) => {
  it('writes an SVG with a sane size and the expected labels', () => {
    const run = runs.get(`${c.name}.svg`)!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const svg = fs.readFileSync(outFile(c.name, 'svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    const size = svgSize(svg)!;
    expect(size).toBeDefined();
    expect(size.width).toBeGreaterThan(100);
    expect(size.width).toBeLessThan(2000);
    expect(size.height).toBeGreaterThan(80);
    expect(size.height).toBeLessThan(2000);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(c.labels));
  });

  it('writes a one-page PDF the size of the chart, valid, with only embedded fonts and the labels as text', () => {
    const run = runs.get(`${c.name}.pdf`)!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const pdf = outFile(c.name, 'pdf');
    const info = pdfinfo(pdf);
    expect(info.Pages).toBe('1');
    const m = /^([\d.]+) x ([\d.]+) pts/.exec(info['Page size'] ?? '');
    expect(m).not.toBeNull();
    // The PDF page is the SVG at 1 px = 0.75 pt.
    const size = svgSize(fs.readFileSync(outFile(c.name, 'svg'), 'utf8'))!;
    expect(Math.abs(Number(m![1]) - size.width * 0.75)).toBeLessThan(1);
    expect(Math.abs(Number(m![2]) - size.height * 0.75)).toBeLessThan(1);
    const check = tool('qpdf', ['--check', pdf]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const fonts = fontRows(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.at(-5), f.join(' ')).toBe('yes');
    const text = pdftotext(pdf);
    for (const l of c.labels) expect(text).toContain(l);
  });
});

describe('briefkit chart: data loading and refusals', () => {
  it("without --data-dir, a relative url resolves in the spec's own folder (where elsewhere.csv is not): an error, no output", () => {
    const run = runs.get('no-data-dir')!;
    expect(run.code).toBe(1);
    expect(fs.existsSync(path.join(MISC_DIR, 'no-data-dir.svg'))).toBe(false);
  });

  it.each(REFUSALS)('refuses %s (url %s): exit 1, BK203 on stderr, no output file', (spec, url) => {
    for (const ext of ['svg', 'pdf']) {
      const run = runs.get(`refused:${spec}.${ext}`)!;
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('BK203');
      expect(run.stderr).toContain(url);
      expect(run.stderr).not.toContain('secret-outside');
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(fs.existsSync(path.join(REFUSED_DIR, `${spec}.${ext}`))).toBe(false);
    }
  });

  it('leaves nothing behind in the output folder after refusals (no temp files)', () => {
    expect(fs.readdirSync(REFUSED_DIR)).toEqual([]);
  });

  it('refuses an output that is neither .svg nor .pdf with a usage error (exit 2)', () => {
    const run = runs.get('png')!;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('BK502');
    expect(fs.existsSync(path.join(MISC_DIR, 'x.png'))).toBe(false);
  });
});

describe('briefkit chart: a spec naming a project dataset (strict charts)', () => {
  it('binds the --root project\'s dataset by name and draws its rows (was: an empty chart, exit 0)', () => {
    const run = runs.get('project')!;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const svg = fs.readFileSync(path.join(PROJECT_DIR, 'gii.svg'), 'utf8');
    expect(svg).not.toContain('NaN');
    // the first and last years of the dataset label the x axis; the line's points are drawn
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['2012', '2024']));
    expect(svg).toMatch(/aria-label="year: 2012; [^"]*: \d+"/);
  });

  it('fails on a field typo: BK213 with the JSON path, the fields and the closest name; no file written', () => {
    const run = runs.get('project:typo')!;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BK213');
    expect(run.stderr).toContain('(at encoding.y.field)');
    expect(run.stderr).toContain('the dataset "gii-rank"');
    expect(run.stderr).toMatch(/one of the fields: [^\n]*\brank\b/);
    expect(run.stderr).toContain('Did you mean "rank"?');
    expect(fs.existsSync(path.join(PROJECT_DIR, 'typo.svg'))).toBe(false);
  });

  it('fails on a dataset the project does not declare (BK216, did-you-mean), and without a project to read it from', () => {
    const typo = runs.get('project:dataset-typo')!;
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('BK216');
    expect(typo.stderr).toContain('(at data.name)');
    expect(typo.stderr).toContain('Did you mean "gii-rank"?');
    const none = runs.get('project:none')!;
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('BK216');
    expect(none.stderr).toContain('no project config');
    expect(fs.existsSync(path.join(PROJECT_DIR, 'none.svg'))).toBe(false);
  });
});
