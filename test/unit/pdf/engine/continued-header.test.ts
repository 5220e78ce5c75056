import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../../src/io/project.js';
import { CONTINUED, continuedRepeatable } from '../../../../src/pdf/engine/continued-header.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { ROOT, tempDir, tool } from '../../../support.js';

describe('continuedRepeatable', () => {
  const font = { widthOfString: (s: string, size: number) => s.length * size * 0.5 };
  const line = (y: number, texts: string[]) => {
    let x = 0;
    const inlines = texts.map((text) => {
      const inl = { text, width: font.widthOfString(text, 10), x, font, fontSize: 10 };
      x += inl.width;
      return inl;
    });
    const l = { x: 0, y, inlines, _node: { id: 'tbl' }, getHeight: () => 12, clone() { return { ...this }; } };
    return l;
  };

  it('keeps the label, adds " (continued)", drops further caption lines and moves the header up', () => {
    const first = line(0, ['Table 5\u2003', 'A long caption that ', 'wraps']);
    const second = line(12, ['onto a second line']);
    const header = line(30, ['Year']);
    const fill = { type: 'rect', x: 0, y: 28, w: 100, h: 16 };
    const rep = { items: [{ type: 'line', item: first }, { type: 'line', item: second }, { type: 'vector', item: fill }, { type: 'line', item: header }], height: 46, insertedOnPages: [] };
    const out = continuedRepeatable(rep as never, 'Table 5', 26);
    const lines = out.items.filter((i) => i.type === 'line').map((i) => i.item as unknown as ReturnType<typeof line>);
    expect(lines[0]!.inlines.map((i) => i.text).join('')).toBe('Table 5' + CONTINUED);
    expect(lines[0]!._node).toBeUndefined(); // links and page references stay on the first page
    expect(lines).toHaveLength(2);
    expect(lines[1]!.y).toBe(18);
    expect((out.items.find((i) => i.type === 'vector')!.item as { y: number }).y).toBe(16);
    expect(out.height).toBe(34);
    // the drawn first occurrence is untouched
    expect(first.inlines).toHaveLength(3);
    expect(header.y).toBe(30);
  });

  it('writes the words of the edition’s language, in a label run’s font when the caption’s font lacks them', () => {
    const de = continuedRepeatable({ items: [{ type: 'line', item: line(0, ['Tabelle 5\u2003', 'Caption']) }], height: 12, insertedOnPages: [] } as never, 'Tabelle 5', 12, ' (Fortsetzung)');
    expect((de.items[0]!.item as unknown as ReturnType<typeof line>).inlines.map((i) => i.text).join('')).toBe('Tabelle 5 (Fortsetzung)');
    // "（续）" is not in the caption's font (Latin only) but in the font of the label's "表"
    const latin = { ...font, font: { hasGlyphForCodePoint: (cp: number) => cp < 0x3000 } };
    const cjk = { ...font, font: { hasGlyphForCodePoint: () => true } };
    const zh = line(0, ['表', '5\u2003', 'Caption']);
    zh.inlines[0]!.font = cjk as never;
    zh.inlines[1]!.font = latin as never;
    zh.inlines[2]!.font = latin as never;
    const out = continuedRepeatable({ items: [{ type: 'line', item: zh }], height: 12, insertedOnPages: [] } as never, '表5', 12, '（续）');
    const tail = (out.items[0]!.item as unknown as ReturnType<typeof line>).inlines.at(-1)!;
    expect(tail.text).toBe('（续）');
    expect(tail.font).toBe(cjk);
  });
});

describe('installContinuedHeader (through renderPdf)', () => {
  it('a table over two pages repeats its header under "Table 1 (continued)"', async () => {
    loadFonts(new Project(ROOT));
    const rows = Array.from({ length: 80 }, (_, i) => [{ text: String(2000 + i) }, { text: String(i * 1.5), alignment: 'right' }]);
    const dd = {
      content: [{ table: { headerRows: 2, keepWithHeaderRows: 1, widths: ['*', 'auto'], continued: 'Table 1', body: [[{ text: [{ text: 'Table 1\u2003', bold: true }, { text: 'Values by year' }], colSpan: 2 }, {}], [{ text: 'Year' }, { text: 'Value' }], ...rows] } }],
      defaultStyle: { font: 'Roboto' },
    };
    const pdf = await renderPdf(dd, new Date('2024-01-16T00:00:00Z'));
    const file = path.join(tempDir('briefkit-continued-'), 't.pdf');
    fs.writeFileSync(file, pdf);
    const pages = tool('pdftotext', ['-layout', file, '-']).stdout.split('\f');
    expect(pages[0]).toMatch(/Table 1\s+Values by year/);
    expect(pages[0]).not.toMatch(/continued/);
    expect(pages[1]).toMatch(/^\s*Table 1 \(continued\)\s*\n\s*Year\s+Value/);
  });
});
