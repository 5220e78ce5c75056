/**
 * page-refs.ts (a regression found by building a 109-page project): a page reference is measured
 * as its placeholder when lines are broken; a "00" placeholder filled with a three-digit page
 * moved the words after it right, so a full left-aligned line ran past the right margin. A digit
 * placeholder is measured at least as wide as "000": no word crosses the right margin.
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

  it('closes up the words after a two-digit number (no gap where the third digit was measured)', async () => {
    const para = { text: ['Left-aligned text that refers to a page: see page ', { pageReference: 'target', pagePlaceholder: '00' }, ' and read on.'], alignment: 'left' };
    const pages = Array.from({ length: 11 }, (_, i) => ({ text: `Page ${i + 2}`, pageBreak: 'before' }));
    const pdf = await render({ pageMargins: MARGINS, content: [para, ...pages, { text: 'Target', id: 'target' }] });
    const bbox = tool('pdftotext', ['-bbox', '-f', '1', '-l', '1', tempPdf(pdf), '-']).stdout;
    const box = (w: string) => {
      const m = new RegExp(`xMin="([\\d.]+)" yMin="[\\d.]+" xMax="([\\d.]+)"[^>]*>${w}<`).exec(bbox);
      if (!m) throw new Error(`${w} not on page 1`);
      return [Number(m[1]), Number(m[2])] as const;
    };
    const [, pageEnd] = box('page');
    const [numStart, numEnd] = box('12');
    const [andStart] = box('and');
    // the space after the number is the word space before it
    expect(Math.abs(andStart - numEnd - (numStart - pageEnd))).toBeLessThan(0.5);
  });
});
