import fs from 'node:fs';
import path from 'node:path';
import * as vega from 'vega';
import { beforeAll, describe, expect, it } from 'vitest';
import { FontMetrics } from '../../../src/charts/metrics.js';
import { loadFonts } from '../../../src/write/pdf.js';
import { Project } from '../../../src/io/project.js';
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

const input = (spec: object, o: Partial<ChartInput> & { svg?: true } = {}): ChartInput & { svg?: true } => ({
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

  it('draws the display list the SVG renderer would: the same paths, segments and texts, in the same order', async () => {
    const rows = [{ x: 1, y: 3, k: 'a' }, { x: 2, y: 7, k: 'b' }, { x: 3, y: 5, k: 'a' }];
    const spec = {
      data: { values: rows },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      layer: [
        { mark: { type: 'area', opacity: 0.3, interpolate: 'monotone' } },
        { mark: { type: 'line', strokeDash: [4, 2] } },
        { mark: { type: 'point', shape: 'diamond' }, encoding: { color: { field: 'k', type: 'nominal' } } },
        { mark: { type: 'bar', cornerRadiusEnd: 3, width: 6 } },
        { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y: { datum: 4 }, x: {} } },
        { mark: { type: 'text', dy: -8 }, encoding: { text: { field: 'k' } } },
      ],
      title: 'A "layered" chart',
    };
    const out = await renderChart(input(spec, { width: 300, height: 150 }));
    const svg = out.svg!;
    type N = { k: string; d?: string; c?: N[]; lines?: { t: string }[][] };
    const nodes: N[] = [];
    const walk = (list: N[]) => list.forEach((n) => (n.k === 'g' ? walk(n.c!) : nodes.push(n)));
    walk(out.scene.c as N[]);
    // painted paths (a group's unpainted background is not drawn), rules, which SVG writes as
    // <line>, and the view's background, a <rect>
    const painted = [...svg.matchAll(/<(path|line|rect)\b([^>]*)>/g)].filter((m) => m[1] !== 'path' || (/\sd="[^"]+"/.test(m[2]!) && /\s(fill|stroke)="(?!transparent|none)/.test(m[2]!) && !/display="none"/.test(m[2]!)));
    const drawn = nodes.filter((n) => n.k === 'p');
    expect(drawn.length).toBe(painted.length);
    painted.forEach((m, i) => {
      if (m[1] === 'path') expect(drawn[i]!.d).toBe(/\sd="([^"]*)"/.exec(m[2]!)![1]);
      else expect(drawn[i]!.d).toMatch(m[1] === 'line' ? /^M0,0L/ : /^M0,0h/);
    });
    const texts = [...svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].filter((m) => !/\sopacity="0"/.test(m[1]!)).map((m) => m[2]!.replace(/&quot;/g, '"'));
    expect(nodes.filter((n) => n.k === 't').map((n) => n.lines!.map((l) => l.map((r) => r.t).join('')).join('\n'))).toEqual(texts);
    expect(texts).toContain('A "layered" chart');
    expect([out.scene.width, out.scene.height]).toEqual([Number(/^<svg[^>]*?\swidth="([\d.]+)"/.exec(svg)![1]), Number(/^<svg[^>]*?\sheight="([\d.]+)"/.exec(svg)![1])]);
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
    const cases: [object, string, string][] = [
      [layered, 'layer[1].data.url', 'outside its data folder'],
      [lookup, 'transform[0].from.data.url', 'outside its data folder'],
      [image, 'mark.url', 'chart image is a URL'],
    ];
    for (const [spec, field, says] of cases) {
      const e = await thrown(() => renderChart(input(spec, { dataArea: area })));
      expect(e.code).toBe('BK203');
      // the message names where the spec names the URL, and what is expected there (an image or data)
      expect(e.where.field).toBe(field);
      expect(e.message).toContain(says);
    }
    const value = { data: { values: [{ a: 1 }] }, mark: 'image', encoding: { url: { value: 'https://evil.example/v.png' } } };
    const e = await thrown(() => renderChart(input(value, { dataArea: area })));
    expect(e.where.field).toBe('encoding.url.value');
    expect(e.expected).toMatch(/PNG or JPEG/);
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
      // BK213: a datum member that is no field of the data (constructor, __proto__) is refused before anything is drawn
      expect(['BK202', 'BK204', 'BK213']).toContain(e.code);
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

describe('renderChart: links, images, glyphs (issue 15)', () => {
  const POINTS = [{ a: 1, b: 2, u: 'https://example.org/one?x=1&y=2', img: 'dot.png' }, { a: 2, b: 3, u: 'javascript:alert(1)', img: 'dot.png' }, { a: 3, b: 1, u: 'file:///etc/passwd', img: 'dot.png' }];
  const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077' + '53de0000000c4944415478da63f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex');

  it('an href encoding renders: http(s) links are kept, others dropped with one BK210 warning each (no TypeError from vega-scenegraph)', async () => {
    const out = await renderChart(input({ data: { values: POINTS }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, href: { field: 'u' } } }));
    expect([...out.svg.matchAll(/<a\b[^>]*>/g)].map((m) => m[0])).toEqual(['<a xlink:href="https://example.org/one?x=1&amp;y=2">']);
    expect(out.svg.split('</a>').length - 1).toBe(1);
    expect(out.warnings.map((w) => w.code)).toEqual(['BK210', 'BK210']);
    expect(out.warnings[0]!.message).toContain('javascript:alert(1)');
    expect(out.warnings[0]!.where.file).toBe('templates/charts/t.vl.json');
  });

  it('image marks: a PNG in the data folder is inlined as a data: URI at the size the spec gives', async () => {
    const dir = tempDir('briefkit-chart-');
    writeTree(dir, { 'dot.png': PNG });
    const out = await renderChart(input({ data: { values: POINTS }, mark: { type: 'image', width: 18, height: 12 }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, url: { field: 'img' } } }, { dataArea: new Area(dir, 'data') }));
    const images = [...out.svg.matchAll(/<image\b[^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(3);
    for (const i of images) {
      expect(i).toContain(`xlink:href="data:image/png;base64,${PNG.toString('base64')}"`);
      expect(i).toMatch(/width="18" height="12"/);
    }
    expect(out.svg).not.toContain(dir);
    expect(out.warnings).toEqual([]);
  });

  it('image marks: URLs and paths outside the data folder are BK203, a file that is not PNG/JPEG is BK211, a missing one BK001', async () => {
    const root = tempDir('briefkit-chart-');
    writeTree(root, { 'data/fake.png': 'not an image', 'secret.png': PNG });
    const area = new Area(path.join(root, 'data'), 'data');
    const spec = (url: string) => ({ data: { values: [{ a: 1, b: 1, img: url }] }, mark: { type: 'image', width: 10, height: 10 }, encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' }, url: { field: 'img' } } });
    for (const url of ['http://example.org/x.png', '../secret.png', path.join(root, 'secret.png'), '//example.org/x.png']) {
      const e = await thrown(() => renderChart(input(spec(url), { dataArea: area })));
      expect(e.code, url).toBe('BK203');
      // an image URL from the data is not a data URL: the message says which it is
      expect(e.where.field, url).toMatch(/image mark/);
      expect(e.expected, url).toMatch(/PNG or JPEG/);
    }
    const fake = await thrown(() => renderChart(input(spec('fake.png'), { dataArea: area })));
    expect(fake.code).toBe('BK211');
    expect(fake.message).toContain('fake.png');
    expect((await thrown(() => renderChart(input(spec('absent.png'), { dataArea: area })))).code).toBe('BK001');
  });

  it('a character no font of the chain has (a Private Use Area code point) in chart text is BK307 naming the spec and the character', async () => {
    const e = await thrown(() => renderChart(input({ ...BAR, data: { values: [{ cat: 'ok \uE000', v: 1 }] } })));
    expect(e.code).toBe('BK307');
    expect(e.where.file).toBe('templates/charts/t.vl.json');
    expect(e.message).toContain('U+E000');
    expect(e.message).toMatch(/fallback fonts \(.*NotoEmoji/);
    const title = await thrown(() => renderChart(input({ ...BAR, title: 'Private \uF8FF here' })));
    expect(title.code).toBe('BK307');
  });

  it('Vega’s own axis labels follow the profile’s locale: month names and the decimal mark of a d3 format (English keeps Vega’s default)', async () => {
    const spec = { data: { values: [{ d: '2024-01-15', v: 1000 }, { d: '2024-03-15', v: 2500 }, { d: '2024-06-15', v: 4000 }] }, mark: 'line', encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative', axis: { format: ',.1f' } } } };
    const labels = (svg: string) => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' | ');
    const de = labels((await renderChart(input(spec, { numberStyle: { locale: 'de', large: 'word' } }))).svg);
    expect(de).toMatch(/März/);
    expect(de).toContain('| 1.000 |');
    const en = labels((await renderChart(input(spec, { numberStyle: { locale: 'en-GB', large: 'word' } }))).svg);
    expect(en).toMatch(/March|Mar/);
    expect(en).toContain('| 1,000 |');
  });

  it('an emoji, Arabic or Chinese in chart text is set in the font of the chain that has it (a tspan), as text', async () => {
    // the bundled fonts, as a build loads them
    new FontMetrics(loadFonts(new Project(ROOT, {})), 'Roboto').install();
    const out = await renderChart(input({ ...BAR, title: 'Sales 😀 مرحبا بالعالم 中文', data: { values: [{ cat: 'ok 🐄', v: 1 }] } })).finally(() => metrics().install());
    expect(out.svg).toContain('<tspan font-family="NotoEmoji">🐄</tspan>');
    expect(out.svg).toContain('<tspan font-family="NotoEmoji">😀</tspan>');
    // the words of an Arabic run in reverse, one tspan each: the SVG-to-PDF step sets words left to right
    expect(out.svg).toContain('<tspan font-family="NotoSansArabic">بالعالم</tspan> <tspan font-family="NotoSansArabic">مرحبا</tspan>');
    expect(out.svg).toContain('<tspan font-family="BriefkitSC">中文</tspan>');
  });
});

describe('renderChart: determinism, bounds and no crash (issue 11, items 4 and 9)', () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ t: i % 6, m: (i * 37) % 23 }));
  const ci = { data: { values: rows }, mark: { type: 'errorband', extent: 'ci' }, encoding: { x: { field: 't', type: 'ordinal' }, y: { field: 'm', type: 'quantitative' } } };
  const rnd = { data: { values: rows }, transform: [{ calculate: 'random()', as: 'r' }], mark: 'point', encoding: { x: { field: 't', type: 'ordinal' }, y: { field: 'r', type: 'quantitative' } } };

  it('a bootstrap confidence band ("extent": "ci") and random() give the same SVG on every render', async () => {
    for (const spec of [ci, rnd]) {
      const a = await renderChart(input(spec));
      await renderChart(input(BAR)); // another chart in between does not shift the sequence
      const b = await renderChart(input(spec));
      expect(b.svg).toBe(a.svg);
    }
  });

  it('random() is really random within a chart, and the seed depends on the spec', async () => {
    const a = await renderChart(input(rnd));
    const ys = new Set([...a.svg.matchAll(/translate\([\d.]+,([\d.]+)\)/g)].map((m) => m[1]));
    expect(ys.size).toBeGreaterThan(10);
    const other = await renderChart(input({ ...rnd, title: 'another spec' }));
    expect(other.svg.replace(/<g class="mark-group role-title[\s\S]*$/, '')).not.toBe(a.svg.replace(/<g class="mark-group role-title[\s\S]*$/, ''));
  });

  it('sequence() in an expression is capped (BK208) instead of exhausting memory', async () => {
    const e = await thrown(() => renderChart(input({ ...BAR, transform: [{ calculate: 'sequence(0, 1e9)', as: 's' }] })));
    expect(e.code).toBe('BK208');
    expect(e.where.file).toBe('templates/charts/t.vl.json');
    // a sequence per row, flattened, then another per row: counted over all calls
    const many = await thrown(() => renderChart(input({ ...BAR, transform: [{ calculate: 'sequence(0, 5e4)', as: 's' }, { flatten: ['s'] }, { calculate: 'sequence(0, 5e4)', as: 't' }, { flatten: ['t'] }] })));
    expect(many.code).toBe('BK208');
    const ok = await renderChart(input({ ...BAR, transform: [{ calculate: 'length(sequence(0, 10, 2))', as: 'n' }], encoding: { ...BAR.encoding, y: { field: 'n', type: 'quantitative', title: 'N' } } }));
    expect(ok.svg).toContain('>5<');
  });

  it('a bin step tiny against the data (1e-9 over 1..100) is BK208 when Vega computes the bins, not an out-of-memory crash', async () => {
    const e = await thrown(() => renderChart(input({ data: { values: [{ a: 1 }, { a: 100 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative', bin: { step: 1e-9 } }, y: { aggregate: 'count', type: 'quantitative' } } })));
    expect(e.code).toBe('BK208');
    expect(e.message).toContain('steps=N');
    await renderChart(input({ data: { values: [{ a: 1 }, { a: 100 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative', bin: { step: 10 } }, y: { aggregate: 'count', type: 'quantitative' } } }));
  });

  it('a view grown past the size limit by its step is BK206 before it is drawn', async () => {
    const e = await thrown(() => renderChart(input({ ...BAR, width: { step: 1e6 } })));
    expect(e.code).toBe('BK206');
  });

  it('the size, rows and sequence limits apply through renderChart (sizes asked by the caller too)', async () => {
    expect((await thrown(() => renderChart(input(BAR, { width: 1e9 })))).code).toBe('BK206');
    expect((await thrown(() => renderChart(input({ data: { sequence: { start: 0, stop: 1e9, as: 'x' } }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } })))).code).toBe('BK208');
    expect((await thrown(() => renderChart(input({ ...BAR, transform: [{ density: 'v', steps: 5e7 }] })))).code).toBe('BK208');
  });

  it('a CSV data file with more rows than the limit is BK207 naming the file', async () => {
    const dir = tempDir('briefkit-chart-');
    writeTree(dir, { 'rows.csv': 'cat,v\na,1\nb,2\nc,3\nd,4\n' });
    const limits = { size: 10_000, rows: 3, steps: 10_000, depth: 200, pixels: 1_000_000 };
    const e = await thrown(() => renderChart(input({ ...BAR, data: { url: 'rows.csv' } }, { dataArea: new Area(dir, 'data'), limits })));
    expect(e.code).toBe('BK207');
    expect(e.message).toContain('data/rows.csv');
    await renderChart(input({ ...BAR, data: { url: 'rows.csv' } }, { dataArea: new Area(dir, 'data'), limits: { ...limits, rows: 4 } }));
  });

  it('fails on a field typo (BK213 naming the closest field), where it used to warn "Infinite extent" and draw a NaN axis', async () => {
    const e = await thrown(() => renderChart(input({ ...BAR, encoding: { ...BAR.encoding, y: { field: 'vv', type: 'quantitative' } } })));
    expect(e.code).toBe('BK213');
    expect(e.message).toContain('Did you mean "v"?');
  });
});

describe('the briefkit number format (axes and labels in the profile’s style)', () => {
  beforeAll(() => metrics().install());
  const GRANTS = {
    data: { values: [{ y: 2010, v: 135100 }, { y: 2023, v: 921000 }, { y: 2024, v: 1045000 }] },
    transform: [{ calculate: "briefkit(datum.v, 'large')", as: 'label' }],
    layer: [
      { mark: 'bar', encoding: { x: { field: 'y', type: 'ordinal' }, y: { field: 'v', type: 'quantitative', axis: { formatType: 'briefkit', format: 'million:1' } } } },
      { mark: 'text', encoding: { x: { field: 'y', type: 'ordinal' }, y: { field: 'v', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  };
  it('prints axis ticks in millions in words, never an SI "M" or "k"', async () => {
    const texts = svgTexts((await renderChart(input(GRANTS))).svg);
    expect(texts).toContain('1.0\u00a0million');
    expect(texts).toContain('0.2\u00a0million');
    expect(texts).toContain('1.045\u00a0million');
    expect(texts).toContain('921,000');
    expect(texts.join(' ')).not.toMatch(/\d[kM]\b/);
  });
  it('follows the profile’s house abbreviation', async () => {
    const texts = svgTexts((await renderChart(input(GRANTS, { numberStyle: { locale: 'en-GB', large: 'abbrev' } }))).svg);
    expect(texts).toContain('1.0m');
    expect(texts).toContain('1.045m');
  });
  it('refuses an unknown format name with the chart’s file', async () => {
    const e = await thrown(() => renderChart(input({ ...GRANTS, transform: [{ calculate: "briefkit(datum.v, 'si')", as: 'label' }] })));
    expect(e.message).toMatch(/t\.vl\.json.*unknown number format "si"/s);
  });
});
