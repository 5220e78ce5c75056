/**
 * Page fill, measured as a reader sees it: each page is rendered at low resolution in grey,
 * and the share of the text area (between the page margins) below the last inked row is its
 * blank share. A page is exempt when the next page opens a chapter (its first line of text in
 * the text area is set at heading size), and for the cover and the last page.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MM = 72 / 25.4;
const DPI = 24;

function pgm(buf: Buffer): { w: number; h: number; px: Buffer } {
  // P5 header: "P5\n<w> <h>\n<max>\n"
  let pos = 0;
  const fields: string[] = [];
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos]!))) pos++;
    let s = '';
    while (!/\s/.test(String.fromCharCode(buf[pos]!))) s += String.fromCharCode(buf[pos++]!);
    fields.push(s);
  }
  pos++;
  return { w: Number(fields[1]), h: Number(fields[2]), px: buf.subarray(pos) };
}

export interface PageFill {
  page: number;
  blank: number;
  exempt: boolean;
}

/** First text line's height (pt) in the text area of each page, from pdftotext -bbox. */
function firstLineHeights(pdf: string, top: number): number[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const pages = html.split('<page ').slice(1);
  return pages.map((p) => {
    const words = [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g)].map((m) => ({ yMin: Number(m[2]), yMax: Number(m[4]) }));
    const inArea = words.filter((w) => w.yMin >= top - 2).sort((a, b) => a.yMin - b.yMin);
    const first = inArea[0];
    return first ? first.yMax - first.yMin : 0;
  });
}

export function pageFill(pdf: string): PageFill[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-fill-'));
  try {
    execFileSync('pdftoppm', ['-gray', '-r', String(DPI), pdf, path.join(dir, 'p')]);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.pgm')).sort();
    const top = 24 * MM;
    const bottom = 841.89 - 22 * MM;
    const heights = firstLineHeights(pdf, top);
    const fills = files.map((f, i) => {
      const { w, h, px } = pgm(fs.readFileSync(path.join(dir, f)));
      const scale = h / 841.89;
      const y0 = Math.ceil(top * scale);
      const y1 = Math.floor(bottom * scale);
      let last = y0;
      for (let y = y0; y < y1; y++) {
        const row = px.subarray(y * w, (y + 1) * w);
        if (row.some((v) => v < 200)) last = y;
      }
      return { page: i + 1, blank: (y1 - last) / (y1 - y0), exempt: false };
    });
    for (const f of fills) {
      const next = heights[f.page]; // the next page (0-based index = f.page)
      f.exempt = f.page === 1 || f.page === fills.length || (next !== undefined && next >= 18);
    }
    return fills;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
