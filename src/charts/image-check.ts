/**
 * Images of chart image marks, checked before anything decodes them. The PDF writer (pdfkit)
 * inflates a PNG into native buffers of width × height × 4 bytes and more, outside the worker's
 * JavaScript heap limit: a 389 KB PNG declaring 10,000 × 10,000 px took a `--memory-limit 256`
 * build to 1.7 GB of resident memory, and one declaring 100,000 × 100,000 px crashed it (BK900).
 * So the size an image declares is read from its header and refused above a pixel limit, and the
 * file's structure is walked to its end (PNG chunks and the header's checksum, JPEG segments): a file cut short or damaged
 * is an error naming it, not a warning after which the image silently disappears.
 */
import zlib from 'node:zlib';

export interface ImageInfo {
  type: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}

/** Why an image cannot be used: thrown by inspectImage, turned into BK068 by the caller. */
export class ImageDamaged extends Error {}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type and declared size of a PNG or JPEG file, after checking its structure; undefined if it is neither. */
export function inspectImage(bytes: Buffer): ImageInfo | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return { type: 'image/png', ...png(bytes) };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { type: 'image/jpeg', ...jpeg(bytes) };
  return undefined;
}

function png(b: Buffer): { width: number; height: number } {
  let at = 8;
  let size: { width: number; height: number } | undefined;
  let idat = false;
  for (;;) {
    if (at + 12 > b.length) throw new ImageDamaged(`the PNG file is cut short (${b.length} bytes, no IEND chunk)`);
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new ImageDamaged(`the PNG file is damaged (a chunk at byte ${at} has no valid type)`);
    if (length > 0x7fffffff || at + 12 + length > b.length) throw new ImageDamaged(`the PNG file is cut short (its ${type} chunk at byte ${at} runs past the end)`);
    const data = b.subarray(at + 8, at + 8 + length);
    // the header's checksum: the size read from it must be the one written (other chunks' checksums
    // are left to the decoder, as browsers and pdfkit do)
    if (type === 'IHDR' && zlib.crc32(data, zlib.crc32(type)) !== b.readUInt32BE(at + 8 + length)) throw new ImageDamaged('the PNG file is damaged (the checksum of its IHDR header is wrong)');
    if (!size) {
      if (type !== 'IHDR' || length !== 13) throw new ImageDamaged('the PNG file is damaged (it does not start with its IHDR header)');
      size = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) };
      if (size.width === 0 || size.height === 0 || size.width > 0x7fffffff || size.height > 0x7fffffff) throw new ImageDamaged(`the PNG header declares ${size.width} × ${size.height} px`);
    }
    if (type === 'IDAT') idat = true;
    at += 12 + length;
    if (type === 'IEND') break;
  }
  if (!idat) throw new ImageDamaged('the PNG file holds no image data (no IDAT chunk)');
  return size!;
}

/** Start-of-frame markers (SOF0–SOF15 but DHT, JPG and DAC) carry the frame's size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpeg(b: Buffer): { width: number; height: number } {
  let at = 2;
  let size: { width: number; height: number } | undefined;
  const short = () => new ImageDamaged(`the JPEG file is cut short (${b.length} bytes, no end-of-image marker)`);
  for (;;) {
    if (at + 2 > b.length) throw short();
    if (b[at] !== 0xff) throw new ImageDamaged(`the JPEG file is damaged (no segment marker at byte ${at})`);
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) break; // EOI
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > b.length) throw short();
    const length = b.readUInt16BE(at + 2);
    if (length < 2) throw new ImageDamaged(`the JPEG file is damaged (a segment at byte ${at} has length ${length})`);
    if (at + 2 + length > b.length) throw short();
    if (SOF.has(marker)) {
      if (length < 8) throw new ImageDamaged(`the JPEG file is damaged (its frame header at byte ${at} is too short)`);
      size = { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
      if (size.width === 0 || size.height === 0) throw new ImageDamaged(`the JPEG frame header declares ${size.width} × ${size.height} px`);
    }
    at += 2 + length;
    if (marker === 0xda) {
      // entropy-coded data up to the next marker that is not a stuffed 0xFF00 or a restart marker
      if (!size) throw new ImageDamaged('the JPEG file is damaged (image data before its frame header)');
      for (;;) {
        const ff = b.indexOf(0xff, at);
        if (ff < 0 || ff + 1 >= b.length) throw short();
        const next = b[ff + 1]!;
        if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
          at = ff + (next === 0xff ? 1 : 2);
          continue;
        }
        at = ff;
        break;
      }
    }
  }
  if (!size) throw new ImageDamaged('the JPEG file is damaged (it has no frame header)');
  return size;
}
