/**
 * Publication layout, checked on the real editions: contents page numbers, outline, numbering,
 * Chinese names, metadata, watermark and PDF/A options.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pageTexts, pdfinfo, pdftotext, ROOT, runCliInProcess, sharedBuild, tempProjectFrom, tool } from '../support.js';

let out: string;
let manifest: { documents: { audience: string; file: string; pages: number; sections: string[] }[] };
const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

beforeAll(() => {
  // the build shared with the other tests that read the flagship editions
  const { out: dir, run: r } = sharedBuild(FLAGSHIP);
  out = dir;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
});

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Outline { title: string; destpageposfrom1: number; kids: Outline[] }
function outline(pdf: string): Outline[] {
  return JSON.parse(tool('qpdf', ['--json', '--json-key=outlines', pdf]).stdout).outlines;
}

describe.each(['executive', 'policy', 'legal'])('the %s edition', (audience) => {
  const pdf = () => path.join(out, `briefing-${audience}.pdf`);

  it('carries the document metadata', () => {
    const info = pdfinfo(pdf());
    expect(info.Title).toMatch(/China/);
    expect(info.Author).toBeTruthy();
    expect(info.Subject).toBeTruthy();
    expect(info.Keywords).toContain('China');
    expect(info.Creator).toBe(`briefkit ${version}`);
    const raw = fs.readFileSync(pdf()).toString('latin1');
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
  });

  it('has an outline entry for every section, on the page where the heading is', () => {
    const texts = pageTexts(pdf()).map(squash);
    const entries = outline(pdf());
    const doc = manifest.documents.find((d) => d.audience === audience)!;
    expect(entries.map((e) => squash(e.title))).toEqual(doc.sections.map(squash));
    for (const e of entries) {
      const title = squash(e.title).replace(/^(Appendix )?[A-Z0-9]+ /, '');
      expect(texts[e.destpageposfrom1 - 1], `${e.title} on page ${e.destpageposfrom1}`).toContain(title);
    }
  });

  it('prints in its contents the page where each heading is found', () => {
    const doc = manifest.documents.find((d) => d.audience === audience)!;
    const texts = pageTexts(pdf());
    const contents = texts.findIndex((t) => /^\s*Contents\s*$/m.test(t));
    if (contents < 0) {
      expect(audience).toBe('executive'); // the executive brief has no contents page
      return;
    }
    // the contents may run over several front-matter pages (no running footer there)
    let end = contents + 1;
    while (end < texts.length && !/Page \d+ of \d+/.test(texts[end]!)) end++;
    const lines = texts.slice(contents, end).join('\n').split('\n');
    let checked = 0;
    for (const heading of doc.sections) {
      const title = heading.replace(/^(Appendix )?[A-Z0-9]+ /, '');
      const line = lines.find((l) => squash(l).includes(squash(title).slice(0, 40)));
      expect(line, `contents line for ${heading}`).toBeTruthy();
      const page = Number(/(\d+)\s*$/.exec(line!)?.[1]);
      // the printed page label is the physical page number unless numbering starts later
      // the heading's own line (a cross-reference elsewhere may name the section by its title too)
      const found = texts.findIndex((t, i) => i >= end && t.split('\n').some((l) => squash(l).endsWith(squash(title)) && squash(l).length <= squash(heading).length));
      expect(page, `${heading}: contents says ${page}, heading found on ${found + 1}`).toBe(found + 1);
      checked++;
    }
    expect(checked).toBe(doc.sections.length);
  });

  it('sets every figure and table of the lists, with its caption, on the page the list gives', () => {
    const pages = pdftotext(pdf(), ['-layout']).split('\f');
    const listed: { label: string; page: number }[] = [];
    for (const text of pages.filter((t) => /^\s*(Figures|Tables)\s*$/m.test(t))) {
      for (const m of text.matchAll(/^((?:Figure|Table) \d+) {2,}.*?(\d+)\s*$/gm)) listed.push({ label: m[1]!, page: Number(m[2]) });
    }
    if (audience === 'executive') return expect(listed).toEqual([]); // no contents page
    expect(listed.length).toBeGreaterThan(3);
    for (const { label, page } of listed) {
      // the caption line starts with the label; the table or chart and its source line follow
      const at = pages[page - 1] ?? '';
      expect(at, `${label} listed on page ${page}`).toMatch(new RegExp(`^\\s*${label} {2,}\\S`, 'm'));
      const rest = [at.slice(at.search(new RegExp(`^\\s*${label} {2,}`, 'm'))), ...pages.slice(page, page + 3)].join('\n'); // long tables run on
      expect(rest, `${label}: source line`).toMatch(/Sources?: /);
    }
  });

  it('has no blank page: every page sets text beyond its running header and footer', () => {
    const pages = pageTexts(pdf());
    pages.forEach((text, i) => {
      const body = text.split('\n').filter((l) => l.trim() && !/^China’s intellectual property: trajectory|Page \d+ of \d+|^China IP Trajectory Briefings/.test(l.trim()));
      expect(body.length, `page ${i + 1} of ${audience}`).toBeGreaterThan(2);
    });
  });

  it('numbers figures and tables in order, without gaps', () => {
    const text = pdftotext(pdf());
    for (const kind of ['Figure', 'Table']) {
      // caption lines start with the label; take first appearances after the contents
      const nums = [...text.matchAll(new RegExp(`^${kind} (\\d+)\\u2003`, 'gm'))].map((m) => Number(m[1]));
      const firsts = [...new Set(nums)];
      expect(firsts, kind).toEqual(firsts.map((_, i) => i + 1));
    }
  });

  it('embeds every font', () => {
    const lines = tool('pdffonts', [pdf()]).stdout.trim().split('\n').slice(2);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l, l).toMatch(/\s(yes)\s+(yes)\s+(yes)\s+\d+\s+\d+\s*$/);
  });
});

describe('Chinese names', () => {
  it('extract exactly from the policy edition glossary', () => {
    const glossary = JSON.parse(fs.readFileSync(path.join(ROOT, 'data/glossary.json'), 'utf8')).terms as { chinese: string }[];
    const text = pdftotext(path.join(out, 'briefing-policy.pdf')).replace(/\s+/g, '');
    for (const t of glossary) expect(text, t.chinese).toContain(t.chinese.replace(/\s+/g, ''));
    const fonts = tool('pdffonts', [path.join(out, 'briefing-policy.pdf')]).stdout;
    expect(fonts).toMatch(/NotoSansSC/);
  });
});

describe('profile options', () => {
  // on the small frozen project of test/corpus (7 pages, not the flagship's 44): what is tested is
  // the options; the same project without them is the build test/corpus shares (read only)
  const BASE = path.join(ROOT, 'test', 'corpus', 'base');
  let dir: string;
  let normal: string;
  beforeAll(async () => {
    const plain = sharedBuild(['-a', 'policy'], { base: BASE });
    expect(plain.run.code).toBe(0);
    normal = path.join(plain.out, 'briefing-policy.pdf');
    dir = tempProjectFrom(BASE, (d) => {
      const p = path.join(d, 'templates/audiences/policy/profile.yaml');
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8') + '\ndraft: true\npdfa: true\ntitle: "R&D <review> of China\'s IP"\n');
    });
    // in process (the same build and messages as the CLI's, without a new Node process)
    const r = await runCliInProcess(['--root', dir, 'build', '-a', 'policy', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('draws DRAFT as artwork that text extraction does not see', () => {
    const pdf = path.join(dir, 'out/briefing-policy.pdf');
    expect(pdftotext(pdf)).not.toMatch(/DRAFT/i);
    // page 2 (the contents: front matter, without the running title, which differs here) sets the
    // same text in both builds, so a difference in its pixels is the mark, not the page's content
    expect(pageTexts(pdf)[1]).toMatch(/Contents/);
    expect(pageTexts(pdf)[1]).toBe(pageTexts(normal)[1]);
    // the mark is drawn: page 2 differs from the same page without it
    const a = tool('pdftoppm', ['-r', '20', '-gray', '-f', '2', '-l', '2', '-singlefile', pdf, path.join(dir, 'a')]);
    const b = tool('pdftoppm', ['-r', '20', '-gray', '-f', '2', '-l', '2', '-singlefile', normal, path.join(dir, 'b')]);
    expect(a.code + b.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'a.pgm')).equals(fs.readFileSync(path.join(dir, 'b.pgm')))).toBe(false);
  });

  it('writes PDF/A-2b identification, an output intent and well-formed XMP', () => {
    const pdf = path.join(dir, 'out/briefing-policy.pdf');
    expect(tool('qpdf', ['--check', pdf]).code).toBe(0);
    const raw = fs.readFileSync(pdf).toString('latin1');
    expect(raw).toContain('pdfaid:part>2<');
    expect(raw).toContain('pdfaid:conformance>B<');
    expect(raw).toMatch(/\/OutputIntents/);
    expect(raw).toContain('R&amp;D &lt;review&gt;');
    expect(pdfinfo(pdf).Title).toBe('R&D <review> of China\u2019s IP'); // typographic apostrophe, as in print
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
  });
});
