/** Captions and source lines shared by figures and tables. */
import { anchor, type LayoutContext, type Node } from '../types.js';
import { fill, labelsFor, profileLabels, type Labels } from '../../i18n/index.js';

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

/** Most lines a source line may take: the rest of its sources are counted, and named in the notes. */
export const SOURCE_LINES = 2;


/**
 * The publishers a source line names: as many as `fits` allows (it measures the named ones with
 * "and N others"), at least one. Every source keeps its note call, so the notes still list each.
 * `sure` (optional) decides a candidate without measuring it, when it can (true: fits; false:
 * does not; undefined: measure): a long list would otherwise shape one long line per candidate.
 */
export function namedPublishers(
  publishers: string[],
  fits: (text: string) => boolean,
  words: Labels = labelsFor('en'),
  sure?: (named: number, others: number) => boolean | undefined,
): { named: string[]; others: number } {
  for (let k = publishers.length; k > 1; k--) {
    const others = publishers.length - k;
    const known = sure?.(k, others);
    if (known === false) continue;
    if (known === true || fits(publishers.slice(0, k).join('; ') + (others ? ` ${andOthers(others, words)}` : ''))) return { named: publishers.slice(0, k), others };
  }
  return { named: publishers.slice(0, 1), others: Math.max(0, publishers.length - 1) };
}

/**
 * How far the width of joined text may stray from the sum of its parts' widths, per join, in em:
 * kerning and shaping across a join (measured on Roboto and Noto Sans SC with every pair of the
 * examples' publishers: at most 0.026 em) and a separator set in the neighbouring run's font.
 */
export const JOIN_SLACK_EM = 0.25;

/**
 * `sure` for namedPublishers: a candidate's width estimated from its parts' (each measured once),
 * decided when it is further from `room` than the joins' slack (JOIN_SLACK_EM), so only the few
 * candidates near the limit are measured whole, as before; the choice is the same.
 */
export function estimatedFit(publishers: string[], measure: (text: string) => number, tail: (others: number) => string, room: number, em: number): (named: number, others: number) => boolean | undefined {
  const sums = [0];
  for (const p of publishers) sums.push(sums.at(-1)! + measure(p));
  const sep = measure('; ');
  return (k, others) => {
    const end = tail(others);
    const estimate = sums[k]! + (k - 1) * sep + measure(end);
    const slack = (2 * k + 1) * JOIN_SLACK_EM * em;
    return estimate - slack > room ? false : estimate + slack <= room ? true : undefined;
  };
}

const andOthers = (n: number, words: Labels) => fill(n > 1 ? words.andOthers : words.andOther, { n });

/**
 * "Source: CNIPA; Lexology; WIPO (notes 3–5, 9)." built from the sources behind the data; when
 * the publishers would take more than SOURCE_LINES lines, the first few and "and N others". A
 * table's `note` goes on its own line below ("Note: …").
 */
export function sourceLine(sourceIds: string[], ctx: LayoutContext, note?: string): Node {
  const t = ctx.theme;
  const words = profileLabels(ctx.profile);
  const publishers: string[] = [];
  for (const id of sourceIds) {
    const p = ctx.data.sources.get(id)?.publisher;
    if (p && !publishers.includes(p)) publishers.push(p);
  }
  const nums = [...new Set(sourceIds.map((id) => ctx.model.notes.number(id)))].sort((a, b) => a - b);
  const notes = nums.length > 1 ? words.noteCalls : words.noteCall;
  const calls = ` (${notes} ` + ranges(nums).map((r) => (r.to === r.from ? `${r.from}` : r.to === r.from + 1 ? `${r.from}, ${r.to}` : `${r.from}\u2013${r.to}`)).join(', ') + ').';
  const label = `${publishers.length > 1 ? words.sources : words.source}${words.colon}`;
  // measured in the source line's size, with a long word's slack (8 em) per line for where the lines break
  const room = SOURCE_LINES * (t.contentWidth - 8 * t.scale.small);
  const labelWidth = ctx.measure(label, t.scale.small, true);
  const width = (s: string) => ctx.measure(s, t.scale.small);
  const tail = (others: number) => (others ? ` ${andOthers(others, words)}` : '') + calls;
  const sure = estimatedFit(publishers, width, tail, room - labelWidth, t.scale.small);
  const { named, others } = namedPublishers(publishers, (s) => labelWidth + width(s + calls) <= room, words, sure);
  const style = { fontSize: t.scale.small, color: t.palette.muted };
  const source = [{ text: label, bold: true }, { text: named.join('; ') + (others ? ` ${andOthers(others, words)}` : '') + ` (${notes} ` }, ...noteRefs(nums, ctx), { text: ').' }];
  if (!publishers.length && note) return { text: [{ text: words.note + words.colon, bold: true }, { text: note }], ...style, margin: [0, 3, 0, 0] };
  if (!note) return { text: source, ...style, margin: [0, 3, 0, 0] };
  return { stack: [{ text: source }, { text: [{ text: words.note + words.colon, bold: true }, { text: note }], margin: [0, 1, 0, 0] }], ...style, margin: [0, 3, 0, 0] };
}
