import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decoded, installSharedFontTables } from '../../../../src/pdf/engine/shared-font-tables.js';
import { ROOT } from '../../../support.js';

const pdfmakeRequire = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('pdfmake'));
const pdfkitRequire = createRequire(pdfmakeRequire.resolve('pdfkit'));
const PDFDocument = pdfkitRequire('pdfkit') as new (o: object) => NodeJS.EventEmitter & { registerFont(n: string, b: Buffer): void; font(n: string): { text(t: string): void }; end(): void };
const roboto = fs.readFileSync(path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf'));

function pdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date(0) }, compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  doc.registerFont('R', roboto);
  doc.font('R').text(text);
  doc.end();
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

describe('shared font tables (pdfkit engine patch)', () => {
  it('decodes each font table once per process and writes the same bytes', async () => {
    const before = await pdf('Widows and orphans, 2024');
    installSharedFontTables(pdfkitRequire, roboto);
    installSharedFontTables(pdfkitRequire, roboto); // idempotent
    const first = await pdf('Widows and orphans, 2024');
    const count = decoded.count;
    expect(count).toBeGreaterThan(0);
    const second = await pdf('Widows and orphans, 2024');
    expect(decoded.count).toBe(count); // nothing decoded again
    expect(first.equals(before)).toBe(true);
    expect(second.equals(before)).toBe(true);
    // a different text (another subset) still comes out as without the patch would make it
    const other = await pdf('Another subset: qxz');
    expect(other.subarray(0, 5).toString()).toBe('%PDF-');
    expect(decoded.count).toBe(count);
  });
});
