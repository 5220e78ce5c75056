/**
 * "Table N (continued)" over the repeated header of a table that runs onto another page.
 *
 * Why: pdfmake repeats a table's header rows on every page the table reaches, but it repeats
 * them exactly as first drawn. briefkit sets a data table's caption as its first header row
 * (so the caption can never be parted from the table), and a reader of the second page should
 * see "Table 5 (continued)" there, not the whole caption again.
 *
 * How: a table whose node has `table.continued` (the label, e.g. "Table 5") gets, when pdfmake
 * snapshots its header rows for repeating, a copy of that snapshot in which the caption row
 * (header row 0) is one line: the label's run as set, then " (continued)" in the caption's
 * style. Everything below the caption moves up by the lines removed, and the caption's anchor
 * is dropped from the copy, so links and page references keep pointing at the first page.
 * The drawn first occurrence is untouched (items are cloned, never edited in place).
 * `table.continuedWord` gives the words in the edition's language (" (Fortsetzung)", "（续）");
 * when the caption's font lacks a character of them, the tail takes the font of a label run
 * that has it (the Chinese font of "表" for "（续）").
 */
type Inline = { text: string; width: number; x?: number; font: { widthOfString(s: string, size: number, features?: unknown): number }; fontSize: number; fontFeatures?: unknown; characterSpacing?: number; bold?: boolean; color?: string; linkToDestination?: unknown; link?: unknown; [k: string]: unknown };
type LineLike = { x: number; y: number; inlines: Inline[]; clone(): LineLike; _node?: unknown; getHeight?(): number };
type Vector = { type: string; y?: number; y1?: number; y2?: number; points?: { x: number; y: number }[] };
type Item = { type: string; item: LineLike | Vector | { y?: number } };
type Repeatable = { items: Item[]; height: number; xOffset?: number; insertedOnPages: unknown[] };

export const CONTINUED = ' (continued)';

/** Whether a pdfkit font (with its fontkit font) has every character of `text` (one without a fontkit font is taken to). */
const fontHas = (font: Inline['font'], text: string) => {
  const fk = (font as { font?: { hasGlyphForCodePoint?(cp: number): boolean } }).font;
  return !fk?.hasGlyphForCodePoint || [...text].every((c) => /\s/.test(c) || fk.hasGlyphForCodePoint!(c.codePointAt(0)!));
};

/** A copy of a header snapshot whose caption (every line above `captionBottom`) is one "(continued)" line. */
export function continuedRepeatable(rep: Repeatable, label: string, captionBottom: number, word = CONTINUED): Repeatable {
  const lines = rep.items.filter((i) => i.type === 'line' && (i.item as LineLike).y < captionBottom);
  const first = lines[0]?.item as LineLike | undefined;
  if (!first) return rep;
  const lineHeight = typeof first.getHeight === 'function' ? first.getHeight() : 0;
  const lastBottom = Math.max(...lines.map((l) => (l.item as LineLike).y)) + lineHeight;
  const shift = Math.max(0, lastBottom - (first.y + lineHeight));
  const items: Item[] = [];
  for (const it of rep.items) {
    if (it.type === 'line') {
      const l = it.item as LineLike;
      if (l === first) {
        const c = l.clone();
        c._node = undefined;
        // keep the runs that make up the label, then append " (continued)"
        const kept: Inline[] = [];
        let text = '';
        for (const inl of l.inlines) {
          if (text.trim().length >= label.length) break;
          kept.push({ ...inl, linkToDestination: undefined });
          text += inl.text;
        }
        const last = kept[kept.length - 1]!;
        const trimmed = { ...last, text: last.text.trimEnd() };
        trimmed.width = last.font.widthOfString(trimmed.text, last.fontSize, last.fontFeatures) + (last.characterSpacing ?? 0) * trimmed.text.length;
        kept[kept.length - 1] = trimmed;
        const tail: Inline = { ...trimmed, text: word, bold: false, color: undefined };
        // the rest of the caption's style (colour, weight) follows its text run when there is one
        const body = l.inlines[kept.length];
        if (body) Object.assign(tail, { ...body, text: word, linkToDestination: undefined, link: undefined });
        // words the caption's font lacks take the font of a label run that has them
        if (!fontHas(tail.font, word)) tail.font = kept.find((k) => fontHas(k.font, word))?.font ?? tail.font;
        tail.width = tail.font.widthOfString(word, tail.fontSize, tail.fontFeatures) + (tail.characterSpacing ?? 0) * word.length;
        tail.x = (trimmed.x ?? 0) + trimmed.width;
        c.inlines = [...kept, tail];
        items.push({ type: 'line', item: c });
        continue;
      }
      if (l.y < captionBottom) continue; // further caption lines
      if (shift === 0) {
        items.push(it);
        continue;
      }
      const c = l.clone();
      c.y -= shift;
      items.push({ type: 'line', item: c });
      continue;
    }
    if (shift === 0) {
      items.push(it);
      continue;
    }
    const v = { ...(it.item as Vector) };
    if (typeof v.y === 'number' && v.y >= captionBottom - 0.01) v.y -= shift;
    if (typeof v.y1 === 'number' && v.y1 >= captionBottom - 0.01) v.y1 -= shift;
    if (typeof v.y2 === 'number' && v.y2 >= captionBottom - 0.01) v.y2 -= shift;
    if (v.points) v.points = v.points.map((p) => (p.y >= captionBottom - 0.01 ? { x: p.x, y: p.y - shift } : p));
    items.push({ type: it.type, item: v });
  }
  return { ...rep, items, height: rep.height - shift, insertedOnPages: [] };
}

type TableProcessorProto = {
  endRow(this: TableProcessorThis, rowIndex: number, writer: { context(): { y: number } }, pageBreaks: unknown): unknown;
  __briefkitContinued?: boolean;
};
type TableProcessorThis = { tableNode: { table: { continued?: string; continuedWord?: string } }; headerRows: number; headerRepeatable?: Repeatable | null; _bkCaptionBottom?: number };

/** Installs the patch on pdfmake's TableProcessor (once per process). */
export function installContinuedHeader(pdfmakeRequire: NodeJS.Require): void {
  const TP = (pdfmakeRequire('./TableProcessor.js') as { default: { prototype: TableProcessorProto } }).default.prototype;
  if (TP.__briefkitContinued) return;
  const endRow = TP.endRow;
  TP.endRow = function (rowIndex, writer, pageBreaks) {
    const label = this.tableNode.table.continued;
    const result = endRow.call(this, rowIndex, writer, pageBreaks);
    if (label && rowIndex === 0) this._bkCaptionBottom = writer.context().y;
    if (label && this.headerRepeatable && rowIndex === this.headerRows - 1 && this._bkCaptionBottom !== undefined && this.headerRows > 1) {
      this.headerRepeatable = continuedRepeatable(this.headerRepeatable, label, this._bkCaptionBottom, this.tableNode.table.continuedWord ?? CONTINUED);
    }
    return result;
  };
  TP.__briefkitContinued = true;
}
