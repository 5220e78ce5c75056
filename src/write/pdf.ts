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
import { installSharedFontTables } from '../pdf/engine/shared-font-tables.js';

export type LoadedFonts = Record<string, FontFaces & { buffers: Record<keyof FontFaces, Buffer> }>;

let loaded: LoadedFonts | undefined;
const fontBuffers = new Map<string, Buffer>();

/**
 * Two small, documented patches to pdfkit (the engine under pdfmake), applied once:
 * 1. pdfmake hands SVG text (chart labels) a font *name* from its font table, which pdfkit would
 *    open from disk. briefkit's fonts live in memory, so font() registers those names with the
 *    loaded buffers first (each font is then parsed once per document, not once per label).
 * 2. pdfkit writes Info values into the XMP packet (PDF/A) without XML escaping, so a title with
 *    "&" or "<" would make the metadata malformed; they are escaped for the XMP only.
 * 3. pdfmake records where each line of a text went (node.positions) but not what it held; the
 *    position now carries the line's text (non-enumerable), so widow control can split a
 *    paragraph exactly where pdfmake broke it (see layout/widows.ts).
 * 4. pdfmake silently drops whatever of an unbreakable block (a figure with its caption, a
 *    callout, a small table) does not fit on one page. Such blocks are now recorded, so the
 *    build fails with BK308 instead of publishing a PDF with content missing.
 * 5. When a block's bottom margin does not fit on its page, pdfmake starts a new page; a section
 *    heading set to start a page (pageBreak "before") then started yet another, leaving a blank
 *    page. A page break is now skipped when the current page is still empty.
 * 6. layoutPdf lays a document out without drawing its pages (the first layout pass only needs
 *    positions).
 * 7. Fonts are parsed once per process (pdf/engine/shared-font-tables.ts).
 */
function patchPdfkit(sampleFont: Buffer): void {
  const require = createRequire(import.meta.url);
  const pdfmakeRequire = createRequire(require.resolve('pdfmake'));
  installSharedFontTables(createRequire(pdfmakeRequire.resolve('pdfkit')), sampleFont);
  const PDFKit = pdfmakeRequire('pdfkit') as { prototype: Record<string, unknown> & { __briefkit?: boolean } };
  const proto = PDFKit.prototype;
  if (proto.__briefkit) return;
  const font = proto.font as (...a: unknown[]) => unknown;
  proto.font = function (this: { _registeredFonts: Record<string, unknown>; registerFont(name: string, src: Buffer): void }, src: unknown, family?: unknown, size?: unknown) {
    if (typeof src === 'string' && fontBuffers.has(src) && !this._registeredFonts[src]) this.registerFont(src, fontBuffers.get(src)!);
    return font.call(this, src, family, size);
  };
  const addInfo = proto._addInfo as (this: { info: Record<string, unknown> }) => unknown;
  const xml = (v: unknown) => (typeof v === 'string' ? v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : v);
  proto._addInfo = function (this: { info: Record<string, unknown> }) {
    const saved = this.info;
    this.info = Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, xml(v)]));
    try {
      return addInfo.call(this);
    } finally {
      this.info = saved;
    }
  };
  proto.__briefkit = true;

  const ElementWriter = (pdfmakeRequire('./ElementWriter.js') as { default: { prototype: Record<string, unknown> } }).default;
  const addLine = ElementWriter.prototype.addLine as (this: unknown, line: { inlines: { text: string }[] }, ...rest: unknown[]) => unknown;
  ElementWriter.prototype.addLine = function (this: unknown, line: { inlines: { text: string }[] }, ...rest: unknown[]) {
    const position = addLine.call(this, line, ...rest);
    if (position && typeof position === 'object') Object.defineProperty(position, 'text', { value: line.inlines.map((i) => i.text).join(''), enumerable: false });
    return position;
  };

  // an unbreakable block arrives as one fragment; pdfmake gives up (and drops it) when the
  // fragment does not fit even on a fresh page
  type Fragment = { items: { type: string; item: { inlines?: { text: string }[] } }[] };
  const PageElementWriter = (pdfmakeRequire('./PageElementWriter.js') as { default: { prototype: Record<string, unknown> } }).default;
  const addFragment = PageElementWriter.prototype.addFragment as (this: unknown, f: Fragment, ...rest: unknown[]) => unknown;
  PageElementWriter.prototype.addFragment = function (this: unknown, fragment: Fragment, ...rest: unknown[]) {
    const placed = addFragment.call(this, fragment, ...rest);
    if (!placed && rest[0] === undefined) {
      const first = fragment.items.find((i) => i.type === 'line' && i.item.inlines?.length);
      tooTall.push(first?.item.inlines?.map((i) => i.text).join('').trim() ?? '');
    }
    return placed;
  };
  const Renderer = (pdfmakeRequire('./Renderer.js') as { default: { prototype: Record<string, unknown> } }).default;
  const renderPages = Renderer.prototype.renderPages as (this: unknown, ...a: unknown[]) => unknown;
  Renderer.prototype.renderPages = function (this: unknown, ...a: unknown[]) {
    return layoutOnly ? undefined : renderPages.apply(this, a);
  };
  // only the final layout counts: pdfmake lays the document out again after each page break it adds
  const LayoutBuilder = (pdfmakeRequire('./LayoutBuilder.js') as { default: { prototype: Record<string, unknown> } }).default;
  type Writer = { context(): { y: number; pageMargins: { top: number }; getCurrentPage(): { items: unknown[] } | null } };
  const processNode = LayoutBuilder.prototype.processNode as (this: { writer: Writer }, node: { pageBreak?: string }) => unknown;
  LayoutBuilder.prototype.processNode = function (this: { writer: Writer }, node: { pageBreak?: string }) {
    const ctx = this.writer?.context();
    const page = ctx?.getCurrentPage();
    if (node?.pageBreak !== 'before' || !page || page.items.length > 0 || ctx!.y > ctx!.pageMargins.top) return processNode.call(this, node);
    node.pageBreak = undefined; // already at the top of an empty page
    try {
      return processNode.call(this, node);
    } finally {
      node.pageBreak = 'before';
    }
  };
  const tryLayout = LayoutBuilder.prototype.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LayoutBuilder.prototype.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    tooTall.length = 0;
    return tryLayout.apply(this, a);
  };
}

/** First line of each unbreakable block of the last layout that was taller than a page. */
const tooTall: string[] = [];
/** Set while layoutPdf runs: pages are laid out but not drawn. */
let layoutOnly = false;

/** Reads every theme font once (TTF only) and registers them with pdfmake. */
export function loadFonts(areas: { modules: Area; fonts: Area }): LoadedFonts {
  if (loaded) return loaded;
  const out: LoadedFonts = {};
  for (const [family, { area: areaName, ...faces }] of Object.entries(FONT_FILES)) addFamily(out, family, faces, areas[areaName], (rel) => msg.missingFont(areas[areaName].name(rel), family));
  patchPdfkit(Object.values(out)[0]!.buffers.normal);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  loaded = out;
  registerWithPdfmake();
  return out;
}

/**
 * A profile's body font (theme.font): its TrueType files from the project's fonts/ folder,
 * read once per process and registered alongside the bundled fonts. `origin` says which
 * profile file (and line) named each face, for messages. Returns the family name to use.
 */
export function loadProfileFont(area: Area, font: ProfileFont, origin: (face: string) => { file: string; line?: number }): string {
  const fonts = loaded;
  if (!fonts) throw new Error('loadFonts must run before loadProfileFont');
  const faces: FontFaces = {
    normal: font.normal,
    bold: font.bold ?? font.normal,
    italics: font.italics ?? font.normal,
    bolditalics: font.bolditalics ?? font.bold ?? font.normal,
  };
  const known = fonts[font.family];
  if (known) {
    const same = (Object.keys(faces) as (keyof FontFaces)[]).every((k) => known[k] === area.name(faces[k]));
    if (!same) throw msg.fontFamilyTaken(origin('family'), font.family, Object.keys(FONT_FILES).includes(font.family));
    return font.family;
  }
  addFamily(fonts, font.family, faces, area, (rel) => {
    const face = (Object.keys(faces) as (keyof FontFaces)[]).find((k) => font[k] === rel) ?? 'normal';
    return msg.missingProfileFont(area.name(rel), font.family, origin(face), `theme.font.${face}`);
  });
  registerWithPdfmake();
  return font.family;
}

export type ProfileFont = { family: string; normal: string; bold?: string; italics?: string; bolditalics?: string };

function addFamily(out: LoadedFonts, family: string, faces: FontFaces, area: Area, missing: (rel: string) => Error): void {
  const buffers = {} as Record<keyof FontFaces, Buffer>;
  const names = {} as FontFaces;
  for (const key of Object.keys(faces) as (keyof FontFaces)[]) {
    const rel = faces[key];
    if (!/\.ttf$/i.test(rel)) throw msg.unsupportedFont(area.name(rel), 'not a .ttf file');
    if (!area.exists(rel)) throw missing(rel);
    const buf = area.readBytes(rel, 'font');
    const magic = buf.subarray(0, 4).toString('latin1');
    if (magic === 'wOFF' || magic === 'wOF2') throw msg.unsupportedFont(area.name(rel), 'WOFF/WOFF2 data');
    if (!['\0\x01\0\0', 'true', 'OTTO'].includes(magic)) throw msg.unsupportedFont(area.name(rel), 'not TrueType data');
    buffers[key] = buf;
    names[key] = area.name(rel);
  }
  out[family] = { ...names, buffers };
}

/** Hands every loaded family to pdfmake's virtual file system (fonts never come from disk there). */
function registerWithPdfmake(): void {
  const vfsFonts: Record<string, Record<string, string>> = {};
  for (const [family, f] of Object.entries(loaded ?? {})) {
    vfsFonts[family] = {};
    for (const key of Object.keys(f.buffers) as (keyof FontFaces)[]) {
      const vname = `briefkit-fonts/${family.replace(/ /g, '_')}-${key}.ttf`;
      if (!fontBuffers.has(vname)) {
        pdfmake.virtualfs.writeFileSync(vname, f.buffers[key]);
        fontBuffers.set(vname, f.buffers[key]);
      }
      vfsFonts[family]![key] = vname;
    }
  }
  pdfmake.setFonts(vfsFonts);
}

/**
 * The fixed date of a build: SOURCE_DATE_EPOCH (seconds) if set, else the as-of date at 00:00 UTC
 * (a month or year as its first day), else 1 January 2000 when no source is dated.
 */
export function buildDate(asOf: string | undefined, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const day = asOf ? `${asOf}-01-01`.slice(0, 10) : '2000-01-01';
  return new Date(`${day}T00:00:00Z`);
}

/**
 * Renders the document. pdfmake's SVG renderer reports problems (e.g. an image it cannot load)
 * with console.warn; those are captured and handed to `onWarning` as text instead of leaking
 * raw library output.
 */
export async function renderPdf(dd: Record<string, unknown>, date: Date, onWarning: (text: string) => void = () => {}): Promise<Buffer> {
  // PDF/A: the XMP packet pdfkit writes carries no ModifyDate, so the Info dictionary must not either.
  const info = { ...(dd.info as object), creationDate: date, ...(dd.subset ? {} : { modDate: date }) };
  const warn = console.warn;
  const log = console.log;
  console.warn = (...a: unknown[]) => onWarning(a.map(String).join(' '));
  console.log = (...a: unknown[]) => onWarning(a.map(String).join(' '));
  try {
    const doc = pdfmake.createPdf({ ...dd, info }, {});
    const bytes = await doc.getBuffer();
    if (tooTall.length) throw msg.blockTooTall(tooTall[0]!);
    return bytes;
  } finally {
    console.warn = warn;
    console.log = log;
  }
}

/**
 * Lays the document out without drawing it, for a pass that only needs to know where things
 * fall (node.positions): pdfmake's page renderer is skipped and no PDF is returned.
 */
export async function layoutPdf(dd: Record<string, unknown>, date: Date): Promise<void> {
  layoutOnly = true;
  try {
    await renderPdf(dd, date);
  } finally {
    layoutOnly = false;
  }
}
