import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Area, Project, decodeUtf8, isInside } from '../../../src/io/project.js';
import { tempDir, thrownSync, writeTree } from '../../support.js';

function area(): Area {
  const root = tempDir('briefkit-io-');
  writeTree(root, { 'data/a.json': '{}', 'data/sub/b.csv': 'x\n1\n', 'secret.txt': 'top secret' });
  return new Area(path.join(root, 'data'), 'data');
}

describe('Area.resolve', () => {
  it('resolves relative paths inside the area', () => {
    const a = area();
    expect(a.resolve('a.json')).toBe(path.join(a.dir, 'a.json'));
    expect(a.resolve('sub/b.csv')).toBe(path.join(a.dir, 'sub', 'b.csv'));
    expect(a.resolve('sub/../a.json')).toBe(path.join(a.dir, 'a.json'));
    expect(a.resolve('not-yet.json')).toBe(path.join(a.dir, 'not-yet.json'));
  });

  it.each(['../x', '../secret.txt', 'sub/../../secret.txt', '..', '/etc/passwd', 'file:///etc/passwd', 'http://x', 'https://example.org/a.csv', 'data:text/csv,a', 'a\0b', ''])(
    'refuses %j with BK002',
    (rel) => {
      const e = thrownSync(() => area().resolve(rel));
      expect(e.code).toBe('BK002');
      expect(e.summary).toContain('outside data/');
    },
  );

  it('refuses a sibling folder that shares the area name as a prefix', () => {
    const a = area();
    fs.mkdirSync(a.dir + '-evil');
    fs.writeFileSync(path.join(a.dir + '-evil', 'x.json'), '{}');
    expect(thrownSync(() => a.resolve(`../${path.basename(a.dir)}-evil/x.json`)).code).toBe('BK002');
  });

  it('refuses a symlink inside the area that points outside it', () => {
    const a = area();
    fs.symlinkSync(path.join(a.dir, '..', 'secret.txt'), path.join(a.dir, 'link.txt'));
    fs.symlinkSync('/etc', path.join(a.dir, 'etc'));
    expect(thrownSync(() => a.resolve('link.txt')).code).toBe('BK002');
    expect(thrownSync(() => a.readText('link.txt')).code).toBe('BK002');
    expect(thrownSync(() => a.resolve('etc/passwd')).code).toBe('BK002');
    // a symlink leading outside is an error, not a missing file (else a dataset could vanish silently)
    expect(thrownSync(() => a.exists('link.txt')).code).toBe('BK002');
  });

  it('accepts a symlink that stays inside the area', () => {
    const a = area();
    fs.symlinkSync(path.join(a.dir, 'sub', 'b.csv'), path.join(a.dir, 'b-link.csv'));
    expect(a.readText('b-link.csv')).toBe('x\n1\n');
  });

  it('accepts a file whose name merely starts with two dots', () => {
    const a = area();
    fs.writeFileSync(path.join(a.dir, '..notes.json'), '{}');
    expect(a.resolve('..notes.json')).toBe(path.join(a.dir, '..notes.json'));
  });

  it('puts the referring location on the error', () => {
    const e = thrownSync(() => area().resolve('../x', { file: 'templates/charts/c.vl.json', field: 'data.url' }));
    expect(e.where).toEqual({ file: 'templates/charts/c.vl.json', field: 'data.url' });
  });
});

describe('isInside', () => {
  it('is true for the folder and below, false above or beside', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d')).toBe(true);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
  });
});

describe('Area reads', () => {
  it('reads UTF-8 text, including multi-byte characters', () => {
    const a = area();
    fs.writeFileSync(path.join(a.dir, 'u.txt'), 'naïve — 中国\n');
    expect(a.readText('u.txt')).toBe('naïve — 中国\n');
  });

  it('refuses a byte-order mark (BK004, line 1 column 1)', () => {
    const a = area();
    fs.writeFileSync(path.join(a.dir, 'bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]));
    const e = thrownSync(() => a.readText('bom.json'));
    expect(e.code).toBe('BK004');
    expect(e.where).toEqual({ file: 'data/bom.json', line: 1, column: 1 });
  });

  it('refuses invalid UTF-8 naming the line of the first bad byte (BK003)', () => {
    const a = area();
    const bytes = Buffer.concat([Buffer.from('line one é\nline two\nline '), Buffer.from([0xe9]), Buffer.from('three\nline four\n')]);
    fs.writeFileSync(path.join(a.dir, 'latin1.csv'), bytes);
    const e = thrownSync(() => a.readText('latin1.csv'));
    expect(e.code).toBe('BK003');
    expect(e.where).toEqual({ file: 'data/latin1.csv', line: 3 });
  });

  it('finds a bad byte on the last line without a trailing newline, and on line 1', () => {
    expect(thrownSync(() => decodeUtf8(Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xff])]), 'f')).where.line).toBe(3);
    expect(thrownSync(() => decodeUtf8(Buffer.from([0xc3, 0x28, 0x0a, 0x41]), 'f')).where.line).toBe(1);
  });

  it('refuses a truncated multi-byte sequence', () => {
    expect(thrownSync(() => decodeUtf8(Buffer.from([0x41, 0x0a, 0xe4, 0xb8]), 'f')).where.line).toBe(2);
  });

  it('reports a missing file as BK001 with its project-relative name', () => {
    const e = thrownSync(() => area().readText('sub/none.json', 'dataset'));
    expect(e.code).toBe('BK001');
    expect(e.where.file).toBe('data/sub/none.json');
    expect(e.summary).toBe('dataset not found');
  });

  it('lists files by extension, sorted, without folders', () => {
    const a = area();
    writeTree(a.dir, { 'z.csv': '', 'b.json': '', 'c.txt': '', 'd.json/keep': '' });
    expect(a.list('', ['.json', '.csv'])).toEqual(['a.json', 'b.json', 'z.csv']);
    expect(a.list('sub', ['.csv'])).toEqual(['sub/b.csv']);
    expect(a.list('missing', ['.csv'])).toEqual([]);
  });
});

describe('Project', () => {
  it('roots areas at the project and keeps an absolute --out as given', () => {
    const root = tempDir('briefkit-proj-');
    writeTree(root, { 'data/sources.json': '{}', 'templates/profile.yaml': '' });
    const out = tempDir('briefkit-out-');
    const p = new Project(root, { outDir: out });
    expect(p.data.dir).toBe(path.join(root, 'data'));
    expect(p.data.label).toBe('data');
    expect(p.templates.label).toBe('templates');
    expect(p.outDir).toBe(out);
    expect(new Project(root).outDir).toBe(path.join(root, 'out'));
    expect(p.display(path.join(root, 'out', 'x.pdf'))).toBe('out/x.pdf');
  });
});
