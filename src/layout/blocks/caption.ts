/** Captions and source lines shared by figures and tables. */
import { anchor, type LayoutContext, type Node } from '../types.js';

export function caption(id: string, label: string, text: string, list: 'figures' | 'tables', ctx: LayoutContext): Node {
  const t = ctx.theme;
  ctx.toc.push({ id, label, title: text, level: 0, list });
  return anchor(ctx, id, {
    role: 'Caption',
    text: [{ text: label + '\u2003', bold: true, color: t.palette.accent }, { text }],
    fontSize: t.scale.caption + 0.5,
    margin: [0, 0, 0, 4],
  });
}

/** 1, 2, 3, 5, 7, 8, 9 → "1–3, 5, 7–9". */
export function ranges(nums: number[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && n === last.to + 1) last.to = n;
    else out.push({ from: n, to: n });
  }
  return out;
}

/**
 * Note calls as compressed ranges ("1–4, 7, 25"), each end a link to its note; `sup` for calls
 * in running text. A pair stays two numbers ("3, 4"). A call never breaks inside (after its
 * en dash or a comma), and a superscript call stays with the word before it
 * (src/pdf/engine/line-breaks.ts); a list of notes set with a spaced separator may break at
 * its spaces.
 */
export function noteRefs(nums: (number | string)[], ctx: LayoutContext, style: Node = {}, sep = ', '): Node[] {
  const sorted = [...new Set(nums.map(Number))].filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
  const link = (n: number): Node => ({ text: String(n), linkToDestination: `note-${n}`, color: ctx.theme.palette.accent, ...style });
  const parts = ranges(sorted).flatMap((r, i) => [
    ...(i > 0 ? [{ text: sep, ...style }] : []),
    link(r.from),
    ...(r.to > r.from ? [{ text: r.to === r.from + 1 ? sep : '\u2013', ...style }, link(r.to)] : []),
  ]);
  return parts.map((p, i) => {
    const free = i === 0 ? !style.sup : /\s$/.test(String(parts[i - 1]!.text));
    return free ? p : { ...p, lineBreakBefore: 'never' };
  });
}

/** "Source: CNIPA; Lexology; WIPO (notes 3–5, 9)." built from the sources behind the data. */
export function sourceLine(sourceIds: string[], ctx: LayoutContext, note?: string): Node {
  const t = ctx.theme;
  const publishers: string[] = [];
  for (const id of sourceIds) {
    const p = ctx.data.sources.get(id)?.publisher;
    if (p && !publishers.includes(p)) publishers.push(p);
  }
  const nums = [...new Set(sourceIds.map((id) => ctx.model.notes.number(id)))].sort((a, b) => a - b);
  return {
    text: [
      { text: publishers.length > 1 ? 'Sources: ' : 'Source: ', bold: true },
      { text: publishers.join('; ') + ` (note${nums.length > 1 ? 's' : ''} ` },
      ...noteRefs(nums, ctx),
      { text: ').' },
      ...(note ? [{ text: ' ' + note }] : []),
    ],
    fontSize: t.scale.small,
    color: t.palette.muted,
    margin: [0, 3, 0, 0],
  };
}
