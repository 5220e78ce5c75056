/** Bounded charts (issue 11, item 4): sizes, rows, steps and nesting are capped with catalogued messages naming the spec, the limit and how to raise it. */
import { describe, expect, it } from 'vitest';
import { checkDepth, checkLimits, chartLimits, DEFAULT_LIMITS, rangeCount } from '../../../src/charts/limits.js';
import { thrownSync } from '../../support.js';

const F = 'templates/charts/t.vl.json';
const BAR = { data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } };
const check = (spec: object, o: Partial<{ width: number; height: number; datasets: Map<string, unknown[]> }> = {}, limits = DEFAULT_LIMITS) =>
  checkLimits(spec as Record<string, unknown>, F, limits, { width: 640, height: 300, datasets: new Map(), ...o });

describe('chart limits', () => {
  it('reads BRIEFKIT_CHART_LIMITS, and refuses a malformed one as a usage error', () => {
    expect(chartLimits({})).toEqual(DEFAULT_LIMITS);
    expect(chartLimits({ BRIEFKIT_CHART_LIMITS: 'rows=5, size=20000' })).toEqual({ ...DEFAULT_LIMITS, rows: 5, size: 20000 });
    const e = thrownSync(() => chartLimits({ BRIEFKIT_CHART_LIMITS: 'rows=lots' }));
    expect(e.code).toBe('BK502');
    expect(e.exitCode).toBe(2);
  });

  it('caps the requested size (briefkit chart --width 1e9) and sizes in the spec (BK206)', () => {
    for (const [o, spec, field] of [
      [{ width: 1e9 }, BAR, 'width'],
      [{}, { ...BAR, height: 50_000 }, 'height'],
      [{}, { hconcat: [BAR, { ...BAR, width: 1e7 }] }, 'hconcat[1].width'],
      [{}, { ...BAR, config: { view: { continuousWidth: 1e8 } } }, 'config.view.continuousWidth'],
    ] as const) {
      const e = thrownSync(() => check(spec, o));
      expect(e.code).toBe('BK206');
      expect(e.where).toMatchObject({ file: F, field });
      expect(e.message).toContain('10000 px');
      expect(e.message).toContain('BRIEFKIT_CHART_LIMITS="size=N"');
    }
    check({ ...BAR, width: 800, mark: { type: 'bar', width: 20 } });
  });

  it('caps rows: inline values, datasets, named data (BK207)', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ a: String(i), b: i }));
    const small = { ...DEFAULT_LIMITS, rows: 10 };
    expect(thrownSync(() => check({ ...BAR, data: { values: rows } }, {}, small)).code).toBe('BK207');
    expect(thrownSync(() => check({ ...BAR, datasets: { big: rows }, data: { name: 'big' } }, {}, small)).where.field).toBe('datasets.big');
    const named = thrownSync(() => check({ ...BAR, data: { name: 'x' } }, { datasets: new Map([['x', rows]]) }, small));
    expect(named.code).toBe('BK207');
    expect(named.message).toContain('rows=N');
    check({ ...BAR, data: { values: rows.slice(0, 10) } }, {}, small);
  });

  it('caps sequences (a stop of 1e9), density steps (5e7), bin maxbins and imputed key sequences (BK208)', () => {
    const seq = thrownSync(() => check({ data: { sequence: { start: 0, stop: 1e9, as: 'x' } }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } }));
    expect(seq.code).toBe('BK208');
    expect(seq.where.field).toBe('data.sequence');
    expect(thrownSync(() => check({ data: { sequence: { start: 0, stop: 1, step: 0 } }, mark: 'point' })).code).toBe('BK208');
    const dens = thrownSync(() => check({ ...BAR, transform: [{ density: 'b', steps: 5e7 }] }));
    expect(dens.code).toBe('BK208');
    expect(dens.where.field).toBe('transform[0].steps');
    expect(thrownSync(() => check({ ...BAR, transform: [{ density: 'b', maxsteps: 1e9 }] })).code).toBe('BK208');
    expect(thrownSync(() => check({ ...BAR, encoding: { x: { field: 'b', type: 'quantitative', bin: { maxbins: 1e8 } } } })).code).toBe('BK208');
    expect(thrownSync(() => check({ ...BAR, transform: [{ impute: 'b', key: 'a', keyvals: { start: 0, stop: 1e9 } }] })).code).toBe('BK208');
    check({ data: { sequence: { start: 0, stop: 12.7, step: 0.1, as: 'x' } }, mark: 'point', transform: [{ density: 'x', steps: 200 }] });
  });

  it('counts ranges as d3.range does', () => {
    expect(rangeCount(0, 12.7, 0.1)).toBe(127);
    expect(rangeCount(0, 10)).toBe(10);
    expect(rangeCount(10, 0, -2)).toBe(5);
    expect(rangeCount(0, 10, -1)).toBe(0);
    expect(rangeCount(0, 1, 0)).toBe(Infinity);
  });

  it('caps nesting without recursion: a spec nested 100,000 deep is BK209, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const e = thrownSync(() => checkDepth({ ...BAR, data: { values: [{ a: deep }] } }, F, 200));
    expect(e.code).toBe('BK209');
    expect(e.where.file).toBe(F);
    checkDepth(BAR, F, 200);
  });
});
