import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../../src/io/project.js';
import { hyphenateParagraph, hyphenateText, hyphenatorFor } from '../../../../src/layout/hyphenate.js';
import { isOverfullLastLine, justifyLine, LOOSE_SPACE, MAX_TRACKING, SHY, settleSoftHyphens } from '../../../../src/pdf/engine/justify.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { ROOT, tempDir, tool } from '../../../support.js';

const font = { widthOfString: (s: string, size: number) => s.length * size * 0.5 };
const lineOf = (texts: string[]) => {
  let x = 0;
  const inlines = texts.map((text) => {
    const i = { text, width: font.widthOfString(text, 10), x, font, fontSize: 10 };
    x += i.width;
    return i;
  });
  return { inlines, inlineWidths: x, getWidth() { return this.inlineWidths - 5 * (/\s$/.test(inlines.at(-1)!.text) ? 1 : 0); } };
};

describe('justifyLine', () => {
  it('adds space at word spaces only: none after a hard hyphen or before a note call', () => {
    const line = lineOf(['a ', 'well-', 'known ', 'fact.', '12 ', 'end']);
    justifyLine(line, 200);
    const x = line.inlines.map((i) => i.x);
    expect(x[2]! - x[1]!).toBeCloseTo(line.inlines[1]!.width, 9); // "well-" | "known": no gap
    expect(x[4]! - x[3]!).toBeCloseTo(line.inlines[3]!.width, 9); // "fact." | note call: no gap
    expect(x[1]! - x[0]!).toBeGreaterThan(line.inlines[0]!.width);
  });
});

describe('justifyLine: shrinking a last line, letter-spacing a very loose one', () => {
  it('a justified paragraph\'s last line wider than the measure is set to the measure over its word spaces', () => {
    const line = Object.assign(lineOf(['aa ', 'bb ', 'cc ', 'dd']), { lastLineInParagraph: true });
    line.inlines.forEach((i) => Object.assign(i, { alignment: 'justify' }));
    expect(isOverfullLastLine(line, 50)).toBe(true);
    expect(isOverfullLastLine(line, 60)).toBe(false);
    justifyLine(line, 50);
    const last = line.inlines.at(-1)!;
    expect(last.x + last.width).toBeCloseTo(50, 6);
  });

  it('spreads up to LOOSE_SPACE times a space over the word spaces alone, the rest partly over the letters (at most MAX_TRACKING em)', () => {
    const line = lineOf(['aaaa ', 'bbbb ', 'cccc ', 'dddd']);
    justifyLine(line, 75); // 20 more points: 2 gaps of 5 already, a space may grow by 5 → 10 points on spaces
    expect(line.inlines.every((i) => (i as { characterSpacing?: number }).characterSpacing === undefined)).toBe(true);
    const loose = lineOf(['aaaa ', 'bbbb ', 'cccc ', 'dddd']);
    justifyLine(loose, 120);
    const track = (loose.inlines[0] as { characterSpacing?: number }).characterSpacing!;
    expect(track).toBeGreaterThan(0);
    expect(track).toBeLessThanOrEqual(MAX_TRACKING * 10 + 1e-9);
    // flush right, and the word spaces got no less than LOOSE_SPACE spaces
    const last = loose.inlines.at(-1)!;
    expect(last.x + last.width).toBeCloseTo(120, 6);
    const gap = loose.inlines[1]!.x - (loose.inlines[0]!.x + loose.inlines[0]!.width) + 5;
    expect(gap).toBeGreaterThanOrEqual(5 * LOOSE_SPACE - 1e-6);
  });
});

describe('settleSoftHyphens', () => {
  it('drops soft hyphens inside the line and draws a hyphen where it breaks', () => {
    const line = lineOf([`hy${SHY}`, 'phen ', `break${SHY}`]);
    settleSoftHyphens(line);
    expect(line.inlines.map((i) => i.text)).toEqual(['hy', 'phen ', 'break-']);
    expect(line.inlines[1]!.x).toBe(10); // moved left by the dropped character
    expect((line.inlines[2] as { sourceText?: string }).sourceText).toBe(`break${SHY}`);
  });
});

describe('hyphenation patterns (hyphen, by locale)', () => {
  it('marks breaks in long words, never in short words, acronyms or a paragraph\'s last word', () => {
    const h = hyphenatorFor('en-GB')!;
    expect(hyphenateText('international', h)).toContain(SHY);
    expect(hyphenateText('patent WIPO CNIPA', h)).toBe('patent WIPO CNIPA');
    const runs = hyphenateParagraph(['the international reactions followed'], h);
    expect(String(runs[0]).split(' ').at(-1)).toBe('followed');
    // German has patterns of its own now; a language the hyphen package lacks has none
    expect(hyphenatorFor('de-DE')).toBeDefined();
    expect(hyphenatorFor('vi-VN')).toBeUndefined();
    expect(hyphenatorFor('en-US')).toBeDefined();
  });

  it('through pdfmake: a justified, hyphenated paragraph breaks words with a visible hyphen and no stray soft hyphen', async () => {
    loadFonts(new Project(ROOT));
    const h = hyphenatorFor('en-GB')!;
    const words = 'Representatives of international organisations acknowledged considerable administrative improvements notwithstanding persistent enforcement difficulties and jurisdictional disagreements';
    const dd = { content: [{ text: hyphenateParagraph([`${words} ${words} ${words}.`], h), alignment: 'justify', width: 200 }], pageSize: { width: 260, height: 600 }, pageMargins: 30, defaultStyle: { font: 'Roboto', fontSize: 10 } };
    const pdf = await renderPdf(dd, new Date('2024-01-16T00:00:00Z'));
    const file = path.join(tempDir('briefkit-justify-'), 'j.pdf');
    fs.writeFileSync(file, pdf);
    const text = tool('pdftotext', ['-layout', file, '-']).stdout;
    expect(text).not.toContain(SHY);
    expect(text).toMatch(/[a-z]-\s*\n/); // at least one word broken at a line end
    expect(text.replace(/-\s*\n\s*/g, '').replace(/\s+/g, ' ')).toContain('considerable administrative improvements');
  });
});
