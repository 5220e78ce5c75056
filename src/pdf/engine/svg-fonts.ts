/**
 * SVG text gets the in-memory fonts. pdfmake hands SVG text (chart labels) a font *name* from
 * its font table, which pdfkit would open from disk; briefkit's fonts live in memory, so
 * PDFDocument.font() first registers such a name with its loaded buffer (each font is then parsed
 * once per document, not once per label).
 */
import type { Internals } from './internals.js';
import { fontBuffers } from './state.js';

type Doc = { _registeredFonts: Record<string, unknown>; registerFont(name: string, src: Buffer): void };

export function installSvgFonts({ PDFDocument }: Internals): void {
  const font = PDFDocument.prototype.font as (this: Doc, ...a: unknown[]) => unknown;
  PDFDocument.prototype.font = function (this: Doc, src: unknown, family?: unknown, size?: unknown) {
    if (typeof src === 'string' && fontBuffers.has(src) && !this._registeredFonts[src]) this.registerFont(src, fontBuffers.get(src)!);
    return font.call(this, src, family, size);
  };
}
