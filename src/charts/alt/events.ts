/**
 * A timeline or a scatter of categories (events on a date axis, one row per group): how many
 * events each group has, how they are marked, and the first and last events with their dates.
 */
import { inOn, list, sayAt, type AltStyle, type DatePrecision } from './words.js';

export interface Event {
  at: Date | number | string;
  group: string;
  kind?: string;
  name?: string;
}

const counts = (values: string[]) => {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([k, n]) => `${k} ${n}`);
};

export function describeEvents(events: Event[], o: { groupNoun: string; kindNoun: string; precision: DatePrecision | undefined; style: AltStyle }): string {
  const sorted = [...events].sort((a, b) => Number(a.at instanceof Date ? a.at.getTime() : a.at) - Number(b.at instanceof Date ? b.at.getTime() : b.at));
  // an event dated to the first of a month may be dated to the month only ("2012-02"): said as the month
  const own = (e: Event) => (o.precision === 'day' && e.at instanceof Date && e.at.getUTCDate() === 1 ? 'month' : o.precision);
  const when = (e: Event) => `${inOn(own(e))} ${sayAt(e.at, o.style, own(e))}`;
  const first = sorted[0]!;
  const last = sorted.at(-1)!;
  const parts = [`${events.length} ${events.length === 1 ? 'event' : 'events'} from ${sayAt(first.at, o.style, own(first))} to ${sayAt(last.at, o.style, own(last))}`];
  parts.push(`by ${o.groupNoun}: ${list(counts(sorted.map((e) => e.group)))}`);
  const kinds = sorted.map((e) => e.kind).filter((k): k is string => !!k);
  if (kinds.length) parts.push(`by ${o.kindNoun}: ${list(counts(kinds))}`);
  const say = (e: Event) => `${e.group}${e.name ? `, ${e.name.replace(/\.$/, '')}` : ''} (${when(e)})`;
  return `${parts.join('; ')}. The first is ${say(first)}; the last, ${say(last)}`;
}
