/** The real project built into a temporary folder, then read back with qpdf and poppler. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibility, FLAGSHIP, pdfinfo, pdftotext, type Run, runCli, sharedBuild, tempDir, tool } from '../support.js';
import { profileSchema } from '../../src/profile/schema.js';
import { BASE_ENV, PROJECT, VERSION, audiences, fontRows, normalise, pdfinfoIso, profileOf, readManifest, type Manifest, type ManifestDoc } from './project.js';

/** The schema's default for numbering.startAfterFrontMatter (what an absent setting means). */
const START_AFTER_FRONT_MATTER = profileSchema.parse({ title: 't', publisher: 'p', author: 'a', sections: ['s'], numbering: {} }).numbering!.startAfterFrontMatter;

let out: string;
let run: Run;
let manifest: Manifest;

beforeAll(() => {
  // the build shared with the other tests that read the flagship editions (read only)
  ({ out, run } = sharedBuild(FLAGSHIP, { cwd: PROJECT, env: BASE_ENV }));
  if (run.code === 0) manifest = readManifest(out);
}, 600_000);

const docs = () => manifest.documents;
const pdfPath = (file: string) => path.join(out, file);

describe('briefkit build (real project)', () => {
  it('succeeds, writing one PDF per audience and a manifest', () => {
    expect(run.stderr).not.toMatch(/^error /m);
    expect(run.code).toBe(0);
    expect(manifest.generator).toBe(`briefkit ${VERSION}`);
    expect(docs().map((d) => d.audience).sort()).toEqual(audiences());
    for (const d of docs()) {
      expect(d.file).toMatch(/\.pdf$/);
      expect(fs.existsSync(pdfPath(d.file))).toBe(true);
      expect(run.stdout).toContain(d.file);
    }
  });

  it('leaves no temporary or lock files in the output folder', () => {
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
  });

  it('records each PDF\'s size, sha256, page count and an inputs digest in the manifest', () => {
    for (const d of docs()) {
      const bytes = fs.readFileSync(pdfPath(d.file));
      expect(d.bytes).toBe(bytes.length);
      expect(d.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(d.inputsDigest).toMatch(/^[0-9a-f]{64}$/);
      expect(d.inputsDigest).not.toBe(d.sha256);
      expect(Number(pdfinfo(pdfPath(d.file)).Pages)).toBe(d.pages);
      expect(d.pages).toBeGreaterThan(2);
    }
  });

  it('writes tagged PDFs: a heading per section, every chart a Figure with alt text, no page furniture in the tree', () => {
    const roles = new Set<string>();
    expect(run.stderr).not.toMatch(/BK33\d/);
    for (const d of docs() as (ManifestDoc & { figures: number; tables: number })[]) {
      const a = accessibility(pdfPath(d.file));
      expect(a.tagged, d.file).toBe(true);
      // an H1 per section (and the cover title and "Contents"), every figure one Figure element with alt text from its data
      expect(a.roles.filter((r) => r === 'H1').length - d.sections.length, d.file).toBeGreaterThanOrEqual(1);
      expect(a.roles.filter((r) => r === 'H1').length - d.sections.length, d.file).toBeLessThanOrEqual(2);
      expect(a.figureAlts.length, d.file).toBe(d.figures);
      for (const alt of a.figureAlts) expect(alt, d.file).toMatch(/^(\w+ chart|Stacked \w+ chart|Scatter plot|Heat map|Timeline|Map|Box plot|Strip plot)\b.{20,}/);
      a.roles.forEach((r) => roles.add(r));
      // a numbered table's caption (set as its first row) is the Table's Caption, not a header cell
      const firsts = [...a.tree.matchAll(/^( *)Table \(block\)\n\1  (\S+)/gm)].map((m) => m[2]);
      expect(firsts.filter((f) => f === 'Caption').length, d.file).toBeGreaterThanOrEqual(d.tables);
    }
    expect([...roles]).toEqual(expect.arrayContaining(['Document', 'H1', 'H2', 'P', 'L', 'LI', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Caption', 'Figure', 'Link', 'Reference', 'Note']));
  });

  it('reads the headings in order, and no running header or footer, in the executive edition\'s tree', () => {
    const d = docs().find((x) => x.audience === 'executive') ?? docs()[0]!;
    const { tree } = accessibility(pdfPath(d.file), { text: true });
    const h1 = [...tree.matchAll(/^  H1 \(block\)\n((?:    ".*"\n)+)/gm)].map((m) => [...m[1]!.matchAll(/"(.*)"/g)].map((x) => x[1]).join('').replace(/\s+/g, ' ').trim());
    // the cover title first (issue 27: a screen reader's first heading), then the sections
    expect(h1[0]).toBe(pdfinfo(pdfPath(d.file)).Title);
    expect(h1.slice(1).filter((h) => h !== 'Contents')).toEqual(d.sections.map((s) => s.replace(/\s+/g, ' ').trim()));
    expect(tree).not.toMatch(/Page \d+ of \d+/);
  }, 180_000);

  it('writes PDFs that pass qpdf --check', () => {
    for (const d of docs()) {
      const r = tool('qpdf', ['--check', pdfPath(d.file)]);
      expect(r.code, `${d.file}: ${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('No syntax or stream encoding errors');
    }
  });

  it('embeds every font it uses', () => {
    for (const d of docs()) {
      const rows = fontRows(pdfPath(d.file));
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.at(-5), `${d.file}: ${r.join(' ')}`).toBe('yes');
    }
  });

  it('prints figures from the data, formatted', () => {
    const data = JSON.parse(fs.readFileSync(path.join(PROJECT, 'data', 'invention-grants.json'), 'utf8')) as { rows: { year: number; value: number; reported?: string }[] };
    const row2023 = data.rows.find((r) => r.year === 2023)!;
    const row2024 = data.rows.find((r) => r.year === 2024)!;
    expect(row2023.value).toBeGreaterThanOrEqual(1000); // so the separator matters
    const fmt2023 = new Intl.NumberFormat('en-GB').format(row2023.value);
    expect(fmt2023).toMatch(/^\d{1,3}(,\d{3})+$/);
    expect(row2024.reported).toBeTruthy();
    const main = docs().find((d) => d.audience === 'policy') ?? docs()[0]!;
    const text = normalise(pdftotext(pdfPath(main.file)));
    expect(text).toContain(fmt2023);
    expect(text).toContain(normalise(row2024.reported!));
  });

  it('sets Title and Author from the profile, Creator and Producer to this briefkit version, and the as-of date', () => {
    for (const d of docs()) {
      const p = profileOf(d.audience);
      const info = pdfinfo(pdfPath(d.file));
      expect(info.Title).toBe(p.title);
      expect(info.Author).toBe(p.author);
      expect(info.Creator).toBe(`briefkit ${VERSION}`);
      expect(info.Producer).toContain(`briefkit ${VERSION}`);
      const asOf = (p.asOf as string | undefined) ?? manifest.asOf;
      expect(pdfinfoIso(pdfPath(d.file)).CreationDate).toMatch(new RegExp(`^${asOf}T00:00:00(Z|\\+00)`));
    }
  });

  it('records the as-of date as the latest full date among the sources', () => {
    const sources = JSON.parse(fs.readFileSync(path.join(PROJECT, 'data', 'sources.json'), 'utf8')).sources as { date?: string }[];
    const latest = sources.map((s) => s.date).filter((d): d is string => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d)).sort().at(-1);
    expect(manifest.asOf).toBe(latest);
  });

  it('keeps the front matter free of the running footer and numbers the pages after it as the profile says', () => {
    for (const d of docs()) {
      const p = profileOf(d.audience);
      const pages = pdftotext(pdfPath(d.file), ['-layout']).split('\f').slice(0, -1);
      expect(pages).toHaveLength(d.pages);
      const footers = pages.map((t) => /Page (\d+) of (\d+)/.exec(t));
      // Front matter (cover, contents) = the pages before the first footer; the cover is one of them.
      const front = footers.findIndex((m) => m !== null);
      expect(front, `${d.file}: no page has a footer`).toBeGreaterThanOrEqual(1);
      // The first section starts on the first page with a footer.
      const firstTitle = normalise(d.sections[0]!.replace(/^(\d+|Appendix [A-Z]) /, ''));
      expect(normalise(pages[front]!), d.file).toContain(firstTitle);
      const offset = (p.numbering?.startAfterFrontMatter ?? START_AFTER_FRONT_MATTER) ? front : 0;
      const total = d.pages - offset;
      footers.slice(front).forEach((m, k) => {
        expect(m, `${d.file}: page ${front + k + 1} has no footer`).not.toBeNull();
        expect([Number(m![1]), Number(m![2])], `${d.file}: footer of page ${front + k + 1}`).toEqual([front + k + 1 - offset, total]);
      });
    }
  });
});
