/**
 * Strict charts (src/charts/fields.ts and the end of renderChart): a field a spec names that its
 * data lacks is BK213 with the JSON path, the data's fields and the closest name; fields a
 * transform makes count downstream; a chart that draws nothing is BK214, a quantitative field
 * with no number BK215. Before, each of these rendered (an empty chart with a NaN axis, a legend
 * reading "undefined") and exited 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFields } from '../../../src/charts/fields.js';
import { FontMetrics } from '../../../src/charts/metrics.js';
import { renderChart, type ChartInput } from '../../../src/charts/render.js';
import { Area } from '../../../src/io/project.js';
import { chartConfig, makeTheme } from '../../../src/theme/theme.js';
import { ROOT, tempDir, thrown, thrownSync, writeTree } from '../../support.js';

const FONT_DIR = path.join(ROOT, 'node_modules', 'pdfmake', 'fonts', 'Roboto');
const face = (f: string) => fs.readFileSync(path.join(FONT_DIR, f));
beforeAll(() => {
  const files = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf', italics: 'Roboto-Italic.ttf', bolditalics: 'Roboto-MediumItalic.ttf' };
  new FontMetrics({ Roboto: { ...files, buffers: { normal: face(files.normal), bold: face(files.bold), italics: face(files.italics), bolditalics: face(files.bolditalics) } } }, 'Roboto').install();
});

const ROWS = [
  { month: '2025-01', region: 'north', revenue: 10 },
  { month: '2025-02', region: 'south', revenue: 12 },
];
const SALES = new Map([['sales', ROWS]]);
const input = (spec: object, o: Partial<ChartInput> = {}): ChartInput => ({
  file: 'templates/charts/t.vl.json',
  spec: spec as Record<string, unknown>,
  datasets: SALES,
  config: chartConfig(makeTheme()),
  width: 400,
  height: 200,
  ...o,
});
const LINE = { data: { name: 'sales' }, mark: 'line', encoding: { x: { field: 'month', type: 'ordinal' }, y: { field: 'revenue', type: 'quantitative' } } };
const check = (spec: object, datasets = new Map([['sales', ['month', 'region', 'revenue', 'source']]]), text?: string) =>
  thrownSync(() => checkFields(spec as Record<string, unknown>, { file: 't.vl.json', datasets, ...(text ? { text } : {}) }));
const ok = (spec: object) => checkFields(spec as Record<string, unknown>, { file: 't.vl.json', datasets: new Map([['sales', ['month', 'region', 'revenue']]]) });

describe('a field the data lacks is BK213, with the path, the fields and the closest name', () => {
  it('a y-field typo (was: warning BK205, an empty chart with a NaN axis, exit 0)', async () => {
    const e = await thrown(() => renderChart(input({ ...LINE, encoding: { ...LINE.encoding, y: { field: 'revenu', type: 'quantitative' } } })));
    expect(e.code).toBe('BK213');
    expect(e.message).toContain('(at encoding.y.field)');
    expect(e.message).toContain('the field "revenu", which the dataset "sales" does not have');
    expect(e.message).toContain('one of the fields: month, region, revenue');
    expect(e.message).toContain('Did you mean "revenue"?');
  });

  it('a colour-field typo in a layer (was: no warning at all, a legend reading "undefined")', async () => {
    const spec = { data: { name: 'sales' }, layer: [{ mark: 'line', encoding: LINE.encoding }, { mark: 'point', encoding: { ...LINE.encoding, color: { field: 'regoin', type: 'nominal' } } }] };
    const text = JSON.stringify(spec, null, 2);
    const e = await thrown(() => renderChart(input(spec, { text })));
    expect(e.code).toBe('BK213');
    expect(e.message).toContain('(at layer[1].encoding.color.field)');
    expect(e.message).toMatch(/t\.vl\.json:\d+:\d+ /);
    expect(e.message).toContain('Did you mean "region"?');
  });

  it('a typo in a tooltip array names its index', () => {
    const e = check({ ...LINE, encoding: { ...LINE.encoding, tooltip: [{ field: 'month' }, { field: 'Revenue', type: 'quantitative' }] } });
    expect(e.code).toBe('BK213');
    expect(e.where.field).toBe('encoding.tooltip[1].field');
    expect(e.message).toContain('Did you mean "revenue"?');
  });

  it('a facet, row or column typo', () => {
    expect(check({ data: { name: 'sales' }, facet: { field: 'regon', type: 'nominal' }, spec: { mark: 'bar', encoding: LINE.encoding } }).where.field).toBe('facet.field');
    expect(check({ data: { name: 'sales' }, facet: { row: { field: 'regon' } }, spec: { mark: 'bar', encoding: LINE.encoding } }).where.field).toBe('facet.row.field');
    const e = check({ ...LINE, encoding: { ...LINE.encoding, column: { field: 'regon', type: 'nominal' } } });
    expect(e.where.field).toBe('encoding.column.field');
    expect(e.message).toContain('Did you mean "region"?');
  });

  it('fields in sort, order, conditions, argmax, selections and repeats', () => {
    const enc = LINE.encoding;
    expect(check({ ...LINE, encoding: { ...enc, x: { ...enc.x, sort: { field: 'revnue', op: 'sum' } } } }).where.field).toBe('encoding.x.sort.field');
    expect(check({ ...LINE, encoding: { ...enc, order: { field: 'montth' } } }).where.field).toBe('encoding.order.field');
    expect(check({ ...LINE, encoding: { ...enc, color: { value: 'grey', condition: { param: 'p', field: 'regio' } } } }).where.field).toBe('encoding.color.condition.field');
    expect(check({ ...LINE, encoding: { ...enc, y: { field: 'revenue', aggregate: { argmax: 'mnth' } } } }).where.field).toBe('encoding.y.aggregate.argmax');
    expect(check({ ...LINE, params: [{ name: 'p', select: { type: 'point', fields: ['regin'] } }] }).where.field).toBe('params[0].select.fields[0]');
    expect(check({ data: { name: 'sales' }, repeat: ['revenue', 'revneu'], spec: { mark: 'line', encoding: { x: enc.x, y: { field: { repeat: 'repeat' }, type: 'quantitative' } } } }).where.field).toBe('repeat[1]');
  });

  it("a transform's inputs, and datum fields in filter and calculate expressions", () => {
    const t = (transform: object[]) => check({ ...LINE, transform }).where.field;
    expect(t([{ aggregate: [{ op: 'sum', field: 'revnue', as: 'total' }], groupby: ['month'] }])).toBe('transform[0].aggregate[0].field');
    expect(t([{ aggregate: [{ op: 'sum', field: 'revenue', as: 'total' }], groupby: ['regin'] }])).toBe('transform[0].groupby[0]');
    expect(t([{ fold: ['revenue', 'regoin'] }])).toBe('transform[0].fold[1]');
    expect(t([{ pivot: 'regin', value: 'revenue' }])).toBe('transform[0].pivot');
    expect(t([{ window: [{ op: 'rank', as: 'r' }], sort: [{ field: 'revnue' }] }])).toBe('transform[0].sort[0].field');
    expect(t([{ filter: 'datum.revnue > 0' }])).toBe('transform[0].filter');
    expect(t([{ filter: { field: 'regin', equal: 'north' } }])).toBe('transform[0].filter.field');
    const e = check({ ...LINE, transform: [{ calculate: "datum['revnue'] * 2", as: 'double' }] });
    expect(e.message).toContain('"revnue" (in the expression');
    expect(e.message).toContain('Did you mean "revenue"?');
    expect(t([{ lookup: 'region', from: { data: { values: [{ code: 'north', name: 'North' }] }, key: 'cde', fields: ['name'] } }])).toBe('transform[0].from.key');
  });

  it('fields a transform makes count downstream, and only downstream', () => {
    const enc = (y: string) => ({ x: { field: 'month', type: 'ordinal' }, y: { field: y, type: 'quantitative' } });
    ok({ data: { name: 'sales' }, transform: [{ calculate: 'datum.revenue * 2', as: 'double' }], mark: 'line', encoding: enc('double') });
    ok({ data: { name: 'sales' }, transform: [{ aggregate: [{ op: 'sum', field: 'revenue', as: 'total' }], groupby: ['month'] }], mark: 'bar', encoding: enc('total') });
    ok({ data: { name: 'sales' }, transform: [{ fold: ['revenue'], as: ['k', 'v'] }], mark: 'bar', encoding: enc('v') });
    ok({ data: { name: 'sales' }, transform: [{ window: [{ op: 'sum', field: 'revenue', as: 'cum' }] }, { joinaggregate: [{ op: 'mean', field: 'cum', as: 'avg' }] }], mark: 'bar', encoding: enc('avg') });
    ok({ data: { name: 'sales' }, transform: [{ timeUnit: 'year', field: 'month', as: 'yr' }, { bin: true, field: 'revenue', as: 'b' }], mark: 'bar', encoding: { x: { field: 'yr' }, y: { field: 'b_end' } } });
    ok({ data: { name: 'sales' }, transform: [{ pivot: 'region', value: 'revenue', groupby: ['month'] }], mark: 'bar', encoding: enc('north') });
    ok({ data: { name: 'sales' }, transform: [{ lookup: 'region', from: { data: { values: [{ code: 'north', name: 'North' }] }, key: 'code', fields: ['name'] } }], mark: 'bar', encoding: { ...enc('revenue'), color: { field: 'name' } } });
    ok({ data: { name: 'sales' }, transform: [{ density: 'revenue', groupby: ['region'], extent: [0, 20] }], mark: 'area', encoding: { x: { field: 'value' }, y: { field: 'density' }, color: { field: 'region' } } });
    // a layer's shared encoding may name a field one of its layers makes
    ok({ data: { name: 'sales' }, encoding: enc('double'), layer: [{ mark: 'line', transform: [{ calculate: 'datum.revenue * 2', as: 'double' }] }] });
    // an aggregate keeps only its groups and outputs
    const agg = check({ data: { name: 'sales' }, transform: [{ aggregate: [{ op: 'sum', field: 'revenue', as: 'total' }], groupby: ['month'] }], mark: 'bar', encoding: enc('revenue') }).message;
    expect(agg).toContain('which the dataset "sales" (after transform[0]) does not have');
    expect(agg).toContain('one of the fields: month, total');
    // a calculate's field does not exist before it
    expect(check({ data: { name: 'sales' }, transform: [{ filter: 'datum.double > 1' }, { calculate: 'datum.revenue * 2', as: 'double' }], mark: 'line', encoding: enc('double') }).where.field).toBe('transform[0].filter');
  });

  it('reads the fields of inline rows and of a CSV file in the data folder; names with a dot or nested paths by their root', () => {
    const dir = tempDir('briefkit-fields-');
    writeTree(dir, { 'rows.csv': 'cat,v\na,1\n' });
    const e = thrownSync(() => checkFields({ data: { url: 'rows.csv' }, mark: 'bar', encoding: { x: { field: 'caat' } } }, { file: 't', datasets: new Map(), dataArea: new Area(dir, 'data') }));
    expect(e.message).toContain('the file "rows.csv"');
    expect(e.message).toContain('Did you mean "cat"?');
    checkFields({ data: { values: [{ 'a.b': 1, geo: { lat: 1 } }] }, mark: 'point', encoding: { x: { field: 'a\\.b' }, y: { field: 'geo.lat' } } }, { file: 't', datasets: new Map() });
    expect(thrownSync(() => checkFields({ data: { values: [{ geo: { lat: 1 } }] }, mark: 'point', encoding: { y: { field: 'goe.lat' } } }, { file: 't', datasets: new Map() })).code).toBe('BK213');
  });
});

describe('a chart that draws nothing, or on a scale of NaN, fails', () => {
  it('BK214 when the bound dataset has no rows (a figure filter that matched none)', async () => {
    const e = await thrown(() => renderChart(input(LINE, { datasets: new Map([['sales', []]]), fields: new Map([['sales', ['month', 'region', 'revenue']]]) })));
    expect(e.code).toBe('BK214');
    expect(e.message).toContain('"sales" has no rows');
  });

  it("BK214 when the chart's own filter leaves no row", async () => {
    const e = await thrown(() => renderChart(input({ ...LINE, transform: [{ filter: 'datum.revenue > 1000' }] })));
    expect(e.code).toBe('BK214');
  });

  it('BK215 when no value of a quantitative field is a number (was: warning BK205 and a NaN axis)', async () => {
    const e = await thrown(() => renderChart(input(LINE, { datasets: new Map([['sales', [{ month: '2025-01', revenue: '10%' }, { month: '2025-02', revenue: 'n/a' }]]]) })));
    expect(e.code).toBe('BK215');
    expect(e.message).toContain('"revenue"');
    expect(e.message).toContain('"10%", "n/a"');
  });

  it('renders the same chart with its fields right', async () => {
    const out = await renderChart(input(LINE));
    expect(out.warnings).toEqual([]);
    expect(out.svg).not.toContain('NaN');
  });
});
