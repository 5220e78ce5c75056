import { describe, expect, it } from 'vitest';
import { fitItems, fitLines, installTotalFit, MAX_HYPHENS_IN_A_ROW, SHRINK, STRETCH, type FitItem } from '../../../../src/pdf/engine/total-fit.js';
import { pdfmakeInternals, type Internals } from '../../../../src/pdf/engine/internals.js';
import { SHY } from '../../../../src/pdf/engine/justify.js';
import { hyphenateParagraph, hyphenatorFor } from '../../../../src/layout/hyphenate.js';
import { render, tempPdf } from './support.js';
import { tool } from '../../../support.js';

/** Items for words of a monospaced font (5 pt a character, 3 pt a space); "|" marks a hyphenation point. */
function items(text: string): FitItem[] {
  const out: FitItem[] = [];
  for (const word of text.split(' ')) {
    const parts = word.split('|');
    parts.forEach((p, i) => {
      const last = i === parts.length - 1;
      out.push({ width: p.length * 5 + (last ? 3 : 0), endWidth: p.length * 5 + (last ? 0 : 5), leadingCut: 0, space: last ? 3 : 0, breakable: true, hyphen: !last, soft: !last, forced: false });
    });
  }
  return out;
}

/** Each line's natural width, word-space count and whether it ends in a hyphen, for `ends`. */
function lines(its: FitItem[], ends: number[]) {
  let start = 0;
  return ends.map((end) => {
    const line = its.slice(start, end);
    start = end;
    const natural = line.slice(0, -1).reduce((a, b) => a + b.width, 0) + line.at(-1)!.endWidth;
    return { natural, spaces: line.slice(0, -1).reduce((a, b) => a + b.space, 0), hyphen: line.at(-1)!.hyphen && end < its.length };
  });
}

/** pdfmake's way: as many items as fit on each line. */
function firstFit(its: FitItem[], width: number): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < its.length) {
    let end = start + 1;
    while (end < its.length && its.slice(start, end + 1).reduce((a, b) => a + b.width, 0) - its[end]!.width + its[end]!.endWidth <= width) end++;
    ends.push(end);
    start = end;
  }
  return ends;
}

/** The widest word space of justified lines (the last line keeps its natural spaces). */
const widest = (its: FitItem[], ends: number[], width: number) =>
  Math.max(...lines(its, ends).slice(0, -1).map((l) => 3 + (width - l.natural) / (l.spaces / 3)));

const TEXT = 'the breaks of all the lines of a paragraph are chosen at once so that no line is stretched much more than its neighbours and a long word such as internationalisation never leaves a gaping line behind it in a narrow column of justified text';

describe('fitLines: total-fit (Knuth–Plass) line breaking', () => {
  it('keeps the word spaces of every line closer to their width than first-fit does, and every line fits', () => {
    const its = items(TEXT);
    for (const width of [180, 200, 230, 260]) {
      const ends = fitLines(its, { width, justify: true, em: 10 })!;
      expect(ends.at(-1)).toBe(its.length);
      const greedy = firstFit(its, width);
      expect(widest(its, ends, width), `width ${width}`).toBeLessThanOrEqual(widest(its, greedy, width));
      for (const l of lines(its, ends)) expect(l.natural - l.spaces * SHRINK).toBeLessThanOrEqual(width + 1e-6);
    }
    // at one width first-fit leaves a line far looser than the total fit's worst
    const gains = [180, 190, 200, 210, 220, 230, 240, 250, 260].map((w) => widest(its, firstFit(its, w), w) - widest(its, fitLines(its, { width: w, justify: true, em: 10 })!, w));
    expect(Math.max(...gains)).toBeGreaterThan(3);
  });

  it('uses a hyphenation point only when the spaces need it (TeX\'s first pass goes without)', () => {
    const plain = items('aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll');
    const marked = items('aa|aa bbbb cc|cc dddd ee|ee ffff gg|gg hhhh ii|ii jjjj kk|kk llll');
    const ends = fitLines(marked, { width: 69, justify: true, em: 10 })!;
    expect(lines(marked, ends).some((l) => l.hyphen)).toBe(false);
    expect(ends.length).toBe(fitLines(plain, { width: 69, justify: true, em: 10 })!.length);
  });

  it('never sets more than two hyphenated lines in a row, and no hyphen on lines it is told to avoid', () => {
    // every word breaks in the middle, and a width where hyphens would fit every line
    const its = items(Array.from({ length: 40 }, (_, i) => `wor|d${'abcdefghij'[i % 10]}x`).join(' '));
    for (const width of [61, 66, 71, 76, 83, 91]) {
      const ends = fitLines(its, { width, justify: true, em: 10 })!;
      const flags = lines(its, ends).map((l) => l.hyphen);
      let run = 0;
      for (const f of flags) {
        run = f ? run + 1 : 0;
        expect(run, `width ${width}: ${flags}`).toBeLessThanOrEqual(MAX_HYPHENS_IN_A_ROW);
      }
      const hyphenated = flags.flatMap((f, i) => (f ? [i] : []));
      if (hyphenated.length === 0) continue;
      const avoided = fitLines(its, { width, justify: true, em: 10, noHyphenAt: hyphenated.slice(0, 2) })!;
      const again = lines(its, avoided).map((l) => l.hyphen);
      for (const i of hyphenated.slice(0, 2)) expect(again[i], `width ${width}, line ${i}`).toBe(false);
    }
  });

  it('ends a line at a hard line break, and leaves a paragraph it cannot set to first-fit', () => {
    const its = items('one two three four five six seven eight nine ten');
    its[2] = { ...its[2]!, forced: true };
    const ends = fitLines(its, { width: 200, justify: true, em: 10 })!;
    expect(ends).toContain(3);
    expect(fitLines(items('a supercalifragilisticexpialidocious word'), { width: 100, justify: true, em: 10 })).toBeUndefined();
    expect(fitLines([], { width: 100, justify: true, em: 10 })).toBeUndefined();
  });

  it('may shrink a last line\'s spaces rather than leave one word on a line of its own', () => {
    // natural width 5 over the measure: fits with its spaces shrunk by less than a third
    const its = items('aaaa bbbb cccc dddd eeee ffff gggg hhhh');
    const natural = lines(its, [its.length])[0]!.natural;
    expect(fitLines(its, { width: natural - 5, justify: true, em: 10 })).toEqual([its.length]);
    // ragged text does not shrink
    expect(fitLines(its, { width: natural - 5, justify: false, em: 10 })!.length).toBe(2);
  });

  it('ragged-right: evens the rag (no line much shorter than the others)', () => {
    const its = items(TEXT);
    for (const width of [180, 220, 260]) {
      const short = (ends: number[]) => Math.min(...lines(its, ends).slice(0, -1).map((l) => l.natural));
      const ends = fitLines(its, { width, justify: false, em: 10 })!;
      expect(short(ends), `width ${width}`).toBeGreaterThanOrEqual(short(firstFit(its, width)));
      for (const l of lines(its, ends)) expect(l.natural).toBeLessThanOrEqual(width);
    }
  });

  it('fitItems reads pdfmake inlines: soft hyphens measured as drawn, word spaces, chains and line breaks', () => {
    const font = { widthOfString: (s: string, size: number) => s.length * size * 0.5 };
    const inline = (text: string, extra: object = {}) => ({ text, width: text.length * 5, trailingCut: /[ \u00a0]$/.test(text) ? 5 : 0, font, fontSize: 10, ...extra });
    const [soft, word, tied, fixed, hard, end] = fitItems([inline(`hy${SHY}`), inline('phen '), inline('of\u00a0', { noNewLine: true }), inline('a\u2002'), inline('well-'), inline('end', { lineEnd: true })]);
    expect(soft).toMatchObject({ width: 10, endWidth: 15, soft: true, hyphen: true, space: 0 });
    expect(word).toMatchObject({ width: 25, endWidth: 20, space: 5, hyphen: false, breakable: true });
    expect(tied).toMatchObject({ space: 5, breakable: false });
    expect(fixed).toMatchObject({ space: 0 });
    expect(hard).toMatchObject({ hyphen: true, soft: false });
    expect(end).toMatchObject({ forced: true });
  });

  it('stretch and shrink are TeX\'s', () => {
    expect(STRETCH).toBe(1 / 2);
    expect(SHRINK).toBe(1 / 3);
  });
});

describe('installTotalFit: buildNextLine takes the planned inlines', () => {
  const font = { widthOfString: (t: string, size: number) => t.length * size * 0.5 };
  const inline = (text: string) => ({ text, width: text.length * 5, trailingCut: / $/.test(text) ? 5 : 0, font, fontSize: 10, alignment: 'justify' });
  class Builder {
    writer = { context: () => ({ availableWidth: this.width }) };
    constructor(public width: number) {}
    buildNextLine(_node: unknown): unknown {
      return 'first-fit';
    }
  }
  installTotalFit({ LayoutBuilder: Builder as unknown as Internals['LayoutBuilder'], pdfmakeRequire: pdfmakeInternals().pdfmakeRequire } as Internals);
  type Line = { inlines: { text: string }[]; lastLineInParagraph: boolean };

  it('lines follow the plan; a node without lineFit, or one no pass can set, goes to pdfmake', () => {
    const node = { lineFit: true, _inlines: 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj'.split(' ').map((w, i, a) => inline(i < a.length - 1 ? `${w} ` : w)) };
    const b = new Builder(120);
    const lines: Line[] = [];
    for (let l = b.buildNextLine(node) as Line | null; node._inlines.length || l; l = node._inlines.length ? (b.buildNextLine(node) as Line) : null) lines.push(l!);
    expect(lines.map((l) => l.inlines.length).reduce((x, y) => x + y)).toBe(10);
    expect(lines.at(-1)!.lastLineInParagraph).toBe(true);
    expect(lines.slice(0, -1).every((l) => !l.lastLineInParagraph)).toBe(true);
    expect(b.buildNextLine({ _inlines: [inline('x')] })).toBe('first-fit');
    expect(b.buildNextLine({ lineFit: true, _inlines: [inline('averyveryverylongwordthatcannotfit '), inline('x')] })).toBe('first-fit');
  });

  it('plans again when the width or the inlines change (a reflow into another column)', () => {
    const words = () => 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj'.split(' ').map((w, i, a) => inline(i < a.length - 1 ? `${w} ` : w));
    const node = { lineFit: true, _inlines: words() };
    const wide = (new Builder(200).buildNextLine(node) as Line).inlines.length;
    node._inlines = words();
    const narrow = (new Builder(80).buildNextLine(node) as Line).inlines.length;
    expect(narrow).toBeLessThan(wide);
    // as many inlines, but longer words: the plan made for the others would overfill the line
    node._inlines = words().map((i) => inline(i.text.replace(/(\w+)/, '$1$1$1')));
    const line = (new Builder(80).buildNextLine(node) as Line).inlines as unknown as { width: number }[];
    expect(line.reduce((a, i) => a + i.width, 0) - 5).toBeLessThanOrEqual(80);
  });
});

describe('total-fit through pdfmake', () => {
  const words = 'the representatives of international organisations acknowledged considerable administrative improvements notwithstanding persistent enforcement difficulties and jurisdictional disagreements, while the courts in several provinces reported';

  /** The widest gap between words on full lines (all but each paragraph's last), in em. */
  async function widestGap(lineFit: boolean): Promise<number> {
    const h = hyphenatorFor('en-GB')!;
    const content = [0, 1, 2].map((k) => ({ text: hyphenateParagraph([`${words} ${words.split(' ').slice(k).join(' ')} ${words}.`], h), alignment: 'justify', lineFit }));
    const pdf = await render({ content, pageSize: { width: 420, height: 1200 }, pageMargins: 30, defaultStyle: { font: 'Roboto', fontSize: 10 } });
    const bbox = tool('pdftotext', ['-bbox-layout', tempPdf(pdf), '-']).stdout;
    let worst = 0;
    for (const block of bbox.split('<block').slice(1)) {
      const ls = block.split('<line').slice(1, -1);
      for (const l of ls) {
        const xs = [...l.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
        for (let i = 1; i < xs.length; i++) worst = Math.max(worst, (xs[i]![0] - xs[i - 1]![1]) / 10);
      }
    }
    return worst;
  }

  it('a justified paragraph that opts in (lineFit) has no word space wider than first-fit leaves, and none over 0.6 em', async () => {
    const fit = await widestGap(true);
    const first = await widestGap(false);
    expect(fit).toBeLessThan(first);
    expect(fit).toBeLessThanOrEqual(0.6);
  });
});

describe('no hyphen at the foot of a page (keep-lines.ts asks total-fit.ts to avoid it)', () => {
  const words = 'the representatives of international organisations acknowledged considerable administrative improvements notwithstanding persistent enforcement difficulties and jurisdictional disagreements while the courts in several provinces reported';

  /** The last line of each page holding the paragraph, for each filler height. */
  async function feet(keepLines: boolean): Promise<string[]> {
    const h = hyphenatorFor('en-GB')!;
    const out: string[] = [];
    for (let k = 20; k <= 44; k += 2) {
      const filler = Array.from({ length: k }, (_, i) => ({ text: `Filler ${i + 1}`, fontSize: 10 }));
      const para = { text: hyphenateParagraph([`${words} ${words} ${words} ${words} ${words}.`], h), alignment: 'justify', lineFit: true, ...(keepLines ? { keepLines: { min: 2, maxMoved: 4 } } : {}) };
      const pdf = await render({ content: [...filler, para], pageSize: { width: 260, height: 600 }, pageMargins: 30, defaultStyle: { font: 'Roboto', fontSize: 10 } });
      const pages = tool('pdftotext', ['-layout', tempPdf(pdf), '-']).stdout.split('\f').slice(0, -1);
      out.push(...pages.slice(0, -1).map((p) => p.trim().split('\n').at(-1)!.trim()));
    }
    return out;
  }

  it('a paragraph across a page break ends the page with a whole word', async () => {
    const free = await feet(false);
    expect(free.filter((l) => /\p{Ll}-$/u.test(l)).length).toBeGreaterThan(0);
    const kept = await feet(true);
    expect(kept.filter((l) => /\p{Ll}-$/u.test(l))).toEqual([]);
  }, 60_000);
});
