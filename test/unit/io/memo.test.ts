import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoReads } from '../../../src/io/memo.js';
import { Area } from '../../../src/io/project.js';
import { tempDir, writeTree } from '../../support.js';

/** What a stage might do: list the folder, read every .csv, look for an optional file. */
function load(area: Area): string {
  const parts = area.list('', ['.csv']).map((f) => `${f}=${area.readText(f)}`);
  if (area.exists('extra.yaml')) parts.push(`extra=${area.readText('extra.yaml')}`);
  return parts.join(';');
}

describe('memoReads: a result kept while the files it read stay the same', () => {
  it('computes again exactly when an answer the computation got has changed', () => {
    const dir = writeTree(tempDir(), { 'a.csv': 'x', 'b.csv': 'y', 'notes.txt': 'ignored' });
    const area = new Area(dir, 'data');
    let runs = 0;
    const get = (key = 'k') => memoReads('test', area, key, (view) => (runs++, load(view)));
    expect(get()).toBe('a.csv=x;b.csv=y');
    expect(get()).toBe('a.csv=x;b.csv=y');
    expect(runs).toBe(1);
    // a file it did not read
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'changed');
    get();
    expect(runs).toBe(1);
    // a file it read
    fs.writeFileSync(path.join(dir, 'b.csv'), 'z');
    expect(get()).toBe('a.csv=x;b.csv=z');
    expect(runs).toBe(2);
    // a file it looked for and did not find
    fs.writeFileSync(path.join(dir, 'extra.yaml'), 'e');
    expect(get()).toBe('a.csv=x;b.csv=z;extra=e');
    expect(runs).toBe(3);
    // a new file in a folder it listed
    fs.writeFileSync(path.join(dir, 'c.csv'), 'w');
    expect(get()).toBe('a.csv=x;b.csv=z;c.csv=w;extra=e');
    expect(runs).toBe(4);
    // another key (e.g. another config)
    get('other');
    expect(runs).toBe(5);
    get('other');
    expect(runs).toBe(5);
  });

  it('keeps nothing from a computation that throws', () => {
    const dir = writeTree(tempDir(), { 'a.csv': 'x' });
    const area = new Area(dir, 'data');
    let runs = 0;
    const get = () => memoReads('test-throw', area, '', (view) => {
      runs++;
      return view.readText('missing.csv');
    });
    expect(get).toThrow();
    fs.writeFileSync(path.join(dir, 'missing.csv'), 'now here');
    expect(get()).toBe('now here');
    expect(runs).toBe(2);
  });
});
