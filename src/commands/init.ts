/**
 * `briefkit init DIR`: a new report project that builds on the first try — a config declaring
 * one sourced dataset, its data and source, a base profile, one audience, one section with a
 * chart and a table, and a README that says what to change next.
 *
 * The starter data is real: the offset between International Atomic Time and UTC, from the
 * IERS leap-second table (a short, stable, checkable series), so the first PDF is a true one.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as msg from '../log/message.js';

const CONFIG = `/**
 * This report's datasets. Each entry names a file in data/ and the shape of its rows; the
 * schema is also the TypeScript type. Templates read datasets by name: {{fig "tai-utc" 2025}}.
 * Building blocks: yearlySeries, monthlySeries, events, namedFigures, caveats, glossary, dataset.
 */
import { defineConfig, yearlySeries } from 'briefkit';

export default defineConfig({
  sources: 'sources.json',
  datasets: {
    'tai-utc': yearlySeries({ file: 'tai-utc.json' }),
  },
});
`;

const SOURCES = {
  sources: [
    {
      id: 'iers-leap-seconds',
      title: 'Leap second table (Leap_Second.dat)',
      publisher: 'IERS Earth Orientation Centre, Paris Observatory',
      url: 'https://hpiers.obspm.fr/iers/bul/bulc/Leap_Second.dat',
      kind: 'dataset',
    },
  ],
};

/** TAI−UTC in seconds on 1 January of each year (the leap-second table; none added since 2017). */
const TAI_UTC = {
  title: 'TAI−UTC at the start of the year',
  description: 'Seconds by which International Atomic Time is ahead of Coordinated Universal Time; each leap second adds one.',
  unit: 'seconds',
  rows: [
    [1972, 10], [1975, 14], [1980, 19], [1985, 22], [1990, 25], [1995, 29], [2000, 32], [2005, 32], [2010, 34], [2015, 35], [2017, 37], [2025, 37],
  ].map(([year, value]) => ({ year, value, source: ['iers-leap-seconds'] })),
};

const PROFILE = `# The base profile: every audience starts from it (maps merge, lists replace).
title: "Leap seconds since 1972"
subtitle: "How far atomic time has run ahead of civil time"
publisher: "Your organisation"
author: "Your name"
language: en-GB
locale: en-GB
cover:
  kicker: "Briefing"
  keyFigures:
    - { dataset: tai-utc, key: 2025, label: "seconds between TAI and UTC in 2025" }
sections: [overview]
`;

const AUDIENCE = `# An audience edition: builds out/briefing-general.pdf. Add folders next to it for more editions.
label: General
edition: "General edition"
`;

const SECTION = `---
id: overview
title: Overview
---
Coordinated Universal Time (UTC) follows the Earth's rotation, which is slightly irregular;
International Atomic Time (TAI) does not. To keep the two within reach of each other, leap
seconds are added to UTC. At the start of {{firstYear "tai-utc"}}, TAI was {{fig "tai-utc" 1972}}
seconds ahead of UTC; by {{lastYear "tai-utc"}} the gap had grown to {{fig "tai-utc" 2025}} seconds.

{{chart "tai-utc" id="fig-tai-utc" caption="TAI−UTC at the start of each year, in seconds"}}

{{table "tai-utc" id="tbl-tai-utc"}}
`;

const CHART = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  description: 'TAI−UTC in seconds on 1 January of each year',
  data: { name: 'tai-utc' },
  height: 180,
  mark: { type: 'line', point: true, interpolate: 'step-after' },
  encoding: {
    x: { field: 'year', type: 'quantitative', title: null, axis: { format: 'd' }, scale: { zero: false } },
    y: { field: 'value', type: 'quantitative', title: 'Seconds', scale: { zero: false } },
  },
};

const TABLE = `dataset: tai-utc
caption: "TAI−UTC at the start of each year"
sort: year
columns:
  - { field: year, header: Year, format: year }
  - { field: value, header: Seconds, format: number }
`;

const README = `# Leap seconds since 1972

A report project for [briefkit](https://www.npmjs.com/package/briefkit). Build it with

\`\`\`sh
npx briefkit build        # writes out/briefing-general.pdf and out/manifest.json
npx briefkit check        # validates data, templates and charts; writes nothing
\`\`\`

What is where:

| path | what |
|---|---|
| \`briefkit.config.ts\` | the datasets: file, row schema (zod), key |
| \`data/\` | the data files and \`sources.json\` (every value names its source) |
| \`templates/profile.yaml\` | title, publisher, cover, sections |
| \`templates/audiences/general/\` | the one edition so far |
| \`templates/sections/\`, \`charts/\`, \`tables/\` | prose (Markdown + Handlebars), Vega-Lite specs, table specs |

Next steps: replace the starter dataset with your own (declare it in \`briefkit.config.ts\`),
set \`publisher\` and \`author\` in \`templates/profile.yaml\`, and add an audience folder per edition.
`;

export function scaffold(): Record<string, string> {
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  return {
    'briefkit.config.ts': CONFIG,
    'data/sources.json': json(SOURCES),
    'data/tai-utc.json': json(TAI_UTC),
    'templates/profile.yaml': PROFILE,
    'templates/audiences/general/profile.yaml': AUDIENCE,
    'templates/sections/overview.md.hbs': SECTION,
    'templates/charts/tai-utc.vl.json': json(CHART),
    'templates/tables/tai-utc.yaml': TABLE,
    'README.md': README,
    'package.json': json({ name: 'leap-seconds-report', private: true, type: 'module', scripts: { report: 'briefkit build', check: 'briefkit check' } }),
    '.gitignore': 'node_modules/\nout/\n',
  };
}

/** Writes the scaffold into `dir` (created if needed; it must be empty). Returns the files written. */
export function init(dir: string): string[] {
  const abs = path.resolve(dir);
  let entries: string[] = [];
  try {
    const st = fs.lstatSync(abs);
    if (!st.isDirectory()) throw msg.initTargetNotEmpty(dir, 'it is a file');
    entries = fs.readdirSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (entries.length > 0) throw msg.initTargetNotEmpty(dir, `it already holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}`);
  const files = scaffold();
  try {
    for (const [rel, text] of Object.entries(files)) {
      const file = path.join(abs, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { flag: 'wx' });
    }
    fs.mkdirSync(path.join(abs, 'out'), { recursive: true });
  } catch (e) {
    throw msg.outputNotWritable(dir, (e as Error).message);
  }
  return Object.keys(files);
}
