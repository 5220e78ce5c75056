/** Issue 24, item 5: small multiples whose panels are mostly empty warn (BK352), suggesting a table. */
import { describe, expect, it } from 'vitest';
import { panelFill } from '../../../src/charts/panels.js';
import { renderChart } from '../../../src/charts/render.js';

const panel = (n: number) => ({ marktype: 'group', items: [{ marktype: 'rect', role: 'mark', items: Array.from({ length: n }, (_, i) => ({ datum: { i } })) }, { marktype: 'text', role: 'mark', items: Array.from({ length: n }, (_, i) => ({ datum: { i } })) }] });
const scene = (...counts: number[]) => ({ marktype: 'group', items: [{ marktype: 'group', role: 'scope', name: 'cell', items: counts.map(panel) }] });

describe('panelFill', () => {
  it('is the mean share of the categories each panel has a mark at (a bar and its label count once)', () => {
    expect(panelFill(scene(1, 2, 3), 6)).toEqual({ panels: 3, fill: (1 / 6 + 2 / 6 + 3 / 6) / 3 });
  });
  it('is undefined for a chart without facet cells, with one panel, or without categories', () => {
    expect(panelFill({ marktype: 'group', items: [] }, 5)).toBeUndefined();
    expect(panelFill(scene(3), 5)).toBeUndefined();
    expect(panelFill(scene(1, 2), 0)).toBeUndefined();
  });
});

describe('a faceted chart', () => {
  const spec = (years: number[]) => ({
    data: { name: 'd' },
    facet: { field: 'measure', type: 'nominal' },
    columns: 3,
    spec: { width: 100, height: 60, mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal', scale: { domain: years } }, y: { field: 'value', type: 'quantitative' } } },
  });
  const rows = [
    { measure: 'a', year: 2015, value: 3 },
    { measure: 'b', year: 2018, value: 5 },
    { measure: 'c', year: 2019, value: 2 },
    { measure: 'c', year: 2020, value: 4 },
  ];
  const draw = (years: number[], data = rows) => renderChart({ file: 'templates/charts/x.vl.json', spec: spec(years), datasets: new Map([['d', data]]), config: {}, width: 300, height: 150 } as never);

  it('warns when its panels are mostly empty', async () => {
    const out = await draw([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]);
    expect(out.warnings.map((w) => w.code)).toContain('BK352');
    expect(out.warnings.find((w) => w.code === 'BK352')!.fix).toMatch(/table/);
  });

  it('does not warn when its panels are mostly full', async () => {
    const full = ['a', 'b', 'c'].flatMap((measure) => [2019, 2020].map((year) => ({ measure, year, value: 1 })));
    const out = await draw([2019, 2020], full);
    expect(out.warnings.map((w) => w.code)).not.toContain('BK352');
  });
});
