/**
 * A run in another font keeps the line's baseline where the body font puts it.
 *
 * Why: pdfmake sets a line's baseline at the largest ascender of its inlines. Chinese runs are
 * set in Noto Sans SC, whose ascender (1.16 em) is a quarter larger than Roboto's (0.93 em), so
 * every line holding Chinese text had its baseline pushed down: uneven line spacing inside a
 * glossary entry, and the list bullet (placed by the body font's metrics) sitting high.
 *
 * How: an inline may carry `ascentScale` (the CJK runs of src/layout/inline.ts set it to
 * CJK_LEADING, the factor that already matches their line height to the body's); its ascender
 * counts scaled by it in Line.getAscenderHeight. The renderer still draws each inline from its
 * own ascender, so its baseline meets the line's.
 */
type Inline = { font: { ascender: number }; fontSize: number; ascentScale?: number };
type Proto = Record<string, unknown> & { __briefkitLineAscent?: boolean };

/** The line's ascender height, each inline's ascender scaled by its `ascentScale`. */
export function ascenderHeight(inlines: Inline[]): number {
  let y = 0;
  for (const i of inlines) y = Math.max(y, (i.font.ascender / 1000) * i.fontSize * (i.ascentScale ?? 1));
  return y;
}

export function installLineAscent(pdfmakeRequire: NodeJS.Require): void {
  const proto = (pdfmakeRequire('./Line.js') as { default: { prototype: Proto } }).default.prototype;
  if (proto.__briefkitLineAscent) return;
  if (typeof proto.getAscenderHeight !== 'function') throw new Error('pdfmake Line.getAscenderHeight is gone: src/pdf/engine/line-ascent.ts needs updating');
  proto.getAscenderHeight = function (this: { inlines: Inline[] }) {
    return ascenderHeight(this.inlines);
  };
  proto.__briefkitLineAscent = true;
}
