import { describe, expect, it } from 'vitest';
import { bleedRect, pageBoxes } from '../../../../src/pdf/engine/bleed.js';
import { Project } from '../../../../src/io/project.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { boxes, pixel, ROOT, tool } from '../../../support.js';
import { DATE, tempPdf } from './support.js';

const B = 3 * (72 / 25.4);

describe('pageBoxes', () => {
  it('enlarges the MediaBox by the bleed on each side, with the TrimBox the page and the BleedBox the whole sheet', () => {
    expect(pageBoxes(100, 200, 5)).toEqual({ media: [0, 0, 110, 210], trim: [5, 5, 105, 205], bleed: [0, 0, 110, 210] });
  });
});

describe('bleedRect', () => {
  it('runs a filled rectangle on past the edges it reaches, and leaves others alone', () => {
    expect(bleedRect({ type: 'rect', x: 0, y: 0, w: 100, h: 30, color: 'red' }, 100, 200, 5)).toMatchObject({ x: -5, y: -5, w: 110, h: 35 });
    expect(bleedRect({ type: 'rect', x: 10, y: 190, w: 20, h: 10, color: 'red' }, 100, 200, 5)).toMatchObject({ x: 10, y: 190, w: 20, h: 15 });
    expect(bleedRect({ type: 'rect', x: 10, y: 10, w: 20, h: 10, color: 'red' }, 100, 200, 5)).toMatchObject({ x: 10, y: 10, w: 20, h: 10 });
    // an outline is not a full-bleed fill
    expect(bleedRect({ type: 'rect', x: 0, y: 0, w: 100, h: 30 }, 100, 200, 5)).toMatchObject({ x: 0, w: 100 });
    expect(bleedRect({ type: 'rect', x: 0, y: 0, w: 100, h: 30, color: 'red' }, 100, 200, 0)).toMatchObject({ x: 0, w: 100 });
  });
});

describe('a document drawn with a bleed', () => {
  const dd = (band: boolean) => ({
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    background: (page: number) => (band && page === 1 ? { canvas: [{ type: 'rect', x: 0, y: 0, w: 595.28, h: 100, color: '#ff0000' }] } : null),
    content: [{ text: 'First page', linkToDestination: 'two' }, { text: 'Second page', id: 'two', pageBreak: 'before' }],
  });
  const draw = async (bleed?: number) => {
    loadFonts(new Project(ROOT));
    return tempPdf(await renderPdf(dd(true), DATE, undefined, bleed ? { bleed } : {}));
  };

  it('sets TrimBox and BleedBox on every page, the trimmed page the size it was', async () => {
    const file = await draw(B);
    const got = boxes(file);
    expect(got).toHaveLength(2);
    for (const b of got) {
      expect(b.media[2]! - b.media[0]!).toBeCloseTo(595.28 + 2 * B, 2);
      expect(b.media[3]! - b.media[1]!).toBeCloseTo(841.89 + 2 * B, 2);
      [B, B, 595.28 + B, 841.89 + B].forEach((v, i) => expect(b.trim![i]).toBeCloseTo(v, 2));
      expect(b.bleed).toEqual(b.media);
    }
    // the band runs into the bleed (the sheet's corner is red), the text moved in by the bleed
    const red = (p: number[]) => p[0]! > 200 && p[1]! < 60 && p[2]! < 60;
    expect(red(pixel(file, 1, 0, 0)), 'the corner of the sheet').toBe(true);
    expect(red(pixel(file, 1, 300, Math.round(100 + B + 3))), 'under the band').toBe(false);
    expect(red(pixel(file, 1, 300, Math.round(100 + B - 3))), 'the band').toBe(true);
    const words = tool('pdftotext', ['-bbox', '-f', '2', '-l', '2', file, '-']).stdout;
    const x = Number(/xMin="([\d.]+)"/.exec(words)![1]);
    expect(x).toBeCloseTo(50 + B, 0);
  });

  it('is as before without one: no TrimBox, the page A4', async () => {
    const got = boxes(await draw());
    expect(got[0]).toEqual({ media: [0, 0, 595.28, 841.89] });
  });
});
