import { describe, expect, it } from 'vitest';
import { render as state } from '../../../../src/pdf/engine/index.js';
import { pages, render } from './support.js';

type Pos = { pageNumber: number; top: number };
type N = Record<string, unknown> & { positions?: Pos[] };
const MARGINS = [40, 40, 40, 40];
const BOTTOM = 841.89 - 40;
const filler = (k: number) => Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
const heading = (): N => ({ text: 'A heading', fontSize: 14, bold: true, margin: [0, 10, 0, 5], keepWithNext: true, id: 'h' });
const KEEP = { min: 2, maxMoved: 4 };
const page = (n: N) => n.positions![0]!.pageNumber;

describe('keep-with-next: a heading is never the last thing on a page', () => {
  it('moves with a paragraph that cannot put two lines under it, in one layout', async () => {
    let carried = 0;
    for (let k = 56; k <= 66; k++) {
      const h = heading();
      const p: N = { text: 'A paragraph of several lines under the heading, long enough to wrap at this width, and then some more words. '.repeat(3), keepLines: KEEP };
      const f: N[] = filler(k);
      const layouts = state.layouts;
      const pdf = await render({ pageMargins: MARGINS, content: [...f, h, p] });
      expect(state.layouts - layouts).toBe(1);
      const onHeadingPage = p.positions!.filter((x) => x.pageNumber === page(h)).length;
      expect(onHeadingPage, `k=${k}`).toBeGreaterThanOrEqual(2);
      // the heading's recorded page is where it is drawn (anchors, outline and page references read it)
      const texts = pages(pdf);
      expect(texts[page(h) - 1], `k=${k}`).toContain('A heading');
      if (page(h) > page(f.at(-1)!)) carried++;
    }
    expect(carried).toBeGreaterThan(0);
  }, 60_000);

  it('moves when it would start in the last eighth of the page, even with room for a line under it', async () => {
    // 58 filler lines end about 690 pt down a page of 762 pt: the heading would start beyond 7/8
    const h = heading();
    const p: N = { text: 'One line.' };
    await render({ pageMargins: MARGINS, content: [...filler(58), h, p] });
    expect(page(h)).toBe(2);
    expect(page(p)).toBe(2);
  });

  it('moves with an unbreakable block that does not fit under it, and the block follows it', async () => {
    const h = heading();
    const block: N = { stack: Array.from({ length: 12 }, (_, i) => ({ text: `Row ${i + 1}` })), unbreakable: true };
    await render({ pageMargins: MARGINS, content: [...filler(50), h, block] });
    expect(page(h)).toBe(2);
    expect(page(block)).toBe(2);
    expect(block.positions![0]!.top).toBeGreaterThan(h.positions![0]!.top);
  });

  it('lets a block go on alone when it would not fit under the heading on a fresh page', async () => {
    const h = heading();
    // about 740 pt tall: fits a fresh page (762 pt), not with the heading above it
    const block: N = { stack: Array.from({ length: 52 }, (_, i) => ({ text: `Row ${i + 1}`, fontSize: 12 })), unbreakable: true };
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(30), h, block] })); // no BK308
    expect(texts[0]).toContain('A heading');
    expect(texts[1]).toMatch(/^Row 1\b[^]*Row 52$/);
  });

  it('stays when what follows fits, when it starts its page, and when the follower starts a page itself', async () => {
    const h1 = heading();
    await render({ pageMargins: MARGINS, content: [...filler(10), h1, { text: 'Short.' }] });
    expect(page(h1)).toBe(1);
    const h2 = heading();
    const tall: N = { stack: Array.from({ length: 80 }, (_, i) => ({ text: `Row ${i + 1}` })), unbreakable: false };
    await render({ pageMargins: MARGINS, content: [h2, tall] });
    expect(page(h2)).toBe(1);
    const h3 = heading();
    await render({ pageMargins: MARGINS, content: [...filler(50), h3, { text: 'Next part', pageBreak: 'before' }] });
    expect(page(h3)).toBe(1);
  });

  it('keeps two headings in a row together with what follows', async () => {
    for (let k = 56; k <= 62; k++) {
      const a = heading();
      const b: N = { ...heading(), id: 'h2' };
      const p: N = { text: 'Body text that follows both headings and wraps over a couple of lines at this width, at least two. '.repeat(2), keepLines: KEEP };
      await render({ pageMargins: MARGINS, content: [...filler(k), a, b, p] });
      expect(page(a), `k=${k}`).toBe(page(p));
      expect(page(b), `k=${k}`).toBe(page(p));
      expect(a.positions!.at(-1)!.top).toBeLessThan(BOTTOM);
    }
  });
});
