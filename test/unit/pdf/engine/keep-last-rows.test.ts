import { describe, expect, it } from 'vitest';
import { keepFrom } from '../../../../src/pdf/engine/keep-last-rows.js';
import { pages, render } from './support.js';

describe('keepFrom', () => {
  it('keeps the last rows unless the header already keeps them', () => {
    expect(keepFrom(20, 3, 5)).toBe(17);
    expect(keepFrom(6, 3, 5)).toBe(-1);
    expect(keepFrom(20, undefined, 5)).toBe(-1);
  });
});

describe('keepLastRows', () => {
  it('never leaves the last row (a source line) alone at the top of a page', async () => {
    const body = Array.from({ length: 36 }, (_, i) => [{ text: `row ${i}` }, { text: String(i * 7) }]);
    let checked = 0;
    for (let pad = 0; pad < 60; pad += 3) {
      const table = { table: { headerRows: 1, keepWithHeaderRows: 3, dontBreakRows: true, keepLastRows: 3, widths: ['*', 'auto'], body: [[{ text: 'Head' }, { text: 'N' }], ...body, [{ text: 'SOURCE line', colSpan: 2 }, {}]] } };
      const text = pages(await render({ content: [{ text: 'x', margin: [0, pad, 0, 0] }, table] }));
      const at = text.findIndex((p) => p.includes('SOURCE line'));
      expect(text[at]).toContain('row 34');
      expect(text[at]).toContain('row 35');
      if (text.length > 1) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
