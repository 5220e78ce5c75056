/**
 * The second example project, examples/daylight: its generator is deterministic (it rewrites
 * the committed data byte for byte) and writes times on each city's clock, and both editions
 * build — the summary quickly, the full edition with its appendix: more than ten thousand
 * values pivoted to one row per date and one column per city.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, accessibility, pdfinfo, pdftotext, runCliAsync, sharedBuild, tempDir, tool, type Run } from '../support.js';

const EXAMPLE = path.join(ROOT, 'examples', 'daylight');
const DATA = path.join(EXAMPLE, 'data');
/** Files in data/ that are written by hand, not by the generator. */
const HAND_WRITTEN = ['sources.json'];

const build = (audience: string, out: string): Promise<Run> =>
  runCliAsync(['build', '--root', EXAMPLE, '--out', out, '--audience', audience, '--quiet'], { env: { SOURCE_DATE_EPOCH: undefined }, timeout: 300_000 });

/** The figure text the prose shows for a highlight: its two-decimal statement, else the number. */
function highlight(id: string): string {
  const file = JSON.parse(fs.readFileSync(path.join(DATA, 'highlights.json'), 'utf8')) as { figures: { id: string; value: number; reported?: string }[] };
  const f = file.figures.find((x) => x.id === id);
  if (!f) throw new Error(`no highlight ${id}`);
  return f.reported ?? String(f.value);
}

/** A day length in hours as the cover and prose print it: hours and minutes ("21 h 9 min"), spaces as pdftotext gives them. */
function duration(id: string): string {
  const minutes = Math.round(Number(highlight(id)) * 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Data rows of daily.csv as cells (the file has no quoted fields). */
function dailyRows(): string[][] {
  return fs.readFileSync(path.join(DATA, 'daily.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** An ISO date as the profile's dateStyle ("d MMMM yyyy") prints it. */
const longDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
};
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** A table row as pdftotext -layout prints it: the cells in order, separated by spaces. */
function rowPattern(cells: string[]): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(cells.map(esc).join('\\s+'));
}

let tmp: string;
let summary: Run;
let summaryOut: string;
let full: Run;
const summaryPdf = () => path.join(summaryOut, 'briefing-summary.pdf');
const fullPdf = () => path.join(tmp, 'full', 'briefing-full.pdf');

beforeAll(async () => {
  tmp = tempDir('briefkit-e2e-example-');
  // the full edition's build starts first and runs beside the summary build (or the wait for it),
  // which is shared with the other tests that read it (read only)
  const fullDone = build('full', path.join(tmp, 'full'));
  ({ out: summaryOut, run: summary } = sharedBuild(['--root', EXAMPLE, '--audience', 'summary']));
  full = await fullDone;
}, 600_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('examples/daylight: data generator', () => {
  it('rewrites the committed data files byte for byte', () => {
    const gen = path.join(tmp, 'generated');
    const r = spawnSync(process.execPath, [path.join(EXAMPLE, 'scripts', 'generate.mjs'), gen], { encoding: 'utf8', env: { ...process.env, TZ: 'Pacific/Kiritimati' } });
    expect(r.status, r.stderr).toBe(0);
    const written = fs.readdirSync(gen).sort();
    expect(written).toEqual(fs.readdirSync(DATA).filter((f) => !HAND_WRITTEN.includes(f)).sort());
    for (const f of written) expect(fs.readFileSync(path.join(gen, f)).equals(fs.readFileSync(path.join(DATA, f))), f).toBe(true);
  });

  it('writes a daily table of more than ten thousand rows, unique per date and city', () => {
    const rows = dailyRows();
    expect(rows.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(rows.map((r) => `${r[0]} ${r[1]}`)).size).toBe(rows.length);
  });

  it('writes sunrise and sunset on each city’s clock: the sun rises in the morning and sets after it', () => {
    const rows = dailyRows();
    const singapore = rows.filter((r) => r[1] === 'Singapore');
    // UTC+8: about 07:00 and 19:00 all year (in UTC its sunrise, 23:06, came after its sunset, 11:09)
    for (const r of singapore) {
      expect(minutes(r[2]!), r.join()).toBeGreaterThan(6 * 60 + 30);
      expect(minutes(r[2]!), r.join()).toBeLessThan(7 * 60 + 30);
      expect(minutes(r[3]!), r.join()).toBeGreaterThan(18 * 60 + 30);
    }
    // sunset follows sunrise on the same day, except Reykjavík's midsummer sunsets just after midnight
    const wrapped = rows.filter((r) => minutes(r[3]!) <= minutes(r[2]!));
    expect(wrapped.length).toBeGreaterThan(0);
    for (const r of wrapped) {
      expect(r[1], r.join()).toBe('Reykjavík');
      expect(minutes(r[3]!), r.join()).toBeLessThan(60);
    }
    // summer time: London's sunrise on the day after the clocks go forward is about an hour later
    const at = (date: string, city: string) => rows.find((r) => r[0] === date && r[1] === city)!;
    expect(minutes(at('2025-03-30', 'London')[2]!) - minutes(at('2025-03-29', 'London')[2]!)).toBeGreaterThan(50);
    expect(minutes(at('2025-03-30', 'Reykjavík')[2]!) - minutes(at('2025-03-29', 'Reykjavík')[2]!)).toBeLessThan(0);
  });
});

describe('examples/daylight: summary edition', () => {
  it('builds, and the PDF passes qpdf --check', () => {
    expect(summary.stderr).not.toMatch(/^error /m);
    expect(summary.code).toBe(0);
    const q = tool('qpdf', ['--check', summaryPdf()]);
    expect(q.code, q.stdout + q.stderr).toBe(0);
  });

  it('holds its sections and figures read from the data, and no appendix', () => {
    const text = pdftotext(summaryPdf()).replace(/\s+/g, ' ');
    for (const title of ['Daylight across latitudes', 'Daylight, twilight and darkness', 'How the figures were computed', 'Notes and sources']) expect(text).toContain(title);
    expect(text).toContain(duration('reykjavik-longest'));
    expect(text).not.toContain(highlight('reykjavik-longest'));
    expect(text).toContain(`only ${highlight('singapore-swing-minutes')} in Singapore`);
    expect(text).not.toContain('Sunrise and sunset, day by day');
    expect(Number(pdfinfo(summaryPdf()).Pages)).toBeLessThanOrEqual(8);
  });

  it('is dated on the cover, calls itself a report and prints no file path', () => {
    const text = pdftotext(summaryPdf()).replace(/\s+/g, ' ');
    expect(text).toContain('Data as of 31 December 2025');
    expect(text).toContain('statement in this report;');
    expect(text).not.toMatch(/briefing/i);
    expect(text).not.toMatch(/scripts\/|\.mjs|\.csv|data\/\w+\.json/);
  });

  it('is tagged by default, every chart a Figure with alt text from its data', () => {
    const a = accessibility(summaryPdf());
    expect(a.tagged).toBe(true);
    expect(a.roles).toEqual(expect.arrayContaining(['H1', 'P', 'Figure', 'Caption']));
    expect(a.figureAlts.length).toBeGreaterThan(0);
    for (const alt of a.figureAlts) expect(alt.length).toBeGreaterThan(20);
  });
});

describe('examples/daylight: full edition with the daily appendix', () => {
  it('builds', () => {
    expect(full.stderr).not.toMatch(/^error /m);
    expect(full.code).toBe(0);
  });

  it('prints the appendix as a pivot, one row per date with each city’s day length to two decimals, from the first date to the last', () => {
    const rows = dailyRows();
    const text = pdftotext(fullPdf(), ['-layout']);
    expect(text).toContain('Appendix A');
    expect(text).toContain('Solstices and equinoxes');
    expect(text).toMatch(rowPattern(['Date', 'Reykjavík', 'Oslo', 'London', 'Madrid', 'Singapore']));
    // the date once, then the five cities' day lengths as the data states them ("12.10" stays "12.10")
    const shown = (date: string) => [longDate(date), ...rows.filter((r) => r[0] === date).map((r) => r[4]!)];
    for (const date of [rows[0]![0]!, '2025-06-21', rows[rows.length - 1]![0]!]) {
      expect(shown(date)).toHaveLength(6);
      expect(text).toMatch(rowPattern(shown(date)));
    }
    // a value with a trailing zero keeps it: the fixed decimals of the column
    const zero = rows.find((r) => r[4]!.endsWith('0') && r[0]!.startsWith('2025'))!;
    expect(text).toMatch(rowPattern(shown(zero[0]!)));
  });

  it('prints sunrise and sunset in local time on the days of the equinoxes and solstices', () => {
    const rows = dailyRows();
    const text = pdftotext(fullPdf(), ['-layout']);
    for (const r of rows.filter((x) => x[0] === '2025-06-21')) expect(text).toMatch(rowPattern([longDate(r[0]!), r[1]!, r[2]!, r[3]!, r[4]!]));
    expect(text).toMatch(rowPattern(['21 June 2025', 'Singapore', '07:00', '19:12']));
  });

  it('has a plausible page count for a table of one row per date', () => {
    const dates = new Set(dailyRows().map((r) => r[0])).size;
    const pages = Number(pdfinfo(fullPdf()).Pages);
    // between 20 and 60 rows a page, plus the sections before the appendix and the notes
    expect(pages).toBeGreaterThan(dates / 60);
    expect(pages).toBeLessThan(dates / 20 + 20);
  });
});
