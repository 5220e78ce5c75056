/** Reading text in a tagged PDF (src/pdf/engine/actual-text.ts): broken words, other scripts, chart labels. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPdfUaBytes, describeFailure } from '../../../../src/accessibility/check.js';
import { readPdf } from '../../../../src/accessibility/read.js';
import { Project } from '../../../../src/io/project.js';
import { ACTUAL, markBrokenWords, scriptLanguage } from '../../../../src/pdf/engine/actual-text.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { ROOT, tempDir, tool } from '../../../support.js';
import { taggedDoc } from './support.js';

const SHY = '\u00ad';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text x="10" y="50" font-family="Roboto" font-size="10" transform="rotate(-90 10 50)">Axis title</text><text x="40" y="90" font-family="Roboto" font-size="10">2010</text><text x="70" y="90" font-family="Roboto" font-size="10">2011</text><text x="100" y="90" font-family="Roboto" font-size="10">2012</text></svg>';

describe('markBrokenWords', () => {
  const inl = (text: string, sourceText?: string) => {
    const i: Record<string, unknown> = { text };
    if (sourceText) Object.defineProperty(i, 'sourceText', { value: sourceText, enumerable: false });
    return i;
  };
  it('gives the first piece the whole word and the others what follows it', () => {
    const a = [inl('with '), inl('recog', `recog${SHY}`), inl('ni-', `ni${SHY}`)];
    const b = [inl('tion, '), inl('then ')];
    markBrokenWords([{ inlines: a }, { inlines: b }]);
    expect(a.map((i) => i[ACTUAL])).toEqual([undefined, 'recognition', '']);
    expect(b.map((i) => i[ACTUAL])).toEqual([', ', undefined]);
  });
  it('leaves a hard hyphen (a compound) as it is drawn', () => {
    const a = [inl('utility-')];
    const b = [inl('model ')];
    markBrokenWords([{ inlines: a }, { inlines: b }]);
    expect(a[0]![ACTUAL]).toBeUndefined();
    expect(b[0]![ACTUAL]).toBeUndefined();
  });
});

describe('scriptLanguage', () => {
  it('reads Han as Chinese, kana as Japanese, hangul as Korean, Latin as the document’s own', () => {
    expect(scriptLanguage('国家知识产权局')).toBe('zh');
    expect(scriptLanguage('特許庁のデータ')).toBe('ja');
    expect(scriptLanguage('특허청')).toBe('ko');
    expect(scriptLanguage('Patent office')).toBeUndefined();
  });
});

let dir: string;
let file: string;
let bytes: Buffer;
beforeAll(async () => {
  loadFonts(new Project(ROOT));
  dir = tempDir('briefkit-actual-');
  file = path.join(dir, 'fixture.pdf');
  // a narrow justified column, so words break at their soft hyphens
  const long = `The inter${SHY}na${SHY}tional re${SHY}cog${SHY}ni${SHY}tion of stan${SHY}dard${SHY}is${SHY}ation and har${SHY}mon${SHY}is${SHY}ation in ad${SHY}min${SHY}is${SHY}tra${SHY}tion and im${SHY}ple${SHY}men${SHY}ta${SHY}tion matters.`;
  const dd = taggedDoc([
    { text: 'Title', role: 'H1' },
    { columns: [{ width: 95, text: long, alignment: 'justify', role: 'P' }, { width: '*', text: '' }] },
    { text: ['The office ', { text: '国家知识产权局', font: 'BriefkitSC' }, ' was renamed.'], role: 'P' },
    { text: 'Figure 1 Counts', role: 'Caption' },
    { svg: SVG, width: 200, role: 'Figure', alt: 'Line chart: counts rose from 3 in 2010 to 5 in 2012.' },
    { text: 'After the figure.', role: 'P' },
  ]);
  bytes = await renderPdf(dd, new Date('2024-01-01T00:00:00Z'));
  fs.writeFileSync(file, bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a tagged PDF read aloud or copied', () => {
  it('has words broken at line ends read whole (no "recog-" fragment)', () => {
    const raw = tool('pdftotext', ['-raw', file, '-']).stdout;
    expect(raw).not.toMatch(/\p{Ll}-\n\p{Ll}/u);
    for (const w of ['international', 'recognition', 'standardisation', 'harmonisation', 'administration', 'implementation']) expect(raw.replace(/\s+/g, ' ')).toContain(w);
  });

  it('reads a broken word whole in its own place in the line (poppler places ActualText by the state at EMC)', () => {
    const text = tool('pdftotext', [file, '-']).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('The international recognition of standardisation and harmonisation in administration and implementation matters.');
  });

  it('marks the pieces of a broken word with ActualText', async () => {
    const m = await readPdf(bytes);
    expect(m.marks.filter((x) => x.actualText !== undefined && /^\p{L}{7,}$/u.test(x.actualText)).length).toBeGreaterThan(0);
  });

  it('gives a CJK run its own language, and the check passes', async () => {
    const m = await readPdf(bytes);
    expect(m.marks.some((x) => x.lang === 'zh')).toBe(true);
    expect((await checkPdfUaBytes(bytes)).map(describeFailure)).toEqual([]);
  });

  it('reads a chart by its alt text, not as tick labels run together or an axis title before the caption', () => {
    const text = tool('pdftotext', [file, '-']).stdout;
    expect(text).not.toMatch(/201020112012|2010\s*2011\s*2012/);
    expect(text).not.toContain('Axis title');
    expect(text.indexOf('Figure 1 Counts')).toBeLessThan(text.indexOf('After the figure.'));
  });
});
