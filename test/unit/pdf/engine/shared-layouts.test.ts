import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { counts, installSharedLayouts, MAX_WORDS } from '../../../../src/pdf/engine/shared-layouts.js';
import { ROOT } from '../../../support.js';

const pdfmakeRequire = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('pdfmake'));
const PDFDocument = pdfmakeRequire('pdfkit') as new (o: object) => NodeJS.EventEmitter & { registerFont(n: string, b: Buffer): void; font(n: string): { text(t: string, o?: object): void }; end(): void };
const roboto = fs.readFileSync(path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf'));

function pdf(text: string, options: object = {}): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date(0) }, compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.registerFont('R', roboto);
  doc.font('R').text(text, options);
  doc.end();
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

// Texts whose glyphs can be reached from more than one character (space and no-break space,
// hyphen and soft hyphen), with ligatures (fi, ffl), kerning pairs (AV, To) and accented letters
// (composite glyphs), in orders that make each document meet a shared glyph through another
// character first: the PDFs' ToUnicode maps and subsets depend on that order.
const TEXTS = [
  'Office\u00a0flows: AV To 2024 café',
  'café AV office\u00adflows and 10\u00a0000 To-day',
  'To-day flows, office\u00a0café; soft\u00adhyphen AV',
  'office\u00a0 flows café\u00a0To',
];

describe('shared word layouts (pdfkit engine patch)', () => {
  it('shapes each word once per process and every document keeps its bytes', async () => {
    const before: Buffer[] = [];
    for (const t of TEXTS) before.push(await pdf(t));
    const justified: Buffer[] = [];
    for (const t of TEXTS) justified.push(await pdf(t, { align: 'justify', width: 90 }));
    installSharedLayouts(PDFDocument, roboto);
    installSharedLayouts(PDFDocument, roboto); // idempotent
    // counted from here: test files share their process (vitest isolate: false), and an earlier
    // one may have shaped words already
    const start = { ...counts };
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]]) {
      for (const i of order) expect((await pdf(TEXTS[i]!)).equals(before[i]!), `text ${i}`).toBe(true);
      for (const i of order) expect((await pdf(TEXTS[i]!, { align: 'justify', width: 90 })).equals(justified[i]!), `justified text ${i}`).toBe(true);
    }
    // later documents replayed the words the first one shaped
    expect(counts.replayed - start.replayed).toBeGreaterThan(counts.shaped - start.shaped);
    const shaped = counts.shaped;
    await pdf(TEXTS[2]!);
    expect(counts.shaped).toBe(shaped);
    expect(MAX_WORDS).toBeGreaterThan(1000);
  });

  it('a width asked again in a document is not laid out again, and is the same', () => {
    installSharedLayouts(PDFDocument, roboto);
    const doc = new PDFDocument({ autoFirstPage: false }) as unknown as { registerFont(n: string, b: Buffer): void; font(n: string): unknown; _font: { layoutCached(t: string): unknown; widthOfString(s: string, size: number): number } };
    doc.registerFont('R', roboto);
    doc.font('R');
    const font = doc._font;
    const first = font.widthOfString('To be measured twice', 10);
    const layoutCached = font.layoutCached.bind(font);
    let calls = 0;
    font.layoutCached = (t: string) => (calls++, layoutCached(t));
    expect(font.widthOfString('To be measured twice', 10)).toBe(first);
    expect(calls).toBe(0);
    font.widthOfString('measured once', 10);
    expect(calls).toBe(2);
  });
});
