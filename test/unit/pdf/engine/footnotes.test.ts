import { describe, expect, it } from 'vitest';
import { render as state } from '../../../../src/pdf/engine/index.js';
import { callsByPage, footnotesOf, nextReserves, settled, type FootnoteCall } from '../../../../src/pdf/engine/footnotes.js';
import { pages, render } from './support.js';

type Pos = { pageNumber: number; top: number };
type N = Record<string, unknown> & { positions?: Pos[] };
const MARGINS = [40, 40, 40, 40];
const BOTTOM = 841.89 - 40;

/** A paragraph of `lines` lines (about) with a call to note `n` at its end. */
const para = (i: number, n?: number): N => ({
  text: [{ text: `Paragraph ${i}: ${'words that fill the line '.repeat(8)}` }, ...(n ? [{ text: String(n), sup: true, linkToDestination: `note-${n}` }] : [])],
  margin: [0, 0, 0, 6],
});

/** The block at a page's foot: a rule, then one line per note, long in its first printing. */
const block = (notes: FootnoteCall[]) => ({
  margin: [0, 8, 0, 0],
  stack: [
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 60, y2: 0, lineWidth: 0.4 }], margin: [0, 0, 0, 3] },
    ...notes.map(({ n, first }) => ({ text: first ? `Footnote ${n} in full. ${'A long reference that takes several lines at the foot. '.repeat(4)}` : `Footnote ${n} short.`, fontSize: 8 })),
  ],
});

async function withFootnotes(content: N[]): Promise<{ texts: string[]; layouts: number }> {
  const before = state.layouts;
  // the renderer takes the block from the document definition (src/write/pdf.ts)
  const pdf = await render({ pageMargins: MARGINS, content, footnotes: block });
  return { texts: pages(pdf), layouts: state.layouts - before };
}

describe('footnotes: the notes called on a page print at its foot', () => {
  it('finds the calls on each page, and marks the first printing of each note', () => {
    const line = (...links: string[]) => ({ type: 'line', item: { inlines: links.map((l) => ({ linkToDestination: l })) } });
    const pagesOf = [{ items: [line('note-2', 'x'), line('note-1')] }, { items: [{ type: 'vector', item: {} }] }, { items: [line('note-2', 'note-3')] }];
    const calls = callsByPage(pagesOf as never);
    expect(calls).toEqual([[1, 2], [], [2, 3]]);
    expect(footnotesOf(calls)).toEqual([[{ n: 1, first: true }, { n: 2, first: true }], [], [{ n: 2, first: false }, { n: 3, first: true }]]);
  });

  it('settles: reserves follow the first two layouts, then only grow', () => {
    const r1 = nextReserves(new Map(), new Map([[0, 40]]), 0);
    expect(r1).toEqual(new Map([[0, 40]]));
    expect(settled(r1, new Map([[0, 40]]), 1)).toBe(true);
    expect(settled(r1, new Map([[0, 50]]), 1)).toBe(false);
    // early on, room no notes use is given back; later it is kept, so the layouts cannot cycle
    expect(settled(new Map([[0, 40], [1, 30]]), new Map([[0, 40]]), 1)).toBe(false);
    expect(settled(new Map([[0, 40], [1, 30]]), new Map([[0, 40]]), 2)).toBe(true);
    expect(nextReserves(new Map([[0, 60], [1, 30]]), new Map([[0, 40]]), 2)).toEqual(new Map([[0, 60], [1, 30]]));
  });

  it('sets each page’s notes under its text, never over it, numbers matching the calls', async () => {
    const content: N[] = Array.from({ length: 40 }, (_, i) => para(i + 1, i % 9 === 4 ? (i % 2 ? 2 : 1) : undefined));
    const { texts, layouts } = await withFootnotes(content);
    expect(layouts).toBeGreaterThan(1);
    expect(texts.length).toBeGreaterThan(1);
    const calledOn = (n: number) => content.map((p, i) => ({ p, i })).filter(({ p }) => JSON.stringify(p.text).includes(`note-${n}`)).map(({ p }) => p.positions!.at(-1)!.pageNumber);
    for (const n of [1, 2]) {
      const on = [...new Set(calledOn(n))];
      expect(on.length).toBeGreaterThan(0);
      // in full on the first page that calls it, short after; never on a page that does not call it
      on.forEach((pg, i) => expect(texts[pg - 1], `note ${n} page ${pg}`).toContain(i === 0 ? `Footnote ${n} in full.` : `Footnote ${n} short.`));
      texts.forEach((t, i) => { if (!on.includes(i + 1)) expect(t).not.toContain(`Footnote ${n}`); });
    }
    // the text of each page ends above its notes: every paragraph line sits above the reserved foot
    for (const p of content) for (const pos of p.positions!) expect(pos.top).toBeLessThan(BOTTOM - 30);
  }, 60_000);

  it('a document without footnotes is laid out once, as before', async () => {
    const before = state.layouts;
    await render({ pageMargins: MARGINS, content: [para(1, 1)] });
    expect(state.layouts - before).toBe(1);
  });
});

describe('footnotes that cannot fit', () => {
  it('are BK370 when a page’s notes would take more than half of it, never drawn over the text', async () => {
    const huge = (notes: FootnoteCall[]) => ({ stack: notes.map(({ n }) => ({ text: `Note ${n}. ${'A reference far too long for the foot of a page. '.repeat(250)}`, fontSize: 8 })) });
    await expect(render({ pageMargins: MARGINS, content: [para(1, 1)], footnotes: huge })).rejects.toMatchObject({ code: 'BK370' });
  });
});
