/**
 * Issue 24, items 3 and 5, read from the PDFs a reader gets (`pdftotext -bbox`, qpdf's outline):
 * no page under 25 % full (60 % within a chapter; the cover and the last page excepted) in the
 * three flagship editions, the example report and the `init` scaffold; figure and table source
 * lines of at most two lines; no column header with its unit alone on a second line; a table
 * that runs onto a page brings at least three rows there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, ROOT, runCliInProcess, sharedBuild, tempDir, tool } from '../support.js';
import { linesOf, wordsByPage, type Word } from '../support/bbox.js';

/** The text area as pagefill.py reads it: words between these y (pt from the top) are body text. */
const BODY = { top: 70, bottom: 770 };
const MIN = { chapterEnd: 0.25, mid: 0.6 };

/** Each page's fill (0..1): how far down the text area its last body word reaches. */
export function pageFills(pdf: string): number[] {
  return wordsByPage(pdf).map((words) => {
    const body = words.filter((w) => w.yMax > BODY.top && w.yMax < BODY.bottom);
    return body.length ? (Math.max(...body.map((w) => w.yMax)) - BODY.top) / (BODY.bottom - BODY.top) : 0;
  });
}

/** 1-based pages where a top-level outline entry (a chapter) starts. */
function chapterStarts(pdf: string): Set<number> {
  const outlines = (JSON.parse(tool('qpdf', ['--json', '--json-key=outlines', pdf]).stdout) as { outlines?: { destpageposfrom1: number }[] }).outlines ?? [];
  return new Set(outlines.map((o) => o.destpageposfrom1));
}

/** Pages under their least fill: "page N: 7 % (chapter end)". */
export function shortPages(pdf: string): string[] {
  const fills = pageFills(pdf);
  const starts = chapterStarts(pdf);
  const out: string[] = [];
  fills.forEach((fill, i) => {
    const page = i + 1;
    if (page === 1 || page === fills.length) return;
    const end = starts.has(page + 1);
    if (fill < (end ? MIN.chapterEnd : MIN.mid)) out.push(`page ${page}: ${Math.round(fill * 100)} %${end ? ' (chapter end)' : ''}`);
  });
  return out;
}

const text = (l: Word[]) => l.map((w) => w.text).join(' ');

let out = '';
let example = '';
let scaffold = '';

beforeAll(async () => {
  out = sharedBuild(FLAGSHIP).out;
  example = sharedBuild(['--root', path.join(ROOT, 'examples', 'daylight'), '--audience', 'summary']).out;
  const dir = path.join(tempDir('briefkit-pages-'), 'report');
  expect((await runCliInProcess(['init', dir])).code).toBe(0);
  const r = await runCliInProcess(['build', '--root', dir, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  scaffold = path.join(dir, 'out', 'briefing-general.pdf');
}, 600_000);

const editions = [
  ['policy', () => path.join(out, 'briefing-policy.pdf')],
  ['legal', () => path.join(out, 'briefing-legal.pdf')],
  ['executive', () => path.join(out, 'briefing-executive.pdf')],
  ['example summary', () => path.join(example, 'briefing-summary.pdf')],
  ['init scaffold', () => scaffold],
] as const;

describe.each(editions)('%s', (_name, pdf) => {
  it('has no page under 25 % full, nor under 60 % within a chapter', () => {
    expect(fs.existsSync(pdf())).toBe(true);
    expect(shortPages(pdf())).toEqual([]);
  });

  it('sets every source line in at most two lines', () => {
    const long: string[] = [];
    let seen = 0;
    for (const page of wordsByPage(pdf())) {
      const lines = linesOf(page);
      lines.forEach((l, i) => {
        if (!/^Sources?:$/.test(l[0]?.text ?? '')) return;
        seen++;
        // the source line ends with its note calls: "(notes 3–5, 9)."
        const end = lines.slice(i, i + 8).findIndex((x) => /\)\.$/.test(text(x)));
        if (end < 0 || end + 1 > 2) long.push(`${end < 0 ? '>8' : end + 1} lines: ${text(l).slice(0, 60)}`);
      });
    }
    expect(seen).toBeGreaterThan(0);
    expect(long).toEqual([]);
  });

  it('keeps a column header’s unit on the header’s line, and carries at least three rows of a table to a page', () => {
    const bad: string[] = [];
    for (const [p, page] of wordsByPage(pdf()).entries()) {
      const lines = linesOf(page);
      for (const l of lines) if (l.length === 1 && /^(?:%|\(%\)|bn|m)$/.test(l[0]!.text)) bad.push(`page ${p + 1}: a lone “${l[0]!.text}”`);
      const at = lines.findIndex((l) => l[0]?.text === 'Table' && l[2]?.text === '(continued)');
      if (at < 0) continue;
      // after the caption and the column headers (one line): the rows, up to the source line or the footer
      const rest = lines.slice(at + 2, -1);
      const end = rest.findIndex((l) => /^(?:Sources?|Note):$/.test(l[0]?.text ?? ''));
      const rows = (end < 0 ? rest : rest.slice(0, end)).filter((l) => /\d/.test(text(l)));
      if (rows.length < 3) bad.push(`page ${p + 1}: ${rows.length} rows under “${text(lines[at]!)}”`);
    }
    expect(bad).toEqual([]);
  });
});
