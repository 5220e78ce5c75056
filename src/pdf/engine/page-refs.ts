/**
 * Page numbers in the contents and in cross-references, filled in when the page is drawn, by
 * pdfmake's own page references — so one layout gives every page number.
 *
 * pdfmake sets a `{ pageReference: id }` inline as the placeholder "00000" (measured as such
 * when lines are built), and when it draws the line it writes the page of the node with that id
 * instead, moving a right-aligned or centred number by the difference in width. Three things
 * are added:
 * - `pagePlaceholder`: the text measured instead of "00000" (e.g. "000"), so a contents column
 *   or a sentence is set for a number of the width it will have; a placeholder of digits is
 *   measured at least as wide as "000" (MIN_PLACEHOLDER: any page up to 999), because a line is
 *   broken before the pages are known — a number wider than what was measured would push a full
 *   line past its right margin, while a narrower one only closes up (below);
 * - `pageLabel`: a function from the physical page to the printed label (numbering that starts
 *   after the front matter), called when the line is drawn, once every page is known;
 * - a reference on any line of a paragraph is filled (pdfmake fills only those on its first line
 *   and leaves the placeholder elsewhere);
 * - the rest of the line follows the number: after a left-aligned number the words close up,
 *   and in a justified line the difference is spread over its word spaces, so no gap is left.
 */
import type { Internals } from './internals.js';
import { isJustified, spreadOverWordSpaces } from './justify.js';

type Target = { positions?: { pageNumber: number }[] };
type Inline = { text: string; width: number; x: number; alignment?: string; justifyShift?: number; pageLabel?: unknown; _pageNodeRef?: Target; _pageRef?: { _nodeRef?: Target } };
type Line = { inlines: Inline[]; _pageNodeRef?: unknown; newLineForced?: boolean; lastLineInParagraph?: boolean; getWidth(): number };
type RefNode = { pageReference?: string; pagePlaceholder?: unknown; pageLabel?: unknown; text?: unknown; _pageRef?: unknown };

/** The narrowest a digit placeholder is measured: as wide as any page number up to 999. */
export const MIN_PLACEHOLDER = '000';

/** The text a reference is measured as: its placeholder, digits widened to MIN_PLACEHOLDER. */
export function measuredAs(placeholder: string): string {
  return /^\d*$/.test(placeholder) && placeholder.length < MIN_PLACEHOLDER.length ? MIN_PLACEHOLDER : placeholder;
}

export function installPageRefs({ pdfmakeRequire, Renderer }: Internals): void {
  const DocPreprocessor = (pdfmakeRequire('./DocPreprocessor.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;
  const TextInlines = (pdfmakeRequire('./TextInlines.js') as { default: new (d: null) => { widthOfText(text: string, inline: Inline): number } }).default;
  const preprocessText = DocPreprocessor.preprocessText as (this: { parentNode?: unknown }, node: RefNode) => unknown;
  DocPreprocessor.preprocessText = function (this: { parentNode?: unknown }, node: RefNode) {
    const out = preprocessText.call(this, node);
    if (!node.pageReference) return out;
    const text = typeof node.pagePlaceholder === 'string' ? measuredAs(node.pagePlaceholder) : node.text;
    // A reference that is a whole text node becomes one inline, so it carries its pageLabel to the
    // line (an inline of a paragraph carries it already; nesting it would lose the paragraph's style).
    if (node._pageRef && !this.parentNode) {
      node.text = [{ text, _pageRef: node._pageRef, ...(node.pageLabel ? { pageLabel: node.pageLabel } : {}) }];
      delete node._pageRef;
    } else node.text = text;
    return out;
  };

  const measure = new TextInlines(null);
  const renderLine = Renderer.prototype.renderLine as (this: unknown, line: Line, ...a: unknown[]) => unknown;
  Renderer.prototype.renderLine = function (this: unknown, line: Line, ...a: unknown[]) {
    if (line._pageNodeRef && line.inlines[0]) {
      line.inlines[0]._pageNodeRef = line._pageNodeRef as Inline['_pageNodeRef'];
      delete line._pageNodeRef;
    }
    line.inlines.forEach((inline, k) => {
      // pdfmake links only the first line of a text to its targets (processLeaf); every inline
      // carries its reference, so a number on any line is filled
      const physical = (inline._pageNodeRef ?? inline._pageRef?._nodeRef)?.positions?.[0]?.pageNumber;
      if (physical === undefined) return; // pdfmake reports a reference it cannot resolve
      const text = typeof inline.pageLabel === 'function' ? String((inline.pageLabel as (n: number) => unknown)(physical)) : String(physical);
      const width = measure.widthOfText(text, inline);
      fill(line, k, text, width);
      delete inline._pageNodeRef;
    });
    return renderLine.call(this, line, ...a);
  };
}

/** Sets inline `k` of a laid-out line to `text` (`width` wide), moving the line's other inlines as its alignment asks. */
export function fill(line: Line, k: number, text: string, width: number): void {
  const inline = line.inlines[k]!;
  const diff = inline.width - width;
  inline.text = text;
  inline.width = width;
  const alignment = inline.alignment ?? line.inlines[0]?.alignment;
  const shift = (from: number, to: number, dx: number) => {
    for (let i = from; i < to; i++) line.inlines[i]!.x += dx;
  };
  if (alignment === 'right') shift(0, k + 1, diff);
  else if (alignment === 'center') {
    shift(0, k + 1, diff / 2);
    shift(k + 1, line.inlines.length, -diff / 2);
  } else {
    // the words after it close up; on a justified line its width goes back to the word spaces
    shift(k + 1, line.inlines.length, -diff);
    if (isJustified(line as never)) spreadOverWordSpaces(line as never, diff);
  }
}
