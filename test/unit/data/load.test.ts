import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData as loadWith } from '../../../src/data/load.js';
import { Area } from '../../../src/io/project.js';
import { configForDir, tempDir, testConfig, thrownSync, writeTree } from '../../support.js';

/** Loads a data folder with a config declaring the test datasets whose files it holds. */
const loadData = (area: Area) => loadWith(area, configForDir(area.dir));

const sources = {
  sources: [
    { id: 'src-a', title: 'Source A', publisher: 'Pub A', date: '2024-01-16', url: 'https://example.org/a', kind: 'web' },
    { id: 'src-b', title: 'Source B', publisher: 'Pub B', date: '2025-03', article: 'b.txt', kind: 'article' },
    { id: 'src-c', title: 'Source C', publisher: 'Pub C', date: '2023-12-31', url: 'https://example.org/c', kind: 'report' },
  ],
};

const grants = (rows: unknown[]) => ({ title: 'Grants', unit: 'patents', rows });
const goodRows = [
  { year: 2022, value: 798347, source: ['src-a'] },
  { year: 2023, value: 921000, growthStated: 15.3, source: ['src-a', 'src-c'] },
];

/** A data folder with sources.json and the given files (objects are written as pretty JSON). */
function dataArea(files: Record<string, unknown>): Area {
  const dir = tempDir('briefkit-data-');
  const out: Record<string, string> = { 'sources.json': JSON.stringify(sources, null, 2) };
  for (const [k, v] of Object.entries(files)) out[k] = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  writeTree(dir, out);
  return new Area(dir, 'data');
}

/** Line (1-based) of the n-th (0-based) line containing `needle`. */
function lineOf(text: string, needle: string, nth = 0): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i]!.includes(needle) && seen++ === nth) return i + 1;
  throw new Error(`"${needle}" #${nth} not found`);
}

describe('loadData: a valid folder', () => {
  it('loads sources and the declared datasets', () => {
    const area = dataArea({
      'invention-grants.json': grants(goodRows),
      'pct-by-origin.csv': 'year,origin,value,qualifier,source,note\n2019,China,58990,,src-a,\n2019,Japan,52660,approx,src-b; src-c,"a note, with comma"\n',
    });
    const b = loadData(area);
    expect([...b.sources.keys()]).toEqual(['src-a', 'src-b', 'src-c']);
    expect([...b.datasets.keys()].sort()).toEqual(['invention-grants', 'pct-by-origin']);
    const g = b.datasets.get('invention-grants')!;
    expect(g).toMatchObject({ name: 'invention-grants', file: 'data/invention-grants.json', title: 'Grants', unit: 'patents' });
    expect(g.rows.map((r) => r.value)).toEqual([798347, 921000]);
    const pct = b.datasets.get('pct-by-origin')!;
    // CSV cells arrive as strings and leave typed: numbers, optional qualifier, ';'-separated sources.
    expect(pct.rows[0]).toEqual({ year: 2019, origin: 'China', value: 58990, source: ['src-a'] });
    expect(pct.rows[1]).toMatchObject({ year: 2019, origin: 'Japan', value: 52660, qualifier: 'approx', source: ['src-b', 'src-c'], note: 'a note, with comma' });
  });

  it('takes the latest full YYYY-MM-DD source date as the as-of date (ignoring YYYY-MM)', () => {
    const b = loadData(dataArea({ 'invention-grants.json': grants(goodRows) }));
    expect(b.asOf).toBe('2024-01-16');
  });

  it('digests every data file: the digest changes when a value changes and not otherwise', () => {
    const a1 = loadData(dataArea({ 'invention-grants.json': grants(goodRows) }));
    const a2 = loadData(dataArea({ 'invention-grants.json': grants(goodRows) }));
    const changed = structuredClone(goodRows);
    changed[1]!.value = 921001;
    const a3 = loadData(dataArea({ 'invention-grants.json': grants(changed) }));
    expect(a1.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(a2.digest).toBe(a1.digest);
    expect(a3.digest).not.toBe(a1.digest);
  });

  it('refuses a declared dataset whose file is missing (BK024), naming the config line', () => {
    const area = dataArea({ 'invention-grants.json': grants(goodRows) });
    const e = thrownSync(() => loadWith(area, testConfig(['invention-grants', 'pct-by-origin'])));
    expect(e.code).toBe('BK024');
    expect(e.message).toContain('data/pct-by-origin.csv');
    expect(e.message).toContain('datasets.pct-by-origin.file');
  });
});

describe('loadData: refusals', () => {
  it('names the field path and line of a schema violation (BK013)', () => {
    const rows = structuredClone(goodRows) as Record<string, unknown>[];
    rows[1]!.value = 'lots';
    const text = JSON.stringify(grants(rows), null, 2);
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': text })));
    expect(e.code).toBe('BK013');
    expect(e.where.file).toBe('data/invention-grants.json');
    expect(e.where.field).toBe('rows[1].value');
    expect(e.where.line).toBe(lineOf(text, '"value": "lots"'));
    expect(e.message).toContain(`data/invention-grants.json:${e.where.line} (at rows[1].value)`);
  });

  it('names an unknown field (strict schema)', () => {
    const rows = structuredClone(goodRows) as Record<string, unknown>[];
    rows[0]!.valeu = 3;
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': grants(rows) })));
    expect(e.code).toBe('BK013');
    expect(e.summary).toContain('"valeu"');
    expect(e.where.field).toMatch(/^rows\[0\]/);
  });

  it('names a CSV cell that fails its schema with the row and its line', () => {
    const csv = 'year,origin,value,qualifier,source,note\n2019,China,58990,,src-a,\n2019,Japan,many,,src-a,\n';
    const e = thrownSync(() => loadData(dataArea({ 'pct-by-origin.csv': csv })));
    expect(e.code).toBe('BK013');
    expect(e.where).toMatchObject({ file: 'data/pct-by-origin.csv', field: 'row[1].value', line: 3 });
  });

  it('refuses a CSV without a required column', () => {
    const e = thrownSync(() => loadData(dataArea({ 'pct-by-origin.csv': 'year,origin,source\n2019,China,src-a\n' })));
    expect(e.code).toBe('BK013');
    expect(e.where).toMatchObject({ field: 'value', line: 1 });
  });

  it('refuses an unknown source id (BK014) with field and line', () => {
    const rows = structuredClone(goodRows);
    rows[1]!.source = ['src-a', 'src-zz'];
    const text = JSON.stringify(grants(rows), null, 2);
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': text })));
    expect(e.code).toBe('BK014');
    expect(e.summary).toContain('"src-zz"');
    expect(e.where).toMatchObject({ file: 'data/invention-grants.json', field: 'rows[1].source[1]', line: lineOf(text, '"src-zz"') });
  });

  it('refuses a row without a source (BK018), at the row', () => {
    const rows = structuredClone(goodRows) as Record<string, unknown>[];
    delete rows[1]!.source;
    const text = JSON.stringify(grants(rows), null, 2);
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': text })));
    expect(e.code).toBe('BK018');
    expect(e.where.field).toBe('rows[1].source');
    // The row object opens on the line after "2022"'s row closes: the second "{" inside rows.
    expect(e.where.line).toBe(lineOf(text, '{', 2));
  });

  it('refuses a CSV row with an empty source cell (BK018)', () => {
    const csv = 'year,origin,value,qualifier,source,note\n2019,China,58990,,src-a,\n2020,China,1,,,\n';
    const e = thrownSync(() => loadData(dataArea({ 'pct-by-origin.csv': csv })));
    expect(e.code).toBe('BK018');
    expect(e.where).toMatchObject({ field: 'row[1].source', line: 3 });
  });

  it('refuses a duplicate year (BK015), naming the second row', () => {
    const rows = [...structuredClone(goodRows), { year: 2022, value: 1, source: ['src-b'] }];
    const text = JSON.stringify(grants(rows), null, 2);
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': text })));
    expect(e.code).toBe('BK015');
    expect(e.summary).toContain('year 2022');
    expect(e.where.field).toBe('rows[2]');
    expect(e.where.line).toBe(lineOf(text, '{', 3));
  });

  it('refuses duplicate (year, origin) pairs in a CSV dataset but not the same year for two origins', () => {
    const ok = 'year,origin,value,qualifier,source,note\n2019,China,1,,src-a,\n2019,Japan,2,,src-a,\n';
    expect(() => loadData(dataArea({ 'pct-by-origin.csv': ok }))).not.toThrow();
    const dup = ok + '2019,China,3,,src-a,\n';
    const e = thrownSync(() => loadData(dataArea({ 'pct-by-origin.csv': dup })));
    expect(e.code).toBe('BK015');
    expect(e.where.line).toBe(4);
  });

  it('refuses a duplicate source id in sources.json (BK015)', () => {
    const dir = tempDir('briefkit-data-');
    const text = JSON.stringify({ sources: [sources.sources[0], sources.sources[1], { ...sources.sources[2], id: 'src-a' }] }, null, 2);
    writeTree(dir, { 'sources.json': text });
    const e = thrownSync(() => loadData(new Area(dir, 'data')));
    expect(e.code).toBe('BK015');
    expect(e.where).toMatchObject({ file: 'data/sources.json', field: 'sources[2].id', line: lineOf(text, '"id": "src-a"', 1) });
  });

  it('refuses a source with both url and article, or neither', () => {
    for (const bad of [{ ...sources.sources[0], article: 'a.txt' }, { id: 'x', title: 't', publisher: 'p', kind: 'web' }]) {
      const dir = tempDir('briefkit-data-');
      writeTree(dir, { 'sources.json': JSON.stringify({ sources: [bad] }) });
      expect(thrownSync(() => loadData(new Area(dir, 'data'))).code).toBe('BK013');
    }
  });

  it('refuses a data file that is not a registered dataset (BK019)', () => {
    const area = dataArea({ 'invention-grants.json': grants(goodRows), 'invention-grant.json': grants(goodRows) });
    const e = thrownSync(() => loadWith(area, testConfig(['invention-grants'])));
    expect(e.code).toBe('BK019');
    expect(e.where.file).toBe('data/invention-grant.json');
  });

  it('refuses a dataset with no rows (BK016)', () => {
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': grants([]) })));
    expect(e.code).toBe('BK016');
    expect(e.where).toMatchObject({ file: 'data/invention-grants.json', field: 'rows' });
  });

  it('refuses a CSV dataset with a header and no rows (BK016)', () => {
    const e = thrownSync(() => loadData(dataArea({ 'pct-by-origin.csv': 'year,origin,value,qualifier,source,note\n' })));
    expect(e.code).toBe('BK016');
  });

  it('reports a missing sources.json (BK001)', () => {
    const dir = tempDir('briefkit-data-');
    const e = thrownSync(() => loadData(new Area(dir, 'data')));
    expect(e.code).toBe('BK001');
    expect(e.where.file).toBe('data/sources.json');
  });

  it('passes JSON syntax errors through with the dataset file name', () => {
    const e = thrownSync(() => loadData(dataArea({ 'invention-grants.json': '{\n  "title": "x",\n  "unit": "u"\n  "rows": []\n}' })));
    expect(e.code).toBe('BK010');
    expect(e.where).toMatchObject({ file: 'data/invention-grants.json', line: 4, column: 3 });
  });

  it('refuses a dataset symlinked to a file outside data/ (BK002) instead of silently skipping it', () => {
    const area = dataArea({});
    const outside = path.join(tempDir('briefkit-outside-'), 'g.json');
    fs.writeFileSync(outside, JSON.stringify(grants(goodRows)));
    fs.symlinkSync(outside, path.join(area.dir, 'invention-grants.json'));
    expect(thrownSync(() => loadData(area)).code).toBe('BK002');
  });
});
