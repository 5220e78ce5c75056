import fs from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { FontMetrics } from '../../../src/charts/metrics.js';
import { checkSpecUrls, renderChart, type ChartInput } from '../../../src/charts/render.js';
import { Area } from '../../../src/io/project.js';
import { BriefkitError } from '../../../src/log/error.js';
import { chartConfig, makeTheme } from '../../../src/theme/theme.js';
import { ROOT, tempDir, thrown, thrownSync, writeTree } from '../../support.js';

const FONT_DIR = path.join(ROOT, 'node_modules', 'pdfmake', 'fonts', 'Roboto');
const face = (f: string) => fs.readFileSync(path.join(FONT_DIR, f));
const roboto = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
};
const metrics = () =>
  new FontMetrics({ Roboto: { ...roboto, buffers: { normal: face(roboto.normal), bold: face(roboto.bold), italics: face(roboto.italics), bolditalics: face(roboto.bolditalics) } } }, 'Roboto');

const BAR = {
  data: { values: [{ cat: 'alpha', v: 3 }, { cat: 'beta', v: 7 }, { cat: 'gamma', v: 5 }] },
  mark: 'bar',
  encoding: { x: { field: 'cat', type: 'nominal', title: 'Category' }, y: { field: 'v', type: 'quantitative', title: 'Count' } },
};

const input = (spec: object, o: Partial<ChartInput> = {}): ChartInput => ({
  file: 'templates/charts/t.vl.json',
  spec: spec as Record<string, unknown>,
  datasets: new Map(),
  config: chartConfig(makeTheme()),
  width: 400,
  height: 200,
  ...o,
});

/** Text content of every <text> element in an SVG. */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

beforeAll(() => {
  metrics().install();
});

describe('renderChart', () => {
  it('renders a bar chart with inline values to SVG at the requested size', async () => {
    const out = await renderChart(input(BAR));
    expect(out.svg.startsWith('<svg')).toBe(true);
    expect(out.width).toBe(400);
    expect(out.height).toBe(200);
    expect(out.svg).toMatch(/width="400" height="200"/);
    const texts = svgTexts(out.svg);
    expect(texts).toEqual(expect.arrayContaining(['alpha', 'beta', 'gamma', 'Category', 'Count']));
    // three bars: paths with role-mark bar items
    expect(out.svg).toContain('role-mark');
    expect(out.warnings).toEqual([]);
  });

  it('binds named datasets to their rows', async () => {
    const spec = { ...BAR, data: { name: 'rows' } };
    const out = await renderChart(input(spec, { datasets: new Map([['rows', [{ cat: 'delta', v: 1 }, { cat: 'epsilon', v: 2 }]]]) }));
    expect(svgTexts(out.svg)).toEqual(expect.arrayContaining(['delta', 'epsilon']));
  });

  it('loads a relative data file inside the data area', async () => {
    const dir = tempDir('briefkit-chart-');
    writeTree(dir, { 'rows.csv': 'cat,v\nzeta,4\neta,6\n' });
    const spec = { ...BAR, data: { url: 'rows.csv' } };
    const out = await renderChart(input(spec, { dataArea: new Area(dir, 'data') }));
    expect(out.warnings.map((w) => w.message)).toEqual([]);
    expect(svgTexts(out.svg)).toEqual(expect.arrayContaining(['zeta', 'eta']));
  });

  it('treats a data file that cannot be loaded as an error, not as an empty chart with a warning', async () => {
    const dir = tempDir('briefkit-chart-');
    const e = await thrown(() => renderChart(input({ ...BAR, data: { url: 'missing.csv' } }, { dataArea: new Area(dir, 'data') })));
    expect(e).toBeInstanceOf(BriefkitError);
    expect(['BK001', 'BK204']).toContain(e.code);
  });

  it.each(['http://example.org/rows.csv', 'https://example.org/rows.csv', '//example.org/rows.csv', 'file:///etc/passwd', 'data:text/csv,cat%2Cv%0Aa%2C1'])(
    'refuses data url %j with BK203 before anything is fetched',
    async (url) => {
      const dir = tempDir('briefkit-chart-');
      const e = await thrown(() => renderChart(input({ ...BAR, data: { url } }, { dataArea: new Area(dir, 'data') })));
      expect(e).toBeInstanceOf(BriefkitError);
      expect(e.code).toBe('BK203');
      expect(e.where).toMatchObject({ file: 'templates/charts/t.vl.json', field: 'data.url' });
    },
  );

  it('refuses a relative url that leaves the data area, even when the file exists', async () => {
    const root = tempDir('briefkit-chart-');
    writeTree(root, { 'data/rows.csv': 'cat,v\na,1\n', 'outside.csv': 'cat,v\nsecret,1\n' });
    const area = new Area(path.join(root, 'data'), 'data');
    for (const url of ['../outside.csv', path.join(root, 'outside.csv')]) {
      const e = await thrown(() => renderChart(input({ ...BAR, data: { url } }, { dataArea: area })));
      expect(e.code).toBe('BK203');
    }
  });

  it('refuses urls nested in layers, lookups and image marks', async () => {
    const area = new Area(tempDir('briefkit-chart-'), 'data');
    const layered = { layer: [BAR, { ...BAR, data: { url: 'https://evil.example/x.csv' } }] };
    const lookup = { ...BAR, transform: [{ lookup: 'cat', from: { data: { url: 'http://evil.example/y.json' }, key: 'cat', fields: ['w'] } }] };
    const image = { data: { values: [{ u: 'x' }] }, mark: { type: 'image', url: 'http://evil.example/i.png' }, encoding: {} };
    for (const spec of [layered, lookup, image]) expect((await thrown(() => renderChart(input(spec, { dataArea: area })))).code).toBe('BK203');
  });

  it('checkSpecUrls refuses a relative url when no data area is given', () => {
    expect(thrownSync(() => checkSpecUrls({ data: { url: 'rows.csv' } }, 'f.vl.json')).code).toBe('BK203');
  });

  describe('expressions cannot reach the host', () => {
    const attempts: [string, object][] = [
      ['constructor chain in calculate', { calculate: "constructor.constructor('globalThis.__briefkitPwned = true')()", as: 'x' }],
      ['datum constructor chain', { calculate: "datum.constructor.constructor('globalThis.__briefkitPwned = true')()", as: 'x' }],
      ['bracketed __proto__ chain', { calculate: "datum['__proto__']['constructor']['constructor']('globalThis.__briefkitPwned = true')()", as: 'x' }],
      ['window global', { calculate: 'window', as: 'x' }],
      ['process global', { calculate: "process.mainModule.require('fs')", as: 'x' }],
      ['function literal in a filter', { filter: '(function(){ globalThis.__briefkitPwned = true })()' }],
      ['this', { calculate: 'this.constructor', as: 'x' }],
    ];
    it.each(attempts)('%s: fails with a catalogued chart error and runs nothing', async (_, transform) => {
      (globalThis as Record<string, unknown>).__briefkitPwned = false;
      const spec = { ...BAR, transform: [transform] };
      const e = await thrown(() => renderChart(input(spec)));
      expect(e).toBeInstanceOf(BriefkitError);
      expect(['BK202', 'BK204']).toContain(e.code);
      expect((globalThis as Record<string, unknown>).__briefkitPwned).toBe(false);
    });

    it('a signal expression reaching for Function fails too', async () => {
      (globalThis as Record<string, unknown>).__briefkitPwned = false;
      const spec = { ...BAR, params: [{ name: 'p', expr: "''.constructor.constructor('globalThis.__briefkitPwned = true')()" }] };
      const e = await thrown(() => renderChart(input(spec)));
      expect(['BK202', 'BK204']).toContain(e.code);
      expect((globalThis as Record<string, unknown>).__briefkitPwned).toBe(false);
    });
  });

  it('reports a spec Vega-Lite cannot compile as BK202', async () => {
    const e = await thrown(() => renderChart(input({ data: { values: [] }, mark: 'nonsense' })));
    expect(e.code).toBe('BK202');
    expect(e.where.file).toBe('templates/charts/t.vl.json');
  });
});

describe('FontMetrics', () => {
  const m = metrics();
  it('measures "Hello" at 10px within a sane range for Roboto', () => {
    const w = m.width('Hello', 10, 'Roboto');
    // Roboto averages roughly 0.5–0.6 em per lowercase letter: five letters at 10px ≈ 25px.
    expect(w).toBeGreaterThan(18);
    expect(w).toBeLessThan(35);
  });
  it('measures wider text wider, scales linearly with size, and bold wider than regular', () => {
    expect(m.width('Hello, world', 10)).toBeGreaterThan(m.width('Hello', 10));
    expect(m.width('WWWW', 10)).toBeGreaterThan(m.width('iiii', 10));
    expect(m.width('Hello', 20)).toBeCloseTo(2 * m.width('Hello', 10), 6);
    expect(m.width('Hello', 10, 'Roboto', 'bold')).toBeGreaterThan(m.width('Hello', 10, 'Roboto', 'normal'));
    expect(m.width('', 10)).toBe(0);
  });
  it('falls back to the default family for unknown fonts', () => {
    expect(m.width('Hello', 10, '"Nope", sans-serif')).toBe(m.width('Hello', 10, 'Roboto'));
  });
  it('is what Vega uses to measure text once installed', () => {
    m.install();
    const tm = (vega as unknown as { textMetrics: { width: (item: object, text: string) => number } }).textMetrics;
    expect(tm.width({ fontSize: 10, font: 'Roboto' }, 'Hello')).toBeCloseTo(m.width('Hello', 10, 'Roboto'), 6);
  });
});
