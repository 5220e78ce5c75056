/**
 * Dates as the data say (issue 28, deliverable 5): a year before 1000 is refused with its own
 * message (BK044) naming file and field, never read through Date's two-digit-year rule as 19xx;
 * an as-of date in a profile that names no real day is an error, not "Invalid time value".
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/data/load.js';
import { isRealIsoDate, yearOutOfRange } from '../../src/format/date.js';
import { formatIsoDate } from '../../src/format/format.js';
import { Area } from '../../src/io/project.js';
import { resolveProfile } from '../../src/profile/resolve.js';
import { configForDir, runCliInProcess, tempDir, tempProject, thrownSync, writeTree } from '../support.js';

describe('ISO dates in the years 1000–9999', () => {
  it('are checked by arithmetic: leap days, month lengths, no two-digit years', () => {
    expect(isRealIsoDate('2024-02-29')).toBe(true);
    expect(isRealIsoDate('1900-02-29')).toBe(false);
    expect(isRealIsoDate('2000-02-29')).toBe(true);
    expect(isRealIsoDate('2023-04-31')).toBe(false);
    expect(isRealIsoDate('1000-01-01')).toBe(true);
    expect(isRealIsoDate('9999-12-31')).toBe(true);
    for (const s of ['0001-01-01', '0099-06-30', '0999-12-31', '0000']) expect(isRealIsoDate(s)).toBe(false);
  });

  it('never print a year the data do not name', () => {
    expect(formatIsoDate('0001-01-01', 'd MMMM yyyy')).not.toMatch(/19\d\d/);
    expect(formatIsoDate('0099-06-30', 'd MMMM yyyy')).not.toMatch(/1999/);
    expect(formatIsoDate('1066-10-14', 'd MMMM yyyy')).toBe('14 October 1066');
    expect(formatIsoDate('9999-12-31', 'd MMMM yyyy')).toBe('31 December 9999');
  });

  it('name the year out of range', () => {
    expect(yearOutOfRange('0001-01-01')).toBe('0001');
    expect(yearOutOfRange('99-06-30')).toBe('99');
    expect(yearOutOfRange('12024-01-01')).toBe('12024');
    expect(yearOutOfRange('2024-01-01')).toBeUndefined();
    expect(yearOutOfRange('in 2024')).toBeUndefined();
  });
});

describe('a source dated 0001-01-01 or 0099-06-30', () => {
  it.each(['0001-01-01', '0099-06-30'])('%s is refused with BK044 naming the file and field', (date) => {
    const dir = tempDir('briefkit-dates-');
    writeTree(dir, { 'sources.json': JSON.stringify({ sources: [{ id: 'a', title: 'A', publisher: 'P', date, url: 'https://example.org/a', kind: 'web' }] }) });
    const e = thrownSync(() => loadData(new Area(dir, 'data'), configForDir(dir)));
    expect(e.code).toBe('BK044');
    expect(e.where).toMatchObject({ file: 'data/sources.json', field: 'sources[0].date' });
    expect(e.summary).toContain(date);
  });
});

describe('a profile asOf', () => {
  const BASE = 'title: T\npublisher: P\nauthor: A\nsections: [one]\n';
  const profile = (asOf: string) => {
    const root = tempDir('briefkit-dates-');
    writeTree(root, { 'templates/profile.yaml': BASE, 'templates/audiences/exec/profile.yaml': `asOf: "${asOf}"\n` });
    return thrownSync(() => resolveProfile(new Area(path.join(root, 'templates'), 'templates'), 'exec'));
  };
  it('that names no real day is refused (BK503), not an "Invalid time value"', () => {
    const e = profile('9999-99-99');
    expect(e.code).toBe('BK503');
    expect(e.where).toMatchObject({ file: 'templates/audiences/exec/profile.yaml', field: 'asOf' });
  });
  it('before the year 1000 is BK044', () => {
    const e = profile('0099-06-30');
    expect(e.code).toBe('BK044');
    expect(e.where).toMatchObject({ file: 'templates/audiences/exec/profile.yaml', field: 'asOf' });
  });
});

describe('an as-of date outside the profile asOfRange (default 1900-01-01 – 2100-12-31)', () => {
  it('is BK049 naming the profile field, before anything is written', async () => {
    const dir = tempProject((d) => fs.appendFileSync(path.join(d, 'templates', 'audiences', 'policy', 'profile.yaml'), '\nasOf: "1850-06-30"\n'), ['data', 'templates', 'fonts']);
    const r = await runCliInProcess(['--root', dir, 'build', '-a', 'policy', '--jobs', '1'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BK049: templates\/audiences\/policy\/profile\.yaml:\d+ \(at asOf\): the as-of date 1850-06-30 is outside 1900-01-01 – 2100-12-31/);
    expect(fs.existsSync(path.join(dir, 'out', 'briefing-policy.pdf'))).toBe(false);
  });
});
