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
