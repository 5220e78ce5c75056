/**
 * Issue 24, item 8: a profile's `print: { bleed: 3mm }` makes a file a printer can use — every
 * page 3 mm larger on each side (MediaBox), the finished page in the TrimBox, the sheet in the
 * BleedBox, and the cover band running into the bleed. Read with qpdf --json and pdftoppm from a
 * build of the example report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { boxes, pixel, ROOT, runCli, tempProjectFrom, tool } from '../support.js';

const B = 3 * (72 / 25.4);
const [W, H] = [595.28, 841.89];
let pdf = '';

beforeAll(() => {
  const dir = tempProjectFrom(path.join(ROOT, 'examples', 'daylight'), (d) => fs.appendFileSync(path.join(d, 'templates', 'profile.yaml'), '\nprint: { bleed: 3mm }\n'));
  const run = runCli(['--root', dir, 'build', '--audience', 'summary', '--jobs', '1']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  pdf = path.join(dir, 'out', 'briefing-summary.pdf');
}, 300_000);

describe('print: { bleed: 3mm }', () => {
  it('sets MediaBox, TrimBox and BleedBox on every page', () => {
    const pages = boxes(pdf);
    expect(pages.length).toBeGreaterThan(2);
    for (const b of pages) {
      [0, 0, W + 2 * B, H + 2 * B].forEach((v, i) => expect(b.media[i]).toBeCloseTo(v, 2));
      [B, B, W + B, H + B].forEach((v, i) => expect(b.trim?.[i]).toBeCloseTo(v, 2));
      expect(b.bleed).toEqual(b.media);
    }
  });

  it('runs the cover band into the bleed, and keeps the page furniture inside the trim', () => {
    // the sheet's top corners are the band's colour (as inside the trim), and the bleed beside the band too
    const band = pixel(pdf, 1, 300, 30);
    expect(band.some((c) => c < 200)).toBe(true);
    expect(pixel(pdf, 1, 0, 0)).toEqual(band);
    expect(pixel(pdf, 1, Math.floor(W + 2 * B) - 1, 0)).toEqual(band);
    expect(pixel(pdf, 1, 0, 100)).toEqual(band);
    // the footer's text sits where it did, moved in by the bleed: inside the trim
    const words = [...tool('pdftotext', ['-bbox', '-f', '2', '-l', '2', pdf, '-']).stdout.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    for (const [x0, y0, x1, y1] of words) {
      expect(x0).toBeGreaterThan(B + 20);
      expect(y0).toBeGreaterThan(B + 20);
      expect(x1).toBeLessThan(W + B - 20);
      expect(y1).toBeLessThan(H + B - 20);
    }
  });
});
