import { describe, expect, it } from 'vitest';
import { blocksOf, closeGaps, FILL, pushFrom, type Item } from '../../../../src/pdf/engine/page-fill.js';
import { render as state } from '../../../../src/pdf/engine/state.js';
import { tool } from '../../../support.js';
import { render, tempPdf } from './support.js';

const line = (y: number, h = 12): Item => ({ type: 'line', item: { y, getHeight: () => h } });
const rect = (y: number, h: number): Item => ({ type: 'vector', item: { type: 'rect', y, h, x: 0, w: 10 } });

describe('blocksOf', () => {
  it('groups items that touch into blocks, a box with its text', () => {
    const items = [line(100), line(112), line(140), rect(170, 40), line(175), line(187), line(230)];
    expect(blocksOf(items).map((b) => [b.top, b.bottom, b.items])).toEqual([
      [100, 124, [0, 1]],
      [140, 152, [2]],
      [170, 210, [3, 4, 5]],
      [230, 242, [6]],
    ]);
  });
  it('leaves out the items before `from` (a page background)', () => {
    expect(blocksOf([rect(0, 800), line(100)], 1).map((b) => b.items)).toEqual([[1]]);
  });
});

describe('closeGaps', () => {
  const blocks = blocksOf([line(100), line(140), line(200)]); // gaps 28 and 48
  it('closes the gaps in proportion to free what is needed', () => {
    const c = closeGaps(blocks, 19, 0.4)!;
    expect(c[0]! + c[1]!).toBeCloseTo(19);
    expect(c[1]! / c[0]!).toBeCloseTo(48 / 28);
  });
  it('closes none when nothing is needed, and refuses more than the tolerance', () => {
    expect(closeGaps(blocks, -5, 0.4)).toEqual([0, 0]);
    expect(closeGaps(blocks, 0.41 * 76, 0.4)).toBeUndefined();
  });
});

describe('pushFrom', () => {
  // ten one-line blocks 50 pt apart from y 100 on a page whose text area is 100..600
  const blocks = blocksOf(Array.from({ length: 10 }, (_, i) => line(100 + 50 * i)));
  const o = { top: 100, room: 500, tail: 60, gap: 10, min: 0.25, keep: 0.6 };
  it('carries the fewest last blocks that fill the next page to the minimum', () => {
    // carrying blocks k.. adds 562 - (100 + 50k) + 10 pt to a 60 pt tail: k = 8 gives 132 pt (26 %)
    expect(pushFrom(blocks, blocks.map(() => false), o)).toBe(8);
  });
  it('never breaks after a heading', () => {
    const heading = blocks.map((_, i) => i === 7);
    expect(pushFrom(blocks, heading, o)).toBe(7);
  });
  it('gives up when the page before would fall under its own minimum', () => {
    expect(pushFrom(blocks, blocks.map(() => false), { ...o, keep: 0.9 })).toBeUndefined();
  });
});

/** Each page's text, and the y of its last line (pt from the top). */
function layout(pdf: Buffer): { text: string; bottom: number }[] {
  const file = tempPdf(pdf);
  const html = tool('pdftotext', ['-bbox', file, '-']).stdout;
  return html.split('<page ').slice(1).map((p) => {
    const words = [...p.matchAll(/yMax="([\d.]+)">([^<]*)</g)];
    return { text: words.map((m) => m[2]).join(' '), bottom: Math.max(0, ...words.map((m) => Number(m[1]))) };
  });
}

const para = (label: string, n: number) => ({ text: `${label} ` + 'words that fill a line of the page and run on to the next one in this paragraph '.repeat(n), margin: [0, 0, 0, 10] });
const chapter = (title: string, pageFill = true) => ({ text: title, fontSize: 16, pageBreak: 'before', pageFill, margin: [0, 0, 0, 10] });

describe('a chapter’s short last page', () => {
  it('is pulled back onto the page before when closing its block gaps makes room', async () => {
    // paragraphs separated by 10 pt gaps, then a short last paragraph that just misses the page
    const body = Array.from({ length: 10 }, (_, i) => para(`P${i}`, 4));
    let short = 0;
    for (let extra = 0; extra <= 40; extra += 4) {
      const content = (fill: boolean) => [{ text: 'Cover' }, chapter('One', fill), ...body, { text: 'x', margin: [0, extra, 0, 0] }, para('TAIL', 2), chapter('Two', fill), para('Next', 1)];
      const tailFill = (pages: { text: string; bottom: number }[]) => (pages[pages.findIndex((p) => p.text.includes('TAIL'))]!.bottom - 60) / (841.89 - 120);
      // pdfmake alone leaves the tail on a page of its own at some offsets
      if (tailFill(layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(false) }))) < FILL.chapterEnd) short++;
      const pages = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(true) }));
      const tail = pages.findIndex((p) => p.text.includes('TAIL'));
      expect(pages.findIndex((p) => p.text.startsWith('Two')), `extra ${extra}`).toBe(tail + 1);
      // the tail's page is its chapter's last, never a page of a few lines
      expect(tailFill(pages), `extra ${extra}`).toBeGreaterThanOrEqual(FILL.chapterEnd);
    }
    expect(short).toBeGreaterThan(0);
  });

  it('pulls the last chapter’s tail back too: the document ends on a full page (notes at the end)', async () => {
    const body = Array.from({ length: 10 }, (_, i) => para(`P${i}`, 4));
    let short = 0;
    for (let extra = 0; extra <= 40; extra += 4) {
      // the tail is the document's end: no chapter follows to settle it
      const content = (fill: boolean) => [{ text: 'Cover' }, chapter('One', fill), ...body, { text: 'x', margin: [0, extra, 0, 0] }, para('TAIL', 2)];
      const tailFill = (pages: { text: string; bottom: number }[]) => (pages[pages.findIndex((p) => p.text.includes('TAIL'))]!.bottom - 60) / (841.89 - 120);
      const before = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(false) }));
      if (tailFill(before) < FILL.chapterEnd) short++;
      const pages = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(true) }));
      expect(tailFill(pages), `extra ${extra}`).toBeGreaterThanOrEqual(FILL.chapterEnd);
      expect(pages.map((p) => p.text).join(' ').match(/P\d /g)).toHaveLength(10);
    }
    expect(short).toBeGreaterThan(0);
  });

  it('carries the last blocks of the page before over to a tail too long to pull back', async () => {
    const body = Array.from({ length: 10 }, (_, i) => para(`P${i}`, 4));
    let short = 0;
    for (let extra = 0; extra <= 40; extra += 8) {
      const content = (fill: boolean) => [{ text: 'Cover' }, chapter('One', fill), ...body, { text: 'x', margin: [0, extra, 0, 0] }, para('TAIL', 9), chapter('Two', fill), para('Next', 1)];
      const fills = (pages: { text: string; bottom: number }[]) => pages.map((p) => (p.bottom - 60) / (841.89 - 120));
      const before = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(false) }));
      const last = (pages: { text: string }[]) => pages.findIndex((p) => p.text.startsWith('Two')) - 1;
      if (fills(before)[last(before)]! < FILL.chapterEnd) short++;
      const pages = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(true) }));
      const end = last(pages);
      expect(fills(pages)[end], `extra ${extra}`).toBeGreaterThanOrEqual(FILL.chapterEnd);
      expect(fills(pages)[end - 1], `extra ${extra}`).toBeGreaterThanOrEqual(FILL.mid);
      // nothing is lost or doubled
      expect(pages.map((p) => p.text).join(' ').match(/P\d /g)).toHaveLength(10);
    }
    expect(short).toBeGreaterThan(0);
  });

  it('pulls back the last rows of a table without the header pdfmake repeated over them', async () => {
    const body = Array.from({ length: 6 }, (_, i) => ({ ...para(`P${i}`, 4), margin: [0, 0, 0, 24] }));
    let pulled = 0;
    for (let rows = 10; rows <= 20; rows += 2) {
      const table = { table: { headerRows: 1, dontBreakRows: true, widths: ['*', 'auto'], body: [[{ text: 'HEAD' }, { text: 'N' }], ...Array.from({ length: rows }, (_, i) => [{ text: `row ${i}` }, { text: String(i) }])] }, margin: [0, 0, 0, 10] };
      const content = (fill: boolean) => [{ text: 'Cover' }, chapter('One', fill), ...body, table, chapter('Two', fill)];
      const before = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(false) }));
      const pages = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(true) }));
      // every row once, the header once per page the table is on
      const all = pages.map((p) => p.text).join(' ');
      expect(all.match(/row \d+ /g), `rows ${rows}`).toHaveLength(rows);
      const withRows = pages.filter((p) => /row \d/.test(p.text));
      expect(withRows.every((p) => (p.text.match(/HEAD/g) ?? []).length === 1), `rows ${rows}`).toBe(true);
      // the last row joined the table's first page, which pdfmake alone had carried over
      const lastRow = (ps: { text: string }[]) => ps.findIndex((p) => p.text.includes(`row ${rows - 1} `));
      if (lastRow(before) > 1 && lastRow(pages) === 1) pulled++;
    }
    expect(pulled).toBeGreaterThan(0);
  });

  it('runs the next chapter on under a short chapter that has no page before it (never onto the cover)', async () => {
    // the contents start a page without opting in, as the layout sets them
    for (const contents of [chapter('Contents'), chapter('Contents', false)]) {
      const pages = layout(await render({ content: [{ text: 'Cover' }, contents, para('Short', 1), chapter('One'), para('Body', 3)] }));
      expect(pages.map((p) => p.text)).toEqual(['Cover', expect.stringMatching(/^Contents Short .* One Body /)]);
    }
  });

  it('is left to pdfmake without `pageFill`', async () => {
    const pages = layout(await render({ content: [{ text: 'Cover' }, { text: 'Contents', pageBreak: 'before' }, para('Short', 1), { text: 'One', pageBreak: 'before' }, para('Body', 3)] }));
    expect(pages).toHaveLength(3);
  });

  it('reports a page left short inside a chapter (copyfit)', async () => {
    // a block too tall for the rest of its page leaves the page half empty
    const content = [{ text: 'Cover' }, chapter('One'), para('A', 30), { canvas: [{ type: 'rect', x: 0, y: 0, w: 100, h: 600, color: '#eeeeee' }], unbreakable: true }, para('B', 60), chapter('Two'), para('C', 80)];
    await render({ content });
    expect(state.copyfit.length).toBeGreaterThan(0);
    const c = state.copyfit[0]!;
    expect(c).toMatchObject({ page: 2, chapterEnd: false });
    expect(c.fill).toBeLessThan(FILL.mid);
    expect(c.add).toBeGreaterThan(0);
  });
});

describe('positions a push and a pull back move', () => {
  type N = Record<string, unknown> & { positions?: { pageNumber: number; top: number }[] };
  const lines = (k: number) => Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));

  it('a line of an unbreakable block set on the next page is recorded where it is drawn, not where the block began', async () => {
    const caption: N = { text: 'Caption', id: 'cap' };
    const block = { unbreakable: true, stack: [caption, ...lines(20)] };
    await render({ pageSize: 'A4', pageMargins: [40, 40, 40, 40], content: [...lines(60), block] });
    const p = caption.positions![0]!;
    expect(p.pageNumber).toBe(2);
    // pdfmake kept the y the block began at on page 1 (near its foot), which page-fill read as a line there
    expect(p.top).toBeCloseTo(40, 0);
  });

  it('cuts a paragraph under widow control between its lines to fill a chapter’s last page, each side keeping its lines', async () => {
    const keepLines = { min: 2, maxMoved: 4 };
    let short = 0;
    let cut = 0;
    for (let n = 50; n <= 58; n += 2) {
      const long: N = { ...para('LONG', n), keepLines };
      const content = (fill: boolean) => [{ text: 'Cover' }, chapter('One', fill), fill ? long : { ...para('LONG', n), keepLines }, chapter('Two', fill), para('Next', 1)];
      const before = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(false) }));
      const end = (pages: { text: string }[]) => pages.findIndex((p) => p.text.startsWith('Two')) - 1;
      const fill = (pages: { bottom: number }[], i: number) => (pages[i]!.bottom - 60) / (841.89 - 120);
      if (fill(before, end(before)) >= FILL.chapterEnd) continue;
      short++;
      const pages = layout(await render({ pageSize: 'A4', pageMargins: [60, 60, 60, 60], content: content(true) }));
      // the chapter's last page is filled, and Two starts a page of its own (not run on under the tail)
      expect(pages.findIndex((p) => p.text.startsWith('Two')), `n ${n}`).toBe(end(pages) + 1);
      expect(fill(pages, end(pages)), `n ${n}`).toBeGreaterThanOrEqual(FILL.chapterEnd);
      const on = new Map<number, number>();
      for (const p of long.positions!) on.set(p.pageNumber, (on.get(p.pageNumber) ?? 0) + 1);
      expect([...on.values()].every((k) => k >= keepLines.min), `n ${n}`).toBe(true);
      if (on.size > 1) cut++;
    }
    expect(short).toBeGreaterThan(0);
    expect(cut).toBe(short);
  });
});
