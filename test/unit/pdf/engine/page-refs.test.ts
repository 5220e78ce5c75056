import { describe, expect, it } from 'vitest';
import { fill } from '../../../../src/pdf/engine/page-refs.js';
import { tool } from '../../../support.js';
import { pages, render, tempPdf } from './support.js';

type Word = { text: string; page: number; xMin: number; xMax: number; yMin: number };

/** Every word of a PDF with its box (pdftotext -bbox). */
function words(pdf: Buffer): Word[] {
  const html = tool('pdftotext', ['-bbox', tempPdf(pdf), '-']).stdout;
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/.exec(line);
    if (m) out.push({ text: m[4]!, page, xMin: Number(m[1]), xMax: Number(m[3]), yMin: Number(m[2]) });
  }
  return out;
}

const target = (id: string, breakBefore = true) => ({ text: `Target ${id}`, id, ...(breakBefore ? { pageBreak: 'before' } : {}) });

describe('page-refs: page numbers filled in by pdfmake when it draws the page', () => {
  it('prints each target’s page label, right-aligned numbers ending at one edge', async () => {
    const label = (n: number) => String(n - 1); // numbering starts after a one-page front matter
    const entry = (id: string) => ({ columns: [{ text: `Entry ${id}`, width: '*' }, { width: 30, pageReference: id, pagePlaceholder: '000', pageLabel: label, alignment: 'right' }] });
    const content: Record<string, unknown>[] = [entry('a'), entry('b'), target('a')];
    for (let i = 0; i < 10; i++) content.push({ text: `Filler page ${i}`, pageBreak: 'before' });
    content.push(target('b'));
    const pdf = await render({ content });
    const w = words(pdf).filter((x) => x.page === 1);
    const a = w.find((x) => x.text === '1')!;
    const b = w.find((x) => x.text === '12')!;
    expect(a, pages(pdf)[0]).toBeDefined();
    expect(b, pages(pdf)[0]).toBeDefined();
    expect(Math.abs(a.xMax - b.xMax)).toBeLessThan(0.5);
  });

  it('fills a reference on any line of a paragraph, and the words after it close up', async () => {
    const para = { text: ['Words that fill the first line of this paragraph and then some more, so that the reference falls on its second line: see page ', { pageReference: 't', pagePlaceholder: '00' }, ' and read on.'] };
    const pdf = await render({ content: [para, target('t')] });
    const text = pages(pdf)[0]!.replace(/\s+/g, ' ');
    expect(text).toContain('see page 2 and read on.');
    const w = words(pdf).filter((x) => x.page === 1);
    const num = w.find((x) => x.text === '2')!;
    const and = w.find((x) => x.text === 'and' && x.yMin === num.yMin)!;
    const see = w.find((x) => x.text === 'page' && x.yMin === num.yMin)!;
    // the gap after the number is the word space before it, not the placeholder's leftover width
    expect(Math.abs(and.xMin - num.xMax - (num.xMin - see.xMax))).toBeLessThan(0.5);
  });

  it('keeps the style of a reference inside a paragraph', async () => {
    const para = { text: ['See page ', { pageReference: 't', pagePlaceholder: '00', fontSize: 24 }, '.'] };
    const pdf = await render({ content: [para, target('t')] });
    const w = words(pdf).filter((x) => x.page === 1);
    const num = w.find((x) => x.text.startsWith('2'))!;
    const see = w.find((x) => x.text === 'See')!;
    expect(num.xMax - num.xMin).toBeGreaterThan(1.5 * (see.xMax - see.xMin) / 3);
  });

  it('spreads the difference over a justified line’s word spaces: the line still ends at the margin', () => {
    const inl = (text: string, x: number, width: number) => ({ text, x, width, alignment: 'justify' });
    const line = { inlines: [inl('see ', 0, 20), inl('00', 20, 10), inl(' and ', 30, 25), inl('more', 55, 25)], lastLineInParagraph: false, getWidth: () => 80 };
    fill(line, 1, '7', 5);
    expect(line.inlines.map((i) => i.text)).toEqual(['see ', '7', ' and ', 'more']);
    const end = line.inlines.at(-1)!;
    expect(end.x + end.width).toBeCloseTo(80);
    expect(line.inlines[1]!.x).toBeGreaterThan(20); // the first word space took its share
  });
});
