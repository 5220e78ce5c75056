/** Vega-Lite specs are validated with Vega-Lite's own JSON Schema (ajv): valid specs pass whatever their shape; errors name the field and line:column. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../../src/charts/schema.js';
import { ROOT, thrownSync } from '../../support.js';

const BAR = { data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } };

describe('validateSpec', () => {
  it('accepts what the old key walk refused: mark config and the mark of an interval selection (issue 15, failure 1)', () => {
    validateSpec({ ...BAR, config: { mark: { invalid: null } } }, 'f.vl.json');
    validateSpec({ ...BAR, params: [{ name: 'brush', select: { type: 'interval', mark: { fill: '#333', fillOpacity: 0.2 } } }] }, 'f.vl.json');
  });

  it('accepts every flagship chart, including a color datum with a scale (the schema amendment)', () => {
    const dir = path.join(ROOT, 'templates', 'charts');
    for (const f of fs.readdirSync(dir)) validateSpec(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
    validateSpec({ ...BAR, encoding: { ...BAR.encoding, color: { datum: 'A', type: 'nominal', scale: { domain: ['A', 'B'] }, legend: null } } }, 'f.vl.json');
  });

  it('names the field path, the bad value, what is allowed, and the line:column in the file', () => {
    const spec = { ...BAR, encoding: { ...BAR.encoding, x: { field: 'a', type: 'quantitive' } } };
    const text = JSON.stringify(spec, null, 2);
    const e = thrownSync(() => validateSpec(spec, 'templates/charts/t.vl.json', text));
    expect(e.code).toBe('BK202');
    expect(e.where).toMatchObject({ file: 'templates/charts/t.vl.json', field: 'encoding.x.type' });
    const line = text.split('\n').findIndex((l) => l.includes('"quantitive"')) + 1;
    expect(e.where.line).toBe(line);
    expect(e.where.column).toBe(text.split('\n')[line - 1]!.indexOf('"quantitive"') + 1);
    expect(e.message).toContain('"quantitive"');
    expect(e.message).toContain('"quantitative"');
  });

  it('reports an unknown mark with the value (as the corpus expects) and an unknown property at its key', () => {
    const e = thrownSync(() => validateSpec({ ...BAR, mark: 'bogus' }, 'f.vl.json'));
    expect(e.code).toBe('BK202');
    expect(e.where.field).toBe('mark');
    expect(e.message).toContain('"bogus"');
    expect(e.message).toContain('"bar"');
    const text = '{\n  "data": {"values": []},\n  "mark": "bar",\n  "encodng": {}\n}';
    const u = thrownSync(() => validateSpec(JSON.parse(text), 'f.vl.json', text));
    expect(u.where).toMatchObject({ field: 'encodng', line: 4, column: 3 });
    expect(u.message).toContain('unknown property "encodng"');
  });

  it('gives no line without the text, and stays a user error (BK202) for any JSON value', () => {
    for (const v of [null, 3, 'x', [], {}]) expect(thrownSync(() => validateSpec(v, 'f.vl.json')).code).toBe('BK202');
  });
});

describe('validateSpec: the most telling error', () => {
  it('a bad mark property is reported, not the mark type that a composite-mark branch rejects', () => {
    const e = thrownSync(() => validateSpec({ ...BAR, mark: { type: 'bar', color: 5 } }, 'f.vl.json'));
    expect(e.where.field).toBe('mark.color');
    expect(e.message).toContain('5 has the wrong type');
  });
});
