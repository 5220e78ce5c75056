/**
 * float.ts with keep-with-next.ts (a regression found by building hostile projects): a heading
 * (keepWithNext) followed only by a floating figure that does not fit in the rest of its page,
 * at the end of the document or of a section (the next node starts a page), or followed by a
 * block that does not fit either (a callout). The held figure is not the heading's follower
 * placed: the heading goes to the next page above the figure — or, when the callout would not
 * fit under both, with the callout, the figure after it.
 */
import { describe, expect, it } from 'vitest';
import { pages, render } from './support.js';

type N = Record<string, unknown>;
const MARGINS = [40, 40, 40, 40];
const filler = (k: number) => Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
const figure = (id: string): N => ({
  unbreakable: true,
  float: true,
  margin: [0, 5, 0, 10],
  stack: [{ text: `Caption ${id}`, id }, ...Array.from({ length: 20 }, (_, i) => ({ text: `${id} body ${i + 1}` })), { text: `Source ${id}` }],
});
const heading = { text: 'Heading of the figure', fontSize: 14, bold: true, margin: [0, 10, 0, 4], keepWithNext: true };

describe('a heading followed only by a floating figure does not stay behind it', () => {
  it('at the end of the document', async () => {
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(40), heading, figure('f1')] }));
    const h = texts.findIndex((t) => t.includes('Heading of the figure'));
    const f = texts.findIndex((t) => t.includes('Caption f1'));
    expect(f).toBeGreaterThan(0);
    expect(h).toBe(f);
    // above its figure
    expect(texts[h]).toMatch(/^Heading of the figure\s+Caption f1/);
  });

  it('before a node that starts a page (the next section)', async () => {
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(40), heading, figure('f1'), { text: 'Next section', pageBreak: 'before' }] }));
    const h = texts.findIndex((t) => t.includes('Heading of the figure'));
    const f = texts.findIndex((t) => t.includes('Caption f1'));
    expect(f).toBeGreaterThan(0);
    expect(h).toBe(f);
    // above its figure
    expect(texts[h]).toMatch(/^Heading of the figure\s+Caption f1/);
  });

  it('before an unbreakable block (a callout) that moves to the next page', async () => {
    const callout = { unbreakable: true, stack: Array.from({ length: 30 }, (_, i) => ({ text: `Callout line ${i + 1}` })) };
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(40), heading, figure('f1'), callout, { text: 'Text after' }] }));
    const h = texts.findIndex((t) => t.includes('Heading of the figure'));
    const c = texts.findIndex((t) => t.includes('Callout line 1'));
    // the heading is not left alone on its page: something of what follows it is on its page
    expect(texts[h]).toMatch(/Heading of the figure\s+\S/);
    expect(h).toBe(c);
    // the callout does not fit under the heading and the figure: it goes on with the heading, the figure after it
    expect(texts[h]).toMatch(/^Heading of the figure\s+Callout line 1/);
    expect(texts.findIndex((t) => t.includes('Caption f1'))).toBe(h + 1);
  });
});
