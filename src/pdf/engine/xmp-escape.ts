/**
 * Info values are XML-escaped in the XMP packet. pdfkit writes the Info dictionary's values into
 * the XMP metadata (PDF/A) without escaping, so a title with "&" or "<" would make the metadata
 * malformed; they are escaped for the XMP only (the Info dictionary keeps the plain text).
 */
import type { Internals } from './internals.js';

type Doc = { info: Record<string, unknown> };

export const xmlEscape = (v: unknown) => (typeof v === 'string' ? v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : v);

export function installXmpEscape({ PDFDocument }: Internals): void {
  const addInfo = PDFDocument.prototype._addInfo as (this: Doc) => unknown;
  PDFDocument.prototype._addInfo = function (this: Doc) {
    const saved = this.info;
    this.info = Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, xmlEscape(v)]));
    try {
      return addInfo.call(this);
    } finally {
      this.info = saved;
    }
  };
}
