import fs from 'node:fs';
import { createRequire } from 'node:module';
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
    // shared-layouts.ts replaces layout by the same cut: after each space or tab, pieces through layoutCached
    const pdfkitSrc = fs.readFileSync(pdfmakeInternals().pdfmakeRequire.resolve('pdfkit'), 'utf8');
    expect(pdfkitSrc).toContain("if (index === text.length && last < index || (needle = text.charAt(index), [' ', '\\t'].includes(needle))) {\n        const run = this.layoutCached(text.slice(last, ++index));");
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
  it('fontkit shapes a word the way simple-shaping.ts reproduces (its default features, glyph look-ups and pair kerning)', () => {
    const { pdfmakeRequire } = pdfmakeInternals();
    const fontkitPath = createRequire(pdfmakeRequire.resolve('pdfkit')).resolve('fontkit');
    const fontkit = createRequire(pdfmakeRequire.resolve('pdfkit'))('fontkit') as { create(b: Buffer): Record<string, unknown> & { _layoutEngine: Record<string, unknown> & { engine: Record<string, Record<string, unknown>> } } };
    const font = fontkit.create(fs.readFileSync(path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf')));
    // what it reads from a font: the cmap, hmtx, GDEF and the OpenType processors' script and lookup selection
    expect(typeof (font._cmapProcessor as { lookup?: unknown }).lookup).toBe('function');
    expect(typeof (font.hmtx as { metrics: { get?: unknown } }).metrics.get).toBe('function');
    expect(typeof font._layoutEngine.isDefaultIgnorable).toBe('function');
    for (const p of ['GSUBProcessor', 'GPOSProcessor']) for (const m of ['findScript', 'selectScript', 'lookupsForFeatures']) expect(typeof font._layoutEngine.engine[p]![m], `${p}.${m}`).toBe('function');
    const src = fs.readFileSync(fontkitPath, 'utf8');
    // the default shaper's features (simple-shaping.ts DEFAULT_FEATURES), fractions only around U+2044
    expect(src.replace(/\s+/g, '')).toContain("VARIATION_FEATURES=['rvrn'];");
    expect(src.replace(/\s+/g, '')).toContain("COMMON_FEATURES=['ccmp','locl','rlig','mark','mkmk'];");
    expect(src.replace(/\s+/g, '')).toContain("HORIZONTAL_FEATURES=['calt','clig','liga','rclt','curs','kern'];");
    expect(src).toContain('if (glyph.codePoints[0] === 0x2044) {');
    // a character's glyph is looked up with its code point, then the space glyph after shaping
    expect(src).toContain('glyphs.push(this.glyphForCodePoint(last));');
    expect(src).toMatch(/hideDefaultIgnorables\(glyphs, positions\) \{\s*let space = this\.font\.glyphForCodePoint\(0x20\);/);
    // pair kerning: the first subtable that applies wins, both values added, the next glyph not skipped
    expect(src).toMatch(/if \(pair\.secondGlyph === nextGlyph\.id\) \{\s*this\.applyPositionValue\(0, pair\.value1\);\s*this\.applyPositionValue\(1, pair\.value2\);\s*return true;/);
    expect(src).toMatch(/var pair = table\.classRecords\.get\(class1\)\.get\(class2\);\s*this\.applyPositionValue\(0, pair\.value1\);\s*this\.applyPositionValue\(1, pair\.value2\);\s*return true;/);
    expect(src).toContain('if (value.xAdvance != null) position.xAdvance += value.xAdvance;');
    // shared-layouts.ts skips the look-up of a glyph the font object has made (kept in _glyphs)
    expect(src).toMatch(/getGlyph\(glyph, characters = \[\]\) \{\s*if \(!this\._glyphs\[glyph\]\) \{/);
    expect(typeof font._glyphs).toBe('object');
  });
  it('pdfmake\'s StyleContextStack searches as style-lookups.ts does', () => {
    const { pdfmakeRequire } = pdfmakeInternals();
    const src = fs.readFileSync(pdfmakeRequire.resolve('./StyleContextStack.js'), 'utf8').replace(/\s+/g, ' ');
    // getStyleProperty: the item's own value, else the stack with the item pushed (auto/autopush)
    expect(src).toContain('if ((0, _variableType.isValue)(item[property])) { // item defines this property return item[property]; } if (!styleContextStack) { return defaultValue; } styleContextStack.auto(item, () => { value = styleContextStack.getProperty(property); }); return (0, _variableType.isValue)(value) ? value : defaultValue;');
    expect(src).toContain("if ((0, _variableType.isString)(item)) { return 0; } if (typeof item.section !== 'undefined') { // section node not support style overrides return 0; } let styleNames = []; if (item.style) { if (Array.isArray(item.style)) { styleNames = item.style; } else { styleNames = [item.style]; } } for (let i = 0, l = styleNames.length; i < l; i++) { this.push(styleNames[i]); }");
    // getProperty: named styles through extends (last parent first), override objects, then the default style
    expect(src).toContain('for (let i = parents.length - 1; i >= 0; i--) { let value = getStylePropertyFromStyle(parents[i], property, visited);');
    expect(src).toContain('for (let i = this.styleOverrides.length - 1; i >= 0; i--) { let item = this.styleOverrides[i]; if ((0, _variableType.isString)(item)) {');
    expect(src).toContain('return this.defaultStyle && this.defaultStyle[property];');
    const helpers = fs.readFileSync(pdfmakeRequire.resolve('./helpers/variableType.js'), 'utf8').replace(/\s+/g, ' ');
    expect(helpers).toContain("return typeof variable === 'string' || variable instanceof String;");
    expect(helpers).toContain('return variable !== undefined && variable !== null;');
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
