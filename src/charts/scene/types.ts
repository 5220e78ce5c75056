/**
 * A chart as a display list: what Vega's scenegraph draws, in the chart's own px coordinates,
 * as plain JSON (it lives in the chart cache, as the SVG did). Built from the scenegraph by
 * ./index.ts (one file per mark kind beside it) and drawn with pdfkit operators by
 * src/pdf/engine/vector-node.ts, so a chart is never written out as SVG and parsed again.
 */

/** A colour: `#rrggbb` or a CSS colour name pdfkit knows. */
export type Color = string;

/** A gradient in the coordinates of the shape it fills (Vega's unit-box stops, already placed). */
export interface Gradient {
  kind: 'linear' | 'radial';
  /** linear: x1 y1 x2 y2 in the unit box, placed by `box`; radial: x1 y1 r1 x2 y2 r2 in the shape's coordinates. */
  at: number[];
  /** linear: [x, y, width, height] of the unit box. */
  box?: number[];
  stops: [offset: number, color: Color, opacity: number][];
}

export type Paint = Color | Gradient;

/** How a shape or text is painted; opacities already multiplied by the mark's `opacity`. */
export interface Style {
  fill?: Paint;
  /** fill opacity (default 1) */
  fo?: number;
  stroke?: Paint;
  /** stroke opacity (default 1) */
  so?: number;
  /** stroke width (default 1) */
  sw?: number;
  cap?: 'butt' | 'round' | 'square';
  join?: 'miter' | 'round' | 'bevel';
  miter?: number;
  dash?: number[];
  dashOffset?: number;
}

/** A 2D affine matrix [a b c d e f] (translate, rotate and scale of an item). */
export type Matrix = [number, number, number, number, number, number];

/** A group: its content drawn in `m`, clipped to `clip` (a rectangle [w, h] from the origin, or a path). */
export interface GroupNode {
  k: 'g';
  m?: Matrix;
  clip?: { w: number; h: number } | { d: string };
  c: SceneNode[];
}

/** A shape: an SVG path (vega-scenegraph's own path generators make it). */
export interface PathNode {
  k: 'p';
  d: string;
  m?: Matrix;
  s: Style;
}

/** A run of text in one font of the chain (the text's own family when `f` is absent). */
export interface Run {
  t: string;
  f?: string;
}

/** Text: lines of runs from the anchor at the origin of `m`, aligned by `a`, the baseline at y = 0 (then + line height per line). */
export interface TextNode {
  k: 't';
  m: Matrix;
  a: 'start' | 'middle' | 'end';
  /** CSS font-family list, as Vega gives it. */
  family: string;
  size: number;
  bold?: boolean;
  italic?: boolean;
  /** line height, for text of several lines */
  lh?: number;
  lines: Run[][];
  s: Style;
}

/** An image (a data: URI, inlined by the chart's loader), fitted into its box unless `stretch`. */
export interface ImageNode {
  k: 'i';
  href: string;
  box: [number, number, number, number];
  stretch?: boolean;
  opacity?: number;
}

/** A link over a rectangle [x, y, w, h] (an http(s) `href` of a mark item). */
export interface LinkNode {
  k: 'a';
  href: string;
  box: [number, number, number, number];
}

export type SceneNode = GroupNode | PathNode | TextNode | ImageNode | LinkNode;

/** A drawn chart. `scene` marks it among pdfmake's `svg` payloads (see vector-node.ts). */
export interface Scene {
  scene: 1;
  width: number;
  height: number;
  c: SceneNode[];
}

export const isScene = (v: unknown): v is Scene => !!v && typeof v === 'object' && (v as { scene?: unknown }).scene === 1;
