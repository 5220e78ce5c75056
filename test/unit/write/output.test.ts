import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src/io/project.js';
import { BriefkitError } from '../../../src/log/error.js';
import { checkOutDir, ensureDir, pageCount, readManifest, sha256, writeAtomic } from '../../../src/write/output.js';
import { loadFonts, renderPdf } from '../../../src/write/pdf.js';
import { ROOT, pdfinfo, tempDir, thrownSync } from '../../support.js';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });

describe('writeAtomic', () => {
  it('writes through a temporary file and leaves only the final file', () => {
    const dir = tempDir('briefkit-out-');
    fs.writeFileSync(path.join(dir, 'a.pdf'), 'old');
    const final = writeAtomic(dir, 'a.pdf', Buffer.from('new content'));
    expect(final).toBe(path.join(dir, 'a.pdf'));
    expect(fs.readFileSync(final, 'utf8')).toBe('new content');
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
  });

  it('on a failed rename: BK401, no temp file left, the previous file unchanged', () => {
    const dir = tempDir('briefkit-out-');
    fs.writeFileSync(path.join(dir, 'a.pdf'), 'previous good output');
    const written: string[] = [];
    const fake = {
      writeFileSync: (f: fs.PathOrFileDescriptor, d: string | NodeJS.ArrayBufferView) => {
        written.push(String(f));
        fs.writeFileSync(f, d);
      },
      renameSync: () => {
        throw enospc();
      },
      rmSync: fs.rmSync,
    } as unknown as Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'>;
    const e = thrownSync(() => writeAtomic(dir, 'a.pdf', Buffer.from('half-baked'), fake));
    expect(e).toBeInstanceOf(BriefkitError);
    expect(e.code).toBe('BK401');
    expect(e.summary).toContain('ENOSPC');
    // The temp file really was written (in the output folder) before the rename failed…
    expect(written).toHaveLength(1);
    expect(path.dirname(written[0]!)).toBe(dir);
    expect(written[0]).not.toBe(path.join(dir, 'a.pdf'));
    // …and is gone now.
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
    expect(fs.readFileSync(path.join(dir, 'a.pdf'), 'utf8')).toBe('previous good output');
  });

  it('on a write that fails half-way: BK401 and the partial temp file removed', () => {
    const dir = tempDir('briefkit-out-');
    const fake = {
      writeFileSync: (f: fs.PathOrFileDescriptor) => {
        fs.writeFileSync(f, 'partial');
        throw enospc();
      },
      renameSync: fs.renameSync,
      rmSync: fs.rmSync,
    } as unknown as Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'>;
    expect(thrownSync(() => writeAtomic(dir, 'manifest.json', '{}', fake)).code).toBe('BK401');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives each write its own temporary name', () => {
    const dir = tempDir('briefkit-out-');
    const names: string[] = [];
    const fake = {
      writeFileSync: (f: fs.PathOrFileDescriptor, d: string) => {
        names.push(String(f));
        fs.writeFileSync(f, d);
      },
      renameSync: fs.renameSync,
      rmSync: fs.rmSync,
    } as unknown as Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'>;
    writeAtomic(dir, 'x', 'a', fake);
    writeAtomic(dir, 'x', 'b', fake);
    expect(new Set(names).size).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'x'), 'utf8')).toBe('b');
  });
});

describe('ensureDir', () => {
  it('creates nested folders', () => {
    const dir = path.join(tempDir('briefkit-out-'), 'a', 'b');
    ensureDir(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });
  it('refuses a path under a regular file (BK401)', () => {
    const file = path.join(tempDir('briefkit-out-'), 'file');
    fs.writeFileSync(file, '');
    expect(thrownSync(() => ensureDir(path.join(file, 'sub'))).code).toBe('BK401');
  });
});

describe('checkOutDir (before any rendering)', () => {
  it('accepts an existing folder and a path still to be made under a writable folder, and creates nothing', () => {
    const root = tempDir('briefkit-out-');
    checkOutDir(root);
    checkOutDir(path.join(root, 'a', 'b', 'out'));
    expect(fs.readdirSync(root)).toEqual([]);
  });
  it('refuses a path under a regular file or a regular file itself (BK401 naming the file), creating nothing', () => {
    const root = tempDir('briefkit-out-');
    const file = path.join(root, 'blocker');
    fs.writeFileSync(file, '');
    for (const dir of [path.join(file, 'out'), path.join(file, 'a', 'b'), file]) {
      const e = thrownSync(() => checkOutDir(dir));
      expect(e.code, dir).toBe('BK401');
      expect(e.message, dir).toContain(`${file} is a file, not a folder`);
    }
    expect(fs.readdirSync(root)).toEqual(['blocker']);
  });
  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write in (EACCES)', () => {
    const root = tempDir('briefkit-out-');
    fs.chmodSync(root, 0o555);
    expect(thrownSync(() => checkOutDir(path.join(root, 'out'))).message).toContain('EACCES');
    fs.chmodSync(root, 0o755);
  });
});

describe('sha256, readManifest', () => {
  it('sha256 matches the FIPS 180-2 test vector', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256(Buffer.from('abc'))).toBe(sha256('abc'));
  });
  it('readManifest returns undefined for a missing or broken manifest', () => {
    const dir = tempDir('briefkit-out-');
    expect(readManifest(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{ broken');
    expect(readManifest(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"generator":"g","asOf":"2024-01-01","documents":[]}');
    expect(readManifest(dir)).toEqual({ generator: 'g', asOf: '2024-01-01', documents: [] });
  });
  it('readManifest reads a manifest without an as-of date (no source dated) and says nothing', () => {
    const dir = tempDir('briefkit-out-');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"generator":"g","documents":[]}');
    const told: string[] = [];
    expect(readManifest(dir, (r) => told.push(r))).toEqual({ generator: 'g', documents: [] });
    expect(told).toEqual([]);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"generator":"g","asOf":5,"documents":[]}');
    expect(readManifest(dir, (r) => told.push(r))).toBeUndefined();
    expect(told).toHaveLength(1);
  });
});

describe('pageCount', () => {
  it('counts the pages of a real pdfmake PDF, agreeing with pdfinfo', async () => {
    loadFonts(new Project(ROOT));
    const dd = { content: [{ text: 'one' }, { text: 'two', pageBreak: 'before' }, { text: 'three', pageBreak: 'before' }], defaultStyle: { font: 'Roboto' } };
    const pdf = await renderPdf(dd, new Date('2024-01-16T00:00:00Z'));
    expect(pageCount(pdf)).toBe(3);
    const file = path.join(tempDir('briefkit-out-'), 'p.pdf');
    fs.writeFileSync(file, pdf);
    expect(Number(pdfinfo(file).Pages)).toBe(3);
  });
  it('is 0 for bytes that are not a PDF', () => {
    expect(pageCount(Buffer.from('hello'))).toBe(0);
  });
});
