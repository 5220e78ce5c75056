/** Issue 24, item 5: source lines of at most two lines, header units on the header's line, sparse columns. */
import { describe, expect, it } from 'vitest';
import { estimatedFit, JOIN_SLACK_EM, namedPublishers } from '../../../src/layout/blocks/caption.js';
import { sparseColumns, tieHeaderUnit } from '../../../src/layout/blocks/table.js';

describe('namedPublishers', () => {
  const pubs = Array.from({ length: 45 }, (_, i) => `Outlet ${i + 1}`);
  it('names them all when they fit', () => {
    expect(namedPublishers(pubs.slice(0, 3), () => true)).toEqual({ named: pubs.slice(0, 3), others: 0 });
  });
  it('names the first few that fit with "and N others"', () => {
    const seen: string[] = [];
    const got = namedPublishers(pubs, (s) => (seen.push(s), s.length <= 60));
    expect(got.named.length + got.others).toBe(45);
    expect(got.named).toEqual(pubs.slice(0, got.named.length));
    expect(seen.at(-1)).toMatch(new RegExp(`and ${got.others} others$`));
    expect(seen.at(-1)!.length).toBeLessThanOrEqual(60);
  });
  it('names at least one', () => {
    expect(namedPublishers(pubs, () => false)).toEqual({ named: ['Outlet 1'], others: 44 });
  });
  it('makes the same choice from estimated widths, measuring only the candidates near the limit', () => {
    // a width that is not the sum of its parts: a join may kern by up to a tenth of the slack
    const em = 8;
    const width = (s: string) => [...s].reduce((w, c, i) => w + (c === 'i' ? 0.3 : 0.55) * em + (i && s[i - 1] === ';' ? JOIN_SLACK_EM * em * 0.1 : 0), 0);
    const tail = (others: number) => (others ? ` and ${others} others` : '') + ' (notes 1–45).';
    const names = pubs.map((p, i) => (i % 3 ? p : `${p} Ministry`));
    for (const room of [40, 300, 700, 900, 1500, 5000]) {
      let whole = 0;
      const fits = (s: string) => (whole++, width(s + ' (notes 1–45).') <= room);
      const plain = namedPublishers(names, fits);
      const wholePlain = whole;
      whole = 0;
      expect(namedPublishers(names, fits, undefined, estimatedFit(names, width, tail, room, em)), `room ${room}`).toEqual(plain);
      expect(whole).toBeLessThanOrEqual(Math.min(wholePlain, 6));
    }
  });
});

describe('tieHeaderUnit', () => {
  it('keeps a trailing unit on the line of the word before it', () => {
    expect(tieHeaderUnit('Growth as stated, %')).toBe('Growth as stated,\u00a0%');
    expect(tieHeaderUnit('Trade (US$ bn)')).toBe('Trade\u00a0(US$ bn)');
    expect(tieHeaderUnit('Value, bn')).toBe('Value,\u00a0bn');
    expect(tieHeaderUnit('Invention patents granted')).toBe('Invention patents granted');
    expect(tieHeaderUnit('Year')).toBe('Year');
  });
});

describe('sparseColumns', () => {
  it('names the columns empty or a dash in most rows', () => {
    const rows = [['2019', '5', '–'], ['2020', '6', ''], ['2021', '–', 'revised'], ['2022', '8', '—']];
    expect(sparseColumns({ header: ['Year', 'Value', 'Note'], rows })).toEqual([{ column: 'Note', blank: 3, rows: 4 }]);
    expect(sparseColumns({ header: ['Year', 'Value', 'Note'], rows: rows.slice(0, 2) })).toEqual([]);
  });
});
