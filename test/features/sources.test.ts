/**
 * Issue 25, deliverable 3: source records a reader can follow. Over data/sources.json and the notes
 * printed in the flagship's three editions: dates and real titles (n.d. for at most a tenth of the
 * sources, descriptions for at most five, in square brackets), a named publisher (never a bare web
 * address), reprints naming both the original publisher and the site, and compact notes that
 * print a title and a date, never only a domain. The record checks are `briefkit check`'s own
 * (src/cite/records.ts), so any project gets the same warnings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isBareDomain, sourceRecordWarnings } from '../../src/cite/records.js';
import { sourcesFile } from '../../src/config/blocks.js';
import { FLAGSHIP, pageTexts, ROOT, sharedBuild } from '../support.js';

const sources = sourcesFile.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'sources.json'), 'utf8'))).sources;

describe('the flagship’s source records', () => {
  it('pass briefkit check’s source-record checks (dates, titles, publishers, reprints)', () => {
    expect(sourceRecordWarnings(sources, 'data/sources.json').map((w) => w.message)).toEqual([]);
  });

  it('print n.d. for at most a tenth of the sources, and a description for at most five', () => {
    expect(sources.filter((s) => !s.date).length).toBeLessThanOrEqual(sources.length / 10);
    expect(sources.filter((s) => s.descriptive).length).toBeLessThanOrEqual(5);
  });

  it('name a publisher that is not a web address, and for a reprint the site as well', () => {
    for (const s of sources) {
      expect(isBareDomain(s.publisher), s.id).toBe(false);
      // an editor's remark that calls the item a repost, mirror or reprint needs the site named
      if (/\b(?:repost|mirror(?:ed)?|reprint(?:ed)?|republished)\b/i.test(s.note ?? '') && !/same text|also at|mirrored at/i.test(s.note ?? '')) expect(s.reprintedBy, s.id).toBeTruthy();
      if (s.reprintedBy) expect(s.reprintedBy.toLowerCase(), s.id).not.toBe(s.publisher.toLowerCase());
    }
  });
});

describe('the notes as printed', () => {
  let out = '';
  beforeAll(() => {
    out = sharedBuild(FLAGSHIP).out;
  }, 600_000);

  /** The numbered notes of an edition, one string each. */
  const notes = (edition: string): string[] => {
    const text = pageTexts(path.join(out, `briefing-${edition}.pdf`)).join('\n').replace(/\s+/g, ' ');
    // from the list's opening sentence (the heading recurs as a running header on every page of notes)
    const list = text.slice(text.indexOf('Each numbered note names a source'));
    return list.split(/ (?=\d{1,3}\. )/).slice(1);
  };
  const DATE = /\b(?:1[89]|20)\d\d\b|\bn\.d\./;

  it.each(['executive', 'policy', 'legal'])('%s: every note prints a title and a date (or n.d.) before its address, never only a domain', (edition) => {
    const list = notes(edition);
    expect(list.length).toBeGreaterThan(10);
    for (const n of list) {
      const body = n.replace(/^\d+\. /, '').replace(/\s*(?:https?:\/\/)?[\w.-]+\.[a-z]{2,}(?:\/\S*)?\.?$/i, '');
      // an author or site, a title (several words), and a date
      expect(body.split(' ').length, n).toBeGreaterThanOrEqual(4);
      expect(body, n).toMatch(DATE);
    }
  });

  it('executive (compact notes): no note names its site twice ("Reprinted by sbzl.com. sbzl.com.")', () => {
    const list = notes('executive');
    expect(list.filter((n) => /([\w-]+\.[a-z]{2,})\)?\.\s+\1\.?\s*$/i.test(n))).toEqual([]);
    // and the site's name is still there, as the link
    expect(list.filter((n) => /sbzl\.com/.test(n)).length).toBeGreaterThan(0);
  });

  it('prints "n.d." in at most a tenth of the policy edition’s notes', () => {
    const list = notes('policy');
    expect(list.filter((n) => /\bn\.d\./.test(n)).length).toBeLessThanOrEqual(list.length / 10);
  });
});
