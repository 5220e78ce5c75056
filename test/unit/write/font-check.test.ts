/**
 * A project font's table directory, checked before fontkit parses it (src/write/font-check.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontProblem, TRAILING_MARGIN } from '../../../src/write/font-check.js';
import { ROOT } from '../../support.js';

const ROBOTO = fs.readFileSync(path.join(ROOT, 'node_modules', 'pdfmake', 'fonts', 'Roboto', 'Roboto-Regular.ttf'));

describe('fontProblem', () => {
  it('accepts a whole TrueType font, and one with a little padding after it', () => {
    expect(fontProblem(ROBOTO)).toBeUndefined();
    expect(fontProblem(Buffer.concat([ROBOTO, Buffer.alloc(TRAILING_MARGIN)]))).toBeUndefined();
  });

  it('refuses the font cut short, wherever it is cut', () => {
    for (let n = 0; n < ROBOTO.length; n += 997) expect(fontProblem(ROBOTO.subarray(0, n)), `cut at ${n}`).toMatch(/cut short/);
  });

  it('refuses CFF outlines, WOFF, trailing data and a directory without the TrueType tables', () => {
    expect(fontProblem(Buffer.concat([Buffer.from('OTTO'), ROBOTO.subarray(4)]))).toMatch(/CFF/);
    expect(fontProblem(Buffer.concat([Buffer.from('wOFF'), ROBOTO.subarray(4)]))).toMatch(/not TrueType/);
    expect(fontProblem(Buffer.concat([ROBOTO, Buffer.alloc(TRAILING_MARGIN + 1)]))).toMatch(/after its last table/);
    const renamed = Buffer.from(ROBOTO);
    const n = renamed.readUInt16BE(4);
    for (let i = 0; i < n; i++) if (renamed.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'glyf') renamed.write('xxxx', 12 + 16 * i, 'latin1');
    expect(fontProblem(renamed)).toMatch(/lacks the table glyf/);
  });
});
