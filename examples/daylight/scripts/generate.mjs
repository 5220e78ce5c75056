#!/usr/bin/env node
/**
 * Writes the daylight example's data files from the NOAA solar position equations.
 *
 *   node examples/daylight/scripts/generate.mjs [OUT_DIR]     (default: the example's data/)
 *
 * Source of the equations: NOAA Global Monitoring Laboratory, "General Solar Position
 * Calculations", https://gml.noaa.gov/grad/solcalc/solareqns.PDF — fractional year, equation of
 * time, solar declination, and the hour angle at sunrise/sunset for a zenith of 90.833° (the
 * sun's upper limb on a flat horizon with standard refraction) and at the end of civil twilight
 * for a zenith of 96° (sun 6° below the horizon).
 *
 * Plain Node, no dependencies, no clock, no randomness: the same script writes the same bytes.
 * The sun's position is evaluated once per day, at the city's local mean noon (12:00 minus the
 * longitude in hours, UTC), and held for that day's sunrise, sunset and twilight.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'data'));

/**
 * City coordinates (decimal degrees, north and east positive) as GeoNames lists them, and each
 * city's clock as the IANA time zone database states it for 2020–2025: the standard offset from
 * UTC in hours, and whether the city keeps European summer time (one hour ahead from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October). Fixed in the script, so
 * the machine's own time zone never matters.
 */
const CITIES = [
  { city: 'Reykjavík', slug: 'reykjavik', country: 'Iceland', geonamesId: 3413829, lat: 64.13548, lon: -21.89541, timeZone: 'Atlantic/Reykjavik', utcOffset: 0, summerTime: false },
  { city: 'Oslo', slug: 'oslo', country: 'Norway', geonamesId: 3143244, lat: 59.91273, lon: 10.74609, timeZone: 'Europe/Oslo', utcOffset: 1, summerTime: true },
  { city: 'London', slug: 'london', country: 'United Kingdom', geonamesId: 2643743, lat: 51.50853, lon: -0.12574, timeZone: 'Europe/London', utcOffset: 0, summerTime: true },
  { city: 'Madrid', slug: 'madrid', country: 'Spain', geonamesId: 3117735, lat: 40.4165, lon: -3.70256, timeZone: 'Europe/Madrid', utcOffset: 1, summerTime: true },
  { city: 'Singapore', slug: 'singapore', country: 'Singapore', geonamesId: 1880252, lat: 1.28967, lon: 103.85007, timeZone: 'Asia/Singapore', utcOffset: 8, summerTime: false },
];

const ZENITH_SUNRISE = 90.833;
const ZENITH_CIVIL = 96;
const DAILY_FROM = 2020; // daily table: 1 January DAILY_FROM … 31 December YEAR
const YEAR = 2025; // monthly means, shares and highlights

/**
 * The 2025 equinoxes and solstices as the US Naval Observatory times them (UTC). They are
 * inputs, not computed: the prose compares the computed days with them.
 */
const SEASONS = [
  { date: '2025-03-20', time: '09:01', event: 'March equinox' },
  { date: '2025-06-21', time: '02:42', event: 'June solstice' },
  { date: '2025-09-22', time: '18:19', event: 'September equinox' },
  { date: '2025-12-21', time: '15:03', event: 'December solstice' },
];

const SRC = ['noaa-solar', 'geonames'];
const rad = (d) => (d * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;
const isLeap = (y) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const pad = (n) => String(n).padStart(2, '0');
const round2 = (x) => Math.round(x * 100) / 100;

/** The NOAA equations for one day (day of year `doy`, 1-based) at hour `hour` UTC. */
function sun(year, doy, hour) {
  const g = ((2 * Math.PI) / (isLeap(year) ? 366 : 365)) * (doy - 1 + (hour - 12) / 24);
  const eqtime = 229.18 * (0.000075 + 0.001868 * Math.cos(g) - 0.032077 * Math.sin(g) - 0.014615 * Math.cos(2 * g) - 0.040849 * Math.sin(2 * g));
  const decl =
    0.006918 - 0.399912 * Math.cos(g) + 0.070257 * Math.sin(g) - 0.006758 * Math.cos(2 * g) + 0.000907 * Math.sin(2 * g) - 0.002697 * Math.cos(3 * g) + 0.00148 * Math.sin(3 * g);
  return { eqtime, decl };
}

/** Hour angle (degrees) where the sun's centre reaches `zenith`; 0 if it never rises that high, 180 if it never sinks that low. */
function hourAngle(latDeg, decl, zenith) {
  const lat = rad(latDeg);
  const c = Math.cos(rad(zenith)) / (Math.cos(lat) * Math.cos(decl)) - Math.tan(lat) * Math.tan(decl);
  if (c >= 1) return 0;
  if (c <= -1) return 180;
  return deg(Math.acos(c));
}

/** One day at one city: sunrise and sunset in minutes UTC (unwrapped), day and civil-light minutes. */
function day(c, year, doy) {
  const { eqtime, decl } = sun(year, doy, 12 - c.lon / 15);
  const ha = hourAngle(c.lat, decl, ZENITH_SUNRISE);
  const haCivil = hourAngle(c.lat, decl, ZENITH_CIVIL);
  return {
    decl,
    rise: 720 - 4 * (c.lon + ha) - eqtime,
    set: 720 - 4 * (c.lon - ha) - eqtime,
    daylight: 8 * ha, // minutes: 2 × ha degrees × 4 minutes per degree
    civil: 8 * haCivil, // minutes from civil dawn to civil dusk
  };
}

/** Minutes UTC → 'HH:MM' on a 24-hour clock (an event before 00:00 or after 24:00 wraps). */
function hhmm(min) {
  const m = ((Math.round(min) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** Day of the year (1-based) of the last Sunday of `month` (1–12) in `year`. */
function lastSunday(year, month) {
  const last = new Date(Date.UTC(year, month, 0)); // the month's last day
  const d = new Date(Date.UTC(year, month - 1, last.getUTCDate() - last.getUTCDay()));
  return (d.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1;
}

/**
 * The city's offset from UTC in minutes at `min` minutes UTC after the start of day `doy`:
 * its standard offset, plus an hour of European summer time from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October.
 */
function offsetMinutes(c, year, doy, min) {
  if (!c.summerTime) return c.utcOffset * 60;
  const t = (doy - 1) * 1440 + min;
  const from = (lastSunday(year, 3) - 1) * 1440 + 60;
  const to = (lastSunday(year, 10) - 1) * 1440 + 60;
  return c.utcOffset * 60 + (t >= from && t < to ? 60 : 0);
}

/** Minutes UTC of day `doy` → the city's local clock time, 'HH:MM'. */
const local = (c, year, doy, min) => hhmm(min + offsetMinutes(c, year, doy, min));

function* days(year) {
  const n = isLeap(year) ? 366 : 365;
  for (let doy = 1; doy <= n; doy++) {
    const d = new Date(Date.UTC(year, 0, doy));
    yield { doy, date: `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, month: d.getUTCMonth() + 1 };
  }
}

/** Rounds percentages to 2 decimals so that they still add up to exactly 100 (largest remainder). */
function shares100(parts) {
  const total = parts.reduce((a, b) => a + b, 0);
  const raw = parts.map((p) => (p / total) * 10000);
  const floor = raw.map(Math.floor);
  let left = 10000 - floor.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - floor[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) if (left-- > 0) floor[i] += 1;
  return floor.map((f) => f / 100);
}

const json = (v) => JSON.stringify(v, null, 2) + '\n';
const files = {};

// --- cities: coordinates as published ---------------------------------------------------------
files['cities.json'] = json({
  title: 'Cities and their coordinates',
  description: 'Latitude and longitude in decimal degrees (north and east positive), as GeoNames lists them.',
  unit: 'degrees',
  rows: CITIES.map(({ city, country, geonamesId, lat, lon }) => ({ city, country, geonamesId, lat, lon, source: ['geonames'] })),
});

// --- clocks: each city's time zone as the IANA database states it -------------------------------
files['clocks.json'] = json({
  title: 'Time zone of each city, 2020–2025',
  description: 'The IANA time zone, its standard offset from UTC in hours, and whether the city keeps European summer time.',
  unit: 'hours',
  rows: CITIES.map(({ city, timeZone, utcOffset, summerTime }) => ({ city, timeZone, utcOffset, summerTime, source: ['iana-tz'] })),
});

// --- method constants, as the NOAA document states them ---------------------------------------
files['method.json'] = json({
  title: 'Constants of the computation',
  figures: [
    { id: 'zenith-sunrise', label: 'Solar zenith angle at sunrise and sunset', value: ZENITH_SUNRISE, unit: 'degrees', source: ['noaa-solar'] },
    { id: 'zenith-civil', label: 'Solar zenith angle at the start and end of civil twilight', value: ZENITH_CIVIL, unit: 'degrees', source: ['noaa-solar'] },
    {
      id: 'horizon-correction',
      label: 'Allowance below the geometric horizon for refraction and the sun’s radius',
      value: Number((ZENITH_SUNRISE - 90).toFixed(3)),
      unit: 'degrees',
      derived: true,
      source: ['noaa-solar'],
    },
    { id: 'civil-depression', label: 'Sun below the horizon at the end of civil twilight', value: ZENITH_CIVIL - 90, unit: 'degrees', derived: true, source: ['noaa-solar'] },
    { id: 'equinox-lag-hours', label: 'Hours by which the computed declination changes sign after the March equinox', value: equinoxLagHours(), unit: 'hours', period: String(YEAR), derived: true, source: ['noaa-solar', 'usno-seasons'] },
  ],
});

/**
 * How far behind the US Naval Observatory's March equinox the declination of the NOAA equations
 * changes sign: the sign change is placed by linear interpolation between two noons (UTC).
 */
function equinoxLagHours() {
  const march = SEASONS[0];
  const [, mo, dd] = march.date.split('-').map(Number);
  const [hh, mi] = march.time.split(':').map(Number);
  const doyOf = (m, d) => (Date.UTC(YEAR, m - 1, d) - Date.UTC(YEAR, 0, 1)) / 86400000 + 1;
  const usno = doyOf(mo, dd) + (hh - 12) / 24 + mi / 1440; // in days, noon of day 1 = 1
  for (let doy = 60; doy < 100; doy++) {
    const a = sun(YEAR, doy, 12).decl;
    const b = sun(YEAR, doy + 1, 12).decl;
    if (a < 0 && b >= 0) return Math.round((doy + -a / (b - a) - usno) * 24 * 10) / 10;
  }
  throw new Error('no sign change of the declination in March');
}

files['seasons.csv'] =
  ['date,event,source', ...SEASONS.map((s) => `${s.date},${s.event} (${s.time} UTC),usno-seasons`)].join('\n') + '\n';

// --- daily table: every day DAILY_FROM … YEAR, every city, times on the city's clock --------------------------------------
const lines = ['date,city,rise,set,hours,derived,source'];
for (let y = DAILY_FROM; y <= YEAR; y++) {
  for (const d of days(y)) {
    for (const c of CITIES) {
      const r = day(c, y, d.doy);
      lines.push(`${d.date},${c.city},${local(c, y, d.doy, r.rise)},${local(c, y, d.doy, r.set)},${round2(r.daylight / 60).toFixed(2)},true,${[...SRC, 'iana-tz'].join(';')}`);
    }
  }
}
files['daily.csv'] = lines.join('\n') + '\n';

// --- YEAR: monthly means, shares of the year, highlights --------------------------------------
const monthly = [];
const shares = [];
const figures = [];
const yearDays = [...days(YEAR)];
// The equinox days as the US Naval Observatory dates them.
const dayOf = (date) => yearDays.find((d) => d.date === date);
const equinox = { march: dayOf(SEASONS[0].date), september: dayOf(SEASONS[2].date) };
for (const c of CITIES) {
  const rows = yearDays.map((d) => ({ ...d, ...day(c, YEAR, d.doy) }));
  for (let m = 1; m <= 12; m++) {
    const inMonth = rows.filter((r) => r.month === m);
    const mean = inMonth.reduce((a, r) => a + r.daylight, 0) / inMonth.length / 60;
    monthly.push({ month: `${YEAR}-${pad(m)}`, city: c.city, value: round2(mean), reported: round2(mean).toFixed(2), derived: true, source: SRC });
  }
  const daylight = rows.reduce((a, r) => a + r.daylight, 0);
  const civil = rows.reduce((a, r) => a + r.civil, 0);
  const total = rows.length * 1440;
  const [pDay, pTwilight, pDark] = shares100([daylight, civil - daylight, total - civil]);
  // `reported` states each share with its two decimals ("3.00%"), which a number cannot keep.
  const share = (category, v) => ({ city: c.city, category, share: v, reported: `${v.toFixed(2)}%`, derived: true, source: SRC });
  shares.push(share('Daylight', pDay), share('Civil twilight', pTwilight), share('Darkness', pDark));
  const longest = rows.reduce((a, r) => (r.daylight > a.daylight ? r : a));
  const shortest = rows.reduce((a, r) => (r.daylight < a.daylight ? r : a));
  const noDark = rows.filter((r) => r.civil >= 1440).length;
  // Hours are stated with two decimals (`reported`, e.g. "12.20"); a JSON number would drop the trailing zero.
  const fig = (id, label, value, unit, date) =>
    figures.push({ id: `${c.slug}-${id}`, label: `${c.city}: ${label}`, value, unit, period: String(YEAR), ...(date ? { date } : {}), ...(unit === 'hours' ? { reported: value.toFixed(2) } : {}), derived: true, source: SRC });
  fig('longest', 'longest day of the year', round2(longest.daylight / 60), 'hours', longest.date);
  fig('shortest', 'shortest day of the year', round2(shortest.daylight / 60), 'hours', shortest.date);
  fig('swing-minutes', 'longest minus shortest day', Math.round(longest.daylight - shortest.daylight), 'minutes');
  fig('march-equinox', 'day length on the day of the March equinox', round2(rows[equinox.march.doy - 1].daylight / 60), 'hours', equinox.march.date);
  fig('september-equinox', 'day length on the day of the September equinox', round2(rows[equinox.september.doy - 1].daylight / 60), 'hours', equinox.september.date);
  fig('nights-without-darkness', 'days on which the sun stays above 6° below the horizon all night', noDark, 'days');
}

files['day-length-monthly.json'] = json({
  title: `Mean day length by month, ${YEAR}`,
  description: 'Mean over the days of each month of the time from sunrise to sunset, in hours, computed with the NOAA solar position equations.',
  unit: 'hours',
  rows: monthly,
});
files['light-shares.json'] = json({
  title: `Share of the hours of ${YEAR} in daylight, civil twilight and darkness`,
  description: 'Daylight: sun above the sunrise/sunset zenith; civil twilight: between that and 6° below the horizon; darkness: lower. Percent of all hours of the year, 2 decimals, adding up to 100 per city.',
  unit: 'percent',
  rows: shares,
});
files['highlights.json'] = json({
  title: `Computed highlights, ${YEAR}`,
  period: String(YEAR),
  figures,
});

fs.mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(outDir, name), text);
process.stdout.write(`wrote ${Object.keys(files).length} files to ${outDir}\n`);
