/**
 * Text extraction shared by the test files that read the same PDFs many times (the flagship
 * editions are read by layout, publishable, golden and audiences tests): each PDF is run through
 * pdftotext once per mode, and the pages are split on the form feeds pdftotext ends each page
 * with. Cached per file, size and modification time, so a PDF rebuilt in place is read anew.
 */
import fs from 'node:fs';
import { pdftotext } from '../support.js';

const cache = new Map<string, string>();

/** pdftotext's output for `pdf` (`-layout` when asked), read once per version of the file. */
export function textOf(pdf: string, o: { layout?: boolean } = {}): string {
  const st = fs.statSync(pdf);
  const key = JSON.stringify([pdf, st.size, st.mtimeMs, st.ino, !!o.layout]);
  let text = cache.get(key);
  if (text === undefined) {
    text = pdftotext(pdf, o.layout ? ['-layout'] : []);
    cache.set(key, text);
  }
  return text;
}

/** Text of each page (-layout), as support.ts's pageTexts gives it: one pdftotext call per PDF. */
export function pageTexts(pdf: string): string[] {
  return textOf(pdf, { layout: true }).split('\f').slice(0, -1);
}

/** Pages of a PDF: the form feeds pdftotext ends each page with. */
export function pageCount(pdf: string): number {
  return textOf(pdf, { layout: true }).split('\f').length - 1;
}
