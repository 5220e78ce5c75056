import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartKey, readChart, writeChart } from '../../../src/charts/cache.js';
import type { ChartInput } from '../../../src/charts/render.js';
import type { Scene } from '../../../src/charts/scene/types.js';
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
    // a build's chart (no SVG) is not the chart command's SVG
    expect(chartKey(input({ svg: false }), fonts)).not.toBe(k);
  });

  it('are not made for a spec that reads a file (data or image url)', () => {
    expect(chartKey(input({ spec: { mark: 'bar', data: { url: 'x.csv' } } }), fonts)).toBeUndefined();
  });
});

describe('chart cache entries', () => {
  it('round-trip the display list, the SVG, size and warnings; a damaged entry or no cache is a miss', () => {
    const area = new Area(tempDir(), 'cache');
    const key = chartKey(input(), fonts)!;
    const w = msg.chartWarning('templates/charts/a.vl.json', 'something odd');
    const scene: Scene = { scene: 1, width: 10, height: 20, c: [{ k: 'p', d: 'M0,0h10v20h-10Z', s: { fill: '#4c78a8', fo: 0.5 } }] };
    writeChart(area, key, { scene, svg: '<svg/>', alt: 'Bar chart: a rises.', altComplete: true, width: 10, height: 20, warnings: [w] });
    const back = readChart(area, key, 'templates/charts/a.vl.json')!;
    expect(back.scene).toEqual(scene);
    expect(back.svg).toBe('<svg/>');
    expect(back.alt).toBe('Bar chart: a rises.');
    expect(back.altComplete).toBe(true);
    expect([back.width, back.height]).toEqual([10, 20]);
    expect(back.warnings.map((x) => x.message)).toEqual([w.message]);
    // a build's entry has no SVG; an entry of the SVG era (no display list) is a miss
    writeChart(area, key, { scene, alt: '', altComplete: false, width: 10, height: 20, warnings: [] });
    expect(readChart(area, key, 'x')!.svg).toBeUndefined();
    fs.writeFileSync(path.join(area.dir, key), JSON.stringify({ svg: '<svg/>', alt: '', altComplete: true, width: 10, height: 20, warnings: [] }));
    expect(readChart(area, key, 'x')).toBeUndefined();
    fs.writeFileSync(path.join(area.dir, key), '{not json');
    expect(readChart(area, key, 'x')).toBeUndefined();
    expect(readChart(undefined, key, 'x')).toBeUndefined();
  });
});
