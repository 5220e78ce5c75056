import { describe, expect, it } from 'vitest';
import { planLines } from '../../../../src/pdf/engine/keep-lines.js';
import { render as state } from '../../../../src/pdf/engine/index.js';
import { render } from './support.js';

const KEEP = { min: 2, maxMoved: 4 };
const lines = (n: number) => Array.from({ length: n }, () => 10);

describe('planLines: where a paragraph breaks, from its line heights', () => {
  it('leaves a paragraph that fits, or splits with two lines or more on each side', () => {
    expect(planLines(lines(5), 100, 200, false, KEEP)).toEqual({ moveFirst: false, breaks: [] });
    expect(planLines(lines(5), 30, 200, false, KEEP)).toEqual({ moveFirst: false, breaks: [] }); // 3 + 2
  });

  it('moves a paragraph that would leave one line at the foot of a page (orphan)', () => {
    expect(planLines(lines(5), 15, 200, false, KEEP)).toEqual({ moveFirst: true, breaks: [] });
  });

  it('moves a short paragraph whole rather than carry one line over (widow)', () => {
    expect(planLines(lines(5), 40, 200, false, KEEP)).toEqual({ moveFirst: true, breaks: [] }); // 4 + 1
  });

  it('breaks a longer paragraph a line early, so two lines carry over', () => {
    // 6 lines fit, 1 would carry: break before line 5 (index), 5 + 2
    expect(planLines(lines(7), 60, 200, false, KEEP)).toEqual({ moveFirst: false, breaks: [5] });
  });

  it('also at the last of several page breaks, and after moving an orphan', () => {
    // 5 lines here, then pages of 10: 5 + 10 + 1 → 5 + 9 + 2, breaking before line 14
    expect(planLines(lines(16), 50, 100, false, KEEP)).toEqual({ moveFirst: false, breaks: [14] });
    // 3 lines here: 3 + 10 + 1 moves whole (at most 4 lines stay behind), then 10 + 4
    expect(planLines(lines(14), 30, 100, false, KEEP)).toEqual({ moveFirst: true, breaks: [] });
    // 1 line here (orphan): moved; then 10 + 1 → 9 + 2
    expect(planLines(lines(11), 10, 100, false, KEEP)).toEqual({ moveFirst: true, breaks: [9] });
  });

  it('never moves a paragraph that starts its page', () => {
    expect(planLines(lines(3), 10, 10, true, KEEP)).toEqual({ moveFirst: false, breaks: [] });
  });
});

type Pos = { pageNumber: number; top: number };
const perPage = (n: Record<string, unknown>) => {
  const counts = new Map<number, number>();
  for (const p of n.positions as Pos[]) counts.set(p.pageNumber, (counts.get(p.pageNumber) ?? 0) + 1);
  return [...counts.values()];
};

describe('keep-lines: widows and orphans decided while the lines are placed', () => {
  const words = 'A paragraph under widow and orphan control runs over many lines at this width, so that as the filler above it grows the page break falls after each of its lines in turn. ';

  it('sweeps a paragraph across the page foot: never one line alone, one layout each, same text', async () => {
    let split = 0;
    let moved = 0;
    let early = 0;
    for (let k = 56; k <= 68; k++) {
      const filler = Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
      const para = { text: words.repeat(4), keepLines: KEEP, alignment: 'justify' };
      const before = state.layouts;
      await render({ pageMargins: [40, 40, 40, 40], content: [...filler, para] });
      expect(state.layouts - before).toBe(1);
      const counts = perPage(para);
      if (counts.length > 1) {
        split++;
        expect(counts[0], `k=${k}: ${counts}`).toBeGreaterThanOrEqual(2);
        expect(counts.at(-1), `k=${k}: ${counts}`).toBeGreaterThanOrEqual(2);
      }
      const pos = (para as unknown as { positions: Pos[] }).positions;
      const last = filler.at(-1)! as unknown as { positions: Pos[] };
      // moved whole: it starts a page although the filler ended on the page before
      if (pos[0]!.pageNumber > last.positions[0]!.pageNumber) moved++;
      // broken early: the first page's part ends with room for another line
      if (counts.length > 1 && pos[counts[0]! - 1]!.top + 2 * (pos[1]!.top - pos[0]!.top) <= 841.89 - 40) early++;
    }
    expect(split).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
    expect(early).toBeGreaterThan(0);
  }, 60_000);

  it('leaves text without keepLines to pdfmake', async () => {
    // at this offset pdfmake leaves one line at the foot of page 1
    const filler = Array.from({ length: 63 }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
    const plain = { text: words.repeat(4) };
    await render({ pageMargins: [40, 40, 40, 40], content: [...filler, plain] });
    const free = perPage(plain);
    const kept = { text: words.repeat(4), keepLines: KEEP };
    await render({ pageMargins: [40, 40, 40, 40], content: [...filler.map((f) => ({ ...f })), kept] });
    expect(free).toEqual([1, 6]);
    expect(perPage(kept)).toEqual([7]);
  });
});
