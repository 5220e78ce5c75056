import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../support.js';
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
    // draw-marks.ts: an inline's own properties (a function too) are copied to the words it is split into
    const { copyStyle } = (pdfmakeRequire('./StyleContextStack.js') as { default: { copyStyle(s: object, d?: object): Record<string, unknown> } }).default;
    const onDraw = () => undefined;
    expect(copyStyle({ text: 'x', onDraw }).onDraw).toBe(onDraw);
  });

  it('pdfkit\'s EmbeddedFont and PDFReference, reached through a document, have the methods shared-layouts and content-strings wrap', () => {
    const { PDFDocument } = pdfmakeInternals();
    const doc = new (PDFDocument as unknown as new (o: object) => { font(b: Buffer): unknown; _font: object; ref(): object })({ autoFirstPage: false });
    doc.font(fs.readFileSync(path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf')));
    const font = Object.getPrototypeOf(doc._font) as Record<string, unknown>;
    for (const name of ['layoutCached', 'layoutRun', 'layout', 'encode']) expect(typeof font[name], `EmbeddedFont.${name}`).toBe('function');
    expect(typeof (doc._font as { layoutCache?: unknown }).layoutCache, 'EmbeddedFont.layoutCache').toBe('object');
    const ref = Object.getPrototypeOf(doc.ref()) as Record<string, unknown>;
    for (const name of ['write', 'finalize', 'end']) expect(typeof ref[name], `PDFReference.${name}`).toBe('function');
    expect(Array.isArray((doc.ref() as { buffer?: unknown }).buffer), 'PDFReference.buffer').toBe(true);
  });
});
