/**
 * Calendar dates as written in data: ISO forms, in the years 1000–9999 only (Date reads the years
 * 0–99 as 1900–1999: 0099-06-30 would print "30 June 1999"), the day checked with date-fns's
 * isExists (no rollover of 2019-02-30 into March).
 */
import { isExists } from 'date-fns';

/** The years a date may name. Before 1000 or after 9999 a date is refused (BK044), never remapped. */
export const MIN_YEAR = 1000;
export const MAX_YEAR = 9999;

/** YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists, in the years 1000–9999. */
export function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (Number(y) < MIN_YEAR) return false;
  if (mo === undefined) return true;
  if (Number(mo) < 1 || Number(mo) > 12) return false;
  // the year is 1000 or later here, where date-fns (and Date) read it as written
  return d === undefined || isExists(Number(y), Number(mo) - 1, Number(d));
}

/**
 * The year of a date-like string written with a year outside 1000–9999 ("0001-01-01", "99-06-30",
 * "12024-01-01", "-0044-03-15"), else undefined: such a date is refused with its own message.
 */
export function yearOutOfRange(s: string): string | undefined {
  const m = /^([+-]?\d+)(?:-\d{1,2}(?:-\d{1,2})?)?$/.exec(s);
  if (!m) return undefined;
  const y = m[1]!;
  return /^\d{4}$/.test(y) && Number(y) >= MIN_YEAR ? undefined : y;
}
