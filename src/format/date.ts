/** Calendar dates as written in data: ISO forms, checked without Date's rollover (date-fns's isExists). */
import { isExists } from 'date-fns';

/** YYYY, YYYY-MM or YYYY-MM-DD naming a day that exists. */
export function isRealIsoDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d] = m;
  if (mo === undefined) return true;
  if (Number(mo) < 1 || Number(mo) > 12) return false;
  return d === undefined || isExists(Number(y), Number(mo) - 1, Number(d));
}
