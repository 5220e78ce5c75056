/**
 * "Did you mean …?": the known name closest to a misspelt one, by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbours, case ignored), when it is close enough
 * to be the likely intent: at most one edit for names of up to four letters, two up to eight,
 * three beyond.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const a = name.toLowerCase();
  const limit = a.length <= 4 ? 1 : a.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of known) {
    const d = distance(a, k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}

/** ` Did you mean "x"?` for messages, or '' when no known name is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const c = closest(name, known);
  return c !== undefined && c !== name ? ` Did you mean "${c}"?` : '';
}

/** Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
