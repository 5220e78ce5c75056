/**
 * Text measurement for Vega without node-canvas: widths come from fontkit, reading the same
 * TTF files the PDF embeds, so axis labels, legends and titles are sized as they will print.
 */
import * as fontkit from 'fontkit';
import * as vega from 'vega';
import type { FontFaces } from '../theme/theme.js';

type Font = { unitsPerEm: number; layout(text: string): { advanceWidth: number } };

export class FontMetrics {
  private readonly faces = new Map<string, Font>();
  private readonly cache = new Map<string, number>();

  constructor(private readonly families: Record<string, FontFaces & { buffers: Record<keyof FontFaces, Buffer> }>, private readonly fallback: string) {}

  private face(family: string | undefined, bold: boolean, italic: boolean): Font {
    const fam = this.families[(family ?? '').split(',')[0]!.replace(/["']/g, '').trim()] ?? this.families[this.fallback]!;
    const key: keyof FontFaces = bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal';
    const id = `${fam.normal}|${key}`;
    let f = this.faces.get(id);
    if (!f) {
      f = fontkit.create(fam.buffers[key]) as unknown as Font;
      this.faces.set(id, f);
    }
    return f;
  }

  /** Width in px of `text` at `size` px. */
  width(text: string, size: number, family?: string, weight?: string | number, style?: string): number {
    const bold = weight === 'bold' || (typeof weight === 'number' && weight >= 500) || (typeof weight === 'string' && Number(weight) >= 500);
    const italic = style === 'italic' || style === 'oblique';
    const key = `${family}|${bold}|${italic}|${text}`;
    let units = this.cache.get(key);
    if (units === undefined) {
      const f = this.face(family, bold, italic);
      units = f.layout(text).advanceWidth / f.unitsPerEm;
      this.cache.set(key, units);
    }
    return units * size;
  }

  /** Installs this measurer as Vega's text-width function (process-wide). */
  install(): void {
    const tm = (vega as unknown as { textMetrics: { width: (item: Record<string, unknown>, text: unknown) => number } }).textMetrics;
    tm.width = (item, text) => {
      const t = text == null ? '' : String(text).trim();
      const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
      if (!t || size <= 0) return 0;
      return this.width(t, size, item.font as string | undefined, item.fontWeight as string | number | undefined, item.fontStyle as string | undefined);
    };
  }
}
