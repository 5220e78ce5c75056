import { describe, expect, it } from 'vitest';
import { pages, render } from './support.js';

describe('empty-page-break: a page break at the top of an empty page', () => {
  it('adds no blank page', async () => {
    // the first block's bottom margin does not fit: pdfmake starts page 2 for it
    const content = [{ text: 'First', margin: [0, 0, 0, 5000] }, { text: 'Second', pageBreak: 'before' }, { text: 'Third', pageBreak: 'before' }];
    expect(pages(await render({ content }))).toEqual(['First', 'Second', 'Third']);
  });

  it('still breaks where the page is not empty', async () => {
    const content = [{ text: 'One' }, { text: 'Two', pageBreak: 'before' }];
    expect(pages(await render({ content }))).toEqual(['One', 'Two']);
  });
});
