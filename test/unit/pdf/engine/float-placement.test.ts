/**
 * float.ts: where a held figure goes when the page break that releases it happens inside other
 * content (regressions found by building hostile projects).
 * - inside a list: at the main column's left edge, not the list's indent (pdfmake's addFragment
 *   takes the context's x, so a full-width figure ran past the right margin);
 * - inside a table: on the next page, above the table's repeated header row (a table's page
 *   breaks did not release it, or released it between the header and the rows).
 */
import { describe, expect, it } from 'vitest';
import { tool } from '../../../support.js';
import { pages, render, tempPdf } from './support.js';

const MARGINS = [40, 40, 40, 40];
const filler = (k: number) => Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
const figure = () => ({
  unbreakable: true,
  float: true,
  margin: [0, 5, 0, 10],
  stack: [{ text: 'Caption f1', id: 'f1' }, ...Array.from({ length: 20 }, (_, i) => ({ text: `f1 body ${i + 1}` })), { text: 'Source f1' }],
});
/** [xMin, yMin] of the first word `w` on page `page`. */
function at(pdf: Buffer, page: number, w: string): [number, number] {
  const bbox = tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), tempPdf(pdf), '-']).stdout;
  const m = new RegExp(`xMin="([\\d.]+)" yMin="([\\d.]+)"[^>]*>${w}<`).exec(bbox);
  if (!m) throw new Error(`${w} not on page ${page}`);
  return [Number(m[1]), Number(m[2])];
}

describe('a held figure released by a page break inside other content', () => {
  it('inside a list starts at the left margin, not the list indent', async () => {
    const items = Array.from({ length: 60 }, (_, i) => `Item ${i + 1} of a list long enough to cross the page`);
    const pdf = await render({ pageMargins: MARGINS, content: [...filler(45), figure(), { ul: items }] });
    expect(at(pdf, 2, 'Caption')[0]).toBeCloseTo(MARGINS[0]!, 0);
  });

  it('inside a table goes to the next page, above the repeated header row', async () => {
    const body = [[{ text: 'HeadA' }, { text: 'HeadB' }], ...Array.from({ length: 80 }, (_, i) => [`Row${i + 1}`, 'cell'])];
    const pdf = await render({ pageMargins: MARGINS, content: [...filler(45), figure(), { table: { headerRows: 1, widths: ['*', '*'], body } }] });
    // (not after the whole table: page 4)
    expect(pages(pdf).findIndex((t) => t.includes('Caption f1'))).toBe(1);
    const [, caption] = at(pdf, 2, 'Caption');
    const [, header] = at(pdf, 2, 'HeadA');
    // the figure first, then the repeated header above the rows
    expect(caption).toBeLessThan(header);
  });
});
