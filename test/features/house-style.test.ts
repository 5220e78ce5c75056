/**
 * One style for every number, date, quotation mark and spelling, checked on the real editions
 * (the flagship's shared build, and the daylight example's tables): chart axes and labels
 * without SI suffixes, millions written one way, table dates as prose writes them, one count of
 * decimals per table column (values completed with zeros marked and explained), quotation marks
 * as the language nests them, and no word in two spellings (BK130).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/build.js';
import { unquoted } from '../../src/layout/spelling.js';
import { resolveProfile } from '../../src/profile/resolve.js';
import { renderTemplates } from '../../src/templates/render.js';
import { FLAGSHIP, pdftotext, ROOT, sharedBuild } from '../support.js';

const EDITIONS = ['executive', 'policy', 'legal'];
let out: string;
let stderr: string;

beforeAll(() => {
  const { out: dir, run } = sharedBuild(FLAGSHIP);
  out = dir;
  stderr = run.stderr;
  expect(run.code).toBe(0);
});

/** The edition's text outside quotations (a quoted title keeps its source's style: ‘… $50B …’). */
const ownText = (audience: string) => unquoted(pdftotext(path.join(out, `briefing-${audience}.pdf`)));

describe.each(EDITIONS)('the %s edition', (audience) => {
  it('prints no SI suffix ("1.0M", "80k", "37B") on chart axes, chart labels or anywhere else', () => {
    expect(ownText(audience).match(/\b\d+(?:\.\d+)?[kMB]\b/g) ?? []).toEqual([]);
  });

  it('writes millions and billions as its profile says (words), never also abbreviated ("1.6 m", "387.25 bn")', () => {
    const text = ownText(audience);
    expect(text.match(/\d(?:\.\d+)?\s?(?:m|mn|bn)\b/g) ?? []).toEqual([]);
    expect(text).toMatch(/\d\smillion/);
  });

  it('sets quotation marks as en-GB nests them: single outside, double inside', () => {
    // every “ is inside a ‘…’ (or beside Chinese text, which keeps its own marks)
    const text = pdftotext(path.join(out, `briefing-${audience}.pdf`));
    const stray: string[] = [];
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const letter = (x: string | undefined) => x !== undefined && /[\p{L}\p{N}]/u.test(x);
      if (c === '\u2018' && !letter(text[i - 1])) depth++;
      else if (c === '\u2019' && depth > 0 && !(letter(text[i - 1]) && letter(text[i + 1]))) depth--;
      else if (c === '\u201c' && depth === 0 && !/\p{Script=Han}/u.test(text[i + 1] ?? '')) stray.push(text.slice(Math.max(0, i - 30), i + 30));
    }
    expect(stray).toEqual([]);
  });
});

it('the build warns of no word printed in two spellings (BK130)', () => {
  expect(stderr).not.toContain('BK130');
});

/** The tables of every edition of a project, as rendered from its templates and data. */
async function tables(root: string, audiences: string[]) {
  const inputs = await loadInputs({ root });
  return audiences.flatMap((a) => {
    const resolved = resolveProfile(inputs.project.templates, a);
    return [...renderTemplates(inputs.project.templates, resolved, inputs.data, inputs.assets).model.tables.values()].map((t) => ({ ...t, audience: a }));
  });
}

const decimals = (cell: string) => /\d\.(\d+)(?!.*\d\.\d)/.exec(cell)?.[1]?.length ?? 0;
const approximate = (cell: string) => /^[≈<>≤]/.test(cell);
const MONTH_SHORT = /\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?/;

describe.each([
  ['the flagship', ROOT, EDITIONS],
  ['the daylight example', path.join(ROOT, 'examples/daylight'), ['summary', 'full']],
])('the tables of %s', (_name, root, audiences) => {
  let all: Awaited<ReturnType<typeof tables>>;
  beforeAll(async () => {
    all = await tables(root as string, audiences as string[]);
  }, 120_000);

  it('print one count of decimals in each figure column, marking (†) and explaining values stated with fewer', () => {
    const mixed: string[] = [];
    for (const t of all) {
      t.header.forEach((h, i) => {
        if (!t.numeric[i]) return;
        const cells = t.rows.map((r) => r[i] ?? '').filter((c) => /\d/.test(c) && !approximate(c.replace(/^†/, '')));
        const counts = new Set(cells.map(decimals));
        if (counts.size > 1) mixed.push(`${t.audience} ${t.id} "${h}": ${cells.join(' | ')}`);
      });
      if (t.rows.flat().some((c) => c.startsWith('†'))) expect(t.note, `${t.id} explains its mark`).toMatch(/† The source states this value to fewer decimals/);
    }
    expect(mixed).toEqual([]);
  });

  it('write dates as prose does, months in full', () => {
    const short = all.flatMap((t) => t.rows.flat().filter((c) => MONTH_SHORT.test(c) && /\d/.test(c)).map((c) => `${t.id}: ${c}`));
    expect(short).toEqual([]);
  });
});
