/**
 * A table's last rows stay together: `table.keepLastRows: k` keeps the last k body rows (a data
 * table's last two rows and its source line, set as the table's last row) on one page.
 *
 * Why: pdfmake keeps rows with the header (keepWithHeaderRows) but has nothing for the end of a
 * table, so a table's source line could start a page alone, or break across pages and leave a
 * one-line widow there ("means none was stated.").
 *
 * How: TableProcessor.beginRow of the first of those rows opens an unbreakable block (pdfmake's
 * own writer transaction, the one dontBreakRows uses for each row, which nests), and endRow of
 * the table's last row commits it: the rows move to the next page together, under the repeated
 * header, when they do not fit. Rows that pdfmake already keeps with the header are left to it.
 */
type Writer = { beginUnbreakableBlock(): void; commitUnbreakableBlock(): void };
type Processor = { tableNode: { table: { body: unknown[]; keepLastRows?: number } }; rowsWithoutPageBreak?: number; __keepLastFrom?: number };
type Proto = Record<string, unknown> & { __briefkitKeepLastRows?: boolean };

/** The first row index of the kept rows, or -1 when there is nothing to keep. */
export function keepFrom(rows: number, keep: number | undefined, withHeader: number): number {
  if (!keep || keep < 2 || keep >= rows) return -1;
  const from = rows - keep;
  return from >= withHeader ? from : -1;
}

export function installKeepLastRows(pdfmakeRequire: NodeJS.Require): void {
  const proto = (pdfmakeRequire('./TableProcessor.js') as { default: { prototype: Proto } }).default.prototype;
  if (proto.__briefkitKeepLastRows) return;
  const beginRow = proto.beginRow as (this: Processor, i: number, w: Writer) => void;
  const endRow = proto.endRow as (this: Processor, i: number, w: Writer, breaks: unknown) => void;
  if (typeof beginRow !== 'function' || typeof endRow !== 'function') throw new Error('pdfmake TableProcessor.beginRow/endRow are gone: src/pdf/engine/keep-last-rows.ts needs updating');
  proto.beginRow = function (this: Processor, i: number, writer: Writer) {
    if (i === 0) this.__keepLastFrom = keepFrom(this.tableNode.table.body.length, this.tableNode.table.keepLastRows, this.rowsWithoutPageBreak ?? 0);
    if (i === this.__keepLastFrom) writer.beginUnbreakableBlock();
    beginRow.call(this, i, writer);
  };
  proto.endRow = function (this: Processor, i: number, writer: Writer, breaks: unknown) {
    endRow.call(this, i, writer, breaks);
    if (this.__keepLastFrom !== undefined && this.__keepLastFrom >= 0 && i === this.tableNode.table.body.length - 1) writer.commitUnbreakableBlock();
  };
  proto.__briefkitKeepLastRows = true;
}
