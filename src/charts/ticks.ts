/**
 * Axis labels with the fewest decimals that tell the ticks apart. A spec's tick format often
 * fixes its decimals ("2.0M", "8.0M" from a '.1f' label expression): when every decimal number
 * among one axis's labels ends in 0, that last 0 is needless (the ticks differ without it) and is
 * dropped from all of them alike, repeatedly, so the labels of an axis keep one precision.
 */
type SceneItem = { text?: unknown; items?: SceneMark[] };
type SceneMark = { marktype: string; role?: string; items: SceneItem[] };

/** A number's decimals after the locale's decimal mark ("." in English, "," in German: "1.000,0" has one, not three). */
const decimalsAfter = (mark: string) => new RegExp(`(\\d)${mark.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)(?!\\d)`, 'g');

/** Trims the shared trailing zeros of one axis's labels, in place; returns how many labels changed. */
export function trimTickLabels(labels: { text?: unknown }[], decimalMark = '.'): number {
  const DECIMAL = decimalsAfter(decimalMark);
  const texts = labels.map((l) => (typeof l.text === 'string' ? l.text : undefined));
  const decimals = texts.flatMap((t) => (t === undefined ? [] : [...t.matchAll(DECIMAL)].map((m) => m[2]!)));
  if (decimals.length === 0) return 0;
  let drop = 0;
  const places = Math.min(...decimals.map((d) => d.length));
  if (decimals.some((d) => d.length !== places)) return 0; // mixed precision: leave the spec's choice
  while (drop < places && decimals.every((d) => d[places - 1 - drop] === '0')) drop++;
  if (drop === 0) return 0;
  let n = 0;
  for (const [i, l] of labels.entries()) {
    const t = texts[i];
    if (t === undefined) continue;
    const trimmed = t.replace(DECIMAL, (_, int: string, frac: string) => (drop === frac.length ? int : `${int}${decimalMark}${frac.slice(0, frac.length - drop)}`));
    if (trimmed !== t) {
      l.text = trimmed;
      n++;
    }
  }
  return n;
}

/** Applies trimTickLabels to every axis of the scenegraph; returns how many labels changed. */
export function trimAxisLabels(root: { items: SceneItem[] }, decimalMark = '.'): number {
  let n = 0;
  const visit = (items: SceneItem[]) => {
    for (const it of items)
      for (const m of it.items ?? []) {
        if (m.marktype === 'text' && m.role === 'axis-label') n += trimTickLabels(m.items, decimalMark);
        else visit(m.items);
      }
  };
  visit(root.items);
  return n;
}
