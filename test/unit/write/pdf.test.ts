import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src/io/project.js';
import { buildDate, loadFonts, renderPdf } from '../../../src/write/pdf.js';
import { ROOT, tempDir, tool } from '../../support.js';
import type { BriefkitError } from '../../../src/log/error.js';

describe('buildDate', () => {
  it('is the as-of date at midnight UTC when SOURCE_DATE_EPOCH is not set', () => {
    expect(buildDate('2025-09-01', {}).toISOString()).toBe('2025-09-01T00:00:00.000Z');
  });
  it('honours SOURCE_DATE_EPOCH (seconds since 1970, UTC)', () => {
    expect(buildDate('2025-09-01', { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(buildDate('2025-09-01', { SOURCE_DATE_EPOCH: '0' }).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });
  it('ignores a SOURCE_DATE_EPOCH that is not a whole number of seconds', () => {
    for (const bad of ['', 'yesterday', '-5', '1.5'])
      expect(buildDate('2025-09-01', { SOURCE_DATE_EPOCH: bad }).toISOString()).toBe('2025-09-01T00:00:00.000Z');
  });
  it('reads process.env by default', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      process.env.SOURCE_DATE_EPOCH = '86400';
      expect(buildDate('2025-09-01').toISOString()).toBe('1970-01-02T00:00:00.000Z');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('renderPdf', () => {
  it('is deterministic for a given date, writes that date, and changes with it', async () => {
    loadFonts(new Project(ROOT));
    const dd = { content: [{ text: 'Hello' }], defaultStyle: { font: 'Roboto' }, info: { title: 'T & <x>' } };
    const d1 = new Date('2024-01-16T00:00:00Z');
    const a = await renderPdf(dd, d1);
    const b = await renderPdf(dd, d1);
    const c = await renderPdf(dd, new Date('2024-01-17T00:00:00Z'));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    const file = path.join(tempDir('briefkit-pdf-'), 'a.pdf');
    fs.writeFileSync(file, a);
    const info = tool('pdfinfo', ['-isodates', file]).stdout;
    expect(info).toMatch(/CreationDate:\s+2024-01-16T00:00:00(Z|\+00)/);
    expect(info).toMatch(/Title:\s+T & <x>/);
  });
});

describe('content the PDF writer would drop', () => {
  it('fails with BK308 when a block kept on one page is taller than a page', async () => {
    loadFonts(new Project(ROOT));
    const tall = { stack: Array.from({ length: 90 }, (_, i) => ({ text: `Line ${i + 1} of a callout that cannot fit on one page` })), unbreakable: true };
    const e = await renderPdf({ content: [{ text: 'Before' }, tall] }, new Date('2024-01-16T00:00:00Z')).then(() => undefined, (x: unknown) => x as BriefkitError);
    expect(e?.code).toBe('BK308');
    expect(e?.message).toContain('Line 1 of a callout');
    // the same block, allowed to break, renders
    const ok = await renderPdf({ content: [{ text: 'Before' }, { ...tall, unbreakable: false }] }, new Date('2024-01-16T00:00:00Z'));
    expect(ok.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('page breaks', () => {
  it('a page break before a block that already starts an empty page adds no blank page', async () => {
    loadFonts(new Project(ROOT));
    // the first block's bottom margin does not fit: pdfmake starts page 2 for it
    const content = [{ text: 'First', margin: [0, 0, 0, 5000] }, { text: 'Second', pageBreak: 'before' }, { text: 'Third', pageBreak: 'before' }];
    const file = path.join(tempDir('briefkit-break-'), 'b.pdf');
    fs.writeFileSync(file, await renderPdf({ content }, new Date('2024-01-16T00:00:00Z')));
    const pages = tool('pdftotext', [file, '-']).stdout.split('\f').map((t) => t.trim());
    expect(pages.filter(Boolean)).toEqual(['First', 'Second', 'Third']);
    expect(pages.slice(0, 3)).toEqual(['First', 'Second', 'Third']);
  });
});
