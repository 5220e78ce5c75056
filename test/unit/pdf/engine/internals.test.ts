import { describe, expect, it } from 'vitest';
import { pdfmakeInternals } from '../../../../src/pdf/engine/internals.js';

describe('the pdfmake/pdfkit internals the engine wraps', () => {
  it('still exist with the shape the patches expect (pdfmake 0.3.11 is pinned)', () => {
    const { PDFDocument, ElementWriter, PageElementWriter, Renderer, LayoutBuilder } = pdfmakeInternals();
    const methods: [object, string][] = [
      [PDFDocument.prototype, 'font'],
      [PDFDocument.prototype, '_addInfo'],
      [ElementWriter.prototype, 'addLine'],
      [PageElementWriter.prototype, 'addFragment'],
      [Renderer.prototype, 'renderPages'],
      [LayoutBuilder.prototype, 'processNode'],
      [LayoutBuilder.prototype, 'tryLayoutDocument'],
    ];
    for (const [proto, name] of methods) expect(typeof (proto as Record<string, unknown>)[name], name).toBe('function');
  });
});
