/** A note at the foot of a page (./footnotes.ts): its number, and whether this is its first printing in the document. */
export interface FootnoteCall {
  n: number;
  first: boolean;
}
/** What prints the notes called on a page at its foot (the document's `footnotes`). */
export type FootnoteBlock = (notes: FootnoteCall[], page: number) => Record<string, unknown>;

/** What the engine patches share with the renderer (src/write/pdf.ts) during one render. */

/** Font files by the name pdfmake knows them by, held in memory (see svg-fonts.ts). */
export const fontBuffers = new Map<string, Buffer>();

/** A short page the engine could not fill: 1-based page, fill (0..1), and the lines that would fix it. */
export interface Copyfit {
  page: number;
  fill: number;
  chapterEnd: boolean;
  /** Lines to add to the page to reach its least fill. */
  add: number;
  /** Lines to cut from the chapter so that it ends a page earlier (at a chapter's end). */
  cut?: number;
}

export const render = {
  /** First line of each unbreakable block of the last layout that was taller than a page (too-tall.ts). */
  tooTall: [] as string[],
  /** Documents pdfmake has laid out (tryLayoutDocument) and drawn (renderPages) in this process (counters.ts). */
  layouts: 0,
  /** Height of the floating figures held for the top of the next page (float.ts; keep-lines.ts plans with it). */
  heldHeight: 0,
  draws: 0,
  /** The print bleed in pt of the document being drawn, 0 for none (bleed.ts; set by the renderer for one render). */
  bleed: 0,
  /** Pages of the last layout still short after page-fill.ts did what it could (for the build's copyfit report). */
  copyfit: [] as Copyfit[],
  /** The block of notes printed at the foot of a page, for a document whose notes are footnotes (footnotes.ts; set by the renderer for one render). */
  footnotes: undefined as FootnoteBlock | undefined,
};
