/** Renders small pdfmake documents through briefkit's renderer (fonts loaded, engine installed). */
import fs from 'node:fs';
import path from 'node:path';
import { Project } from '../../../../src/io/project.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { ROOT, tempDir, tool } from '../../../support.js';

export const DATE = new Date('2024-01-16T00:00:00Z');

export async function render(dd: Record<string, unknown>): Promise<Buffer> {
  loadFonts(new Project(ROOT));
  return renderPdf(dd, DATE);
}

/** Writes the PDF to a temp file and returns the text of each page. */
export function pages(pdf: Buffer): string[] {
  const file = path.join(tempDir('briefkit-engine-'), 'x.pdf');
  fs.writeFileSync(file, pdf);
  return tool('pdftotext', [file, '-']).stdout.split('\f').slice(0, -1).map((t) => t.trim());
}

export function tempPdf(pdf: Buffer): string {
  const file = path.join(tempDir('briefkit-engine-'), 'x.pdf');
  fs.writeFileSync(file, pdf);
  return file;
}

/** A tagged document with a title, a language and a displayed title around `content` (what --pdfua asks for). */
export function taggedDoc(content: unknown[]): Record<string, unknown> {
  return { tagged: true, language: 'en-GB', displayTitle: true, info: { title: 'Fixture' }, defaultStyle: { font: 'Roboto', fontSize: 10 }, content };
}
