/**
 * Issue 13, checked on the built PDFs as a reader sees them: page fill (no page more than 40 %
 * blank except before a chapter) in the three editions and the example, and tables set as a
 * typesetter would (figures right-aligned on the decimal with one number of decimals per
 * column, headers over their columns, "Table N (continued)" on the pages a table runs onto).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, ROOT, sharedBuild } from '../support.js';
import { tableLines, wordsByPage as readWords, type Word } from '../support/bbox.js';
import { pageFill } from '../support/pagefill.js';

let out: string;
let example: string;
const pdf = (name: string) => (name.startsWith('example/') ? path.join(example, name.slice('example/'.length)) : path.join(out, name));

beforeAll(() => {
  // the builds shared with the other tests that read the flagship editions and the example's summary (read only)
  const a = sharedBuild(FLAGSHIP);
  expect(a.run.code, a.run.stderr).toBe(0);
  out = a.out;
  const b = sharedBuild(['--root', path.join(ROOT, 'examples', 'daylight'), '--audience', 'summary']);
  expect(b.run.code, b.run.stderr).toBe(0);
  example = b.out;
}, 600_000);

describe('page fill', () => {
  for (const file of ['briefing-executive.pdf', 'briefing-legal.pdf', 'briefing-policy.pdf', 'example/briefing-summary.pdf']) {
    it(`${file}: no page is more than 40 % blank, except before a chapter`, () => {
      const over = pageFill(pdf(file)).filter((p) => !p.exempt && p.blank > 0.4);
      expect(over.map((p) => `page ${p.page}: ${Math.round(p.blank * 100)} % blank`)).toEqual([]);
    });
  }
});

/** The words of each PDF, read once (pdftotext -bbox) for all the tests that read them. */
const words = new Map<string, Word[][]>();
const wordsByPage = (file: string): Word[][] => {
  if (!words.has(file)) words.set(file, readWords(file));
  return words.get(file)!;
};

const NUMBER = /^[≈<>≤]?[−+]?\d[\d,]*(?:\.(\d+))?%?$/;

/** Numeric cells grouped into columns by their right edge. */
function numericColumns(lines: Word[][]): Word[][] {
  const cols: Word[][] = [];
  for (const w of lines.slice(1).flat()) {
    if (!NUMBER.test(w.text) || /^(19|20)\d\d$/.test(w.text)) continue;
    const col = cols.find((c) => Math.abs(c[0]!.xMax - w.xMax) < 3);
    if (col) col.push(w);
    else cols.push([w]);
  }
  return cols.filter((c) => c.length >= 3);
}

describe('tables', () => {
  const cases: [string, RegExp][] = [
    ['IP cases by court', /IP cases received and concluded by Chinese courts/],
    ['invention grants', /Invention patents granted by China’s patent office/],
    ['PCT by origin', /PCT international applications by applicant origin/],
  ];
  for (const [name, caption] of cases) {
    it(`${name}: figures are right-aligned on the decimal, with one number of decimals per column, under their headers`, () => {
      const lines = tableLines(wordsByPage(pdf('briefing-policy.pdf')), caption);
      expect(lines.length, 'table found').toBeGreaterThan(0);
      const cols = numericColumns(lines);
      expect(cols.length).toBeGreaterThan(0);
      const header = lines[0]!;
      for (const col of cols) {
        const decimals = new Set(col.map((w) => NUMBER.exec(w.text)![1]?.length ?? 0));
        expect(decimals.size, `decimals in ${col.map((w) => w.text).join(' ')}`).toBe(1);
        const right = col.map((w) => w.xMax);
        expect(Math.max(...right) - Math.min(...right), `right edges of ${col.map((w) => w.text).join(' ')}`).toBeLessThan(0.6);
        // the column's header ends where its figures end
        expect(header.some((w) => Math.abs(w.xMax - right[0]!) < 1), `a header word ends at x=${right[0]}`).toBe(true);
      }
    });
  }

  it('a table that runs onto another page starts it with "Table N (continued)" and its column headers', () => {
    const pages = wordsByPage(pdf('briefing-policy.pdf'));
    const continued = pages.filter((p) => p.some((w) => w.text === '(continued)'));
    expect(continued.length).toBeGreaterThan(0);
    for (const p of continued) {
      const i = p.findIndex((w) => w.text === '(continued)');
      expect(p[i - 2]?.text).toBe('Table');
      expect(p[i - 1]?.text).toMatch(/^\d+$/);
    }
  });

  it('Markdown tables are numbered and sourced when the template gives a caption line', () => {
    const text = wordsByPage(pdf('briefing-policy.pdf')).map((p) => p.map((w) => w.text).join(' '));
    const at = text.findLastIndex((t) => /Table \d+ Invention patents granted abroad to Chinese applicants/.test(t));
    expect(at).toBeGreaterThan(0);
    expect(text[at]!.slice(text[at]!.search(/Table \d+ Invention patents granted abroad/))).toMatch(/Sources?: /);
  });
});
