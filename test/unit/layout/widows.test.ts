import { describe, expect, it } from 'vitest';
import { keepLines, paragraphBreak, paragraphKey, parentArray, plain, splitInlines, splitParagraph } from '../../../src/layout/widows.js';
import type { Node } from '../../../src/layout/types.js';

/** A paragraph as pdfmake leaves it: one position per line, with the line's text. */
function laidOut(text: string, pages: number[], words = text.split(/(?<= )/)): Node {
  const perLine = Math.ceil(words.length / pages.length);
  const positions = pages.map((pageNumber, i) => {
    const p = { pageNumber };
    Object.defineProperty(p, 'text', { value: words.slice(i * perLine, (i + 1) * perLine).join(''), enumerable: false });
    return p;
  });
  return { text: [text], margin: [0, 0, 0, 6], alignment: 'left', positions };
}

describe('keepLines', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i} `).join('').trim();

  it('leaves alone a paragraph on one page or split with two lines or more on each side', () => {
    expect(keepLines(laidOut(words(6), [3, 3, 3]), [])).toBe(false);
    expect(keepLines(laidOut(words(8), [3, 3, 4, 4]), [])).toBe(false);
    expect(keepLines({ text: ['x'] }, [])).toBe(false); // not laid out
  });

  it('moves a paragraph that would leave one line at the foot of a page (orphan)', () => {
    expect(keepLines(laidOut(words(8), [3, 4, 4, 4]), [])).toBe(true);
  });

  it('moves a short paragraph whole to avoid a widow', () => {
    const p = laidOut(words(8), [3, 3, 3, 4]);
    const root = [p];
    expect(keepLines(p, root)).toBe(true);
    expect(root).toEqual([p]); // not split
  });

  it('splits a long paragraph before its last two lines to avoid a widow', () => {
    const text = words(14);
    const p = laidOut(text, [3, 3, 3, 3, 3, 3, 4]);
    const root: Node[] = [{ text: 'before' }, { stack: [p] }];
    expect(keepLines(p, root)).toEqual({ splitAt: 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 '.length });
    expect(p.pageBreak).toBe('before');
    const stack = root[1]!.stack as Node[];
    expect(stack).toHaveLength(2);
    expect(stack[1]).toBe(p); // pdfmake moves the node it asked about: now the tail
    expect(plain(stack[0]!.text as string[]) + plain(p.text as string[])).toBe(text);
    expect(plain(p.text as string[])).toBe('w10 w11 w12 w13');
    expect(stack[0]!.margin).toEqual([0, 0, 0, 0]);
    expect(p.margin).toEqual([0, 0, 0, 6]);
    expect(stack[0]).not.toHaveProperty('positions');
  });

  it('splits a bulleted item (its tail gets no bullet), not a numbered one, nor lines that do not match the text', () => {
    const item = laidOut(words(14), [3, 3, 3, 3, 3, 3, 4]);
    const ul = [item];
    expect(keepLines(item, [{ ul }])).toEqual({ splitAt: expect.any(Number) });
    expect(ul).toHaveLength(2);
    expect(ul[0]!.listType).toBeUndefined();
    expect(item.listType).toBe('none');
    const numbered = laidOut(words(14), [3, 3, 3, 3, 3, 3, 4]);
    expect(keepLines(numbered, [{ ol: [numbered] }])).toBe(false);
    const odd = laidOut(words(14), [3, 3, 3, 3, 3, 3, 4]);
    odd.text = ['something else entirely, longer than the lines'];
    expect(keepLines(odd, [odd])).toBe(false);
  });
});

describe('splitInlines', () => {
  it('cuts inside a styled run, keeping the style on both sides and the id on the first', () => {
    const [a, b] = splitInlines(['ab ', { text: 'cd ef', bold: true, id: 'x' }, { text: [{ text: 'gh', sup: true }] }], 5);
    expect(a).toEqual(['ab ', { text: 'cd', bold: true, id: 'x' }]);
    expect(b).toEqual([{ text: ' ef', bold: true }, { text: [{ text: 'gh', sup: true }] }]);
  });

  it('cuts inside nested runs', () => {
    const [a, b] = splitInlines([{ text: ['ab', { text: 'cd', italics: true }], link: 'u' }], 3);
    expect(a).toEqual([{ text: ['ab', { text: 'c', italics: true }], link: 'u' }]);
    expect(b).toEqual([{ text: [{ text: 'd', italics: true }], link: 'u' }]);
  });
});

describe('parentArray', () => {
  it('finds a node in content, nested stacks and bulleted lists, not numbered lists', () => {
    const n = { text: 'x' };
    const stack = [n];
    expect(parentArray([{ stack: [{ stack }] }], n)).toBe(stack);
    const ul = [n];
    expect(parentArray([{ ul }], n)).toBe(ul);
    expect(parentArray([{ ol: [n] }], n)).toBeUndefined();
  });
});

describe('remembered breaks', () => {
  it('round-trips a moved and a split paragraph through its key', () => {
    expect(paragraphBreak(paragraphKey(7))).toEqual({ index: 7 });
    expect(paragraphBreak(paragraphKey(12, 340))).toEqual({ index: 12, splitAt: 340 });
    expect(paragraphBreak('institutions--courts')).toBeUndefined(); // a heading id
  });

  it('splitParagraph re-applies a split up front, as the next pass does', () => {
    const p: Node = { text: ['alpha beta ', { text: 'gamma', bold: true }], margin: [0, 0, 0, 5] };
    const root: Node[] = [p];
    expect(splitParagraph(p, root, 'alpha beta '.length)).toBe(true);
    expect(root).toEqual([{ text: ['alpha beta '], margin: [0, 0, 0, 0] }, p]);
    expect(p).toMatchObject({ text: [{ text: 'gamma', bold: true }], pageBreak: 'before', margin: [0, 0, 0, 5] });
    expect(splitParagraph({ text: ['x'] }, [], 1)).toBe(false); // not in the content
  });
});
