import { describe, expect, it } from 'vitest';
import { jsonLineOf, lineColumnAt, parseCsv, parseJson, parseYaml } from '../../../src/data/parse.js';
import { BriefkitError } from '../../../src/log/error.js';
import { thrownSync } from '../../support.js';

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function posOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  const head = text.slice(0, i);
  const line = head.split('\n').length;
  return { line, column: i - (head.lastIndexOf('\n') + 1) + 1 };
}

describe('lineColumnAt', () => {
  it('counts lines and columns from 1', () => {
    const text = 'ab\ncde\n\nf';
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt(text, 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumnAt(text, text.indexOf('f'))).toEqual({ line: 4, column: 1 });
  });
});

describe('parseJson', () => {
  it('returns the value of well-formed JSON', () => {
    expect(parseJson('{"a": [1, 2.5, "x"]}', 'data/x.json')).toEqual({ a: [1, 2.5, 'x'] });
  });

  it('locates a trailing comma in an array at the token that follows it', () => {
    const text = '{\n  "rows": [\n    {"year": 2020, "value": 1},\n  ]\n}\n';
    const e = thrownSync(() => parseJson(text, 'data/x.json'));
    expect(e).toBeInstanceOf(BriefkitError);
    expect(e.code).toBe('BK010');
    expect(e.where).toEqual({ file: 'data/x.json', ...posOf(text, ']') });
    expect(e.message).toContain('data/x.json:4:3');
    expect(e.summary).toMatch(/trailing comma/);
  });

  it('locates a trailing comma in an object', () => {
    const text = '{\n  "title": "t",\n  "unit": "u",\n}';
    const e = thrownSync(() => parseJson(text, 'data/y.json'));
    expect(e.code).toBe('BK010');
    expect(e.where).toMatchObject({ line: 4, column: 1 });
  });

  it('points at an unquoted word such as NaN', () => {
    const text = '{\n  "rows": [\n    { "year": 2023, "value": NaN }\n  ]\n}';
    const e = thrownSync(() => parseJson(text, 'data/z.json'));
    expect(e.code).toBe('BK010');
    expect(e.where).toMatchObject(posOf(text, 'NaN'));
  });

  it('reports a missing comma between properties where the next property starts', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    const e = thrownSync(() => parseJson(text, 'data/z.json'));
    expect(e.code).toBe('BK010');
    expect(e.where).toMatchObject(posOf(text, '"b"'));
  });

  it('refuses comments and empty content', () => {
    expect(thrownSync(() => parseJson('{"a": 1} // note', 'f.json')).code).toBe('BK010');
    expect(thrownSync(() => parseJson('', 'f.json')).code).toBe('BK010');
  });
});

describe('jsonLineOf', () => {
  const text = '{\n  "rows": [\n    {\n      "year": 2020,\n      "value": 5\n    },\n    { "year": 2021, "value": 6 }\n  ]\n}';
  it('finds the line of a nested field', () => {
    expect(jsonLineOf(text, ['rows', 0, 'value'])).toBe(5);
    expect(jsonLineOf(text, ['rows', 1, 'value'])).toBe(7);
  });
  it('falls back to the nearest existing ancestor', () => {
    expect(jsonLineOf(text, ['rows', 0, 'source', 0])).toBe(3);
  });
});

describe('parseCsv', () => {
  it('keys records by header and records the line of each record', () => {
    const t = parseCsv('year,origin,value\n2019,China,1\n\n2020,"Japan, Inc",2\n', 'data/p.csv');
    expect(t.header).toEqual(['year', 'origin', 'value']);
    expect(t.records).toEqual([
      { line: 2, values: { year: '2019', origin: 'China', value: '1' } },
      { line: 4, values: { year: '2020', origin: 'Japan, Inc', value: '2' } },
    ]);
  });

  it('gives the line a record starts on when a quoted field spans lines', () => {
    const t = parseCsv('year,origin,value\n2019,"Chi\nna",1\n2020,Japan,2\n', 'data/p.csv');
    expect(t.records.map((r) => r.line)).toEqual([2, 4]);
  });

  it('reports a record with too few fields with its line', () => {
    const e = thrownSync(() => parseCsv('year,origin,value\n2019,China,1\n2020,China\n2021,Japan,3\n', 'data/p.csv'));
    expect(e.code).toBe('BK011');
    expect(e.where).toEqual({ file: 'data/p.csv', line: 3 });
  });

  it('reports a record with too many fields with its line, after a multi-line record', () => {
    const e = thrownSync(() => parseCsv('a,b\n1,"x\ny"\n2,3\n4,5,6\n', 'data/p.csv'));
    expect(e.code).toBe('BK011');
    expect(e.where.line).toBe(5);
  });

  it('treats a file with no rows as an empty dataset', () => {
    expect(thrownSync(() => parseCsv('', 'data/p.csv')).code).toBe('BK016');
  });
});

describe('parseYaml', () => {
  it('parses YAML', () => {
    expect(parseYaml('a: 1\nb: [x, y]\n', 'f.yaml')).toEqual({ a: 1, b: ['x', 'y'] });
  });

  it('reports a duplicate key on the line of the second key', () => {
    const e = thrownSync(() => parseYaml('a: 1\nb: 2\na: 3\n', 'templates/profile.yaml'));
    expect(e.code).toBe('BK012');
    expect(e.where).toEqual({ file: 'templates/profile.yaml', line: 3, column: 1 });
  });

  it('reports a mis-indented mapping item on its line', () => {
    const e = thrownSync(() => parseYaml('a: 1\nb:\n  c: 2\n d: 3\n', 'f.yaml'));
    expect(e.code).toBe('BK012');
    expect(e.where.line).toBe(4);
  });

  it('reports a tab used for indentation on its line', () => {
    const e = thrownSync(() => parseYaml('title: ok\nlist:\n  - a\n\tc: 1\n', 'f.yaml'));
    expect(e.code).toBe('BK012');
    expect(e.where.line).toBe(4);
  });

  it('resolves aliases to anchors defined before them', () => {
    expect(parseYaml('a: &x [1]\nb: *x\n', 'f.yaml')).toEqual({ a: [1], b: [1] });
  });

  it('reports an alias to no anchor on its line, with how to write a literal "*" (fuzz find)', () => {
    const e = thrownSync(() => parseYaml('title: ok\nsections:\n  - **invention-grants\n', 'templates/profile.yaml'));
    expect(e.code).toBe('BK012');
    expect(e.where).toMatchObject({ file: 'templates/profile.yaml', line: 3 });
    expect(e.message).toMatch(/names no anchor/);
    expect(e.message).toMatch(/quote the value/);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) rows.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`);
    const e = thrownSync(() => parseYaml(rows.join('\n') + '\n', 'f.yaml'));
    expect(e.code).toBe('BK012');
  });
});
