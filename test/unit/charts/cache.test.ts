import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartKey, readChart, writeChart } from '../../../src/charts/cache.js';
import type { ChartInput } from '../../../src/charts/render.js';
import { Area } from '../../../src/io/project.js';
import * as msg from '../../../src/log/message.js';
import { tempDir } from '../../support.js';

const input = (o: Partial<ChartInput> = {}): ChartInput => ({
  file: 'templates/charts/a.vl.json',
  spec: { mark: 'bar', data: { name: 'd' }, encoding: { x: { field: 'a', type: 'nominal' } } },
  datasets: new Map([['d', [{ a: 1 }]]]),
  config: { font: 'Roboto' },
  width: 400,
  height: 200,
  ...o,
});
const fonts = [Buffer.from('font one')];

describe('chart cache keys', () => {
  it('are stable for the same inputs and change with spec, rows, theme, size and fonts', () => {
    const k = chartKey(input(), fonts);
    expect(k).toMatch(/^chart-[0-9a-f]{40}\.json$/);
    expect(chartKey(input(), [Buffer.from('font one')])).toBe(k);
    expect(chartKey(input({ spec: { ...input().spec, mark: 'line' } }), fonts)).not.toBe(k);
    expect(chartKey(input({ datasets: new Map([['d', [{ a: 2 }]]]) }), fonts)).not.toBe(k);
    expect(chartKey(input({ config: { font: 'Other' } }), fonts)).not.toBe(k);
    expect(chartKey(input({ width: 401 }), fonts)).not.toBe(k);
    expect(chartKey(input(), [Buffer.from('font two')])).not.toBe(k);
  });

  it('are not made for a spec that reads a file (data or image url)', () => {
    expect(chartKey(input({ spec: { mark: 'bar', data: { url: 'x.csv' } } }), fonts)).toBeUndefined();
  });
});

describe('chart cache entries', () => {
  it('round-trip the SVG, size and warnings; a damaged entry or no cache is a miss', () => {
    const area = new Area(tempDir(), 'cache');
    const key = chartKey(input(), fonts)!;
    const w = msg.chartWarning('templates/charts/a.vl.json', 'something odd');
    writeChart(area, key, { svg: '<svg/>', alt: 'Bar chart: a rises.', altComplete: true, width: 10, height: 20, warnings: [w] });
    const back = readChart(area, key, 'templates/charts/a.vl.json')!;
    expect(back.svg).toBe('<svg/>');
    expect(back.alt).toBe('Bar chart: a rises.');
    expect(back.altComplete).toBe(true);
    expect([back.width, back.height]).toEqual([10, 20]);
    expect(back.warnings.map((x) => x.message)).toEqual([w.message]);
    fs.writeFileSync(path.join(area.dir, key), '{not json');
    expect(readChart(area, key, 'x')).toBeUndefined();
    expect(readChart(undefined, key, 'x')).toBeUndefined();
  });
});
