/**
 * The font fallback chain (theme.fonts): every character is set in the first font of the chain
 * that has a glyph for it — the body font, the profile's own fallbacks, then the bundled Chinese,
 * Arabic and emoji fonts — so any character a font in the chain has prints, as real text.
 *
 * `fontRuns` splits a text into runs by font; `applyFontChain` does it for every string of a
 * pdfmake document (cover, headings, captions, tables, notes, running header and footer), the
 * way polishTree (src/layout/typography.ts) sets quotes. Chart text goes through the same runs
 * (src/charts/render.ts). A character no font has is left in the run before it: the build has
 * refused it already (BK307).
 *
 * Right to left: fontkit (pdfkit's font engine) shapes an Arabic run (joined forms) and orders
 * its glyphs right to left; a run in a right-to-left font is kept whole on its line (noWrap) and
 * laid out as one (empty fontFeatures: pdfkit's word-by-word layout would put its words in
 * left-to-right order), and the spaces at its ends go to the runs beside it. A whole
 * paragraph in Arabic is not reordered by the Unicode bidi algorithm (see docs/guide/languages.md).
 */
import { CJK_FONT, CJK_LEADING, RTL_FONTS } from './theme.js';

/** Whether `family` has a glyph for the code point. */
export type Covers = (family: string, codePoint: number) => boolean;

export interface FontRun {
  text: string;
  font: string;
}

/** Characters that draw nothing and need no glyph (joiners, variation selectors): they go with the character before them. */
const IGNORABLE = /[\u200b-\u200f\u2060\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
/**
 * Word spaces every font has, decided by the runs around them. Other spaces (the narrow no-break
 * space of French quotation marks, U+202F, which Roboto lacks) need a glyph like any character.
 */
const SPACE = /[ \t\n\r\u00a0]/;
/** Marks that combine with the character before them. */
const MARK = /\p{M}/u;

/** The font of the chain that sets `c`: the first that has it, else undefined. */
function fontOf(c: string, chain: readonly string[], covers: Covers): string | undefined {
  const cp = c.codePointAt(0)!;
  return chain.find((f) => covers(f, cp));
}

/**
 * Whether `text` is one run in `font`: every character a space, a mark or one the font has, and
 * none of the ignorable ones (which a font may lack, and which are then dropped).
 */
function allInFont(text: string, font: string, covers: Covers): boolean {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (cp === 0x20) continue;
    if (cp > 0x20 && cp < 0x7f) {
      if (!covers(font, cp)) return false;
      continue;
    }
    const c = String.fromCodePoint(cp);
    if (IGNORABLE.test(c)) return false;
    if (SPACE.test(c) || MARK.test(c)) continue;
    if (!covers(font, cp)) return false;
  }
  return true;
}

/**
 * `text` in runs of one font each, by the chain (its first font is the text's own). Spaces stay
 * in the run they are inside; between two fonts they are set in the text's own font (an emoji
 * font's space is wide, and a right-to-left run must not carry one at its ends). A run whose
 * font lacks a joiner or variation selector drops it (it would print as a box).
 */
export function fontRuns(text: string, chain: readonly string[], covers: Covers): FontRun[] {
  const first = chain[0]!;
  // the common case, without a string per character: all of it in the text's own font
  if (text && allInFont(text, first, covers)) return [{ text, font: first }];
  const chars = [...text];
  // the font of each character that needs one (spaces, marks and joiners are decided after)
  const fonts = chars.map((c) => (SPACE.test(c) || MARK.test(c) || IGNORABLE.test(c) ? undefined : fontOf(c, chain, covers) ?? null));
  const runs: FontRun[] = [];
  let current: string | undefined;
  let pending = '';
  const push = (s: string, font: string) => {
    const last = runs.at(-1);
    if (last && last.font === font) last.text += s;
    else runs.push({ text: s, font });
  };
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const f = fonts[i];
    if (f === undefined) {
      if (SPACE.test(c)) pending += c;
      else if (current === undefined || !IGNORABLE.test(c) || covers(current, c.codePointAt(0)!)) {
        // a mark or joiner stays with its character
        if (pending) (push(pending, current ?? first), (pending = ''));
        push(c, current ?? first);
      }
      continue;
    }
    const font = f ?? current ?? first;
    if (pending) {
      // spaces between two runs: with the run before unless it reads right to left
      push(pending, current === undefined || current === font ? font : first);
      pending = '';
    }
    push(c, font);
    current = font;
  }
  if (pending) push(pending, first);
  return runs;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Inherited {
  font: string;
  lineHeight?: number;
}

/** A run as a pdfmake inline: the Chinese font with the body's leading (CJK_LEADING), a right-to-left run kept whole. */
function inline(run: FontRun, own: string, inherited: Inherited): Obj {
  if (run.font === own) return { text: run.text };
  return {
    text: run.text,
    font: run.font,
    ...(run.font === CJK_FONT ? { ascentScale: CJK_LEADING, ...(inherited.lineHeight ? { lineHeight: inherited.lineHeight * CJK_LEADING } : {}) } : {}),
    // kept whole on its line, and laid out as one run: pdfkit lays out a text word by word
    // unless it is given font features, so the words of a right-to-left run would come out in
    // left-to-right order (fontkit then shapes and orders the whole run, right to left)
    ...(RTL_FONTS.has(run.font) ? { noWrap: true, fontFeatures: [] } : {}),
  };
}

/** The chain for text whose own font is `own`: that font first, then the theme's chain. */
const chainFor = (own: string, chain: readonly string[]) => [own, ...chain.filter((f) => f !== own)];

/** Runs of `text` when it needs more than its own font, else undefined. */
function split(text: string, own: string, chain: readonly string[], covers: Covers): FontRun[] | undefined {
  if (!text) return undefined;
  const runs = fontRuns(text, chainFor(own, chain), covers);
  return runs.length === 1 && runs[0]!.font === own && runs[0]!.text === text ? undefined : runs;
}

/**
 * Sets every string of a pdfmake node tree in the fonts of the chain, in place (node identity,
 * which layout hooks key on, is kept): a string that needs a fallback font becomes inlines.
 * Skips SVG, canvas, images and page references (a chart's text is done in src/charts/render.ts).
 */
export function applyFontChain(node: unknown, chain: readonly string[], covers: Covers, inherited: Inherited): void {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const c = node[i];
      if (typeof c === 'string') {
        const runs = split(c, inherited.font, chain, covers);
        if (runs) node[i] = { text: runs.map((r) => inline(r, inherited.font, inherited)) };
      } else applyFontChain(c, chain, covers, inherited);
    }
    return;
  }
  if (!isObj(node)) return;
  if (node.svg || node.canvas || node.image || node.pageReference !== undefined) return;
  const own: Inherited = {
    font: typeof node.font === 'string' ? node.font : inherited.font,
    ...(typeof node.lineHeight === 'number' ? { lineHeight: node.lineHeight } : inherited.lineHeight !== undefined ? { lineHeight: inherited.lineHeight } : {}),
  };
  if (typeof node.text === 'string') {
    const runs = split(node.text, own.font, chain, covers);
    if (runs) {
      // one run in another font: the node takes that font; several: inlines
      if (runs.length === 1) Object.assign(node, inline(runs[0]!, own.font, own));
      else node.text = runs.map((r) => inline(r, own.font, own));
    }
  } else if (Array.isArray(node.text)) {
    // inline runs: a string among them becomes as many inlines as it has runs
    const out: unknown[] = [];
    for (const c of node.text) {
      if (typeof c === 'string') {
        const runs = split(c, own.font, chain, covers);
        out.push(...(runs ? runs.map((r) => inline(r, own.font, own)) : [c]));
      } else {
        applyFontChain(c, chain, covers, own);
        out.push(c);
      }
    }
    node.text = out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'text') continue;
    if (typeof v === 'object' && v !== null) applyFontChain(v, chain, covers, own);
  }
}

/** Characters of `text` that no font of the chain has (spaces, marks and joiners need none), each once. */
export function uncovered(text: string, chain: readonly string[], covers: Covers): string[] {
  return [...new Set([...text])].filter((c) => !SPACE.test(c) && !MARK.test(c) && !IGNORABLE.test(c) && fontOf(c, chain, covers) === undefined);
}
