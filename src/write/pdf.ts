/**
 * Stage 7a — render the pdfmake document to bytes, deterministically: the creation and
 * modification dates are fixed (SOURCE_DATE_EPOCH, else the data's as-of date), so the file
 * ID pdfkit derives from them is fixed too. Fonts are read once per process into pdfmake's
 * virtual file system; the PDF writer may fetch no URL and read no other local file.
 */
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { Area } from '../io/project.js';
import * as msg from '../log/message.js';
import { FONT_FILES, type FontFaces } from '../theme/theme.js';

export type LoadedFonts = Record<string, FontFaces & { buffers: Record<keyof FontFaces, Buffer> }>;

let loaded: LoadedFonts | undefined;
const fontBuffers = new Map<string, Buffer>();

/**
 * pdfmake hands SVG text (chart labels) a font *name* from its font table, which pdfkit would
 * open from disk. briefkit's fonts live in memory, so pdfkit's font() is taught to resolve
 * those names to the loaded buffers, cached under the name (parsed once per document).
 */
function teachPdfkitFontNames(): void {
  const require = createRequire(import.meta.url);
  const pdfmakeRequire = createRequire(require.resolve('pdfmake'));
  const PDFKit = pdfmakeRequire('pdfkit') as { prototype: { font: (...a: unknown[]) => unknown; __briefkit?: boolean } };
  const proto = PDFKit.prototype;
  if (proto.__briefkit) return;
  const original = proto.font;
  proto.font = function (this: { _registeredFonts: Record<string, unknown>; registerFont(name: string, src: Buffer): void }, src: unknown, family?: unknown, size?: unknown) {
    if (typeof src === 'string' && fontBuffers.has(src) && !this._registeredFonts[src]) this.registerFont(src, fontBuffers.get(src)!);
    return original.call(this, src, family, size);
  };
  proto.__briefkit = true;
}

/** Reads every theme font once (TTF only) and registers them with pdfmake. */
export function loadFonts(modules: Area): LoadedFonts {
  if (loaded) return loaded;
  const out: LoadedFonts = {};
  const vfsFonts: Record<string, Record<string, string>> = {};
  for (const [family, faces] of Object.entries(FONT_FILES)) {
    const buffers = {} as Record<keyof FontFaces, Buffer>;
    vfsFonts[family] = {};
    for (const key of Object.keys(faces) as (keyof FontFaces)[]) {
      const rel = faces[key];
      if (!/\.ttf$/i.test(rel)) throw msg.unsupportedFont(modules.name(rel), 'not a .ttf file');
      if (!modules.exists(rel)) throw msg.missingFont(modules.name(rel), family);
      const buf = modules.readBytes(rel, 'font');
      const magic = buf.subarray(0, 4).toString('latin1');
      if (magic === 'wOFF' || magic === 'wOF2') throw msg.unsupportedFont(modules.name(rel), 'WOFF/WOFF2 data');
      buffers[key] = buf;
      const vname = `briefkit-fonts/${family}-${key}.ttf`;
      pdfmake.virtualfs.writeFileSync(vname, buf);
      fontBuffers.set(vname, buf);
      vfsFonts[family]![key] = vname;
    }
    out[family] = { ...faces, buffers };
  }
  teachPdfkitFontNames();
  pdfmake.setFonts(vfsFonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  loaded = out;
  return out;
}

/** The fixed date of a build: SOURCE_DATE_EPOCH (seconds) if set, else the as-of date at 00:00 UTC. */
export function buildDate(asOf: string, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${asOf}T00:00:00Z`);
}

export async function renderPdf(dd: Record<string, unknown>, date: Date): Promise<Buffer> {
  const info = { ...(dd.info as object), creationDate: date, modDate: date };
  const doc = pdfmake.createPdf({ ...dd, info }, {});
  return doc.getBuffer();
}
