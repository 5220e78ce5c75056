import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src/io/project.js';
import { buildDate, loadFonts, loadProfileFont, renderPdf } from '../../../src/write/pdf.js';
import { ROOT, tempDir, thrownSync, tool } from '../../support.js';
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

describe('loadProfileFont', () => {
  const ROBOTO = path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto');
  const origin = () => ({ file: 'templates/audiences/a/profile.yaml', line: 3 });
  /** A project folder whose fonts/ holds the given Roboto faces under the given names. */
  const project = (files: Record<string, string>) => {
    const dir = tempDir('briefkit-font-');
    for (const [to, from] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, 'fonts', to)), { recursive: true });
      fs.copyFileSync(path.join(ROBOTO, from), path.join(dir, 'fonts', to));
    }
    return dir;
  };
  /** The base font name of the one font a PDF set in `family` embeds (e.g. "Roboto-Italic"). */
  const embedded = async (family: string) => {
    const file = path.join(tempDir('briefkit-pdf-'), 'f.pdf');
    fs.writeFileSync(file, await renderPdf({ content: [{ text: 'Hello' }], defaultStyle: { font: family } }, new Date('2024-01-16T00:00:00Z')));
    const rows = tool('pdffonts', [file]).stdout.split('\n').slice(2).filter((l) => l.trim());
    expect(rows).toHaveLength(1);
    return rows[0]!.trim().split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '');
  };

  it('binds a family to its files for the build, and refuses other files under that name in the same build', async () => {
    const dir = project({ 'a.ttf': 'Roboto-Italic.ttf', 'b.ttf': 'Roboto-Medium.ttf' });
    const p = new Project(dir);
    loadFonts(new Project(ROOT));
    expect(loadProfileFont(p.projectFonts, { family: 'Unit Brand 1', normal: 'a.ttf' }, origin)).toBe('Unit Brand 1');
    // the same files again (a second audience of the build): the same family
    expect(loadProfileFont(p.projectFonts, { family: 'Unit Brand 1', normal: 'a.ttf' }, origin)).toBe('Unit Brand 1');
    expect(await embedded('Unit Brand 1')).toBe('Roboto-Italic');
    const e = thrownSync(() => loadProfileFont(p.projectFonts, { family: 'Unit Brand 1', normal: 'b.ttf' }, origin)) as BriefkitError;
    expect(e.code).toBe('BK306');
    expect(e.summary).toContain('already used with other files');
    expect(e.where).toMatchObject({ file: 'templates/audiences/a/profile.yaml', line: 3, field: 'theme.font.family' });
    // the refused files did not replace the bound ones
    expect(await embedded('Unit Brand 1')).toBe('Roboto-Italic');
  });

  it('lets a later build in the same process bind the family to other files (another project, or --watch)', async () => {
    const one = new Project(project({ 'brand.ttf': 'Roboto-Italic.ttf' }));
    const two = new Project(project({ 'brand.ttf': 'Roboto-Medium.ttf' }));
    loadFonts(new Project(ROOT));
    loadProfileFont(one.projectFonts, { family: 'Unit Brand 2', normal: 'brand.ttf' }, origin);
    expect(await embedded('Unit Brand 2')).toBe('Roboto-Italic');
    loadFonts(new Project(ROOT)); // the next build
    // same family, same file name, other project: not BK306, and set in the second project's font
    expect(loadProfileFont(two.projectFonts, { family: 'Unit Brand 2', normal: 'brand.ttf' }, origin)).toBe('Unit Brand 2');
    expect(await embedded('Unit Brand 2')).toBe('Roboto-Medium');
  });

  it('reads a font replaced on disk under the same name anew in the next build', async () => {
    const dir = project({ 'brand.ttf': 'Roboto-Italic.ttf' });
    const p = new Project(dir);
    loadFonts(new Project(ROOT));
    loadProfileFont(p.projectFonts, { family: 'Unit Brand 3', normal: 'brand.ttf' }, origin);
    expect(await embedded('Unit Brand 3')).toBe('Roboto-Italic');
    fs.copyFileSync(path.join(ROBOTO, 'Roboto-MediumItalic.ttf'), path.join(dir, 'fonts', 'brand.ttf'));
    loadFonts(new Project(ROOT));
    loadProfileFont(p.projectFonts, { family: 'Unit Brand 3', normal: 'brand.ttf' }, origin);
    expect(await embedded('Unit Brand 3')).toBe('Roboto-MediumItalic');
  });

  it('refuses the name of a bundled family, whatever the files', () => {
    const p = new Project(project({ 'brand.ttf': 'Roboto-Italic.ttf' }));
    loadFonts(new Project(ROOT));
    const e = thrownSync(() => loadProfileFont(p.projectFonts, { family: 'Roboto', normal: 'brand.ttf' }, origin)) as BriefkitError;
    expect(e.code).toBe('BK306');
    expect(e.summary).toContain('a font briefkit bundles');
  });
});
