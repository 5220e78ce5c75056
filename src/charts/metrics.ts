/**
 * Text measurement for Vega without node-canvas: widths come from fontkit, reading the same
 * TTF files the PDF embeds, so axis labels, legends and titles are sized as they will print.
 */
import { createRequire } from 'node:module';
import { FALLBACK_FONTS, type FontFaces } from '../theme/theme.js';
import { fontRuns, uncovered } from '../theme/fonts.js';
import { type FontkitFont, simpleWidth } from '../pdf/engine/simple-shaping.js';

/**
 * fontkit as pdfkit loads it (its CommonJS build, from pdfkit's folder): one copy of fontkit per
 * process instead of two (the ESM build is a second module graph, with its own Unicode tables),
 * and fonts opened here share their decoded tables with the PDF's (pdf/engine/shared-font-tables.ts).
 */
function pdfkitFontkit(): { create(b: Buffer): unknown } {
  const require = createRequire(import.meta.url);
  return createRequire(createRequire(require.resolve('pdfmake')).resolve('pdfkit'))('fontkit') as { create(b: Buffer): unknown };
}
let fontkit: { create(b: Buffer): unknown } | undefined;

type Glyph = { path: { transform(a: number, b: number, c: number, d: number, e: number, f: number): { toSVG(): string } } };
type Font = {
  unitsPerEm: number;
  capHeight: number;
  ascent: number;
  layout(text: string): { advanceWidth: number; glyphs: Glyph[]; positions: { xAdvance: number; xOffset: number; yOffset: number }[] };
};

export class FontMetrics {
  /** The measurer Vega uses (set by install()), also asked which characters chart text may use. */
  static installed: FontMetrics | undefined;
  private readonly faces = new Map<string, Font>();
  private readonly cache = new Map<string, number>();
  /** Per family, whether its regular face has a code point. */
  private readonly glyphs = new Map<string, Map<number, boolean>>();
  private glyphCount = 0;
  /**
   * The font fallback chain after a text's own font (the theme's `fonts`, set per edition by the
   * build): a character the font lacks is measured, checked and drawn in the first that has it.
   */
  chain: readonly string[] = FALLBACK_FONTS;

  constructor(private readonly families: Record<string, FontFaces & { buffers: Record<keyof FontFaces, Buffer> }>, private readonly fallback: string) {}

  private face(family: string | undefined, bold: boolean, italic: boolean): Font {
    const fam = this.families[(family ?? '').split(',')[0]!.replace(/["']/g, '').trim()] ?? this.families[this.fallback]!;
    const key: keyof FontFaces = bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal';
    const id = `${fam.normal}|${key}`;
    let f = this.faces.get(id);
    if (!f) {
      f = (fontkit ??= pdfkitFontkit()).create(fam.buffers[key]) as Font;
      this.faces.set(id, f);
    }
    return f;
  }

  /** Whether a loaded family has a glyph for the code point (its regular face). */
  covers = (family: string, codePoint: number): boolean => {
    let known = this.glyphs.get(family);
    if (!known) this.glyphs.set(family, (known = new Map()));
    let has = known.get(codePoint);
    if (has === undefined) {
      has = !!this.families[family] && (this.face(family, false, false) as unknown as { hasGlyphForCodePoint(cp: number): boolean }).hasGlyphForCodePoint(codePoint);
      if (++this.glyphCount > 200_000) {
        this.glyphs.clear();
        this.glyphCount = 0;
        this.glyphs.set(family, (known = new Map()));
      }
      known.set(codePoint, has);
    }
    return has;
  };

  /** The chain for text in `family`: that family (as loaded), then the fallback chain. */
  chainOf(family: string | undefined): string[] {
    const own = this.familyOf(family);
    return [own, ...this.chain.filter((f) => f !== own)];
  }

  /** Characters of `text` the family's regular face has no glyph for. */
  missing(text: string, family: string): string[] {
    const fam = this.families[family];
    if (!fam) return [];
    const f = this.face(family, false, false) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
    return [...new Set([...text])].filter((c) => !f.hasGlyphForCodePoint(c.codePointAt(0)!));
  }

  /**
   * Characters of `text` that the face a chart's `font-family` resolves to (the fallback family
   * when it names none of the loaded ones, as in the PDF) has no glyph for; whitespace is ignored.
   */
  uncovered(text: string, family: string | undefined, bold = false, italic = false): string[] {
    const f = this.face(family, bold, italic) as unknown as { hasGlyphForCodePoint(cp: number): boolean };
    const own = [...new Set([...text])].filter((c) => !/\s/.test(c) && !f.hasGlyphForCodePoint(c.codePointAt(0)!));
    // what the face lacks, a font of the fallback chain may have
    return own.length && this.chain.length ? uncovered(own.join(''), this.chainOf(family).slice(1), this.covers) : own;
  }

  /** The loaded family a CSS font-family list resolves to. */
  familyOf(family: string | undefined): string {
    const name = (family ?? '').split(',')[0]!.replace(/["']/g, '').trim();
    return this.families[name] ? name : this.fallback;
  }

  /** Width in px of `text` at `size` px. */
  width(text: string, size: number, family?: string, weight?: string | number, style?: string): number {
    const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 500) || (typeof weight === 'string' && Number(weight) >= 500);
    const italic = style === 'italic' || style === 'oblique';
    const key = `${this.chain.join(',')}|${family}|${bold}|${italic}|${text}`;
    let units = this.cache.get(key);
    if (units === undefined) {
      // each run in the font of the chain that sets it
      const runs = this.chain.length ? fontRuns(text, this.chainOf(family), this.covers) : [{ text, font: this.familyOf(family) }];
      units = 0;
      for (const r of runs) {
        const f = this.face(r.font, bold, italic);
        // a simple run is measured from the font's tables, as the PDF's words are (simple-shaping.ts)
        units += (simpleWidth(f as unknown as FontkitFont, r.text) ?? f.layout(r.text).advanceWidth) / f.unitsPerEm;
      }
      this.cache.set(key, units);
    }
    return units * size;
  }

  /**
   * `text` outlined as one SVG path: centred on (cx, cy), rotated by `angle` radians, scaled to
   * `width` points. Used for a watermark that is artwork, not extractable text.
   */
  outline(text: string, o: { cx: number; cy: number; angle: number; width: number; bold?: boolean }): string {
    const f = this.face(undefined, o.bold ?? true, false);
    const run = f.layout(text);
    const adv = run.positions.reduce((sum, p) => sum + p.xAdvance, 0);
    const s = o.width / adv;
    const c = Math.cos(o.angle);
    const n = Math.sin(o.angle);
    const capH = f.capHeight || f.ascent * 0.7;
    const tx = (-adv * s) / 2;
    const ty = (capH * s) / 2;
    let x = 0;
    const parts: string[] = [];
    run.glyphs.forEach((g, i) => {
      const p = run.positions[i]!;
      const ox = x + p.xOffset;
      const oy = p.yOffset;
      parts.push(g.path.transform(s * c, s * n, s * n, -s * c, c * (s * ox + tx) - n * (-s * oy + ty) + o.cx, n * (s * ox + tx) + c * (-s * oy + ty) + o.cy).toSVG());
      x += p.xAdvance;
    });
    return parts.join(' ');
  }

  /**
   * Installs this measurer as Vega's text-width function (process-wide). Vega is imported only
   * when a chart is drawn (charts/render.ts hands itself over with useVega), so this takes effect
   * then, or at once when Vega is already loaded.
   */
  install(): void {
    FontMetrics.installed = this;
    if (vegaModule) applyTo(vegaModule, this);
  }

  /** Called by charts/render.ts when it loads Vega: the installed measurer, if any, measures its text. */
  static useVega(vega: unknown): void {
    vegaModule = vega;
    if (FontMetrics.installed) applyTo(vega, FontMetrics.installed);
  }
}

let vegaModule: unknown;

function applyTo(vega: unknown, m: FontMetrics): void {
  const tm = (vega as { textMetrics: { width: (item: Record<string, unknown>, text: unknown) => number } }).textMetrics;
  tm.width = (item, text) => {
    const t = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    if (!t || size <= 0) return 0;
    return m.width(t, size, item.font as string | undefined, item.fontWeight as string | number | undefined, item.fontStyle as string | undefined);
  };
}
