/**
 * Attack regression (found by building a 109-page project): a page reference in body text is
 * measured as its placeholder ("00" in body text, src/layout/inline.ts) when lines are broken;
 * when the page has three digits, page-refs.ts widens it at draw time and, in a left-aligned
 * line, moves the words after it right by the difference — so a line that was full runs past the
 * right margin by up to a digit's width. Expected: no word crosses the right margin.
 */
import { describe, expect, it } from 'vitest';
import { tool } from '../../../support.js';
import { render, tempPdf } from './support.js';

const MARGINS = [40, 40, 40, 40];
const WIDTH = 595.28;

describe('a three-digit page reference in a left-aligned line', () => {
  it('keeps every word inside the right margin', async () => {
    const words = ['alpha', 'be', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota'];
    // many paragraphs of different lengths, so some line is full up to the reference's placeholder
    const paras = Array.from({ length: 60 }, (_, i) => ({
      text: [{ text: Array.from({ length: 8 + i }, (_, k) => words[(k * 7 + i) % words.length]).join(' ') + ' see page ' }, { pageReference: 'target', pagePlaceholder: '00' }, { text: ' and more words after it' }],
      fontSize: 10,
      alignment: 'left',
    }));
    const pages = Array.from({ length: 110 }, (_, i) => ({ text: `Page ${i + 2}`, pageBreak: 'before' }));
    const pdf = await render({ pageMargins: MARGINS, content: [...paras, ...pages, { text: 'Target', id: 'target' }] });
    const bbox = tool('pdftotext', ['-bbox', '-f', '1', '-l', '3', tempPdf(pdf), '-']).stdout;
    const refs = [...bbox.matchAll(/xMax="([\d.]+)"[^>]*>(\d{3})</g)];
    expect(refs.length).toBeGreaterThan(0); // the references were filled with three digits
    const right = Math.max(...[...bbox.matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(right).toBeLessThanOrEqual(WIDTH - MARGINS[2]! + 0.5);
  });
});
