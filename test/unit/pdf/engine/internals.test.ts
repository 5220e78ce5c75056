import { describe, expect, it } from 'vitest';
import { pdfmakeInternals } from '../../../../src/pdf/engine/internals.js';

describe('the pdfmake/pdfkit internals the engine wraps', () => {
  it('still exist with the shape the patches expect (pdfmake 0.3.11 is pinned)', () => {
    const { pdfmakeRequire, PDFDocument, ElementWriter, PageElementWriter, Renderer, LayoutBuilder } = pdfmakeInternals();
    const methods: [object, string][] = [
      [PDFDocument.prototype, 'font'],
      [PDFDocument.prototype, '_addInfo'],
      [ElementWriter.prototype, 'addLine'],
      [ElementWriter.prototype, 'getCurrentPositionOnPage'],
      [ElementWriter.prototype, 'addFragment'],
      [PageElementWriter.prototype, 'addLine'],
      [PageElementWriter.prototype, 'addFragment'],
      [PageElementWriter.prototype, 'addImage'],
      [PageElementWriter.prototype, 'addSVG'],
      [PageElementWriter.prototype, 'moveToNextPage'],
      [Renderer.prototype, 'renderPages'],
      [Renderer.prototype, 'renderLine'],
      [LayoutBuilder.prototype, 'processNode'],
      [LayoutBuilder.prototype, 'processLeaf'],
      [LayoutBuilder.prototype, 'buildNextLine'],
      [LayoutBuilder.prototype, 'tryLayoutDocument'],
      [LayoutBuilder.prototype, 'addHeadersAndFooters'],
      [(pdfmakeRequire('./DocPreprocessor.js') as { default: { prototype: object } }).default.prototype, 'preprocessText'],
    ];
    for (const [proto, name] of methods) expect(typeof (proto as Record<string, unknown>)[name], name).toBe('function');
  });
});
