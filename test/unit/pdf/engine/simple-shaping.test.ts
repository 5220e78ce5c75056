import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installSharedLayouts } from '../../../../src/pdf/engine/shared-layouts.js';
import { type FontkitFont, shapeSimple, simpleCounts, simpleWidth } from '../../../../src/pdf/engine/simple-shaping.js';
import { FontMetrics } from '../../../../src/charts/metrics.js';
import { Project } from '../../../../src/io/project.js';
import { loadFonts } from '../../../../src/write/pdf.js';
import { ROOT } from '../../../support.js';

const pdfmakeRequire = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('pdfmake'));
const pdfkitRequire = createRequire(pdfmakeRequire.resolve('pdfkit'));
const fontkit = pdfkitRequire('fontkit') as { create(b: Buffer): FontkitFont & { layout(t: string): { glyphs: { id: number }[]; positions: Record<string, number>[]; advanceWidth: number } } };
const PDFDocument = pdfmakeRequire('pdfkit') as new (o: object) => NodeJS.EventEmitter & { registerFont(n: string, b: Buffer): void; font(n: string): { text(t: string, o?: object): void }; end(): void };
const font = (name: string) => fs.readFileSync(path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto', name));

// letters that kern (A V W Y T L P F …), punctuation and figures, Greek and Cyrillic, f (liga),
// i and j (ccmp's dotless forms before a mark), a no-break space, a combining accent
const CHARS = 'AVWYTLPFKRfijlo.,;:-–’"“(7/ΑΒΓΛΥαβγλ дДЛУТ\u00a0\u0301é';

describe('simple shaping (fontkit fast path)', () => {
  it('gives fontkit\'s glyphs and positions for every pair of test characters, and declines what it must', () => {
    // every pair in the regular face, the kerning letters in another (fontkit's layout of each pair takes the time)
    for (const [file, chars] of [['Roboto-Regular.ttf', [...CHARS]], ['Roboto-MediumItalic.ttf', [...'AVWYTLPFo.,д']]] as const) {
      const f = fontkit.create(font(file));
      let simple = 0;
      for (const a of chars)
        for (const b of chars) {
          const text = a + b + 'a';
          const mine = shapeSimple(f, text);
          if (!mine) continue;
          simple++;
          const ref = f.layout(text);
          expect(mine.ids, text).toEqual(ref.glyphs.map((g) => g.id));
          expect(ref.positions.map((p, i) => [p.xAdvance - mine.xAdvance[i]!, p.yAdvance - mine.yAdvance[i]!, p.xOffset - mine.xOffset[i]!, p.yOffset - mine.yOffset[i]!]), text).toEqual(ref.positions.map(() => [0, 0, 0, 0]));
          expect(simpleWidth(f, text)).toBe(ref.advanceWidth);
        }
      // most pairs are simple; ligatures, combining marks and ccmp contexts are not
      expect(simple).toBeGreaterThan(chars.length * chars.length * 0.8);
      for (const text of ['fi', 'office', 'e\u0301', 'soft\u00adhyphen', 'مرحبا', '中文', '1\u20442']) expect(shapeSimple(f, text), text).toBeUndefined();
      // kerning is applied (AV, To) and the Cyrillic and Greek scripts take the path
      for (const text of ['AV', 'To', 'Дом', 'Λόγος']) expect(shapeSimple(f, text), text).toBeDefined();
      expect(simpleWidth(f, 'AV')).toBeLessThan(simpleWidth(f, 'A')! + simpleWidth(f, 'V')!);
    }
  });

  it('pdfkit no longer runs fontkit\'s shaper for a simple word', async () => {
    installSharedLayouts(PDFDocument, font('Roboto-Regular.ttf'));
    // fontkit's layout, counted on its font class
    const proto = Object.getPrototypeOf(fontkit.create(font('Roboto-Regular.ttf'))) as { layout(this: unknown, ...a: unknown[]): unknown };
    const layout = proto.layout;
    const seen: string[] = [];
    proto.layout = function (this: unknown, ...a: unknown[]) {
      seen.push(String(a[0]));
      return layout.apply(this, a);
    };
    try {
      const doc = new PDFDocument({ autoFirstPage: true });
      doc.registerFont('R', font('Roboto-Italic.ttf'));
      doc.font('R').text('Quixotic zebras jump over twelve lazy wolves; a final word.');
      doc.end();
    } finally {
      proto.layout = layout;
    }
    // only the words with a ligature (fi) are shaped by fontkit
    expect(seen).toEqual(['final ']);
  });

  it('measures chart text on the same path, to the same width as fontkit', () => {
    const metrics = new FontMetrics(loadFonts(new Project(ROOT, {})), 'Roboto');
    const f = fontkit.create(font('Roboto-Medium.ttf'));
    const before = simpleCounts.simple;
    const label = 'Patent grants, 2019–2024 (AV To)';
    expect(metrics.width(label, 10, 'Roboto', 'bold')).toBe((f.layout(label).advanceWidth / f.unitsPerEm) * 10);
    expect(simpleCounts.simple).toBe(before + 1);
  });
});
