/**
 * Golden snapshots of each edition's normalized output: page count, outline, extracted text per
 * page (whitespace folded) and a hash of each page's raster at low resolution. On a mismatch the
 * new snapshot is written next to the golden as <audience>-changed.golden.txt (git-ignored) so
 * the two can be diffed; UPDATE_GOLDEN=1 accepts the new output.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pageTexts, sharedBuild, tool } from '../support.js';

const HERE = import.meta.dirname;
let out: string;

beforeAll(() => {
  // the build shared with the other tests that read the flagship editions
  const { out: dir, run: r } = sharedBuild(FLAGSHIP);
  out = dir;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

interface Outline { title: string; destpageposfrom1: number; kids: Outline[] }

/** The normalizer: folds whitespace, re-indexes nothing random (the PDFs are deterministic), rounds nothing in text. */
export function normalize(pdf: string): string {
  const lines: string[] = [];
  const texts = pageTexts(pdf);
  lines.push(`pages: ${texts.length}`, '', '## outline');
  const walk = (items: Outline[], depth: number) => {
    for (const o of items) {
      lines.push(`${'  '.repeat(depth)}- ${o.title} (p. ${o.destpageposfrom1})`);
      walk(o.kids ?? [], depth + 1);
    }
  };
  walk(JSON.parse(tool('qpdf', ['--json', '--json-key=outlines', pdf]).stdout).outlines, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-raster-'));
  tool('pdftoppm', ['-r', '24', '-gray', pdf, path.join(dir, 'p')]);
  const rasters = fs.readdirSync(dir).sort();
  const hashes = rasters.map((f) => createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex').slice(0, 16));
  fs.rmSync(dir, { recursive: true, force: true }); // 40-odd images per edition, read once
  texts.forEach((t, i) => {
    lines.push('', `## page ${i + 1}`);
    const png = hashes[i] ?? 'none';
    lines.push(`raster: ${png}`);
    for (const l of t.split('\n')) {
      const s = l.replace(/\s+/g, ' ').trim();
      if (s) lines.push(s);
    }
  });
  return lines.join('\n') + '\n';
}

describe.each(['executive', 'policy', 'legal'])('golden: %s', (audience) => {
  it('matches its snapshot', () => {
    const actual = normalize(path.join(out, `briefing-${audience}.pdf`));
    const golden = path.join(HERE, `${audience}.golden.txt`);
    const changed = path.join(HERE, `${audience}-changed.golden.txt`);
    if (process.env.UPDATE_GOLDEN || !fs.existsSync(golden)) {
      if (!fs.existsSync(golden) && process.env.CI) throw new Error(`missing golden ${golden}: run UPDATE_GOLDEN=1 npm test and commit it`);
      fs.writeFileSync(golden, actual);
      fs.rmSync(changed, { force: true });
      return;
    }
    const expected = fs.readFileSync(golden, 'utf8');
    if (actual !== expected) fs.writeFileSync(changed, actual);
    else fs.rmSync(changed, { force: true });
    expect(actual === expected, `output differs from ${path.basename(golden)}; compare with ${path.basename(changed)} (UPDATE_GOLDEN=1 to accept)`).toBe(true);
  });
});
