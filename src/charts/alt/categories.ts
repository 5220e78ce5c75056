/**
 * Values by category (bars by country, a pie's slices): every category with its value, largest
 * first, while the list is short enough to hear; beyond that the extremes. Stacked or grouped bars
 * are said by component, one category at a time; a normalised stack in shares of its bar.
 */
import { fill, list, sayNumber, sayPercent, wordsOf, type AltStyle } from './words.js';

/** Categories said one by one up to this many; more are summarised by their extremes. */
export const MAX_LISTED = 12;

export function describeCategories(values: [string, number][], style: AltStyle, shares = false): string {
  const total = values.reduce((s, [, v]) => s + v, 0);
  const say = (v: number) => (shares && total > 0 ? sayPercent(v / total, style) : sayNumber(v, style));
  const w = wordsOf(style);
  const sorted = [...values].sort((a, b) => b[1] - a[1]);
  if (sorted.length <= MAX_LISTED) return list(sorted.map(([k, v]) => fill(w.item, { name: k, value: say(v) })), style);
  const top = sorted[0]!;
  const bottom = sorted.at(-1)!;
  return fill(w.manyCategories, { n: sorted.length, a: top[0], av: say(top[1]), b: bottom[0], bv: say(bottom[1]) });
}

/** Each category's parts, in the order of the stack: "Reykjavík: Daylight 49%, Civil twilight 8% and Darkness 43%". */
export function describeStacks(groups: Map<string, Map<string, number>>, parts: string[], style: AltStyle, normalize: boolean): string {
  const w = wordsOf(style);
  const sentences: string[] = [];
  for (const [cat, byPart] of groups) {
    const total = [...byPart.values()].reduce((s, v) => s + v, 0);
    const items = parts.filter((p) => byPart.has(p)).map((p) => fill(w.item, { name: p, value: normalize && total > 0 ? sayPercent(byPart.get(p)! / total, style) : sayNumber(byPart.get(p)!, style) }));
    sentences.push(fill(w.stack, { category: cat, parts: list(items, style) }) + (!normalize && items.length > 1 ? fill(w.total, { v: sayNumber(total, style) }) : ''));
  }
  return sentences.join(w.clause);
}
