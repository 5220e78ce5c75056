/**
 * PDF/UA (issue 27): every flagship edition and the daylight example meet the conditions the
 * in-process check decides (src/accessibility/check.ts), in the default build too; `--pdfua`
 * identifies a file only after that check, and `briefkit check --pdfua` runs it without writing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  it('builds the daylight summary identified as PDF/UA', async () => {
    const b = sharedBuild([...EXAMPLE, '--pdfua']);
    expect(b.run.code, b.run.stderr).toBe(0);
    const bytes = fs.readFileSync(path.join(b.out, 'briefing-summary.pdf'));
    expect(bytes.toString('latin1')).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect((await checkPdfUaBytes(bytes, { identified: true })).map(describeFailure)).toEqual([]);
  }, 300_000);
});

describe('charts a screen reader cannot be told about', () => {
  let project = '';
  const section = () => path.join(project, 'templates', 'sections', 'overview.md.hbs');
  const spec = () => path.join(project, 'templates', 'charts', 'tai-utc.vl.json');
  let original = { section: '', spec: '' };
  beforeAll(async () => {
    project = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-pdfua-')), 'report');
    expect((await runCliInProcess(['init', project])).code).toBe(0);
    original = { section: fs.readFileSync(section(), 'utf8'), spec: fs.readFileSync(spec(), 'utf8') };
  }, 120_000);
  afterEach(() => {
    fs.writeFileSync(section(), original.section);
    fs.writeFileSync(spec(), original.spec);
  });
  const withChart = (hash: string) => fs.writeFileSync(section(), original.section.replace(/(\{\{chart "tai-utc"[^}]*)\}\}/, `$1 ${hash}}}`));

  it('refuses an empty alt text (BK390) unless the chart is marked decorative, and then does not read it', async () => {
    withChart('alt=""');
    const r = await runCliInProcess(['check', '--root', project]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/BK390: .*overview\.md\.hbs:\d+: \{\{chart "tai-utc"\}\} has an empty alt text/);
    withChart('alt="" decorative=true');
    // check --pdfua runs the PDF/UA check and writes nothing
    const d = await runCliInProcess(['check', '--root', project, '--pdfua']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/general: ok \(.*PDF\/UA conditions met\)/);
    expect(fs.existsSync(path.join(project, 'out', 'briefing-general.pdf'))).toBe(false);
  }, 120_000);

  it('lists each figure\'s alt text in check, for an editor to review', async () => {
    const r = await runCliInProcess(['check', '--root', project, '--alt']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^  Figure 1, page \d+ \(said from its data\): Line chart\. .+ rose from .+ in \d{4} to .+ in \d{4}/m);
  }, 120_000);

  it('warns of a chart that can only be described as "Chart." (BK392), and --pdfua refuses it', async () => {
    const s = JSON.parse(original.spec) as Record<string, unknown>;
    delete s.encoding;
    s.mark = 'point';
    fs.writeFileSync(spec(), JSON.stringify(s));
    const w = await runCliInProcess(['check', '--root', project]);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stderr).toMatch(/BK392: .*the chart "tai-utc" cannot be described from its data: its alt text would only say "Chart\."/);
    const e = await runCliInProcess(['check', '--root', project, '--pdfua']);
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/BK392/);
  }, 120_000);
});
