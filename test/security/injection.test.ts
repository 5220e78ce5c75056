/**
 * (b) Data values are text, never markup: Markdown, directive and HTML syntax inside data values
 * (a CSV cell rendered by {{value}}, a table cell, a source title in the notes) must come out of
 * the PDF as the literal characters, with no link annotation to the injected address.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pdftotext, runCliInProcess, tool } from '../support.js';
import { addSection, AUDIENCE, summaryOnly, tempBase } from './support.js';

const INLINE = '**bold** [x](http://evil.example/) ::figure{id=x} <script>alert(1)</script> _em_ `code` \\* see www.evil.example/path';
const BLOCK = 'first\n\n# Injected heading\n\n::figure{id="fig-grants"}\n\n- item\n\n| a | b |';
const TITLE = '<b>Title</b> [t](http://evil.example/title) :cite{n="1"} **strong**';

const csvCell = (s: string) => `"${s.replace(/"/g, '""')}"`;
/**
 * Compare ignoring whitespace (pdftotext breaks lines where the layout does) and the typographic
 * form of quotes (body text gets curly quotes; that is typography, not interpretation).
 */
// white space folded; quotation marks of any kind as one (the edition's language sets outer and
// inner marks by nesting, whatever the value typed: that is typography, not markup)
const squash = (s: string) => s.replace(/\s+/g, '').replace(/[\u201c\u201d\u201e\u2018\u2019"']/g, '"');

let dir = '';
let text = '';
let pdf = '';
let run = { code: -1, stderr: '' };

beforeAll(async () => {
  dir = tempBase((d) => {
    // the summary (whose first citation gets the marked-up title) and the section below
    summaryOnly(d);
    // CSV: the first two events get inline and block-level markup.
    const csvFile = path.join(d, 'data', 'reactions.csv');
    const lines = fs.readFileSync(csvFile, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const ev = header.indexOf('event');
    const setEvent = (i: number, value: string) => {
      // fields: naive split is safe up to the event column (no quoted commas before it)
      const head = lines[i]!.split(',').slice(0, ev);
      const tail = lines[i]!.slice(lines[i]!.lastIndexOf(',') + 1); // source (last column)
      lines[i] = [...head, csvCell(value), tail].join(',');
    };
    setEvent(1, INLINE);
    setEvent(2, BLOCK);
    fs.writeFileSync(csvFile, lines.join('\n'));

    // sources.json: the title of the first source the summary cites.
    const summary = fs.readFileSync(path.join(d, 'templates', 'sections', 'summary.md.hbs'), 'utf8');
    const cited = /\{\{cite "([^"]+)"/.exec(summary)![1]!;
    const srcFile = path.join(d, 'data', 'sources.json');
    const sources = JSON.parse(fs.readFileSync(srcFile, 'utf8'));
    const s = sources.sources.find((x: { id: string }) => x.id === cited);
    s.title = TITLE;
    fs.writeFileSync(srcFile, JSON.stringify(sources, null, 2));

    addSection(
      d,
      'injection',
      [
        'Inline: {{#each (rows "reactions")}}{{#if @first}}{{event}}{{/if}}{{/each}}',
        '',
        'Block: {{#each (rows "reactions")}}{{#if (eq @index 1)}}{{event}}{{/if}}{{/each}}',
        '',
        'Actor: {{#each (rows "reactions")}}{{#if @first}}{{actor}}{{/if}}{{/each}}',
      ].join('\n'),
    );
  });
  // in process: the PDF is all the tests read
  const r = await runCliInProcess(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
  run = r;
  pdf = path.join(dir, 'out', `briefing-${AUDIENCE}.pdf`);
  if (r.code === 0) text = pdftotext(pdf);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('markup in data is rendered literally', () => {
  test('the build succeeds', () => {
    expect(run.stderr).not.toMatch(/^error /m);
    expect(run.code).toBe(0);
  });

  test('inline Markdown, directive and HTML in a CSV value appear as typed', () => {
    for (const needle of ['**bold**', '[x](http://evil.example/)', '::figure{id=x}', '<script>alert(1)</script>', '_em_', '`code`', 'www.evil.example/path']) {
      expect(squash(text), needle).toContain(squash(needle));
    }
  });

  test('block-level markup in a value (line breaks, heading, directive, table) stays inline text', () => {
    for (const needle of ['# Injected heading', '::figure{id="fig-grants"}', '| a | b |']) {
      expect(squash(text), needle).toContain(squash(needle));
    }
    // It did not become a heading in the outline (pdfinfo lists no "Injected heading" bookmark).
    const outline = tool('qpdf', ['--json', '--json-key=outlines', pdf]).stdout;
    expect(outline).not.toContain('Injected heading');
  });

  test('a source title with HTML/Markdown/directive appears as typed in the notes (in the notes style\'s title case)', () => {
    // the notes are Chicago entries, whose titles are title-cased; the markup stays text either way
    for (const needle of ['<b>Title</b>', '[t](http://evil.example/title)', ':cite{n="1"}', '**strong**']) {
      expect(squash(text).toLowerCase(), needle).toContain(squash(needle).toLowerCase());
    }
  });

  test('no link annotation points at the injected address', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-qdf-'));
    try {
      const qdf = path.join(tmp, 'x.pdf');
      const r = tool('qpdf', ['--qdf', '--object-streams=disable', pdf, qdf]);
      expect([0, 3]).toContain(r.code); // 3 = warnings
      const raw = fs.readFileSync(qdf, 'latin1');
      expect(raw).toMatch(/\/URI/); // the notes do link real sources: the check below is meaningful
      // GFM autolink literals must not turn a data value's address into a link either.
      expect(raw).not.toMatch(/\/URI\s*\((?:https?:\/\/)?(?:www\.)?evil\.example/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
