import { describe, expect, it } from 'vitest';
import { render as state } from '../../../../src/pdf/engine/index.js';
import { accessibility } from '../../../support.js';
import { pages, render, tempPdf } from './support.js';

type N = Record<string, unknown> & { positions?: { pageNumber: number; top: number }[] };
const MARGINS = [40, 40, 40, 40];
const filler = (k: number) => Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
/** A figure-like block about 300 pt tall: caption (with an id), body, source line. */
const figure = (id: string, float = true): N => ({
  unbreakable: true,
  float,
  margin: [0, 5, 0, 10],
  stack: [{ text: `Caption ${id}`, id }, ...Array.from({ length: 20 }, (_, i) => ({ text: `${id} body ${i + 1}` })), { text: `Source ${id}` }],
});
const para = (n: number) => ({ text: `After ${n}: a paragraph of body text that follows the figure in the source.` });

describe('float: a figure that does not fit goes to the next page top, the text after it fills the gap', () => {
  it('sets the following text on the page and the figure atop the next, in one layout', async () => {
    const fig = figure('f1');
    const layouts = state.layouts;
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(45), fig, para(1), para(2), para(3)] }));
    expect(state.layouts - layouts).toBe(1);
    expect(texts[0]).toMatch(/Filler 45\s+After 1.*\s+After 2.*\s+After 3/);
    expect(texts[1]).toMatch(/^Caption f1\s[^]*Source f1$/);
    // the caption's anchor (contents, cross-references) is on the page the figure is on
    const caption = (fig.stack as N[])[0]!;
    expect(caption.positions![0]!.pageNumber).toBe(2);
  });

  it('tags the figure where it is read: after the text that flowed past it', async () => {
    const fig = figure('f1');
    (fig.stack as N[])[1]!.role = 'Figure';
    const pdf = await render({ tagged: true, pageMargins: MARGINS, content: [...filler(45), { text: 'Lead-in', role: 'H1' }, fig, { ...para(1), role: 'P' }] });
    const { roles, tree } = accessibility(tempPdf(pdf), { text: true });
    expect(roles).toContain('Figure');
    // reading order = the order on the pages: lead-in, the text that flowed past, then the figure
    expect(tree.indexOf('Lead-in')).toBeLessThan(tree.indexOf('After 1'));
    expect(tree.indexOf('After 1')).toBeLessThan(tree.indexOf('Caption f1'));
  });

  it('without float, leaves the gap (as pdfmake does)', async () => {
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(45), figure('f1', false), para(1)] }));
    expect(texts[0]).not.toContain('After 1');
    expect(texts[1]).toMatch(/^Caption f1[^]*After 1/);
  });

  it('keeps figures in order, and gives held figures a page before a node that starts a page', async () => {
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(45), figure('f1'), para(1), figure('f2'), para(2), { text: 'Next section', pageBreak: 'before' }, para(3)] }));
    expect(texts[0]).toMatch(/After 1[^]*After 2/);
    expect(texts[1]).toMatch(/^Caption f1[^]*Caption f2[^]*Source f2$/);
    expect(texts[2]).toMatch(/^Next section/);
  });

  it('places a figure held at the end of the document on a last page', async () => {
    const texts = pages(await render({ pageMargins: MARGINS, content: [...filler(45), figure('f1'), para(1)] }));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('After 1');
    expect(texts[1]).toMatch(/^Caption f1/);
  });
});
