/**
 * A project font's table directory, checked before the PDF writer (fontkit) parses it: fontkit
 * trusts the directory, so a file cut short failed deep inside it ("Offset is outside the bounds
 * of the DataView", BK900), an OpenType font with CFF outlines renamed .ttf was taken without a
 * word, and 150 MB of garbage after the tables were read and kept. Returns why the file cannot
 * be used, or undefined.
 */

/** Bytes after the last table that are tolerated (padding, a stray signature block). */
export const TRAILING_MARGIN = 64 * 1024;

/** Tables every TrueType font that can set text has. */
const REQUIRED = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'loca', 'glyf'];

export function fontProblem(b: Buffer): string | undefined {
  if (b.length < 12) return `the file is cut short (${b.length} bytes, less than a font header)`;
  const magic = b.toString('latin1', 0, 4);
  if (magic === 'OTTO') return 'it is an OpenType font with CFF (PostScript) outlines, not TrueType outlines, whatever its name says';
  if (magic !== '\0\x01\0\0' && magic !== 'true') return 'not TrueType data';
  const numTables = b.readUInt16BE(4);
  if (numTables === 0 || numTables > 512) return `its table directory lists ${numTables} tables`;
  if (12 + 16 * numTables > b.length) return `the file is cut short (${b.length} bytes, less than its table directory of ${numTables} tables)`;
  const tables = new Map<string, { offset: number; length: number }>();
  let end = 12 + 16 * numTables;
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    const tag = b.toString('latin1', at, at + 4);
    if (!/^[\x20-\x7e]{4}$/.test(tag)) return `its table directory is damaged (entry ${i + 1} has no valid tag)`;
    const offset = b.readUInt32BE(at + 8);
    const length = b.readUInt32BE(at + 12);
    if (offset + length > b.length) return `the file is cut short (${b.length} bytes; its "${tag.trim()}" table runs to byte ${offset + length})`;
    tables.set(tag, { offset, length });
    end = Math.max(end, offset + length);
  }
  const missing = REQUIRED.filter((t) => !tables.has(t));
  if (missing.length) return `it lacks the table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} a TrueType font needs`;
  const head = tables.get('head')!;
  if (head.length < 54 || b.readUInt32BE(head.offset + 12) !== 0x5f0f3cf5) return 'its "head" table is damaged';
  const trailing = b.length - end;
  if (trailing > TRAILING_MARGIN) return `it carries ${trailing.toLocaleString('en-GB')} bytes of other data after its last table (the font ends at byte ${end.toLocaleString('en-GB')})`;
  return undefined;
}
