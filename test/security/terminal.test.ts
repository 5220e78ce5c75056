/**
 * Safe terminal output (issue 28, deliverable 8): whatever a message echoes from a file name or the
 * data is escaped (control characters, ANSI sequences, bidi overrides) and cut to a few hundred
 * characters with a note of how much was cut — in one place, so every message is covered.
 */
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/data/load.js';
import { BriefkitError } from '../../src/log/error.js';
import * as msg from '../../src/log/message.js';
import { makeReporter } from '../../src/log/reporter.js';
import { MAX_LINE, safeText } from '../../src/log/safe.js';
import { Area } from '../../src/io/project.js';
import { configForDir, tempDir, thrownSync, writeTree } from '../support.js';

const ANSI = '\u001b[2J\u001b[31mRED';
const BIDI = 'evil\u202Efdp.exe';
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('safeText', () => {
  it('escapes control characters, ANSI sequences (C0 and C1) and bidi overrides, keeping line breaks', () => {
    const s = safeText(`a${ANSI}\u009B31m ${BIDI}\u2067\nnext`);
    expect(s).not.toMatch(UNSAFE);
    expect(s).toContain('\\u{1B}[2J');
    expect(s).toContain('\\u{202E}');
    expect(s).toContain('\\u{9B}');
    expect(s.split('\n')).toHaveLength(2);
  });

  it('cuts a long line, keeping its start and end and saying how much was cut', () => {
    const long = `start ${'x'.repeat(20_000_000)} end`;
    const s = safeText(long);
    expect(s.length).toBeLessThanOrEqual(MAX_LINE);
    expect(s.startsWith('start ')).toBe(true);
    expect(s.endsWith(' end')).toBe(true);
    expect(s).toMatch(/\[19,999,\d{3} characters cut\]/);
    expect(safeText(s)).toBe(s); // idempotent: a message passed on is not cut twice
  });

  it('never splits a surrogate pair', () => {
    const s = safeText('😀'.repeat(1000));
    expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('every message', () => {
  it('escapes a file name that would repaint the terminal', () => {
    const e = msg.schemaViolation(`data/${ANSI}${BIDI}.json`, 'rows[0].value', 'bad', 'good');
    expect(e.message).not.toMatch(UNSAFE);
    expect(e.where.file).not.toMatch(UNSAFE);
    expect(e.message).toContain('\\u{202E}');
  });

  it('echoes a 20 MB string where a number is expected in a few hundred characters, not whole', () => {
    const dir = tempDir('briefkit-term-');
    const sources = { sources: [{ id: 'a', title: 'A', publisher: 'P', date: '2024-01-16', url: 'https://example.org/a', kind: 'web' }] };
    const huge = `${ANSI}${'9'.repeat(20_000_000)}`;
    writeTree(dir, { 'sources.json': JSON.stringify(sources), 'invention-grants.json': JSON.stringify({ title: 'G', unit: 'u', rows: [{ year: 2020, value: huge, source: ['a'] }] }) });
    const e = thrownSync(() => loadData(new Area(dir, 'data'), configForDir(dir)));
    expect(e).toBeInstanceOf(BriefkitError);
    expect(e.message.length).toBeLessThan(2048);
    expect(e.message).toContain('characters cut');
    expect(e.message).not.toMatch(UNSAFE);
  });

  it('a warning the reporter prints is escaped too', () => {
    let out = '';
    const stream = { isTTY: true, write: (s: string) => ((out += s), true) } as unknown as NodeJS.WriteStream;
    const r = makeReporter({ stream });
    r.warn(`font ${ANSI}`);
    r.info(BIDI);
    expect(out).not.toMatch(UNSAFE);
    expect(out).toContain('warning font \\u{1B}[2J');
  });
});
