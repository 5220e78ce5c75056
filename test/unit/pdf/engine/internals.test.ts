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
      [ElementWriter.prototype, 'addImage'],
      [ElementWriter.prototype, 'addSVG'],
      [PageElementWriter.prototype, 'addLine'],
      [PageElementWriter.prototype, 'addFragment'],
      [PageElementWriter.prototype, 'addImage'],
      [PageElementWriter.prototype, 'addSVG'],
      [PageElementWriter.prototype, 'moveToNextPage'],
      [Renderer.prototype, 'renderPages'],
      [Renderer.prototype, 'renderLine'],
      [Renderer.prototype, 'renderVector'],
      [PDFDocument.prototype, 'addPage'],
      [PDFDocument.prototype, 'addNamedDestination'],
      [LayoutBuilder.prototype, 'processNode'],
      [LayoutBuilder.prototype, 'processLeaf'],
      [LayoutBuilder.prototype, 'buildNextLine'],
      [LayoutBuilder.prototype, 'tryLayoutDocument'],
      [LayoutBuilder.prototype, 'addHeadersAndFooters'],
      [(pdfmakeRequire('./DocumentContext.js') as { default: { prototype: object } }).default.prototype, 'moveToNextPage'],
      [(pdfmakeRequire('./DocPreprocessor.js') as { default: { prototype: object } }).default.prototype, 'preprocessText'],
    ];
    for (const [proto, name] of methods) expect(typeof (proto as Record<string, unknown>)[name], name).toBe('function');
    // footnotes.ts: the main flow's context is the one the layout listens to for new pages; a page's room is set
    // by initializePage; the notes are set like a footer, in an unbreakable block committed at a forced place
    const DC = (pdfmakeRequire('./DocumentContext.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;
    for (const name of ['initializePage', 'addListener']) expect(typeof DC[name], `DocumentContext.${name}`).toBe('function');
    for (const name of ['beginUnbreakableBlock', 'commitUnbreakableBlock']) expect(typeof PageElementWriter.prototype[name], `PageElementWriter.${name}`).toBe('function');
    const lb = fs.readFileSync(pdfmakeRequire.resolve('./LayoutBuilder.js'), 'utf8');
    expect(lb).toContain("this.writer.context().addListener('pageAdded'");
    expect(lb).toContain('this.processNode(docStructure);\n    this.addHeadersAndFooters(header, footer);');
    expect(fs.readFileSync(pdfmakeRequire.resolve('./DocumentContext.js'), 'utf8')).toContain('this.availableHeight = this.getCurrentPage().pageSize.height - this.pageMargins.top - this.pageMargins.bottom;');
    // page-fill.ts reads a document context's pages and background item counts, and a page writer's repeatables
    const DocumentContext = (pdfmakeRequire('./DocumentContext.js') as { default: new () => Record<string, unknown> }).default;
    const ctx = new DocumentContext();
    expect(Array.isArray(ctx.pages), 'DocumentContext.pages').toBe(true);
    expect(Array.isArray(ctx.backgroundLength), 'DocumentContext.backgroundLength').toBe(true);
    const writer = new (PageElementWriter as unknown as new (c: unknown) => Record<string, unknown>)(ctx);
    expect(Array.isArray(writer.repeatables), 'PageElementWriter.repeatables').toBe(true);
    // page-fill.ts: a line of an unbreakable block is recorded (getCurrentPositionOnPage) where the block began, and
    // placed with its own y inside the block; only the page of a line with an id is corrected when it is set
    const ew = fs.readFileSync(pdfmakeRequire.resolve('./ElementWriter.js'), 'utf8');
    expect(ew).toContain('return (this.contextStack[0] || this.context()).getCurrentPosition();');
    expect(ew).toContain('l._node.positions[0].pageNumber = ctx.page + 1;');
    expect(ew).toContain('l.y = (l.y || 0) + (useBlockYOffset ? block.yOffset || 0 : ctx.y);');
    // draw-marks.ts: an inline's own properties (a function too) are copied to the words it is split into
    const { copyStyle } = (pdfmakeRequire('./StyleContextStack.js') as { default: { copyStyle(s: object, d?: object): Record<string, unknown> } }).default;
    const onDraw = () => undefined;
    expect(copyStyle({ text: 'x', onDraw }).onDraw).toBe(onDraw);
  });

  it('Line, StyleContextStack and buildNextLine have the shape total-fit.ts and line-breaks.ts rely on', () => {
    const { pdfmakeRequire, LayoutBuilder } = pdfmakeInternals();
    const Line = (pdfmakeRequire('./Line.js') as { default: new (w: number) => Record<string, unknown> }).default;
    const line = new Line(100) as { addInline(i: object): void; getWidth(): number; inlines: unknown[]; maxWidth: number };
    line.addInline({ text: 'ab ', width: 20, trailingCut: 5 });
    line.addInline({ text: 'cd', width: 10 });
    expect(line.inlines.length).toBe(2);
    expect(line.maxWidth).toBe(100);
    expect(line.getWidth()).toBe(30);
    const Styles = (pdfmakeRequire('./StyleContextStack.js') as { default: { getStyleProperty: unknown } }).default;
    expect(typeof Styles.getStyleProperty).toBe('function');
    // buildNextLine consumes node._inlines into a Line and marks the paragraph's last line (read
    // from pdfmake's file: the method itself may already be wrapped in this process)
    expect(typeof LayoutBuilder.prototype.buildNextLine).toBe('function');
    const src = fs.readFileSync(pdfmakeRequire.resolve('./LayoutBuilder.js'), 'utf8');
    for (const part of ['textNode._inlines.shift()', 'lastLineInParagraph = textNode._inlines.length === 0', 'availableWidth']) expect(src).toContain(part);
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

  it('pdfkit has what link-annotations.ts and actual-text.ts use, and pdfmake draws a list bullet as a vector and an item\'s marker after its first line', () => {
    const { PDFDocument, pdfmakeRequire } = pdfmakeInternals();
    const proto = PDFDocument.prototype as Record<string, unknown>;
    // link-annotations.ts: annotations are written later through annotate, its rectangle from _convertRect
    for (const name of ['annotate', '_convertRect', 'addContent', 'struct', 'markStructureContent']) expect(typeof proto[name], `PDFDocument.${name}`).toBe('function');
    const src = fs.readFileSync(pdfmakeRequire.resolve('pdfkit'), 'utf8');
    expect(src).toContain('options.Rect = this._convertRect(x, y, w, h);');
    expect(src).toContain('const structParent = options.structParent;');
    // tagging.ts opens a run's span inside pdfkit's text object: text is drawn between a BT and an
    // ET written through addContent, inside the q … Q of its flipped coordinates
    expect(src).toMatch(/this\.save\(\);[\s\S]{0,600}?this\.addContent\('BT'\);[\s\S]*?this\.addContent\('ET'\);\s*this\.restore\(\);/);
    // tagging.ts moves a list item's Lbl before its LBody in the element's _children
    const doc = new (PDFDocument as unknown as new (o: object) => { struct(t: string): { _children?: unknown; dictionary: { data: { S: string } } } })({ autoFirstPage: false, tagged: true });
    const el = doc.struct('LI');
    expect(Array.isArray(el._children), 'PDFStructureElement._children').toBe(true);
    expect(el.dictionary.data.S).toBe('LI');
    // a bullet is a canvas vector (tagging.ts marks it Lbl) added on the item's first line
    const measure = fs.readFileSync(pdfmakeRequire.resolve('./DocMeasure.js'), 'utf8');
    expect(measure).toMatch(/buildUnorderedMarker[\s\S]*?canvas: \[\{/);
    const layout = fs.readFileSync(pdfmakeRequire.resolve('./LayoutBuilder.js'), 'utf8');
    expect(layout).toContain("this.writer.addListener('lineAdded', addMarkerToFirstLeaf);");
    expect(layout).toContain('this.writer.addVector(vector);');
  });

  it('pdfmake measures and draws an SVG node where vector-node.ts takes over a display list, and pdfkit has what it draws with', () => {
    const { pdfmakeRequire, Renderer, PDFDocument } = pdfmakeInternals();
    const DocMeasure = (pdfmakeRequire('./DocMeasure.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;
    for (const name of ['measureSVG', 'measureImageWithDimensions']) expect(typeof DocMeasure[name], `DocMeasure.${name}`).toBe('function');
    expect(typeof (Renderer.prototype as Record<string, unknown>).renderSVG, 'Renderer.renderSVG').toBe('function');
    // the node's size and font are set as pdfmake sets an SVG's; its font choice is pdfmake's (findFont, getFontFile)
    const measure = fs.readFileSync(pdfmakeRequire.resolve('./DocMeasure.js'), 'utf8');
    expect(measure).toContain('this.measureImageWithDimensions(node, dimensions);\n    node.font = this.styleStack.getProperty(\'font\');');
    const renderer = fs.readFileSync(pdfmakeRequire.resolve('./Renderer.js'), 'utf8');
    expect(renderer).toContain('let font = findFont(this.pdfDocument.fonts, fontsFamily, svg.font || \'Roboto\');');
    expect(renderer).toContain('let fontFile = this.pdfDocument.getFontFile(font, bold, italic);');
    expect(renderer).toMatch(/case 'svg':\s*this\.renderSVG\(item\.item\);/);
    const pdfmakeDoc = fs.readFileSync(pdfmakeRequire.resolve('./PDFDocument.js'), 'utf8');
    for (const name of ['getFontFile(', 'getFontType(']) expect(pdfmakeDoc, name).toContain(name);
    // pdfkit: text set on its alphabetic baseline, a gradient's own matrix, links converted by the current matrix
    const proto = PDFDocument.prototype as Record<string, unknown>;
    for (const name of ['path', 'clip', 'transform', 'linearGradient', 'radialGradient', 'fillAndStroke', 'widthOfString', 'link', 'image', 'addContent']) expect(typeof proto[name], `PDFDocument.${name}`).toBe('function');
    const pdfkit = fs.readFileSync(pdfmakeRequire.resolve('pdfkit'), 'utf8');
    expect(pdfkit).toMatch(/case 'alphabetic':\s*dy = 0;/);
    expect(pdfkit).toContain('setTransform(m11, m12, m21, m22, dx, dy) {');
  });
});
