/**
 * Line breaks as CommonMark defines them, through the whole pipeline to the PDF's text: a line
 * ending inside a paragraph (a soft break) is a space; only two trailing spaces or a backslash
 * (a hard break) start a new line. The examples are the CommonMark spec's own (the
 * `commonmark-spec` package ships them as data): the sections "Paragraphs", "Hard line breaks"
 * and "Soft line breaks", each built in a scaffold's section between two marker lines and
 * compared line by line with the lines of the spec's expected HTML.
 *
 * Left out, because briefkit's Markdown disables the constructs they exercise (safe defaults,
 * docs/guide/templates.md): indented code blocks (example 225) and raw HTML (642, 643).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdftotext, runCliInProcess, tempDir } from '../support.js';

interface Example { markdown: string; html: string; section: string; number: number }
const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: Example[] };
const DISABLED = new Set([225, 642, 643]);
const examples = spec.tests.filter((t) => /^(Paragraphs|Hard line breaks|Soft line breaks)$/.test(t.section) && !DISABLED.has(t.number));

/** A marker name for an example (letters only: a figure typed into a template breaks the number rule). */
const tag = (n: number) => String(n).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
const decode = (s: string) => s.replace(/&(lt|gt|quot|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', amp: '&' })[e]!);

/** The lines a reader sees for the spec's HTML: one per block, split at <br />, soft breaks as spaces. */
export function expectedLines(html: string): string[] {
  const lines: string[] = [];
  for (const [, body] of html.matchAll(/<(?:p|h\d|pre)>([\s\S]*?)<\/(?:p|h\d|pre)>/g)) {
    const text = body!.replace(/<br \/>\n/g, '\u0000').replace(/<[^>]+>/g, '').replace(/\n$/, '');
    for (const line of text.split('\u0000')) lines.push(decode(line.replace(/\n/g, ' ')).replace(/ +/g, ' ').trim());
  }
  return lines;
}

let text = '';
let scaffoldText = '';

beforeAll(async () => {
  const dir = path.join(tempDir('briefkit-commonmark-'), 'report');
  expect((await runCliInProcess(['init', dir])).code).toBe(0);
  // the scaffold as it is: its paragraph spans four source lines
  const first = await runCliInProcess(['build', '--root', dir, '--quiet']);
  expect(first.code, first.stderr).toBe(0);
  scaffoldText = pdftotext(path.join(dir, 'out', 'briefing-general.pdf'));
  const file = path.join(dir, 'templates', 'sections', 'overview.md.hbs');
  const front = /^---\n[\s\S]*?\n---\n/.exec(fs.readFileSync(file, 'utf8'))![0];
  const body = examples.map((e) => `Case ${tag(e.number)} begins.\n\n${e.markdown}\nCase ${tag(e.number)} ends.\n`).join('\n');
  fs.writeFileSync(file, front + body);
  const r = await runCliInProcess(['build', '--root', dir, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  // the text area only: the running header and footer of a page break are not the example's
  text = pdftotext(path.join(dir, 'out', 'briefing-general.pdf'), ['-x', '0', '-y', '70', '-W', '600', '-H', '700']);
}, 120_000);

describe('CommonMark line breaks, to the PDF', () => {
  it('covers the spec sections', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
  });

  it.each(examples.map((e) => [e.number, e] as const))('example %i', (n, e) => {
    const m = new RegExp(`Case ${tag(n)} begins\\.\\n([\\s\\S]*?)Case ${tag(n)} ends\\.`).exec(text);
    expect(m, `example ${n} not found in the PDF text`).not.toBeNull();
    const got = m![1]!.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
    expect(got).toEqual(expectedLines(e.html).filter(Boolean));
  });

  it("the scaffold's paragraph flows as one paragraph, not one line per source line", () => {
    const lines = scaffoldText.split('\n');
    const i = lines.findIndex((l) => l.includes('TAI was'));
    expect(i).toBeGreaterThan(-1);
    // the source breaks after "TAI was {{fig …}}"; the printed line goes on past it
    expect(lines[i]).toMatch(/TAI was 10 seconds ahead/);
  });
});
