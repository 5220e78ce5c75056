/**
 * Words are shaped once per process, not once per PDF.
 *
 * Why: pdfkit measures and draws text a word at a time (EmbeddedFont.layout splits at spaces)
 * and shapes each word with fontkit (GSUB ligatures, GPOS kerning), keeping the result in a cache
 * on the font object, that is per document. Every PDF — the first layout pass and the drawn pass
 * of an edition, each edition of a build, every rebuild in --watch — shapes the same words again;
 * for the policy edition that is about a second of CPU per document. Here a word's shaping is kept
 * per font file (its bytes, by identity, as in shared-font-tables.ts) and handed to every later
 * font object over the same bytes.
 *
 * The bytes stay the same: a shaped run holds fontkit glyph objects, which belong to one font
 * object and remember the code points they were first asked for (the ToUnicode map of the PDF is
 * made from them, and a glyph can be reached from several characters: a space and a no-break
 * space, a hyphen and a soft hyphen). So the first shaping of a word records every glyph fontkit
 * looked up while shaping it (id and characters, in order), and a later font object that meets the
 * word replays those look-ups on itself before taking its glyphs: its glyph objects are created in
 * the same order with the same characters as if it had shaped the word, and the positions (plain
 * numbers, never changed by pdfkit) are shared. A font object still caches its own runs, so a word
 * is replayed at most once per document, where pdfkit shaped it once. `fontLayoutCache: false`
 * and runs with OpenType features are left to pdfkit.
 *
 * Memory stays bounded: a font's table of words is emptied when it reaches MAX_WORDS.
 *
 * Words that simple-shaping.ts can shape from the font's tables (most Latin, Greek and Cyrillic
 * words) are shaped there, not by fontkit, and recorded as fontkit would have shaped them; and
 * pdfkit's EmbeddedFont.layout, which cuts a text into words, is replaced by an equivalent loop
 * that makes less garbage (layoutWords); a width asked again in a document (pdfmake, line breaking
 * and justification measure the same inlines more than once) is kept per font object.
 *
 * EmbeddedFont is not exported by pdfkit, so the patch goes on its prototype, reached through a
 * font that a throw-away document opens.
 */
import { type FontkitFont as TablesFont, perFont, shapeSimple } from './simple-shaping.js';

type Glyph = { id: number; advanceWidth: number };
type Run = { glyphs: Glyph[]; positions: object[]; advanceWidth: number };
type FontkitFont = TablesFont & { getGlyph(id: number, chars?: number[]): Glyph };
type EmbeddedFontProto = {
  layoutCached(this: EmbeddedFont, text: string): Run;
  layoutRun(this: EmbeddedFont, text: string, features?: unknown): Run;
  layout(this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean): { glyphs: Glyph[] | null; positions: object[] | null; advanceWidth: number };
  __briefkitSharedLayouts?: boolean;
};
type EmbeddedFont = EmbeddedFontProto & { font: FontkitFont; scale: number; layoutCache?: Record<string, Run>; __briefkitWords?: Map<string, Shaped>; __briefkitWidths?: Map<string, number> };

/**
 * A shaped word: the glyph look-ups fontkit made, flat (id, number of characters, the characters;
 * then the next), its glyphs' ids, and its run's positions and width.
 */
interface Shaped {
  lookups: Uint32Array;
  ids: Uint32Array;
  positions: object[];
  advanceWidth: number;
}

/** Words kept per font file before its table is emptied. */
export const MAX_WORDS = 20_000;

const words = new WeakMap<Uint8Array, Map<string, Map<string, Shaped>>>();

/** Shaped (by fontkit) and replayed words since install (for tests). */
export const counts = { shaped: 0, replayed: 0 };

const table = (font: FontkitFont) => perFont(words, font, () => new Map<string, Shaped>());

/** Shapes with fontkit (pdfkit's own layoutRun), recording the glyph look-ups it makes. */
function shape(font: EmbeddedFont, text: string): { run: Run; shaped: Shaped } {
  const lookups: number[] = [];
  const inner = font.font;
  const own = Object.prototype.hasOwnProperty.call(inner, 'getGlyph');
  const getGlyph = inner.getGlyph;
  inner.getGlyph = function (this: FontkitFont, id: number, chars?: number[]) {
    lookups.push(id, chars?.length ?? 0, ...(chars ?? []));
    return getGlyph.call(this, id, chars);
  };
  let run: Run;
  try {
    run = font.layoutRun(text);
  } finally {
    if (own) inner.getGlyph = getGlyph;
    else delete (inner as Partial<FontkitFont>).getGlyph;
  }
  counts.shaped++;
  return { run, shaped: { lookups: Uint32Array.from(lookups), ids: Uint32Array.from(run.glyphs, (g) => g.id), positions: run.positions, advanceWidth: run.advanceWidth } };
}

/**
 * A word that simple-shaping.ts shapes from the font's tables, as shape() would record it: fontkit
 * looks up each character's glyph in order (glyphsForString), then the space glyph (layout hides
 * default-ignorable characters behind it); pdfkit scales each position and adds its glyph's
 * advance width (layoutRun); the run's width is the sum of the scaled advances, in order.
 */
function shapeFast(font: EmbeddedFont, text: string): Shaped | undefined {
  const r = shapeSimple(font.font, text);
  if (!r) return undefined;
  const n = r.ids.length;
  const lookups = new Uint32Array(3 * n + 3);
  const positions: object[] = [];
  const scale = font.scale;
  let advanceWidth = 0;
  for (let i = 0; i < n; i++) {
    lookups[3 * i] = r.ids[i]!;
    lookups[3 * i + 1] = 1;
    lookups[3 * i + 2] = r.codePoints[i]!;
    const xAdvance = r.xAdvance[i]! * scale;
    positions.push({ xAdvance, yAdvance: r.yAdvance[i]! * scale, xOffset: r.xOffset[i]! * scale, yOffset: r.yOffset[i]! * scale, advanceWidth: r.advances[i]! * scale });
    advanceWidth += xAdvance;
  }
  lookups[3 * n] = r.space;
  lookups[3 * n + 1] = 1;
  lookups[3 * n + 2] = 0x20;
  return { lookups, ids: Uint32Array.from(r.ids), positions, advanceWidth };
}

/** The run of a word shaped for another font object over the same bytes, made with this one's glyphs. */
function replay(font: EmbeddedFont, s: Shaped): Run {
  const inner = font.font;
  const l = s.lookups;
  // a glyph this font object has made already keeps its characters: no look-up (fontkit's
  // getGlyph returns what _glyphs holds), and no array of characters for it
  const made = (inner as { _glyphs?: Record<number, unknown> })._glyphs;
  for (let i = 0; i < l.length; i += 2 + l[i + 1]!) if (!made?.[l[i]!]) inner.getGlyph(l[i]!, Array.from(l.subarray(i + 2, i + 2 + l[i + 1]!)));
  const glyphs = Array.from(s.ids, (id) => inner.getGlyph(id));
  // pdfkit's layoutRun reads every glyph's advance width (fontkit computes it lazily, and for a
  // composite glyph that looks up its components): the same here, in the same order
  for (const g of glyphs) void g.advanceWidth;
  counts.replayed++;
  return { glyphs, positions: s.positions, advanceWidth: s.advanceWidth };
}

/** Patches the EmbeddedFont class of `PDFDocument` (pdfkit's, as pdfmake loads it); idempotent. */
export function installSharedLayouts(PDFDocument: unknown, sample: Uint8Array): void {
  const doc = new (PDFDocument as new (o: object) => { font(src: Uint8Array): unknown; _font: object })({ autoFirstPage: false });
  doc.font(sample);
  const proto = Object.getPrototypeOf(doc._font) as EmbeddedFontProto;
  if (typeof proto.layoutCached !== 'function' || typeof proto.layoutRun !== 'function') throw new Error('pdfkit EmbeddedFont.layoutCached/layoutRun not found');
  if (proto.__briefkitSharedLayouts) return;
  const original = proto.layoutCached;
  proto.layoutCached = function (this: EmbeddedFont, text: string): Run {
    const own = this.layoutCache;
    // a word met again in this document (the common case) first
    const cached = own?.[text];
    if (cached) return cached;
    const shared = own ? (this.__briefkitWords ??= table(this.font)) : undefined;
    if (!own || !shared) return original.call(this, text);
    const s = shared.get(text);
    let run: Run;
    if (s) run = replay(this, s);
    else {
      let shaped = shapeFast(this, text);
      if (shaped) run = replay(this, shaped);
      else {
        const r = shape(this, text);
        run = r.run;
        shaped = r.shaped;
      }
      if (shared.size >= MAX_WORDS) shared.clear();
      shared.set(text, shaped);
    }
    own[text] = run;
    return run;
  };
  if (typeof proto.layout !== 'function') throw new Error('pdfkit EmbeddedFont.layout not found');
  const layout = proto.layout;
  proto.layout = function (this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean) {
    if (features) return layout.call(this, text, features, onlyWidth);
    if (!onlyWidth || !this.layoutCache) return layoutWords(this, text, onlyWidth);
    // a width asked again in this document (pdfmake measures, line breaking and justification
    // measure the same inlines again): its words are in this font's cache already, so asking
    // them again would change nothing but the time
    const widths = (this.__briefkitWidths ??= new Map());
    let advanceWidth = widths.get(text);
    if (advanceWidth === undefined) widths.set(text, (advanceWidth = layoutWords(this, text, true).advanceWidth));
    return { glyphs: null, positions: null, advanceWidth };
  };
  proto.__briefkitSharedLayouts = true;
}

/**
 * pdfkit's EmbeddedFont.layout without features, with the same runs in the same order: the text
 * cut after each space or tab, each piece laid out by layoutCached, the widths added in order.
 * pdfkit's own loop makes an array for every character it tests and concatenates the glyphs and
 * positions word by word (a new array per word, quadratic in a long text); this one appends.
 */
function layoutWords(font: EmbeddedFont, text: string, onlyWidth?: boolean): { glyphs: Glyph[] | null; positions: object[] | null; advanceWidth: number } {
  const glyphs: Glyph[] | null = onlyWidth ? null : [];
  const positions: object[] | null = onlyWidth ? null : [];
  let advanceWidth = 0;
  let last = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    if (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9) continue;
    } else if (last >= n) break;
    const run = font.layoutCached(i === n ? text.slice(last) : text.slice(last, i + 1));
    if (glyphs) {
      for (const g of run.glyphs) glyphs.push(g);
      for (const p of run.positions) positions!.push(p);
    }
    advanceWidth += run.advanceWidth;
    last = i + 1;
  }
  return { glyphs, positions, advanceWidth };
}
