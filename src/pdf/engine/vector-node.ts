/**
 * Charts drawn from a display list, not from SVG. pdfmake draws an `{ svg }` node by parsing
 * the SVG text three times (xmldoc to measure it, again to write its size, and svg-to-pdfkit to
 * draw it): on a document with eight charts that was about 0.3–0.6 s of CPU, for text Vega had
 * just serialised. briefkit's charts come as a display list instead (src/charts/scene: Vega's
 * scenegraph as paths, text runs, images and links, plain JSON that the chart cache keeps), and
 * an `{ svg: scene }` node whose payload is such a list is measured from its size and drawn
 * with pdfkit operators here. Everything else pdfmake does with an SVG node stays as it is:
 * the node is laid out, floated, tagged (tagging.ts wraps addSVG and renderSVG: a Figure with
 * its alt text, its labels behind an empty ActualText) and placed by pdfmake's own code.
 *
 * Wrapped: DocMeasure.measureSVG (a scene's size is its own; the SVG measurer cannot read it)
 * and Renderer.renderSVG (a scene is drawn here; an SVG string still goes to svg-to-pdfkit).
 * Chart text is set in the fonts pdfmake's SVG step would pick (the first family of the text's
 * font-family list the document has, else the node's font; bold from weight 600, as
 * svg-to-pdfkit reads it), through PDFDocument.font, which svg-fonts.ts gives the in-memory
 * font files.
 */
import { isScene, type Scene } from '../../charts/scene/types.js';
import type { Gradient, Matrix, Paint, SceneNode, Style, TextNode } from '../../charts/scene/types.js';
import type { Internals } from './internals.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** pdfmake's findFont (Renderer.js): the first family of the list the document has, else the default. */
function findFont(fonts: Record<string, unknown>, families: string[], fallback: string): string {
  for (const f of families) for (const name in fonts) if (name.toLowerCase() === f.toLowerCase()) return name;
  return fallback;
}

const num = (n: number) => {
  const r = Math.round(n * 1e4) / 1e4;
  return Object.is(r, -0) ? '0' : String(r);
};

function gradientOf(doc: Any, g: Gradient): Any {
  const a = g.at;
  const grad = g.kind === 'radial' ? doc.radialGradient(a[0], a[1], a[2], a[3], a[4], a[5]) : doc.linearGradient(a[0], a[1], a[2], a[3]);
  // a linear gradient's stops are in the shape's unit box (SVG's objectBoundingBox)
  if (g.box) grad.setTransform(g.box[2], 0, 0, g.box[3], g.box[0], g.box[1]);
  for (const [offset, color, opacity] of g.stops) grad.stop(offset, color, opacity);
  return grad;
}

const paintOf = (doc: Any, p: Paint): unknown => (typeof p === 'string' ? p : gradientOf(doc, p));

/** Sets the stroke of a style (width, caps, joins, miter limit, dash). */
function strokeState(doc: Any, s: Style): void {
  doc.lineWidth(s.sw ?? 1);
  if (s.cap) doc.lineCap(s.cap);
  if (s.join) doc.lineJoin(s.join);
  if (s.miter !== undefined) doc.miterLimit(s.miter);
  // written as is: pdfkit's dash() refuses a zero length, which SVG allows (dots with round caps)
  if (s.dash) doc.addContent(`[${s.dash.map(num).join(' ')}] ${num(s.dashOffset ?? 0)} d`);
}

function drawPath(doc: Any, d: string, s: Style): void {
  doc.path(d);
  const fill = s.fill !== undefined ? paintOf(doc, s.fill) : undefined;
  const stroke = s.stroke !== undefined ? paintOf(doc, s.stroke) : undefined;
  if (fill !== undefined) doc.fillColor(fill, s.fo ?? 1);
  if (stroke !== undefined) {
    doc.strokeColor(stroke, s.so ?? 1);
    strokeState(doc, s);
  }
  if (fill !== undefined && stroke !== undefined) doc.fillAndStroke();
  else if (fill !== undefined) doc.fill();
  else doc.stroke();
}

type FontOf = (family: string, bold: boolean, italic: boolean) => string;

function drawText(doc: Any, t: TextNode, fontOf: FontOf): void {
  const fill = typeof t.s.fill === 'string' ? t.s.fill : undefined;
  const stroke = typeof t.s.stroke === 'string' ? t.s.stroke : undefined;
  if (!fill && !stroke) return;
  if (fill) doc.fillColor(fill, t.s.fo ?? 1);
  if (stroke) {
    doc.strokeColor(stroke, t.s.so ?? 1);
    strokeState(doc, t.s);
  }
  const options = { lineBreak: false, baseline: 'alphabetic', ...(stroke ? { stroke: true, fill: !!fill } : {}) };
  const shift = t.a === 'middle' ? 0.5 : t.a === 'end' ? 1 : 0;
  t.lines.forEach((runs, i) => {
    const y = i * (t.lh ?? 0);
    const set = runs.map((r) => ({ r, font: fontOf(r.f ?? t.family, !!t.bold, !!t.italic) }));
    // widths only where they place something: a text not at its start, a run after another
    const measure = shift !== 0 || set.length > 1;
    const widths = set.map(({ r, font }) => (measure ? (doc.font(font).fontSize(t.size).widthOfString(r.t) as number) : 0));
    let x = shift ? -shift * widths.reduce((a, b) => a + b, 0) : 0;
    set.forEach(({ r, font }, j) => {
      doc.font(font).fontSize(t.size).text(r.t, x, y, options);
      x += widths[j]!;
    });
  });
}

function drawNodes(doc: Any, nodes: SceneNode[], fontOf: FontOf): void {
  for (const n of nodes) {
    switch (n.k) {
      case 'g':
        doc.save();
        if (n.m) doc.transform(...n.m);
        if (n.clip) {
          if ('d' in n.clip) doc.path(n.clip.d || 'M0,0Z');
          else doc.rect(0, 0, n.clip.w, n.clip.h);
          doc.clip();
        }
        drawNodes(doc, n.c, fontOf);
        doc.restore();
        break;
      case 'p':
        doc.save();
        if (n.m) doc.transform(...(n.m as Matrix));
        drawPath(doc, n.d, n.s);
        doc.restore();
        break;
      case 't':
        doc.save();
        doc.transform(...n.m);
        drawText(doc, n, fontOf);
        doc.restore();
        break;
      case 'i': {
        const [x, y, w, h] = n.box;
        doc.save();
        if (n.opacity !== undefined) doc.opacity(n.opacity);
        doc.image(n.href, x, y, n.stretch ? { width: w, height: h } : { fit: [w, h], align: 'center', valign: 'center' });
        doc.restore();
        break;
      }
      case 'a':
        doc.link(n.box[0], n.box[1], n.box[2], n.box[3], n.href);
        break;
    }
  }
}

/**
 * Draws a scene at (x, y), `width` × `height` points. `fontOf` names the document font for a
 * family list, bold and italic.
 */
export function drawScene(doc: Any, scene: Scene, x: number, y: number, width: number, height: number, fontOf: FontOf): void {
  if (!(scene.width > 0) || !(scene.height > 0)) return;
  // the chart fills its box, keeping its proportions, centred (as an SVG's viewBox is fitted)
  const scale = Math.min(width / scene.width, height / scene.height);
  doc.save();
  doc.translate(x + (width - scene.width * scale) / 2, y + (height - scene.height * scale) / 2);
  doc.scale(scale);
  // Vega's SVG sets the miter limit SVG and canvas share
  doc.miterLimit(4);
  drawNodes(doc, scene.c, fontOf);
  doc.restore();
}

export function installVectorNode({ pdfmakeRequire, Renderer }: Internals): void {
  const DocMeasure = (pdfmakeRequire('./DocMeasure.js') as { default: { prototype: Any } }).default.prototype;
  if (DocMeasure.__briefkitVectorNode) return;
  DocMeasure.__briefkitVectorNode = true;
  const measureSVG = DocMeasure.measureSVG as (this: Any, node: Any) => Any;
  DocMeasure.measureSVG = function (this: Any, node: Any) {
    if (!isScene(node.svg)) return measureSVG.call(this, node);
    this.measureImageWithDimensions(node, { width: node.svg.width, height: node.svg.height });
    node.font = this.styleStack.getProperty('font');
    if (typeof node._width !== 'number' || typeof node._height !== 'number') throw new Error('A chart is missing its width or height.');
    return node;
  };
  const proto = Renderer.prototype as Any;
  const renderSVG = proto.renderSVG as (this: Any, svg: Any) => unknown;
  proto.renderSVG = function (this: Any, svg: Any) {
    if (!isScene(svg.svg)) return renderSVG.call(this, svg);
    const doc = this.pdfDocument as Any;
    const fallback = (svg.font as string | undefined) || 'Roboto';
    const fonts = new Map<string, string>();
    const fontOf: FontOf = (family, bold, italic) => {
      const key = `${family}\0${bold}\0${italic}`;
      let name = fonts.get(key);
      if (name === undefined) {
        const font = findFont(doc.fonts, family.split(',').map((f) => f.trim().replace(/['"]/g, '')), fallback);
        name = doc.getFontFile(font, bold, italic) as string | null ?? undefined;
        if (!name) throw new Error(`Font '${font}' in style '${doc.getFontType(bold, italic)}' is not defined in the font section of the document definition.`);
        fonts.set(key, name);
      }
      return name;
    };
    drawScene(doc, svg.svg, svg.x, svg.y, svg._width, svg._height, fontOf);
    return undefined;
  };
}
