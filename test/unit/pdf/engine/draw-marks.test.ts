import { describe, expect, it } from 'vitest';
import { render } from './support.js';

describe('draw-marks: an inline’s onDraw(page) is called with the page its line is drawn on', () => {
  it('reports each marked inline’s physical page, once per line, in a paragraph, a table and after a page break', async () => {
    const seen: [string, number][] = [];
    const mark = (name: string) => (page: number) => seen.push([name, page]);
    const long = 'Words that fill a line and more, so that the paragraph runs over several lines of the page. '.repeat(4);
    const first = mark('first');
    const pdf = await render({
      content: [
        // one mark split over many words, on several lines: once per line
        { text: [{ text: long, onDraw: first }] },
        { text: ['A figure ', { text: '921,000', onDraw: mark('figure') }, ' in text.'], pageBreak: 'after' },
        { table: { body: [['Year', 'Value'], ['2023', { text: [{ text: '1.045 million', onDraw: mark('cell') }] }]] } },
      ],
    });
    expect(pdf.length).toBeGreaterThan(0);
    expect(seen.filter(([n]) => n === 'figure')).toEqual([['figure', 1]]);
    expect(seen.filter(([n]) => n === 'cell')).toEqual([['cell', 2]]);
    const lines = seen.filter(([n]) => n === 'first');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every(([, p]) => p === 1)).toBe(true);
  });
});
