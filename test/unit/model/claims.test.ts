import { describe, expect, it } from 'vitest';
import { Claims, holdsFigure, registerEntries } from '../../../src/model/claims.js';

describe('the claims register model', () => {
  it('counts numbers as figures, not years, ranges of years or the day of a date', () => {
    expect(['20% of members said so.', 'Huawei and 68 affiliates.', 'It rose 1.5 times.', 'Up to US$600 billion.'].map(holdsFigure)).toEqual([true, true, true, true]);
    expect(['Tables were available for 2017–2022 only.', 'In the 2020s.', 'Signed 15 January 2020.', 'The 14th Five-Year Plan and the G20.', 'No number here.'].map(holdsFigure)).toEqual([false, false, false, false, false]);
  });

  it('lists the drawn claims in page order, cross-references resolved, and leaves out a dropped key figure', () => {
    const claims = new Claims();
    const a = claims.add({ kind: 'figure', text: '17', rows: [], sources: ['s'], file: 'f', line: 3, sentence: 'There were 17 (⟦ref:fig-a⟧, page ⟦page:fig-a⟧).', note: '2' });
    const b = claims.add({ kind: 'cover', text: '9', rows: [], sources: ['t'], file: 'p', context: 'cover: 9 things', note: '1' });
    const c = claims.add({ kind: 'key figure', text: '9', rows: [], sources: ['t'], file: 'f', note: '1', dropped: true });
    Object.assign(a, { pdfPage: 4, page: '2' });
    Object.assign(b, { pdfPage: 1, page: '1' });
    Object.assign(c, { pdfPage: 4, page: '2' });
    const entries = registerEntries(claims, (id) => (id === 'fig-a' ? 'Figure 1' : id), (id) => (id === 'fig-a' ? '5' : undefined), (t) => t.replace('There', 'Here'));
    expect(entries.map((e) => [e.kind, e.page, e.context, e.template])).toEqual([
      ['cover', '1', 'cover: 9 things', 'p'],
      ['figure', '2', 'Here were 17 (Figure 1, page 5).', 'f:3'],
    ]);
  });
});
