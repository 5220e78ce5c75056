/**
 * Fonts are parsed once per process, not once per PDF.
 *
 * Why: pdfkit (under pdfmake) opens every font anew for each document it writes, through
 * fontkit.create(buffer): each PDF — two layout passes per edition, several editions per build,
 * and every rebuild in --watch — decodes the same tables again (cmap, hmtx, glyf offsets, GSUB,
 * GPOS…; the CJK subset alone is 2.4 MB). fontkit decodes a table on first use and keeps it on
 * that font object, so the fix is one level down: a decoded table is kept per font file (the
 * bytes fontkit reads, by identity: briefkit hands pdfkit the same in-memory buffers every time,
 * see write/pdf.ts) and handed to every later font object over the same bytes. Glyph outlines,
 * layout results and subsets stay per font object and per document, so every PDF embeds exactly
 * the subset it did before (the same bytes).
 *
 * fontkit.create cannot be wrapped (its export is a getter), so the patch goes on the prototype
 * of fontkit's TrueType font class, reached through a font object.
 */
type FontProto = { _decodeTable(this: FontLike, table: { tag: string }): unknown; __briefkitShared?: boolean };
type FontLike = { stream: { buffer: Uint8Array } };

const tables = new WeakMap<Uint8Array, Map<string, unknown>>();

/** The number of tables decoded since install (for tests). */
export const decoded = { count: 0 };

/** Patches the fontkit that `pdfkitRequire` (a require from pdfkit's folder) loads; idempotent. */
export function installSharedFontTables(pdfkitRequire: NodeJS.Require, sample: Uint8Array): void {
  const fontkit = pdfkitRequire('fontkit') as { create(b: Uint8Array): object };
  const proto = Object.getPrototypeOf(fontkit.create(sample)) as FontProto;
  // the TrueType class is the one that defines _decodeTable (WOFF/WOFF2 subclasses reuse it)
  let owner: FontProto = proto;
  while (owner && !Object.prototype.hasOwnProperty.call(owner, '_decodeTable')) owner = Object.getPrototypeOf(owner) as FontProto;
  if (!owner || owner.__briefkitShared) return;
  const decode = owner._decodeTable;
  owner._decodeTable = function (this: FontLike, table: { tag: string }) {
    const bytes = this.stream?.buffer;
    if (!(bytes instanceof Uint8Array)) return decode.call(this, table);
    let perFont = tables.get(bytes);
    if (!perFont) tables.set(bytes, (perFont = new Map()));
    if (perFont.has(table.tag)) return perFont.get(table.tag);
    decoded.count++;
    const result = decode.call(this, table);
    perFont.set(table.tag, result);
    return result;
  };
  owner.__briefkitShared = true;
}
