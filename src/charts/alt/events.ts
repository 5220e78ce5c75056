/**
 * A timeline or a scatter of categories (events on a date axis, one row per group): how many
 * events each group has, how they are marked, and the first and last events with their dates.
 */
import { count, fill, list, sayAt, sayPosition, wordsOf, type AltStyle, type DatePrecision } from './words.js';

export interface Event {
  at: Date | number | string;
  group: string;
  kind?: string;
  name?: string;
}

const counts = (values: string[], item: string) => {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([k, n]) => fill(item, { name: k, value: n }));
};

export function describeEvents(events: Event[], o: { groupNoun: string; kindNoun: string; precision: DatePrecision | undefined; style: AltStyle }): string {
  const w = wordsOf(o.style);
  const sorted = [...events].sort((a, b) => Number(a.at instanceof Date ? a.at.getTime() : a.at) - Number(b.at instanceof Date ? b.at.getTime() : b.at));
  // an event dated to the first of a month may be dated to the month only ("2012-02"): said as the month
  const own = (e: Event) => (o.precision === 'day' && e.at instanceof Date && e.at.getUTCDate() === 1 ? 'month' : o.precision);
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  const sep = w.clause;
  const parts = [count(w.events, events.length, { a: sayAt(first.at, o.style, own(first)), b: sayAt(last.at, o.style, own(last)) })];
  parts.push(fill(w.byGroup, { noun: o.groupNoun, list: list(counts(sorted.map((e) => e.group), w.item), o.style) }));
  const kinds = sorted.map((e) => e.kind).filter((k): k is string => !!k);
  if (kinds.length) parts.push(fill(w.byGroup, { noun: o.kindNoun, list: list(counts(kinds, w.item), o.style) }));
  const say = (e: Event) => fill(w.event, { group: e.group, name: e.name ? `${w.listSeparator}${e.name.replace(/[.。]$/, '')}` : '', at: sayPosition(e.at, o.style, own(e)) });
  return `${parts.join(sep)}${w.stop}${fill(w.firstLast, { first: say(first), last: say(last) })}`;
}
