/**
 * Stage 7a — render the pdfmake document to bytes, deterministically: the creation and
 * modification dates are fixed (SOURCE_DATE_EPOCH, else the data's as-of date), so the file
 * ID pdfkit derives from them is fixed too. Fonts are read once per process into pdfmake's
 * virtual file system; the PDF writer may fetch no URL and read no other local file. What
 * briefkit changes in pdfmake and pdfkit themselves is in src/pdf/engine/, one file per change.
 */
import { createHash } from 'node:crypto';
import pdfmake from 'pdfmake';
import type { Area } from '../io/project.js';
import { fontBuffers, installEngine, render } from '../pdf/engine/index.js';
import * as msg from '../log/message.js';
import { fontProblem } from './font-check.js';
import { identifyPdfUa, tagReport } from '../pdf/engine/tagging.js';
import type { FootnoteBlock } from '../pdf/engine/footnotes.js';
import { FONT_FILES, type FontFaces } from '../theme/theme.js';

export type LoadedFonts = Record<string, FontFaces & { buffers: Record<keyof FontFaces, Buffer> }>;

let loaded: LoadedFonts | undefined;

/** Profile families and the files they are bound to (names and contents), in this process and in the current build. */
const registered = new Map<string, string>();
let boundInBuild = new Map<string, string>();

/**
 * Reads every theme font once (TTF only) and registers them with pdfmake. Each call starts a
 * build: the profile families bound by the last one (loadProfileFont) may be bound anew.
 */
export function loadFonts(areas: { modules: Area; fonts: Area }): LoadedFonts {
  boundInBuild = new Map();
  if (loaded) return loaded;
  const out: LoadedFonts = {};
  for (const [family, { area: areaName, ...faces }] of Object.entries(FONT_FILES)) addFamily(out, family, faces, areas[areaName], (rel) => msg.missingFont(areas[areaName].name(rel), family));
  installEngine(Object.values(out)[0]!.buffers.normal);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  loaded = out;
  registerWithPdfmake();
  return out;
}

/**
 * A profile's body font (theme.font): its TrueType files from the project's fonts/ folder,
 * registered alongside the bundled fonts. `origin` says which profile file (and line) named each
 * face, for messages. Returns the family name to use.
 *
 * Within one build a family keeps the files it was first given (another audience naming it with
 * other files is refused: both editions would be set in one). A later build in the same process
 * (--watch, or several projects in one process) may bind it anew: the files are read each time and
 * compared by name and contents, so a font replaced on disk is never served from memory. The same
 * files keep the same buffers, so their parsed tables and shaped words are reused (src/pdf/engine).
 */
export function loadProfileFont(area: Area, font: ProfileFont, origin: (face: string) => { file: string; line?: number }, field = 'theme.font'): string {
  const fonts = loaded;
  if (!fonts) throw new Error('loadFonts must run before loadProfileFont');
  if (Object.keys(FONT_FILES).includes(font.family)) throw msg.fontFamilyTaken(origin('family'), font.family, true);
  const faces: FontFaces = {
    normal: font.normal,
    bold: font.bold ?? font.normal,
    italics: font.italics ?? font.normal,
    bolditalics: font.bolditalics ?? font.bold ?? font.normal,
  };
  const read: LoadedFonts = {};
  addFamily(read, font.family, faces, area, (rel) => {
    const face = (Object.keys(faces) as (keyof FontFaces)[]).find((k) => font[k] === rel) ?? 'normal';
    return msg.missingProfileFont(area.name(rel), font.family, origin(face), `${field}.${face}`);
  });
  const family = read[font.family]!;
  const signature = JSON.stringify((Object.keys(faces) as (keyof FontFaces)[]).map((k) => [family[k], createHash('sha256').update(family.buffers[k]).digest('hex')]));
  const bound = boundInBuild.get(font.family);
  if (bound !== undefined && bound !== signature) throw msg.fontFamilyTaken(origin('family'), font.family, false);
  boundInBuild.set(font.family, signature);
  if (registered.get(font.family) !== signature) {
    fonts[font.family] = family;
    registered.set(font.family, signature);
    registerWithPdfmake();
  }
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
    // the table directory, before fontkit trusts it (font-check.ts)
    const problem = fontProblem(buf);
    if (problem) throw msg.unsupportedFont(area.name(rel), problem);
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
      if (fontBuffers.get(vname) !== f.buffers[key]) {
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
export async function renderPdf(dd: Record<string, unknown>, date: Date, onWarning: (text: string) => void = () => {}, options: { pdfua?: { file: string }; bleed?: number } = {}): Promise<Buffer> {
  // PDF/A: the XMP packet pdfkit writes carries no ModifyDate, so the Info dictionary must not either.
  const info = { ...(dd.info as object), creationDate: date, ...(dd.subset ? {} : { modDate: date }) };
  const warn = console.warn;
  const log = console.log;
  console.warn = (...a: unknown[]) => onWarning(a.map(String).join(' '));
  console.log = (...a: unknown[]) => onWarning(a.map(String).join(' '));
  try {
    // notes at the foot of the pages that call them (src/pdf/engine/footnotes.ts): not a pdfmake key
    const { footnotes, ...definition } = dd as Record<string, unknown> & { footnotes?: FootnoteBlock };
    render.footnotes = footnotes;
    // PDF 1.7 in every build: the XMP packet (with dc:title), which pdfkit writes from PDF 1.4 on, and
    // the pages' /Tabs (PDF 1.5) the tagged file carries
    const doc = pdfmake.createPdf({ ...definition, info, ...(!dd.version ? { version: '1.7' } : {}) }, {});
    identifyPdfUa(Boolean(options.pdfua));
    render.bleed = options.bleed ?? 0;
    const bytes = await doc.getBuffer();
    if (render.tooTall.length) throw msg.blockTooTall(render.tooTall[0]!);
    if (options.pdfua) {
      // the written bytes are checked before they may go out identified as PDF/UA
      const { checkPdfUaBytes, describeFailure } = await import('../accessibility/check.js');
      const missing = [...accessibilityProblems(dd), ...(await checkPdfUaBytes(bytes, { identified: true })).map(describeFailure)];
      if (missing.length) throw msg.pdfUaNotMet(options.pdfua.file, missing);
    }
    return bytes;
  } finally {
    identifyPdfUa(false);
    render.bleed = 0;
    render.footnotes = undefined;
    console.warn = warn;
    console.log = log;
  }
}

/**
 * What keeps the last rendered document from being PDF/UA: untagged, no title or language, a
 * figure without alt text, an image outside any figure (read after renderPdf).
 */
export function accessibilityProblems(dd: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (dd.tagged !== true) out.push('the document is not tagged');
  const title = (dd.info as { title?: unknown } | undefined)?.title;
  if (typeof title !== 'string' || !title.trim()) out.push('the document has no title');
  if (typeof dd.language !== 'string' || !dd.language.trim()) out.push('the document has no language');
  if (dd.displayTitle !== true) out.push('viewers are not told to show the title');
  for (const p of tagReport()) {
    out.push(p.kind === 'figure-without-alt' ? `the figure${p.label ? ` "${p.label}"` : ''} on page ${p.page} has no alt text` : `an image on page ${p.page} has no text alternative`);
  }
  return out;
}
