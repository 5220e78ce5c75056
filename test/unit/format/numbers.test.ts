/**
 * A dataset's declared precision and unit (briefkit.config.ts `numbers`): checked with the config,
 * and used by default by {{fig}}, {{keyfigure}}, tables, cover key figures and chart encodings,
 * capping what a value states (−18.17 → −18.2, 24 stays 24) unless a helper or column says otherwise.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyNumberFormats } from '../../../src/charts/render.js';
import { count, yearlySeries } from '../../../src/config/blocks.js';
import { loadData } from '../../../src/data/load.js';
import { fieldFormat } from '../../../src/format/value.js';
import { Area } from '../../../src/io/project.js';
import { coverFigures } from '../../../src/layout/cover.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { loadTemplateAssets, renderTemplates } from '../../../src/templates/render.js';
import { tempDir, testConfig, thrownSync, writeTree } from '../../support.js';

const rate = { digits: 1, unit: '%' };
const decl = (numbers?: unknown) =>
  yearlySeries({ file: 'courts.json', value: false, fields: { received: count, change: z.number().finite().optional() }, ...(numbers === undefined ? {} : { numbers: numbers as never }) });

describe('the config', () => {
  it('keeps a dataset’s numbers, and none when it declares none', () => {
    expect(testConfig({ courts: decl({ change: rate }) }).datasets[0]!.numbers).toEqual({ change: rate });
    expect(testConfig({ courts: decl() }).datasets[0]!.numbers).toEqual({});
  });

  it('refuses a field the rows lack, a bad number of decimals, an empty unit or an unknown setting', () => {
    const bad = (numbers: unknown) => thrownSync(() => testConfig({ courts: decl(numbers) }));
    expect(bad({ growth: rate }).message).toMatch(/numbers names "growth", which is not a field of the rows/);
    expect(bad({ change: { digits: 1.5 } }).message).toMatch(/numbers\.change\.digits is number 1\.5/);
    expect(bad({ change: { digits: 7 } }).message).toMatch(/from 0 to 6/);
    expect(bad({ change: { unit: ' ' } }).message).toMatch(/numbers\.change\.unit/);
    expect(bad({ change: { decimals: 1 } }).message).toMatch(/unknown setting "decimals"/);
    expect(bad([1]).message).toMatch(/numbers is an array/);
    for (const e of [bad({ growth: rate }), bad({ change: { digits: 7 } })]) expect(e.code).toBe('BK022');
  });
});

describe('fieldFormat', () => {
  const ds = { unit: 'cases', numbers: { change: rate } };
  it('caps the decimals a value states and takes the unit’s style; what the caller asks for wins', () => {
    expect(fieldFormat(ds, { change: -18.17 }, 'change')).toEqual({ style: 'percent', unit: '%', digits: 1 });
    expect(fieldFormat(ds, { change: 24 }, 'change')).toEqual({ style: 'percent', unit: '%', digits: 0 });
    expect(fieldFormat(ds, { change: -18.17 }, 'change', { digits: 2, style: 'number' })).toEqual({ style: 'number', unit: '%', digits: 2 });
    expect(fieldFormat(ds, { received: 481793 }, 'received')).toEqual({ style: 'number', unit: 'cases' });
    // a value the source words is printed as worded
    expect(fieldFormat(ds, { change: -18.17 }, 'change', { style: 'reported' })).toEqual({ style: 'reported', unit: '%' });
  });
});

const SOURCES = { sources: [{ id: 'src-a', title: 'A', publisher: 'P', url: 'https://example.org/a', kind: 'web' }] };
const COURTS = {
  title: 'Courts',
  unit: 'cases',
  rows: [
    { year: 2019, received: 481793, change: 44.16, source: ['src-a'] },
    { year: 2020, received: 525618, change: 9.2, source: ['src-a'] },
    { year: 2022, received: 526165, change: -18.17, source: ['src-a'] },
    { year: 2023, received: 530000, change: 24, source: ['src-a'] },
  ],
};
const TABLE = 'dataset: courts\ncaption: Courts\ncolumns:\n  - { field: year, header: Year, format: year }\n  - { field: change, header: Change, format: number }\n';

function project(numbers: unknown, body: string) {
  const root = tempDir('briefkit-numbers-');
  writeTree(root, {
    'data/sources.json': JSON.stringify(SOURCES),
    'data/courts.json': JSON.stringify(COURTS),
    'templates/profile.yaml': 'title: T\npublisher: P\nauthor: A\nsections: [s]\ncover:\n  keyFigures:\n    - { dataset: courts, key: 2022, label: Change }\n',
    'templates/audiences/a/profile.yaml': 'label: A\n',
    'templates/tables/courts.yaml': TABLE,
    'templates/sections/s.md.hbs': `---\nid: s\ntitle: S\n---\n${body}\n`,
  });
  const templates = new Area(path.join(root, 'templates'), 'templates');
  const data = loadData(new Area(path.join(root, 'data'), 'data'), testConfig({ courts: decl(numbers) }));
  // the cover's key figure reads the row's value field: here `received`, so point it at `change`
  for (const r of data.datasets.get('courts')!.rows) r.value = r.change;
  data.datasets.get('courts')!.numbers.value = data.datasets.get('courts')!.numbers.change!;
  const profile = resolveProfile(templates, 'a');
  return { rendered: renderTemplates(templates, profile, data, loadTemplateAssets(templates)), profile: profile.profile, data };
}
const text = (markdown: string) => JSON.stringify(parseMarkdown(markdown)).match(/"value":"([^"]*)"/g)!.map((v) => v.slice(9, -1)).join('');

describe('the declared precision as the default', () => {
  const body = '{{fig "courts" 2022 field="change"}} {{fig "courts" 2023 field="change"}} {{fig "courts" 2022 field="change" digits=2}} {{fig "courts" 2019 field="received"}}\n\n{{table "courts" id="tbl-courts"}}';

  it('{{fig}} prints at most the declared decimals, as a percentage; a helper’s digits win', () => {
    const { rendered } = project({ change: rate }, body);
    expect(text(rendered.sections[0]!.markdown)).toContain('−18.2% 24% −18.17% 481,793');
    const plain = project(undefined, body).rendered;
    expect(text(plain.sections[0]!.markdown)).toContain('−18.17 24 −18.17 481,793');
  });

  it('a table column prints one count of decimals: the declared ones, else the most a value states; a value stated with fewer is marked', () => {
    const rows = (numbers: unknown) => project(numbers, body).rendered.model.tables.get('tbl-courts')!.rows.map((r) => r[1]);
    expect(rows({ change: rate })).toEqual(['44.2', '9.2', '−18.2', '†24.0']);
    expect(rows(undefined)).toEqual(['44.16', '†9.20', '−18.17', '†24.00']);
  });

  it('cover key figures use it too', () => {
    const { profile, data } = project({ change: rate }, body);
    expect(coverFigures(profile, data)[0]!.value).toBe('−18.2%');
  });

  it('chart encodings of a declared field get at most its decimals, unless the spec formats them', () => {
    const spec = {
      layer: [
        { mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'change', type: 'quantitative' } } },
        { mark: 'text', encoding: { text: { field: 'change', type: 'quantitative' }, tooltip: [{ field: 'change' }, { field: 'received', type: 'quantitative' }] } },
        { mark: 'text', encoding: { text: { field: 'change', format: '.2f' }, y: { field: 'change', axis: null } } },
      ],
    };
    applyNumberFormats(spec, new Map([['change', 1]]));
    const [line, labels, own] = spec.layer as unknown as { encoding: Record<string, Record<string, unknown> | Record<string, unknown>[]> }[];
    // briefkit's own formatter (src/format), as in prose and tables
    expect(line!.encoding.y).toMatchObject({ axis: { format: 'upto:1', formatType: 'briefkit', tickMinStep: 0.1 } });
    expect(line!.encoding.x).not.toHaveProperty('axis');
    expect(labels!.encoding.text).toMatchObject({ format: 'upto:1', formatType: 'briefkit' });
    expect((labels!.encoding.tooltip as Record<string, unknown>[])[0]).toMatchObject({ format: 'upto:1', formatType: 'briefkit' });
    expect((labels!.encoding.tooltip as Record<string, unknown>[])[1]).not.toHaveProperty('format');
    expect(own!.encoding.text).toMatchObject({ format: '.2f' });
    expect(own!.encoding.y).toMatchObject({ axis: null });
  });
});
