/** Shared types of the layout stage: pdfmake nodes and what every block renderer gets. */
import type { DataBundle } from '../data/load.js';
import type { ChartOutput } from '../charts/render.js';
import type { Profile } from '../profile/schema.js';
import type { DocModel } from '../model/document.js';
import type { Theme } from '../theme/theme.js';
import type { SectionMeta } from '../model/section.js';
import type { Root, RootContent } from 'mdast';

/** One section as layout receives it: its id, title, front matter and Markdown syntax tree. */
export interface SectionInput {
  id: string;
  title: string;
  meta: SectionMeta;
  tree: Root;
}

/** Everything layout needs to build the document definition. */
export interface LayoutInput {
  theme: Theme;
  profile: Profile;
  data: DataBundle;
  model: DocModel;
  charts: Map<string, ChartOutput>;
  sections: (SectionInput & { file: string; short?: string })[];
  version: string;
  asOf?: string;
  measure: Measure;
  /** Outlines text as an SVG path (for the vector DRAFT watermark). */
  outline: (text: string, o: { cx: number; cy: number; angle: number; width: number }) => string;
  /** Whether a font has a glyph for a code point: the font fallback chain (src/theme/fonts.ts) sets each string; left out, every string stays in its own font. */
  covers?: (family: string, codePoint: number) => boolean;
}

export interface TocEntry {
  id: string;
  /** Label shown before the title, e.g. "1", "Figure 3". */
  label?: string;
  title: string;
  level: 0 | 1;
  list: 'sections' | 'figures' | 'tables';
}

/** Width in pt of text in the body font. */
export type Measure = (text: string, sizePt: number, bold?: boolean) => number;

/** A pdfmake content node (pdfmake ships no types for 0.3). */
export type Node = Record<string, unknown>;
export type Inline = string | Node;

export interface Numbering {
  /** id → printed label, e.g. "Figure 3", "Table 2", "Section 4". */
  labels: Map<string, string>;
}

export interface LayoutContext {
  theme: Theme;
  profile: Profile;
  data: DataBundle;
  model: DocModel;
  charts: Map<string, ChartOutput>;
  numbering: Numbering;
  /** Current section (id and printed title), for figure numbering per section and messages. */
  section: { id: string; file: string; label: string; /** Depth of the section's shallowest Markdown heading: it sets as a subsection. */ topDepth?: number };
  /** How a page number is printed (respects numbering that starts after the front matter); call it once layout is done. */
  pageLabel: (physical: number) => string;
  /** Nodes that carry an id, to read their page after layout. */
  anchors: Map<string, Node>;
  /** Contents entries, in document order. */
  toc: TocEntry[];
  /** Width in pt of text in the body font (fontkit, same TTF as the PDF). */
  measure: Measure;
  /** Lays out child blocks (of a callout, list item or quote) in this context: the block dispatcher, handed down so blocks need not import it. */
  blocks: (nodes: RootContent[], ctx: LayoutContext) => Node[];
}

/** Registers `node` as the anchor of `id` (a named destination and a page to look up). */
export function anchor<T extends Node>(ctx: LayoutContext, id: string, node: T): T {
  (node as Node).id = id;
  ctx.anchors.set(id, node);
  return node;
}
