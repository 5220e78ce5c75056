import { describe, expect, it } from 'vitest';
import { breaksWithMarks, splitAtNoBreakSpaces } from '../../../../src/pdf/engine/line-breaks.js';
import { urlInlines } from '../../../../src/layout/notes.js';
import { noteRefs } from '../../../../src/layout/blocks/caption.js';
import type { LayoutContext } from '../../../../src/layout/types.js';
import { tool } from '../../../support.js';
import { render, tempPdf } from './support.js';

type Word = { xMin: number; xMax: number; yMin: number; yMax: number; text: string };
const words = (file: string): Word[] =>
  [...tool('pdftotext', ['-bbox', file, '-']).stdout.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({
    xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]!,
  }));
const MARGIN = 40;
const ctx = { theme: { palette: { accent: '#004488' } } } as unknown as LayoutContext;

describe('breaksWithMarks', () => {
  it('runs the breaker between marked inlines and chains a "never" inline to the one before', () => {
    const seen: number[] = [];
    const breaker = (texts: unknown[]) => (seen.push(texts.length), texts.map((t) => ({ text: String((t as { text: string }).text) })));
    const out = breaksWithMarks([{ text: 'a' }, { text: 'b', lineBreakBefore: 'allow' }, { text: 'c' }, { text: 'd', lineBreakBefore: 'never' }] as never, breaker);
    expect(seen).toEqual([1, 2, 1]);
    expect(out.map((r) => r.noNewLine ?? false)).toEqual([false, false, true, false]);
  });
});

describe('splitAtNoBreakSpaces: a tie stretches like a word space but never breaks', () => {
  it('splits a piece after each run of no-break spaces and chains the pieces', () => {
    const out = splitAtNoBreakSpaces<{ text: string; lineEnd?: boolean; noNewLine?: boolean }>([{ text: 'of\u00a0US$30.2\u00a0billion ', lineEnd: true }, { text: 'plain ' }]);
    expect(out.map((r) => r.text)).toEqual(['of\u00a0', 'US$30.2\u00a0', 'billion ', 'plain ']);
    expect(out.map((r) => r.noNewLine ?? false)).toEqual([true, true, false, false]);
    expect(out.map((r) => r.lineEnd ?? false)).toEqual([false, false, true, false]);
  });

  it('in justified text the spaces of "15 January 2020" widen with the others', async () => {
    const text = 'Signed on 15\u00a0January\u00a02020 the agreement covers intellectual property, technology transfer and the purchase of goods and services over two years.';
    const gapsOf = async (alignment: string) => {
      const pdf = await render({ pageMargins: MARGIN, pageSize: { width: 400, height: 300 }, content: [{ text: [{ text }, { text: ' More words follow here so the first line is justified.' }], alignment }] });
      const ws = words(tempPdf(pdf));
      const y = ws[0]!.yMin;
      const line = ws.filter((w) => Math.abs(w.yMin - y) < 1);
      return line.slice(1).map((w, i) => ({ word: w.text, gap: w.xMin - line[i]!.xMax }));
    };
    const justified = await gapsOf('justify');
    const january = justified.find((g) => g.word === 'January')!.gap;
    const agreement = justified.find((g) => g.word === 'agreement')!.gap;
    expect(january).toBeCloseTo(agreement, 1);
    // the line is stretched: a tie kept at its natural width would stand out
    const natural = (await gapsOf('left')).find((g) => g.word === 'January')!.gap;
    expect(january - natural).toBeGreaterThan(0.5);
  });
});

describe('line breaks in rendered text', () => {
  it('breaks a long address inside the text width, only between its pieces', async () => {
    const urls = [
      'https://emsnow.com/department-of-commerce-adds-dozens-of-new-huawei-affiliates-to-the-entity-list-and-maintains-narrow-exemptions-through-the-temporary-general-license',
      'https://www.tellerreport.com/business/2020-04-09---china-surpasses-the-us-for-the-first-time-to-become-the-largest-source-country-for-international-patent-applications-.SkfZKRrnDI.html',
    ];
    const width = 595.28 - 2 * MARGIN;
    const dd = { pageMargins: MARGIN, content: urls.map((u) => ({ columns: [{ width: 18, text: '1.' }, { width: '*', text: [{ text: 'Publisher. ‘A Title’, n.d.' }, { text: ' ' }, ...urlInlines(u, {}), { text: '.' }] }], fontSize: 8, margin: [0, 0, 0, 6] })) };
    const ws = words(tempPdf(await render(dd)));
    expect(ws.length).toBeGreaterThan(4);
    for (const w of ws) expect(w.xMax, w.text).toBeLessThanOrEqual(MARGIN + width + 0.5);
  });

  it('keeps a note call whole and with the word before it, at any line width', async () => {
    const call = noteRefs(['74', '75', '76', '84', '187'], ctx, { sup: true }, ',');
    const content = Array.from({ length: 60 }, (_, i) => ({ width: 150 + i * 3, text: [{ text: 'Figures quoted by the sources that disagree with the tables are excluded.' }, ...call, { text: ' The rest follows here.' }], fontSize: 9, margin: [0, 0, 0, 4] }));
    const ws = words(tempPdf(await render({ pageMargins: MARGIN, content: content.map((c) => ({ columns: [c, { width: '*', text: '' }] })) })));
    const starts = ws.filter((w) => Math.abs(w.xMin - MARGIN) < 0.5);
    expect(starts.length).toBeGreaterThan(60);
    for (const w of starts) expect(w.text).not.toMatch(/^[\d,–]/);
  });
});
