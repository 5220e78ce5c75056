/**
 * Series over an ordered dimension (years, dates, a numeric x): each series named, with its range,
 * its trend and the extremes that are not at its ends. A measure whose smaller values are better
 * (a rank on a reversed scale) is described in its direction: "improved", "its best".
 */
import { fill, list, sayPosition, sayNumber, wordsOf, type AltStyle, type DatePrecision } from './words.js';

export type Point = [at: unknown, value: number];

export interface SeriesWords {
  /** The measure, said before the verb when there is one series ("invention patents rose …"). */
  measure: string;
  lowerBetter: boolean;
  precision: DatePrecision | undefined;
  style: AltStyle;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

export const sortPoints = (points: Point[]) => [...points].sort((a, b) => compare(a[0], b[0]));

/** One series: "A rose from 1 in 2020 to 2 in 2021, each value higher than the one before". */
export function describeSeries(points: Point[], w: SeriesWords, name?: string): string {
  const t = wordsOf(w.style);
  const at = (p: Point) => sayPosition(p[0], w.style, w.precision);
  const val = (p: Point) => sayNumber(p[1], w.style);
  const who = [name, name ? '' : w.measure].filter(Boolean).join(' ');
  const subject = who ? `${who} ` : '';
  const first = points[0]!;
  const last = points[points.length - 1]!;
  // a position that is neither a date nor a year ("Target 2025") is said in brackets
  if (points.length === 1) return typeof first[0] === 'string' && !/^\d{4}$/.test(first[0]) ? fill(t.singleNamed, { subject, a: val(first), at: first[0] }) : fill(t.single, { subject, a: val(first), at: at(first) });
  let up = true;
  let down = true;
  for (let i = 1; i < points.length; i++) {
    if (!(points[i]![1] > points[i - 1]![1])) up = false;
    if (!(points[i]![1] < points[i - 1]![1])) down = false;
  }
  const max = points.reduce((a, b) => (b[1] > a[1] ? b : a));
  const min = points.reduce((a, b) => (b[1] < a[1] ? b : a));
  const better = w.lowerBetter ? last[1] < first[1] : last[1] > first[1];
  const same = last[1] === first[1];
  const verb = w.lowerBetter ? (better ? t.improved : t.worsened) : better ? t.rose : t.fell;
  let s = same ? fill(t.same, { subject, at: at(first), bt: at(last), a: val(first) }) : fill(t.change, { subject, verb, a: val(first), at: at(first), b: val(last), bt: at(last) });
  if ((up || down) && points.length > 2) s += w.lowerBetter ? (down ? t.eachBetter : t.eachWorse) : up ? t.eachHigher : t.eachLower;
  else {
    const extremes: string[] = [];
    const [top, bottom] = w.lowerBetter ? [min, max] : [max, min];
    const [topWord, bottomWord] = w.lowerBetter ? [t.best, t.worst] : [t.peak, t.low];
    // an extreme is said when no end of the series reaches it
    if (top[1] !== first[1] && top[1] !== last[1]) extremes.push(fill(topWord, { v: val(top), at: at(top) }));
    if (bottom[1] !== first[1] && bottom[1] !== last[1]) extremes.push(fill(bottomWord, { v: val(bottom), at: at(bottom) }));
    if (extremes.length) s += fill(t.withExtremes, { list: list(extremes, w.style) });
  }
  if (w.lowerBetter) s += t.lowerIsBetter;
  return s;
}
