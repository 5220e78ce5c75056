import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installContentStrings } from '../../../../src/pdf/engine/content-strings.js';
import { ROOT } from '../../../support.js';

const pdfmakeRequire = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('pdfmake'));
type Doc = NodeJS.EventEmitter & {
  registerFont(n: string, b: Buffer): void;
  font(n: string): Doc;
  text(t: string, o?: object): Doc;
  rect(x: number, y: number, w: number, h: number): Doc;
  fill(c: string): Doc;
  addPage(): Doc;
  ref(d?: object): { write(c: unknown): void; end(c?: unknown): void };
  end(): void;
};
const PDFDocument = pdfmakeRequire('pdfkit') as new (o: object) => Doc;
const roboto = fs.readFileSync(path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf'));

function pdf(compress: boolean): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date(0) }, compress });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.registerFont('R', roboto);
  for (let p = 0; p < 3; p++) {
    if (p) doc.addPage();
    doc.font('R').text(`Page ${p + 1}: Ünïcödé, “quotes” — and a long line of text that wraps `.repeat(20), { align: 'justify' });
    doc.rect(50, 50, 100, 20).fill('#336699');
  }
  // a stream mixing text and binary chunks
  const ref = doc.ref({ Type: 'Test' });
  ref.write('BT');
  ref.write(Buffer.from([0, 1, 2, 255]));
  ref.write(12);
  ref.write('ET é');
  ref.end();
  doc.end();
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

describe('content streams kept as text (pdfkit engine patch)', () => {
  it('writes the same bytes, compressed or not', async () => {
    const before = [await pdf(false), await pdf(true)];
    installContentStrings(PDFDocument);
    installContentStrings(PDFDocument); // idempotent
    const after = [await pdf(false), await pdf(true)];
    expect(after[0]!.equals(before[0]!)).toBe(true);
    expect(after[1]!.equals(before[1]!)).toBe(true);
    // the patch is in place: a stream's text waits in one list until it ends
    const doc = new PDFDocument({ autoFirstPage: false });
    const ref = doc.ref() as unknown as { write(c: unknown): void; buffer: unknown[]; _bkText?: string[] };
    ref.write('a');
    ref.write('b');
    expect(ref.buffer).toHaveLength(0);
    expect(ref._bkText).toEqual(['a\n', 'b\n']);
  });
});
