/** Shared types of the layout stage: pdfmake nodes and what every block renderer gets. */
import type { DataBundle } from '../data/load.js';
import type { ChartOutput } from '../charts/render.js';
import type { Profile } from '../profile/schema.js';
import type { DocModel } from '../templates/model.js';
import type { Theme } from '../theme/theme.js';

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
  /** Page of each id from the previous layout pass (empty on the first pass). */
  pages: Map<string, number>;
  /** How a page number is printed (respects numbering that starts after the front matter). */
  pageLabel: (physical: number) => string;
  /** Nodes that carry an id, to read their page after layout. */
  anchors: Map<string, Node>;
  /** Contents entries, in document order. */
  toc: import('./contents.js').TocEntry[];
  /** Width in pt of text in the body font (fontkit, same TTF as the PDF). */
  measure: import('./contents.js').Measure;
  /**
   * Paragraphs under widow/orphan control, in order of creation: the index is their key across
   * layout passes, and each node holds where pdfmake set its lines.
   */
  paragraphs: Node[];
  /** Index in `paragraphs` by inline array: pdfmake's pageBreakBefore hook sees that array, not the node. */
  flowing: WeakMap<object, number>;
}

/** Registers `node` as the anchor of `id` (a named destination and a page to look up). */
export function anchor<T extends Node>(ctx: LayoutContext, id: string, node: T): T {
  (node as Node).id = id;
  ctx.anchors.set(id, node);
  return node;
}
