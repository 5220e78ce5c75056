/**
 * Project helpers (the config's `helpers`, from the config or a local module it imports): run in
 * the templates with the rules briefkit's helpers keep. A tiny project per case, bundled and
 * rendered in process.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { loadData } from '../../../src/data/load.js';
import { Area } from '../../../src/io/project.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { loadTemplateAssets, renderTemplates } from '../../../src/templates/render.js';
import { tempDir, thrown, writeTree } from '../../support.js';

const SOURCES = {
  sources: [
    { id: 'src-a', title: 'A', publisher: 'P', date: '2024-01-16', url: 'https://example.org/a', kind: 'web' },
    { id: 'src-b', title: 'B', publisher: 'P', url: 'https://example.org/b', kind: 'web' },
  ],
};
const SALES = {
  title: 'Sales',
  unit: 'units',
  rows: [
    { year: 2023, value: 400, source: ['src-a'] },
    { year: 2024, value: 500, source: ['src-b'] },
  ],
};
const FM = '---\nid: s\ntitle: Section\n---\n';
const FM_LINES = 4;

/** A project whose config registers `helpers` (an object literal's text) after `imports`, with extra files. */
async function render(section: string, helpers: string, o: { imports?: string; files?: Record<string, string> } = {}) {
  const root = tempDir('briefkit-helpers-');
  writeTree(root, {
    'briefkit.config.ts': `import { defineConfig, sourced, yearlySeries } from 'briefkit';\n${o.imports ?? ''}\nexport default defineConfig({\n  datasets: { sales: yearlySeries({ file: 'sales.json' }) },\n  helpers: ${helpers},\n});\n`,
    'data/sources.json': JSON.stringify(SOURCES),
    'data/sales.json': JSON.stringify(SALES),
    'templates/profile.yaml': 'title: T\npublisher: P\nauthor: A\nsections: [s]\n',
    'templates/audiences/a/profile.yaml': 'label: A\n',
    'templates/sections/s.md.hbs': FM + section,
    ...o.files,
  });
  const config = await loadConfig(new Area(root, '.'));
  const templates = new Area(path.join(root, 'templates'), 'templates');
  const data = loadData(new Area(path.join(root, 'data'), 'data'), config);
  return renderTemplates(templates, resolveProfile(templates, 'a'), data, loadTemplateAssets(templates), config);
}

const text = (r: Awaited<ReturnType<typeof render>>) => (parseMarkdown(r.sections[0]!.markdown).children[0] as { children: { value?: string }[] }).children.map((c) => c.value ?? '').join('');

describe('project helpers', () => {
  it('a helper from a local module returns sourced(…): printed like {{fig}}, a claim citing the rows\' sources', async () => {
    const r = await render('Sales grew {{increase (rows "sales")}} in the year.', '{ increase }', {
      imports: "import { increase } from './lib/increase';",
      files: { 'lib/increase.ts': "import { sourced } from 'briefkit';\ntype Row = { value: number };\nexport const increase = (rows: Row[]) => sourced((rows[1]!.value / rows[0]!.value - 1) * 100, rows, { unit: '%', digits: 1 });\n" },
    });
    expect(r.sections[0]!.markdown).toContain(String.raw`25\.0\%:src{ids="src-a,src-b" claim="c1"}`);
    expect(text(r)).toBe('Sales grew 25.0% in the year.');
    const claim = r.model.claims.list[0]!;
    expect(claim).toMatchObject({ kind: 'figure', text: '25.0%', sources: ['src-a', 'src-b'], file: 'templates/sections/s.md.hbs', line: 1 + FM_LINES });
    expect(claim.rows.map((x) => x.key)).toEqual(['year 2023', 'year 2024']);
  });

  it('a helper written as a function sees the {{#each}} row as `this`, and sources its number by it', async () => {
    const r = await render('{{#each (rows "sales")}}Doubled: {{doubled}}. {{/each}}', '{ doubled(this: { value: number }) { return sourced(this.value * 2, this); } }');
    expect(text(r)).toBe('Doubled: 800. Doubled: 1,000.');
    expect(r.model.claims.list.map((c) => [c.text, c.sources, c.rows[0]!.key])).toEqual([['800', ['src-a'], 'year 2023'], ['1,000', ['src-b'], 'year 2024']]);
  });

  it('a text a helper returns is escaped: data never injects markup', async () => {
    const r = await render('Label: {{shout "a *b* [c](http://x)"}}', '{ shout: (s: string) => s.toUpperCase() }');
    expect(r.sections[0]!.markdown).toContain('A \\*B\\* \\[C\\]\\(HTTP\\:\\/\\/X\\)');
  });

  it('a bare number a helper returns is refused when printed (BK036), naming the helper and the fix; it may still feed a comparison', async () => {
    const e = await thrown(() => render('Total: {{total (rows "sales")}}.', '{ total: (rows: { value: number }[]) => rows.reduce((a, r) => a + r.value, 0) }'));
    expect(e.code).toBe('BK036');
    expect(e.where).toMatchObject({ file: 'templates/sections/s.md.hbs', line: 1 + FM_LINES });
    expect(e.summary).toContain('"total" printed the number 900');
    expect(e.fix).toContain('sourced(value, rows)');
    // a text stating the figure is a figure too
    expect((await thrown(() => render('Total: {{total}}.', "{ total: () => 'about 900 units' }"))).code).toBe('BK036');
    // compared, it prints nothing and needs no source
    const ok = await render('{{#if (eq (count2 (rows "sales")) (count2 (rows "sales")))}}Two years.{{/if}}', '{ count2: (rows: unknown[]) => rows.length }');
    expect(text(ok)).toBe('Two years.');
  });

  it('a helper that throws: BK035 with its name, the template file:line and the helper\'s own file:line', async () => {
    const e = await thrown(() =>
      render('\n\nShare: {{share (rows "sales")}}.', '{ share }', {
        imports: "import { share } from './lib/share';",
        files: { 'lib/share.ts': "type Row = { value: number };\nexport function share(rows: Row[]) {\n  const first = rows.find((r) => r.value > 1000);\n  return first!.value.toFixed(1);\n}\n" },
      }),
    );
    expect(e.code).toBe('BK035');
    expect(e.where).toMatchObject({ file: 'templates/sections/s.md.hbs', line: 3 + FM_LINES });
    expect(e.summary).toMatch(/the helper "share" failed at lib\/share\.ts:4:\d+: TypeError/);
  });

  it('a helper may not change the data it is given (BK035)', async () => {
    const e = await thrown(() => render('{{#each (bump (rows "sales"))}}{{/each}}', '{ bump: (rows: { value: number }[]) => rows.map((r) => (r.value += 1)) }'));
    expect(e.code).toBe('BK035');
    expect(e.summary).toContain('read-only');
    expect(e.summary).toMatch(/failed at briefkit\.config\.ts:5:\d+/);
  });

  it('a helper named like a built-in is refused (BK034) at its line in the config', async () => {
    const e = await thrown(() => render('x', "{\n    fig: () => 'x',\n  }"));
    expect(e.code).toBe('BK034');
    expect(e.where).toMatchObject({ file: 'briefkit.config.ts', line: 6, field: 'helpers.fig' });
    expect((await thrown(() => render('x', "{ each: () => 'x' }"))).code).toBe('BK034');
  });

  it('a misspelt helper suggests the nearest, the project\'s own or briefkit\'s (BK102)', async () => {
    const own = await thrown(() => render('{{incraese (rows "sales")}}', "{ increase: () => 'x' }"));
    expect(own.code).toBe('BK102');
    expect(own.summary).toContain('Did you mean "increase"?');
    expect((await thrown(() => render('{{fgi "sales" 2024}}', "{ increase: () => 'x' }"))).summary).toContain('Did you mean "fig"?');
    // called without arguments, a misspelt helper reads as a name (BK104): the nearest helper is suggested
    const bare = await thrown(() => render('Label: {{incraese}}.', "{ increase: () => 'x' }"));
    expect(bare.code).toBe('BK104');
    expect(bare.fix).toContain('Did you mean "increase" (a helper)?');
  });

  it('sourced() with nothing to source it, an unknown source id, or a non-number is BK037; an async helper BK038', async () => {
    expect((await thrown(() => render('{{n}}', '{ n: () => sourced(3, []) }'))).code).toBe('BK037');
    expect((await thrown(() => render('{{n}}', "{ n: () => sourced(3, ['nope']) }"))).summary).toContain('"nope"');
    expect((await thrown(() => render('{{n}}', "{ n: () => sourced(Number.NaN, ['src-a']) }"))).code).toBe('BK037');
    expect(text(await render('Cited: {{n}}.', "{ n: () => sourced(3, ['src-a']) }"))).toBe('Cited: 3.');
    expect((await thrown(() => render('{{n}}', "{ n: async () => 'x' }"))).code).toBe('BK038');
  });
});
