/** Addresses in notes break only after "/" or before ". ? # & =" (Chicago 14.18) and never leave a short tail alone on a line. */
import { describe, expect, it } from 'vitest';
import { MIN_URL_TAIL, urlPieces } from '../../../src/layout/notes.js';

describe('urlPieces', () => {
  it('keeps the host whole and a short last segment with the one before', () => {
    expect(urlPieces('https://en.imsilkroad.com/p/324620.html')).toEqual(['https://en.imsilkroad.com/p/324620.html']);
    const p = urlPieces('http://en.people.cn/n3/2024/0116/c90000-20122610.html');
    expect(p.join('')).toBe('http://en.people.cn/n3/2024/0116/c90000-20122610.html');
    expect(p[0]).toBe('http://en.people.cn/');
    expect(p.at(-1)!.length).toBeGreaterThanOrEqual(MIN_URL_TAIL);
  });
  it('breaks only after / or before . ? # & =', () => {
    for (const url of ['https://www.lexology.com/library/detail.aspx?g=087bdfe3-14db-4c11-8904-49271892e78f', 'https://a.org/x/y/z/some-very-long-slug-of-an-article-title-here']) {
      const p = urlPieces(url);
      expect(p.join('')).toBe(url);
      p.slice(0, -1).forEach((piece, i) => expect(piece.endsWith('/') || /^[.?#&=]/.test(p[i + 1]!)).toBe(true));
      expect(p.length).toBeGreaterThan(1);
    }
  });
});

describe('urlPieces on a slug longer than a line', () => {
  it('breaks it before hyphens, no piece longer than a line', () => {
    const url = 'https://www.tellerreport.com/business/2020-04-09---china-surpasses-the-us-for-the-first-time-to-become-the-largest-source-country-for-international-patent-applications-.SkfZ';
    const p = urlPieces(url);
    expect(p.join('')).toBe(url);
    for (const piece of p) expect(piece.length).toBeLessThanOrEqual(90);
    for (const piece of p.slice(1)) expect(piece).not.toMatch(/^[^-].*-$/);
    expect(p.at(-1)!.length).toBeGreaterThanOrEqual(MIN_URL_TAIL);
  });
});
