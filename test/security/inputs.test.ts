/**
 * Inputs checked, not guessed (issue 28, deliverable 7): what was silently dropped or printed as
 * nothing is now a catalogued error naming the file and the field.
 */
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/data/load.js';
import { Area } from '../../src/io/project.js';
import { configForDir, tempDir, thrownSync, writeTree } from '../support.js';

const SOURCES = JSON.stringify({ sources: ['a', 'b'].map((id) => ({ id, title: id, publisher: 'P', date: '2024-01-16', url: `https://example.org/${id}`, kind: 'web' })) });

function loadCsv(csv: string) {
  const dir = tempDir('briefkit-inputs-');
  writeTree(dir, { 'sources.json': SOURCES, 'pct-by-origin.csv': csv });
  return () => loadData(new Area(dir, 'data'), configForDir(dir));
}

describe('CSV', () => {
  it('a column named twice is BK045, naming the column (one of them was silently dropped)', () => {
    const e = thrownSync(loadCsv('year,origin,value,source,value\n2019,China,58990,a,1\n'));
    expect(e.code).toBe('BK045');
    expect(e.where).toMatchObject({ file: 'data/pct-by-origin.csv', line: 1, field: 'value' });
    expect(e.summary).toContain('columns 3 and 5');
  });

  it.each(['a; ; ', 'a;', '; a', 'a;;b'])('the source list "%s" (an empty item) is BK046', (list) => {
    const e = thrownSync(loadCsv(`year,origin,value,source\n2019,China,58990,"${list}"\n`));
    expect(e.code).toBe('BK046');
    expect(e.where).toMatchObject({ file: 'data/pct-by-origin.csv', field: 'row[0].source', line: 2 });
  });

  it('a well-formed list still loads', () => {
    const b = loadCsv('year,origin,value,source\n2019,China,58990,a; b\n')();
    expect(b.datasets.get('pct-by-origin')!.rows[0]!.source).toEqual(['a', 'b']);
  });
});
