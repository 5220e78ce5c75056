/**
 * PDF/UA (issue 27): every flagship edition and the daylight example meet the conditions the
 * in-process check decides (src/accessibility/check.ts), in the default build too; `--pdfua`
 * identifies a file only after that check, and `briefkit check --pdfua` runs it without writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPdfUaBytes, describeFailure } from '../../src/accessibility/check.js';
import { readPdf } from '../../src/accessibility/read.js';
import { FLAGSHIP, ROOT, runCliInProcess, sharedBuild } from '../support.js';

const EXAMPLE = ['--root', path.join(ROOT, 'examples', 'daylight'), '--audience', 'summary'];
let out = '';
let example = '';
beforeAll(() => {
  out = sharedBuild(FLAGSHIP).out;
  example = sharedBuild(EXAMPLE).out;
}, 600_000);

describe.each([
  ['policy', () => path.join(out, 'briefing-policy.pdf')],
  ['legal', () => path.join(out, 'briefing-legal.pdf')],
  ['executive', () => path.join(out, 'briefing-executive.pdf')],
  ['example summary', () => path.join(example, 'briefing-summary.pdf')],
] as const)('%s', (_name, pdf) => {
  it('meets every PDF/UA condition the check decides (a default build: PDF 1.7, XMP with dc:title)', async () => {
    const bytes = fs.readFileSync(pdf());
    expect((await checkPdfUaBytes(bytes)).map(describeFailure)).toEqual([]);
    const m = await readPdf(bytes);
    expect(m.version).toBe('1.7');
    expect(m.xmp).toMatch(/<dc:title>/);
    // the file is identified as PDF/UA only by --pdfua
    expect(m.xmp).not.toMatch(/pdfuaid/);
  });
});

describe('the policy edition read by a screen reader', () => {
  it('starts at the cover title (H1), describes each contents link once, and reads the glossary’s Chinese as Chinese', async () => {
    const m = await readPdf(fs.readFileSync(path.join(out, 'briefing-policy.pdf')));
    const first = m.nodes.find((n) => /^H\d$/.test(n.type))!;
    expect(first.type).toBe('H1');
    const contents = m.annots.filter((a) => a.page === 2).map((a) => a.contents ?? '');
    expect(contents.filter((c) => /^Section \d+, .+, page \d+$/.test(c)).length).toBeGreaterThan(3);
    // no link described by a single word of its entry
    expect(contents.filter((c) => !/, page \w+$/.test(c))).toEqual([]);
    expect(m.marks.filter((x) => x.lang === 'zh').length).toBeGreaterThan(10);
  });
});

describe('--pdfua', () => {
  it('builds the daylight summary identified as PDF/UA, and check --pdfua passes it without writing', async () => {
    const b = sharedBuild([...EXAMPLE, '--pdfua']);
    expect(b.run.code, b.run.stderr).toBe(0);
    const bytes = fs.readFileSync(path.join(b.out, 'briefing-summary.pdf'));
    expect(bytes.toString('latin1')).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect((await checkPdfUaBytes(bytes, { identified: true })).map(describeFailure)).toEqual([]);
    const before = fs.readdirSync(path.join(ROOT, 'examples', 'daylight'));
    const r = await runCliInProcess(['check', ...EXAMPLE, '--pdfua']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/summary: ok \(.*PDF\/UA conditions met\)/);
    expect(fs.readdirSync(path.join(ROOT, 'examples', 'daylight'))).toEqual(before);
  }, 300_000);
});
