/**
 * The font fallback chain (src/theme/fonts.ts): each character in the first font of the chain
 * that has it, with the bundled fonts as a build loads them — Chinese, Arabic and emoji in one
 * paragraph all print, none missing, in a real PDF; a Private Use Area character none has is
 * reported (BK307 in a build).
 */
import { describe, expect, it } from 'vitest';
import { FontMetrics } from '../../../src/charts/metrics.js';
import { Project } from '../../../src/io/project.js';
import { applyFontChain, fontRuns, uncovered } from '../../../src/theme/fonts.js';
import { makeTheme } from '../../../src/theme/theme.js';
import { loadFonts, renderPdf } from '../../../src/write/pdf.js';
import { ROOT, tempDir, tool } from '../../support.js';
import fs from 'node:fs';
import path from 'node:path';

const metrics = new FontMetrics(loadFonts(new Project(ROOT, {})), 'Roboto');
const chain = makeTheme().fonts;
const PARAGRAPH = 'The office 国家知识产权局 wrote مرحبا بالعالم and sent 🌍🐄 ✅ today.';

describe('the font fallback chain', () => {
  it('is the body font, then the bundled Chinese, Arabic and emoji fonts', () => {
    expect(chain).toEqual(['Roboto', 'BriefkitSC', 'NotoSansArabic', 'NotoEmoji']);
  });

  it('splits a paragraph into runs of the first font that has each character; spaces between runs stay in the text’s own font', () => {
    expect(fontRuns(PARAGRAPH, chain, metrics.covers)).toEqual([
      { text: 'The office ', font: 'Roboto' },
      { text: '国家知识产权局', font: 'BriefkitSC' },
      { text: ' wrote ', font: 'Roboto' },
      { text: 'مرحبا بالعالم', font: 'NotoSansArabic' },
      { text: ' and sent ', font: 'Roboto' },
      // a space between two emoji stays in their font
      { text: '🌍🐄 ✅', font: 'NotoEmoji' },
      { text: ' today.', font: 'Roboto' },
    ]);
    // an emoji's variation selector goes with it; a narrow no-break space (French « … ») finds a font that has it
    expect(fontRuns('sun ☀️!', chain, metrics.covers)).toEqual([{ text: 'sun ', font: 'Roboto' }, { text: '☀️', font: 'NotoEmoji' }, { text: '!', font: 'Roboto' }]);
    expect(fontRuns('«\u202fmot\u202f»', chain, metrics.covers).map((r) => r.font)).not.toContain(undefined);
    expect(uncovered('«\u202fmot\u202f»', chain, metrics.covers)).toEqual([]);
  });

  it('finds no character of the paragraph missing, and reports one that no font has (a Private Use Area code point)', () => {
    expect(uncovered(PARAGRAPH, chain, metrics.covers)).toEqual([]);
    expect(uncovered(`${PARAGRAPH} \uE000`, chain, metrics.covers)).toEqual(['\uE000']);
    // the body font alone lacks them all
    expect(uncovered(PARAGRAPH, ['Roboto'], metrics.covers)).toEqual(expect.arrayContaining(['国', 'م', '🌍', '✅']));
  });

  it('prints every character of the paragraph in a PDF: pdftotext gives it back, and the three fallback fonts are embedded', async () => {
    const content = [{ text: PARAGRAPH }, { text: ['In a run: ', { text: '中文 and 🐄', bold: true }] }];
    applyFontChain(content, chain, metrics.covers, { font: 'Roboto', lineHeight: 1.3 });
    // an Arabic run is kept whole and laid out as one run (right to left)
    expect(JSON.stringify(content)).toContain('"text":"مرحبا بالعالم","font":"NotoSansArabic","noWrap":true,"fontFeatures":[]');
    const pdf = await renderPdf({ content, defaultStyle: { font: 'Roboto', fontSize: 10 } }, new Date(Date.UTC(2025, 0, 1)));
    const file = path.join(tempDir('briefkit-fonts-'), 'chain.pdf');
    fs.writeFileSync(file, pdf);
    // every character comes back (pdftotext's reading order around right-to-left text and tall
    // emoji glyphs moves words about, so the characters are compared without spaces, per word)
    const text = tool('pdftotext', [file, '-']).stdout.replace(/[\u200e\u200f\u202a-\u202e\s]/g, '');
    for (const s of ['Theoffice国家知识产权局wrote', 'مرحبابالعالم', 'andsent🌍🐄', '✅today.', 'Inarun:中文and🐄']) expect(text).toContain(s);
    // and the words sit on one line with spaces between them (the Arabic words right to left)
    const words = [...tool('pdftotext', ['-bbox', file, '-']).stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]+)</g)].map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), w: m[4]! }));
    // the first line: the words above the second line's top, left to right
    const top = words.find((w) => w.w === 'In')!.y0;
    const first = words.filter((w) => w.y0 < top - 10).sort((a, b) => a.x0 - b.x0);
    expect(first.map((w) => w.w).join(' ')).toBe('The office 国家知识产权局 wrote ملاعلاب ابحرم and sent 🌍🐄 ✅ today.');
    for (let i = 1; i < first.length; i++) expect(first[i]!.x0, first[i]!.w).toBeGreaterThan(first[i - 1]!.x1 + 1);
    const fonts = tool('pdffonts', [file]).stdout;
    for (const f of ['Roboto-Regular', 'NotoSansSC-Regular', 'NotoSansArabic-Regular', 'NotoEmoji-Regular']) expect(fonts).toContain(f);
  });
});
