/**
 * Print bleed: a profile's `print: { bleed: 3mm }` makes every page larger than the trimmed page
 * by the bleed on each side, and a full-bleed element (a filled rectangle that reaches an edge of
 * the page, such as the cover band) runs on past that edge to the end of the bleed, so a printer
 * can trim the sheet without a white sliver.
 *
 * Why: pdfmake and pdfkit know one page box (MediaBox) only, so a printer's file needs a larger
 * MediaBox, the TrimBox (the finished page) and the BleedBox (what is printed beyond it), and the
 * page's content moved in by the bleed.
 *
 * How: Renderer.renderPages adds each page through PDFDocument.addPage, which is wrapped while the
 * pages are drawn: the page is made larger by twice the bleed, its TrimBox and BleedBox are set,
 * and the content is moved in by the bleed (one translation after pdfkit's own flip of the y axis,
 * so text, vectors, images and link rectangles all move, as they go through pdfkit's current
 * transformation). Named destinations, which pdfkit computes from the page height without that
 * transformation, get the same offset. Renderer.renderVector extends a filled rectangle that
 * touches a trim edge by the bleed on that side. Without a bleed nothing changes.
 */
import type { Internals } from './internals.js';
import { render } from './state.js';


type Rect = { type: string; x: number; y: number; w: number; h: number; color?: unknown; linearGradient?: unknown };
type Doc = { page: { width: number; height: number; dictionary: { data: Record<string, unknown> } }; addPage(o?: { size?: number[] }): unknown; translate(x: number, y: number): unknown; addNamedDestination(name: string, ...a: unknown[]): unknown };
type Renderer = { pdfDocument: Doc };

/** The page boxes of a page of `width` × `height` pt (the trimmed size) with a bleed of `b` pt: [x0, y0, x1, y1]. */
export function pageBoxes(width: number, height: number, b: number): { media: number[]; trim: number[]; bleed: number[] } {
  const media = [0, 0, width + 2 * b, height + 2 * b];
  return { media, trim: [b, b, width + b, height + b], bleed: media };
}

/** A filled rectangle that reaches an edge of the trimmed page, run on by `b` past that edge; anything else as it is. */
export function bleedRect<T extends Rect>(r: T, width: number, height: number, b: number): T {
  if (r.type !== 'rect' || !b || (r.color === undefined && r.linearGradient === undefined)) return r;
  const eps = 0.01;
  const out = { ...r };
  if (r.x <= eps) (out.x -= b), (out.w += b);
  if (r.x + r.w >= width - eps) out.w += b;
  if (r.y <= eps) (out.y -= b), (out.h += b);
  if (r.y + r.h >= height - eps) out.h += b;
  return out;
}

export function installBleed({ Renderer }: Internals): void {
  const proto = Renderer.prototype as Record<string, unknown>;
  const renderPages = proto.renderPages as (this: Renderer, pages: unknown[]) => unknown;
  const renderVector = proto.renderVector as (this: Renderer, v: Rect) => unknown;
  if (typeof renderPages !== 'function' || typeof renderVector !== 'function') throw new Error('pdfmake Renderer.renderPages/renderVector are gone: src/pdf/engine/bleed.ts needs updating');

  proto.renderPages = function (this: Renderer, pages: unknown[]) {
    const b = render.bleed;
    if (!b) return renderPages.call(this, pages);
    const doc = this.pdfDocument;
    const addPage = doc.addPage;
    const destination = doc.addNamedDestination;
    doc.addPage = function (this: Doc, o?: { size?: number[] }) {
      const [w, h] = o?.size ?? [0, 0];
      const result = addPage.call(this, { ...o, size: [w! + 2 * b, h! + 2 * b] });
      const boxes = pageBoxes(w!, h!, b);
      Object.assign(this.page.dictionary.data, { TrimBox: boxes.trim, BleedBox: boxes.bleed });
      // after pdfkit's flip (y down from the top of the larger page): move in by the bleed
      this.translate(b, b);
      return result;
    };
    doc.addNamedDestination = function (this: Doc, name: string, ...a: unknown[]) {
      if (a[0] === 'XYZ' && typeof a[1] === 'number') a[1] += b;
      if (a[0] === 'XYZ' && typeof a[2] === 'number') a[2] += b;
      return destination.call(this, name, ...a);
    };
    try {
      return renderPages.call(this, pages);
    } finally {
      delete (doc as Partial<Doc>).addPage;
      delete (doc as Partial<Doc>).addNamedDestination;
    }
  };

  proto.renderVector = function (this: Renderer, v: Rect) {
    const b = render.bleed;
    if (!b) return renderVector.call(this, v);
    const { width, height } = this.pdfDocument.page;
    return renderVector.call(this, bleedRect(v, width - 2 * b, height - 2 * b, b));
  };
}
