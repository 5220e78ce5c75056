/** Offsets about a band's centre: marks with a yOffset ranged about zero sit on their row's centre line. */
import { describe, expect, it } from 'vitest';
import * as vl from 'vega-lite';
import { centreOffsets } from '../../../src/charts/offset.js';

const spec = (range?: [number, number]) =>
  vl.compile({
    data: { values: [{ row: 'a', lane: -1 }, { row: 'a', lane: 1 }, { row: 'b', lane: 0 }] },
    mark: 'point',
    encoding: { y: { field: 'row', type: 'nominal' }, yOffset: { field: 'lane', type: 'quantitative', scale: { domain: [-1, 1], ...(range ? { range } : {}) } } },
  } as vl.TopLevelSpec).spec as unknown as { marks: { encode: { update: { y: { band?: number } } } }[] };

describe('centreOffsets', () => {
  it('centres a position whose offset scale has a range about zero', () => {
    const vg = spec([-8.5, 8.5]);
    expect(vg.marks[0]!.encode.update.y.band).toBeUndefined(); // Vega-Lite puts it at the band's start
    expect(centreOffsets(vg)).toBe(1);
    expect(vg.marks[0]!.encode.update.y.band).toBe(0.5);
  });
  it('leaves the default offset range (across the band from its start) alone', () => {
    const vg = spec();
    expect(centreOffsets(vg)).toBe(0);
    expect(vg.marks[0]!.encode.update.y.band).toBeUndefined();
    const positive = spec([0, 12]);
    expect(centreOffsets(positive)).toBe(0);
  });
});
