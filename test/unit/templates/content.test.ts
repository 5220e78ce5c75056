/**
 * What templates print for readers: one count of decimals per table column (padded values marked), codes in
 * the data shown by the label the table spec gives, growth worded without a redundant sign, and
 * a source's title in prose set as its note sets it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../../src/data/load.js';
import { Area } from '../../../src/io/project.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { loadTemplateAssets, renderTemplates } from '../../../src/templates/render.js';
import { z } from 'zod';
import { yearlySeries } from '../../../src/config/blocks.js';
import { checkConfig } from '../../../src/config/load.js';
import { tempDir, writeTree } from '../../support.js';

const CONFIG = checkConfig({ datasets: { trade: yearlySeries({ file: 'trade.json', by: { measure: z.string() }, fields: { growth: z.number().optional() } }) } }, '', 'briefkit.config.ts');

const SOURCES = {
  sources: [
    { id: 'src-a', title: 'China pays heavily to access best IP assets', publisher: 'China Daily', date: '2019-04-18', url: 'https://example.org/a', kind: 'article' },
    { id: 'src-d', title: "News article on China's 2019 patent grants", descriptive: true, publisher: 'BTimes', date: '2020-01-08', url: 'https://example.org/d', kind: 'article' },
  ],
};
const TRADE = {
  title: 'Trade',
  unit: 'US$ bn',
  rows: [
    { year: 2007, measure: 'total', value: 8.5, source: ['src-a'] },
    { year: 2018, measure: 'payments', value: 36, qualifier: 'approx', source: ['src-a'] },
    { year: 2019, measure: 'total', value: 22.005, growth: 24, note: 'Part of the 35,844 cases.', source: ['src-a'] },
    { year: 2025, measure: 'target-total', value: 350, source: ['src-a'] },
    { year: 2026, measure: 'streak', value: 9, source: ['src-a'] },
  ],
};

function render(body: string, table: string, profile = '') {
  const root = tempDir('briefkit-content-');
  writeTree(root, {
    'data/sources.json': JSON.stringify(SOURCES),
    'data/trade.json': JSON.stringify(TRADE),
    'templates/profile.yaml': `title: T\npublisher: P\nauthor: A\nsections: [s]\n${profile}`,
    'templates/audiences/a/profile.yaml': 'label: A\n',
    'templates/tables/trade.yaml': table,
    'templates/sections/s.md.hbs': `---\nid: s\ntitle: S\n---\n${body}\n`,
  });
  const templates = new Area(path.join(root, 'templates'), 'templates');
  const data = loadData(new Area(path.join(root, 'data'), 'data'), CONFIG);
  return renderTemplates(templates, resolveProfile(templates, 'a'), data, loadTemplateAssets(templates));
}
const TABLE = 'dataset: trade\ncaption: Trade\nsort: year\ncolumns:\n  - { field: measure, header: Measure, format: text, labels: { target-total: total } }\n  - { field: value, header: US$ billion, format: number }\n';
const text = (markdown: string) => (JSON.stringify(parseMarkdown(markdown)).match(/"value":"([^"]*)"/g) ?? []).map((v) => JSON.parse(v.slice(8))).join('');

describe('tables', () => {
  it('print one count of decimals per column, the most a value states: a value stated with fewer is marked, an approximate one is not padded', () => {
    const t = render('{{table "trade" id="tbl-trade"}}', TABLE).model.tables.get('tbl-trade')!;
    // nothing the source gives is rounded away (22.005 sets the column), nothing is padded silently
    expect(t.rows.map((r) => r[1])).toEqual(['†8.500', '≈36', '22.005', '†350.000', '†9.000']);
    expect(t.note).toMatch(/† The source states this value to fewer decimals/);
  });
  it('a column’s digits fix the decimals of exact values, marking padded ones, but never pad an approximate one', () => {
    const t = render('{{table "trade" id="tbl-trade"}}', TABLE.replace('format: number }', 'format: number, digits: 1 }')).model.tables.get('tbl-trade')!;
    expect(t.rows.map((r) => r[1])).toEqual(['8.5', '≈36', '22.0', '†350.0', '†9.0']);
  });
  it('a column whose values state the same decimals has no mark and no note about it', () => {
    const t = render('{{table "trade" id="tbl-trade"}}', TABLE.replace('format: number }', 'format: number, digits: 0 }')).model.tables.get('tbl-trade')!;
    expect(t.rows.map((r) => r[1]).join(' ')).not.toContain('†');
    expect(t.note ?? '').not.toContain('†');
  });
  it('register every number a row’s lettered note prints (asNote columns) as a claim, with its row and sources, as printed', () => {
    const spec = TABLE + '  - { field: growth, header: "Growth as stated, %", format: number, digits: 1, asNote: true }\n  - { field: note, header: Note, format: text, asNote: true }\n';
    const r = render('{{table "trade" id="tbl-trade"}}', spec);
    const t = r.model.tables.get('tbl-trade')!;
    // a value in a note stands alone, as its source states it: no column decimals, no † mark
    expect(t.rowNotes?.[2]).toBe('Growth as stated: 24%; Part of the 35,844 cases.');
    const claims = (t.noteClaims ?? []).map((n) => ({ row: n.row, label: n.label, ...r.model.claims.get(n.claim)! }));
    expect(claims.map((c) => [c.row, c.label, c.kind, c.text, c.rows[0]?.field, c.rows[0]?.value, c.sources])).toEqual([
      [2, 'Growth as stated', 'table cell', '24%', 'growth', 24, ['src-a']],
      [2, 'Note', 'quoted', 'Part of the 35,844 cases.', 'note', 'Part of the 35,844 cases.', ['src-a']],
    ]);
    expect(claims[0]!.context).toBe('⟦ref:tbl-trade⟧, total, Growth as stated: 24%');
  });
  it('print a code in the data as the label the spec gives it', () => {
    const t = render('{{table "trade" id="tbl-trade"}}', TABLE).model.tables.get('tbl-trade')!;
    expect(t.rows.map((r) => r[0])).toEqual(['total', 'payments', 'total', 'total', 'streak']);
    expect(JSON.stringify(t.rows)).not.toContain('target-total');
  });
});

describe('the profile’s number style (numbers.large)', () => {
  const BIG = TABLE;
  it('prose money, scaled figures and worded figures take one scale word, or the house abbreviation', () => {
    const body = '{{#each (rows "trade" 2007 measure="total")}}{{money value "CNY" "bn"}}{{/each}} / {{fig "trade" 2019 measure="total" style="money"}}';
    expect(text(render(body, BIG).sections[0]!.markdown)).toBe('CNY\u00a08.5\u00a0billion / US$22.005\u00a0billion');
    const abbrev = render('{{#each (rows "trade" 2007 measure="total")}}{{money value "EUR" "bn"}}{{/each}} / {{fig "trade" 2019 measure="total" style="money"}}', BIG, 'numbers: { large: abbrev }\n');
    expect(text(abbrev.sections[0]!.markdown)).toBe('€8.5bn / US$22.005bn');
  });
  it('dates in a table follow the profile’s dateStyle and locale, as prose does', () => {
    const t = (profile: string) => render('{{date "2020-09"}} {{date "2018-06-15"}}', BIG, profile);
    expect(text(t('').sections[0]!.markdown)).toBe('September 2020 15 June 2018');
    expect(text(t('locale: en-US\n').sections[0]!.markdown)).toBe('September 2020 June 15, 2018');
  });
});

describe('prose', () => {
  it('growth after "growth of" or "fell by" carries no sign; a plain change keeps it', () => {
    const r = render('{{growth "trade" 2007 2019 measure="total"}} / {{growth "trade" 2007 2019 measure="total" signed=false}} / {{growth "trade" 2019 2007 measure="total" magnitude=true}} / {{growth "trade" 2019 2007 measure="total"}}', TABLE);
    expect(text(r.sections[0]!.markdown)).toBe('+158.9% / 158.9% / 61.4% / −61.4%');
  });
  it('difference subtracts every further row from the first, per-row filters by position, approximate if an input is', () => {
    const r = render('{{difference "trade" 2019 2007 measure="total"}} / {{difference "trade" 2025 2019 2019 measure="total" measure-1="target-total"}} / {{difference "trade" 2018 2007 measure-1="payments" measure-2="total"}}', TABLE);
    expect(text(r.sections[0]!.markdown)).toBe('13.505 / 305.99 / about\u00a027.5');
    expect(r.sections[0]!.markdown).toMatch(/:src\{ids="src-a" claim="c\d+"\}/);
    // each difference is a claim of the register, resting on every row it reads
    expect(r.model.claims.list.filter((c) => c.kind === 'difference').map((c) => c.rows.length)).toEqual([2, 3, 2]);
    expect(() => render('{{difference "trade" 2019 2007 measure="total" measure-3="total"}}', TABLE)).toThrow(/names no row/);
  });
  it('an ordinal under 100 is spelled out with style="ordinal-words"', () => {
    const r = render('the {{fig "trade" 2026 style="ordinal-words"}} year; the {{fig "trade" 2025 style="ordinal-words"}}', TABLE);
    expect(text(r.sections[0]!.markdown)).toBe('the ninth year; the 350th');
  });
  it('a source’s title is set as in its note: quoted in headline case, a description plain', () => {
    const r = render('{{sourceTitle "src-a"}}; {{sourceTitle "src-d"}}', TABLE);
    expect(text(r.sections[0]!.markdown)).toBe("‘China Pays Heavily to Access Best IP Assets’; News article on China's 2019 patent grants");
  });
});
