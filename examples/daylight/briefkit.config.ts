/**
 * The daylight example's datasets. Every number in them is computed by scripts/generate.mjs
 * from the NOAA solar position equations and the GeoNames coordinates of five cities (rows
 * marked `derived`), except the coordinates themselves, the constants of the method and the
 * dates of the 2025 equinoxes and solstices, which are as their sources state them.
 */
import { dataset, defineConfig, derived, events, isoDate, monthlySeries, namedFigures, provenance, z } from 'briefkit';

/** From north to south; the order of legends and tables. */
export const cities = ['Reykjavík', 'Oslo', 'London', 'Madrid', 'Singapore'] as const;
const city = z.enum(cities);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time written HH:MM (the city’s local time)');

export default defineConfig({
  sources: 'sources.json',
  datasets: {
    cities: dataset({
      file: 'cities.json',
      row: {
        city,
        country: z.string().min(1),
        geonamesId: z.number().int().positive(),
        lat: z.number().min(-66.5).max(66.5),
        lon: z.number().min(-180).max(180),
        ...provenance,
      },
      key: ['city'],
    }),
    clocks: dataset({
      file: 'clocks.json',
      row: { city, timeZone: z.string().min(1), utcOffset: z.number().min(-12).max(14), summerTime: z.boolean(), ...provenance },
      key: ['city'],
    }),
    // The method's table: coordinates with each city's standard time.
    'city-table': derived({ from: 'cities', steps: [{ join: 'clocks', on: 'city', fields: ['utcOffset'] }] }),
    method: namedFigures({ file: 'method.json' }),
    seasons: events({ file: 'seasons.csv', key: ['date'] }),
    'day-length-monthly': monthlySeries({ file: 'day-length-monthly.json', by: { city }, value: z.number().min(0).max(24) }),
    'light-shares': dataset({
      file: 'light-shares.json',
      row: { city, category: z.enum(['Daylight', 'Civil twilight', 'Darkness']), share: z.number().min(0).max(100), ...provenance },
      key: ['city', 'category'],
    }),
    highlights: namedFigures({ file: 'highlights.json', fields: { date: isoDate.optional() } }),
    daily: dataset({
      file: 'daily.csv',
      row: { date: isoDate, city, rise: hhmm, set: hhmm, hours: z.number().min(0).max(24), ...provenance },
      key: ['date', 'city'],
    }),
    // Sunrise and sunset, local time, on the days of the 2025 equinoxes and solstices.
    'season-days': derived({
      from: 'daily',
      where: { date: ['2025-03-20', '2025-06-21', '2025-09-22', '2025-12-21'] },
      sort: ['date'],
    }),
    // The appendix: one row per date, one column of day length (hours) per city.
    'daily-hours': derived({
      from: 'daily',
      title: 'Day length by date and city',
      steps: [{ pivot: 'city', value: 'hours', groupBy: ['date'] }],
    }),
  },
});
