import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { loadData } from '../../../src/data/load.js';
import { matchRows } from '../../../src/data/query.js';
import { BriefkitError } from '../../../src/log/error.js';
import { Area } from '../../../src/io/project.js';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, thrown, writeTree } from '../../support.js';

const HEAD = "import { dataset, defineConfig, events, provenance, yearlySeries, z } from 'briefkit';\n";

/** A project folder holding `config` as briefkit.config.ts (plus any other files). */
function project(config: string | undefined, files: Record<string, string> = {}): Area {
  const dir = tempDir('briefkit-config-');
  writeTree(dir, { ...(config !== undefined ? { 'briefkit.config.ts': config } : {}), ...files });
  return new Area(dir, '.');
}

async function failure(config: string | undefined, files: Record<string, string> = {}): Promise<BriefkitError> {
  try {
    await loadConfig(project(config, files));
  } catch (e) {
    if (e instanceof BriefkitError) return e;
    throw e;
  }
  throw new Error('expected a BriefkitError');
}

describe('loadConfig: a valid config', () => {
  it('loads TypeScript without a compile step, with the engine as "briefkit" and types erased', async () => {
    const cfg = await loadConfig(
      project(`${HEAD}
type Unit = 'people' | 'tons';
const unit: Unit = 'people';
export default defineConfig({
  datasets: {
    'head-count': yearlySeries({ file: 'head-count.json' }),
    'by-site': yearlySeries({ file: 'by-site.csv', by: { site: z.enum(['north', 'south']) } }),
    'milestones': events({ file: 'milestones.yaml', fields: { owner: z.string() } }),
  },
});
export const note = unit;
`),
    );
    expect(cfg.file).toBe('briefkit.config.ts');
    expect(cfg.sources).toBe('sources.json');
    expect(cfg.datasets.map((d) => [d.name, d.format, d.line])).toEqual([
      ['head-count', 'json', 7],
      ['by-site', 'csv', 8],
      ['milestones', 'yaml', 9],
    ]);
    expect(cfg.datasets[1]!.fields.slice(0, 3)).toEqual(['year', 'value', 'site']);
    expect(cfg.datasets[1]!.key!({ year: 2020, site: 'north' })).toBe('year 2020, site "north"');
  });

  it('reads JSON, CSV and YAML datasets by what the config declares', async () => {
    const root = project(
      `${HEAD}export default defineConfig({ datasets: {
  'head-count': yearlySeries({ file: 'head-count.json' }),
  'by-site': yearlySeries({ file: 'by-site.csv', by: { site: z.enum(['north', 'south']) } }),
  'milestones': events({ file: 'milestones.yaml', fields: { owner: z.string() } }),
} });\n`,
      {
        'data/sources.json': JSON.stringify({ sources: [{ id: 's', title: 'T', publisher: 'P', url: 'https://example.org', kind: 'web', date: '2024-05-01' }] }),
        'data/head-count.json': JSON.stringify({ title: 'Head count', unit: 'people', rows: [{ year: 2024, value: 12, source: ['s'] }] }),
        'data/by-site.csv': 'year,site,value,source\n2024,north,3,s\n2024,south,4.5,s\n',
        'data/milestones.yaml': 'title: Milestones\nunit: events\nrows:\n  - { date: 2024-03, event: Opened, owner: Ops, source: [s] }\n',
      },
    );
    const cfg = await loadConfig(root);
    const data = loadData(new Area(`${root.dir}/data`, 'data'), cfg);
    expect(data.datasets.get('by-site')!.rows).toEqual([
      { year: 2024, site: 'north', value: 3, source: ['s'] },
      { year: 2024, site: 'south', value: 4.5, source: ['s'] },
    ]);
    expect(data.datasets.get('milestones')!.rows[0]).toMatchObject({ date: '2024-03', event: 'Opened', owner: 'Ops' });
    expect(data.asOf).toBe('2024-05-01');
    // a key declared as fields travels with the data: a quoted key ("north") matches its `site` field
    expect(data.datasets.get('by-site')!.key).toEqual(['year', 'site']);
    expect(matchRows(data.datasets.get('by-site')!, 'north', {}).map((r) => r.value)).toEqual([3]);
  });

  it('accepts a user-written row schema and a row key given as fields', async () => {
    const cfg = await loadConfig(
      project(`${HEAD}export default defineConfig({ datasets: {
  'stock': dataset({ file: 'stock.json', row: { sku: z.string(), qty: z.number(), ...provenance }, key: ['sku'] }),
} });\n`),
    );
    expect(cfg.datasets[0]!.key!({ sku: 'a-1' })).toBe('sku "a-1"');
  });
});

describe('loadConfig: refusals name the config file and line', () => {
  it('no config file (BK020)', async () => {
    const e = await failure(undefined);
    expect(e.code).toBe('BK020');
    expect(e.message).toContain('briefkit init');
  });

  it('a syntax error (BK021) at its line and column', async () => {
    const e = await failure(`${HEAD}export default defineConfig({\n  datasets: {,\n  },\n});\n`);
    expect(e.code).toBe('BK021');
    expect(e.where).toMatchObject({ file: 'briefkit.config.ts', line: 3 });
  });

  it('an error while the config runs (BK021) at its line', async () => {
    const e = await failure(`${HEAD}const sizes = undefined as unknown as string[];\n\nexport default defineConfig({ datasets: { a: yearlySeries({ file: sizes[0] }) } });\n`);
    expect(e.code).toBe('BK021');
    expect(e.where.line).toBe(4);
    expect(e.summary).toContain('TypeError');
  });

  it('an import of a missing module or package (BK031) at its line', async () => {
    const e = await failure(`${HEAD}import x from './other';\nexport default x;\n`);
    expect(e.code).toBe('BK031');
    expect(e.where).toMatchObject({ file: 'briefkit.config.ts', line: 2, column: 15 });
    expect(e.summary).toContain('./other');
    const p = await failure(`${HEAD}\nimport y from 'no-such-package-anywhere';\nexport default y;\n`);
    expect(p.code).toBe('BK031');
    expect(p.where.line).toBe(3);
    expect(p.message).toContain('npm install no-such-package-anywhere');
  });

  it('no default export, or no datasets (BK023)', async () => {
    expect((await failure(`${HEAD}export const datasets = {};\n`)).code).toBe('BK023');
    expect((await failure(`${HEAD}export default defineConfig({ datasets: {} });\n`)).code).toBe('BK023');
    expect((await failure(`export default { sources: 'sources.json' };\n`)).code).toBe('BK023');
  });

  it('a schema that is not zod (BK025), naming the field', async () => {
    const e = await failure(`${HEAD}export default defineConfig({ datasets: {\n  'a': dataset({ file: 'a.json', row: { year: 'number', ...provenance } as never }),\n} });\n`);
    expect(e.code).toBe('BK025');
    expect(e.where).toMatchObject({ file: 'briefkit.config.ts', line: 3, field: 'datasets.a.row.year' });
  });

  it('two datasets on one file (BK026)', async () => {
    const e = await failure(`${HEAD}export default defineConfig({ datasets: {\n  'a': yearlySeries({ file: 'x.json' }),\n  'b': yearlySeries({ file: 'x.json' }),\n} });\n`);
    expect(e.code).toBe('BK026');
    expect(e.where.line).toBe(4);
    expect(e.summary).toContain('"a" and "b"');
  });

  it('a dataset name that is not kebab-case (BK027), with a suggestion', async () => {
    const e = await failure(`${HEAD}export default defineConfig({ datasets: {\n  inventionGrants: yearlySeries({ file: 'x.json' }),\n} });\n`);
    expect(e.code).toBe('BK027');
    expect(e.where.line).toBe(3);
    expect(e.message).toContain('invention-grants');
  });

  it('a file of an unknown format, a key field the rows lack, an unsourced "sourced" dataset (BK022)', async () => {
    expect((await failure(`${HEAD}export default defineConfig({ datasets: { a: yearlySeries({ file: 'a.xlsx' }) } });\n`)).code).toBe('BK022');
    const key = await failure(`${HEAD}export default defineConfig({ datasets: { a: dataset({ file: 'a.json', row: { year: z.number(), ...provenance }, key: ['yaer'] }) } });\n`);
    expect(key.code).toBe('BK022');
    expect(key.message).toContain('"yaer"');
    const unsourced = await failure(`${HEAD}export default defineConfig({ datasets: { a: dataset({ file: 'a.json', row: { year: z.number() } }) } });\n`);
    expect(unsourced.code).toBe('BK022');
    expect(unsourced.message).toContain('provenance');
  });
});

describe('loadConfig: local modules, bundled by esbuild inside the project only', () => {
  const DATASETS = `datasets: { 'head-count': yearlySeries({ file: 'head-count.json' }) }`;

  it('imports the project\'s own .ts and .mjs modules (a .js import names the .ts file), and registers their helpers', async () => {
    const cfg = await loadConfig(
      project(`${HEAD}import { growth } from './lib/helpers.js';\nimport { label } from './lib/label.mjs';\nexport default defineConfig({ ${DATASETS}, helpers: { growth, label } });\n`, {
        'lib/helpers.ts': `import { sourced } from 'briefkit';\nimport { ratio } from './math';\nexport const growth = (a: number, b: number) => sourced(ratio(a, b), ['s']);\n`,
        'lib/math.ts': 'export const ratio = (a: number, b: number): number => b / a - 1;\n',
        'lib/label.mjs': 'export const label = (s) => `(${s})`;\n',
      }),
    );
    expect(cfg.helpers.map((h) => h.name)).toEqual(['growth', 'label']);
    const v = cfg.helpers[0]!.fn(100, 150) as { value: number; from: unknown[] };
    expect(v.value).toBeCloseTo(0.5);
    expect(v.from).toEqual(['s']);
    expect(cfg.helpers[1]!.fn('x')).toBe('(x)');
  });

  it('refuses an import that leaves the project, through ".." or a symlink (BK030), naming file:line and the import', async () => {
    const outside = tempDir('briefkit-outside-');
    writeTree(outside, { 'shared.ts': 'export const n = 1;\n' });
    const up = project(`${HEAD}\nimport { n } from '../${outside.split('/').pop()}/shared';\nexport default n;\n`);
    const e1 = await thrown(() => loadConfig(new Area(up.dir, '.')));
    // the project folder is a sibling of `outside` (both in the temp folder)
    expect(e1.code).toBe('BK030');
    expect(e1.where).toMatchObject({ file: 'briefkit.config.ts', line: 3 });
    expect(e1.summary).toContain('shared');
    const linked = project(`${HEAD}import { n } from './lib/shared';\nexport default n;\n`);
    fs.mkdirSync(path.join(linked.dir, 'lib'));
    fs.symlinkSync(path.join(outside, 'shared.ts'), path.join(linked.dir, 'lib', 'shared.ts'));
    const e2 = await thrown(() => loadConfig(linked));
    expect(e2.code).toBe('BK030');
    expect(e2.where).toMatchObject({ file: 'briefkit.config.ts', line: 2 });
    expect(e2.summary).toContain('./lib/shared');
    // a module inside the project that imports outside: its own file and line
    const nested = project(`${HEAD}import { m } from './lib/a';\nexport default m;\n`, { 'lib/a.ts': `\nexport { n as m } from '${outside}/shared';\n` });
    const e3 = await thrown(() => loadConfig(nested));
    expect(e3.code).toBe('BK030');
    expect(e3.where).toMatchObject({ file: 'lib/a.ts', line: 2 });
  });

  it('an error while a local module runs names that module and its line', async () => {
    const e = await failure(`${HEAD}import './lib/boom';\nexport default 1;\n`, { 'lib/boom.ts': `const a: number = 1;\n\nthrow new Error('boom ' + a);\n` });
    expect(e.code).toBe('BK021');
    expect(e.where).toMatchObject({ file: 'lib/boom.ts', line: 3 });
  });

  it('caches the bundle by the contents of every bundled file: an edit to an imported module is seen', async () => {
    const root = project(`${HEAD}import { unit } from './lib/unit';\nexport default defineConfig({ ${DATASETS}, helpers: { unit: () => unit } });\n`, { 'lib/unit.ts': "export const unit = 'people';\n" });
    const cache = new Area(tempDir('briefkit-cache-'), 'cache');
    const first = await loadConfig(root, cache);
    expect(fs.readdirSync(cache.dir).filter((f) => f.startsWith('config-'))).toHaveLength(1);
    expect(first.helpers[0]!.fn()).toBe('people');
    expect((await loadConfig(root, cache)).digest).toBe(first.digest);
    fs.writeFileSync(path.join(root.dir, 'lib/unit.ts'), "export const unit = 'tons';\n");
    const second = await loadConfig(root, cache);
    expect(second.helpers[0]!.fn()).toBe('tons');
    expect(second.digest).not.toBe(first.digest);
  });
});
