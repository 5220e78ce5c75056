/**
 * `briefkit init DIR`: a new report project that builds on the first try — a config declaring
 * one sourced dataset, its data and source, a base profile, one audience, one section with a
 * chart and a table, and a README that says what to change next.
 *
 * The starter data is real: the offset between International Atomic Time and UTC, from the
 * IERS leap-second table (a short, stable, checkable series), so the first PDF is a true one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as msg from '../log/message.js';
import { refusePseudoFileSystem } from '../io/pseudo-fs.js';
import { fileAbove, readRegularFile } from '../io/project.js';
import { VERSION } from '../version.js';

const CONFIG = `/**
 * This report's datasets. Each entry names a file in data/ and the shape of its rows; the
 * schema is also the TypeScript type. Templates read datasets by name: {{fig "tai-utc" 2025}}.
 * Building blocks: yearlySeries, monthlySeries, events, namedFigures, caveats, glossary, dataset,
 * and derived (a dataset computed from others: filters, totals, shares, periods, joins).
 */
import { defineConfig, derived, yearlySeries } from 'briefkit';

export default defineConfig({
  sources: 'sources.json',
  datasets: {
    'tai-utc': yearlySeries({ file: 'tai-utc.json' }),
    // computed from it at build time, for the table: 1972 and every fifth year
    'tai-utc-every-5': derived({ from: 'tai-utc', where: 'datum.year === 1972 || datum.year % 5 === 0' }),
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
    [1972, 10], [1973, 12], [1974, 13], [1975, 14], [1976, 15], [1977, 16], [1978, 17], [1979, 18], [1980, 19],
    [1981, 19], [1982, 20], [1983, 21], [1984, 22], [1985, 22], [1986, 23], [1987, 23], [1988, 24], [1989, 24],
    [1990, 25], [1991, 26], [1992, 26], [1993, 27], [1994, 28], [1995, 29], [1996, 30], [1997, 30], [1998, 31],
    [1999, 32], [2000, 32], [2001, 32], [2002, 32], [2003, 32], [2004, 32], [2005, 32], [2006, 33], [2007, 33],
    [2008, 33], [2009, 34], [2010, 34], [2011, 34], [2012, 34], [2013, 35], [2014, 35], [2015, 35], [2016, 36],
    [2017, 37], [2018, 37], [2019, 37], [2020, 37], [2021, 37], [2022, 37], [2023, 37], [2024, 37], [2025, 37],
  ].map(([year, value]) => ({ year, value, source: ['iers-leap-seconds'] })),
};

/** The base profile; its title, publisher and author come from `init`'s options and their defaults. */
const profile = (o: InitIdentity) => `# The base profile: every audience starts from it (maps merge, lists replace).
title: ${JSON.stringify(o.title ?? 'Leap seconds since 1972')}
subtitle: "How far atomic time has run ahead of civil time"
${o.org ? `publisher: ${JSON.stringify(o.org)}` : '# publisher: "…"   # who publishes it (cover and page footers); left out, nothing prints'}
${o.author ? `author: ${JSON.stringify(o.author)}` : '# author: "…"      # "Prepared by …" on the cover; left out, nothing prints'}
# The cover's "Data as of" date: the last date the data describes (TAI−UTC on 1 January 2025).
# Left out, it is the latest date in data/sources.json; a source with a "date" sets it.
asOf: "2025-01-01"
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
  mark: { type: 'line', interpolate: 'step-after' },
  encoding: {
    x: { field: 'year', type: 'quantitative', title: null, axis: { format: 'd' }, scale: { zero: false } },
    y: { field: 'value', type: 'quantitative', title: 'Seconds', scale: { zero: false } },
  },
};

const TABLE = `dataset: tai-utc-every-5
caption: "TAI−UTC at the start of 1972 and of every fifth year"
sort: year
columns:
  - { field: year, header: Year, format: year }
  - { field: value, header: Seconds, format: number }
`;

const README = `# Leap seconds since 1972

A report project for [briefkit](https://www.npmjs.com/package/briefkit). Build it with

\`\`\`sh
npm install               # once: installs briefkit (package.json lists it)
npm run report            # npx briefkit build: writes out/briefing-general.pdf and out/manifest.json
npm run check             # npx briefkit check: validates data, templates and charts; writes nothing
npx briefkit schemas      # JSON Schemas for the editor (.vscode/settings.json maps them)
\`\`\`

What is where:

| path | what |
|---|---|
| \`briefkit.config.ts\` | the datasets: file, row schema (zod), key |
| \`data/\` | the data files and \`sources.json\` (every value names its source) |
| \`templates/profile.yaml\` | title, publisher, author, cover, sections |
| \`templates/audiences/general/\` | the one edition so far |
| \`templates/sections/\`, \`charts/\`, \`tables/\` | prose (Markdown + Handlebars), Vega-Lite specs, table specs |
| \`.github/workflows/report.yml\` | builds the report every Monday and on demand; the PDFs are the run's artifacts, CHANGES.md its summary |

Next steps: replace the starter dataset with your own (declare it in \`briefkit.config.ts\`),
and add an audience folder per edition. Commit \`package-lock.json\`: the workflow installs with \`npm ci\`.
`;

/**
 * The project's scheduled build on GitHub Actions: it installs the project's own dependencies
 * (briefkit among them) and runs the installed CLI, so it names nothing inside briefkit. The
 * previous run's manifest is restored from the Actions cache so that CHANGES.md (the job's
 * summary) compares with it; briefkit's own cache rides along.
 */
const WORKFLOW = `# Builds the report every Monday and on demand; the PDFs are the run's artifacts and
# CHANGES.md (what changed since the previous run) is the job's summary.
name: report

on:
  schedule:
    - cron: "0 6 * * 1"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      # the previous run's manifest (CHANGES.md compares with it) and briefkit's cache
      - uses: actions/cache@v4
        with:
          path: |
            out/manifest.json
            node_modules/.cache/briefkit
          key: briefkit-\${{ github.run_id }}
          restore-keys: briefkit-
      - run: npx briefkit build
      - name: What changed
        run: |
          if [ -f out/CHANGES.md ]; then
            cat out/CHANGES.md >> "$GITHUB_STEP_SUMMARY"
          else
            echo "The first build: nothing to compare with yet." >> "$GITHUB_STEP_SUMMARY"
          fi
      - uses: actions/upload-artifact@v4
        with:
          name: report
          path: out/
          if-no-files-found: error
`;

const GITIGNORE = ['node_modules/', 'out/', '.briefkit/'];

/** Editor completion: maps the JSON Schemas `briefkit schemas` writes onto the project's files. */
const VSCODE = {
  'json.schemas': [
    { fileMatch: ['data/sources.json'], url: './schemas/sources.schema.json' },
    { fileMatch: ['data/tai-utc.json'], url: './schemas/tai-utc.schema.json' },
  ],
  'yaml.schemas': {
    './schemas/profile.schema.json': ['templates/profile.yaml', 'templates/audiences/*/profile.yaml'],
    './schemas/table.schema.json': ['templates/tables/*.yaml'],
  },
};

/** What `init` puts on the cover: its options, else the defaults `initIdentity` finds. */
export interface InitIdentity {
  title?: string;
  org?: string;
  author?: string;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** The files that make the report: `init` refuses to overwrite any of them. */
export function scaffold(identity: InitIdentity = {}): Record<string, string> {
  return {
    'briefkit.config.ts': CONFIG,
    'data/sources.json': json(SOURCES),
    'data/tai-utc.json': json(TAI_UTC),
    'templates/profile.yaml': profile(identity),
    'templates/audiences/general/profile.yaml': AUDIENCE,
    'templates/sections/overview.md.hbs': SECTION,
    'templates/charts/tai-utc.vl.json': json(CHART),
    'templates/tables/tai-utc.yaml': TABLE,
  };
}

/** The project's files around the report: written when absent, skipped (and said so) when the project has its own. */
export function projectFiles(): Record<string, string> {
  return {
    'README.md': README,
    '.github/workflows/report.yml': WORKFLOW,
    '.vscode/settings.json': json(VSCODE),
  };
}

type PackageJson = Record<string, unknown> & { name?: unknown; description?: unknown; author?: unknown; scripts?: Record<string, unknown>; dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };

function gitUserName(cwd: string): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return name || undefined;
  } catch {
    return undefined;
  }
}

/** package.json's author as a name: "Ann Lee <ann@example.org> (https://…)" or { name }. */
function authorName(author: unknown): string | undefined {
  const raw = typeof author === 'string' ? author : author && typeof author === 'object' ? (author as { name?: unknown }).name : undefined;
  const name = typeof raw === 'string' ? raw.replace(/<[^>]*>|\([^)]*\)/g, '').trim() : '';
  return name || undefined;
}

/** "monthly-sales-report" → "Monthly sales report" (a scope, "@acme/", dropped). */
function titleOf(name: string): string {
  const words = name.replace(/^@[^/]+\//, '').replace(/[-_.]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : '';
}

/**
 * The cover's title, publisher and author: the options given, else the title from package.json
 * (`description`, else its `name`), the publisher from package.json's `author`, and the author
 * from `git config user.name`. What none gives stays out of the profile, so nothing prints.
 */
export function initIdentity(dir: string, given: InitIdentity, pkg: PackageJson | undefined): InitIdentity {
  const described = typeof pkg?.description === 'string' && pkg.description.trim() ? pkg.description.trim() : undefined;
  const named = typeof pkg?.name === 'string' ? titleOf(pkg.name) || undefined : undefined;
  const title = given.title ?? described ?? named;
  const org = given.org ?? authorName(pkg?.author);
  const author = given.author ?? gitUserName(fs.existsSync(dir) ? dir : process.cwd());
  return { ...(title ? { title } : {}), ...(org ? { org } : {}), ...(author ? { author } : {}) };
}

export interface InitResult {
  /** Files written, project-relative. */
  written: string[];
  /** What was left as it was, and why. */
  skipped: string[];
  /** What was added to files the project already had (package.json, .gitignore). */
  added: string[];
}

/** package.json's indentation, so an edit keeps the user's style. */
const indentOf = (text: string) => /^\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? 2;

/**
 * Adds briefkit to the project's package.json (as a dependency, with `report` and `check`
 * scripts), never changing a field the project already set; creates one when there is none.
 */
function packageJson(abs: string, pkg: PackageJson | undefined, text: string | undefined, result: InitResult): [string, string] | undefined {
  const scripts = { report: 'briefkit build', check: 'briefkit check' };
  if (!pkg) {
    const name = path.basename(abs).toLowerCase().replace(/[^a-z0-9-._~]+/g, '-').replace(/^[-._]+|-+$/g, '') || 'report';
    return ['package.json', json({ name, private: true, type: 'module', scripts, dependencies: { briefkit: `^${VERSION}` } })];
  }
  const next: PackageJson = { ...pkg };
  const has = (o: unknown): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o);
  if (has(pkg.dependencies) && 'briefkit' in pkg.dependencies) result.skipped.push(`package.json dependencies.briefkit (already ${String(pkg.dependencies.briefkit)})`);
  else if (has(pkg.devDependencies) && 'briefkit' in pkg.devDependencies) result.skipped.push(`package.json devDependencies.briefkit (already ${String(pkg.devDependencies.briefkit)})`);
  else {
    next.dependencies = { ...(has(pkg.dependencies) ? pkg.dependencies : {}), briefkit: `^${VERSION}` };
    result.added.push(`package.json: dependencies.briefkit ^${VERSION}`);
  }
  const mine: Record<string, unknown> = has(pkg.scripts) ? { ...pkg.scripts } : {};
  for (const [k, v] of Object.entries(scripts)) {
    if (k in mine) {
      if (mine[k] !== v) result.skipped.push(`package.json scripts.${k} (the project's own: ${JSON.stringify(mine[k])}; run npx ${v})`);
    } else {
      mine[k] = v;
      result.added.push(`package.json: scripts.${k}`);
    }
  }
  next.scripts = mine;
  if (result.added.every((a) => !a.startsWith('package.json'))) return undefined;
  const indent = indentOf(text!);
  return ['package.json', JSON.stringify(next, null, indent) + (text!.endsWith('\n') ? '\n' : '')];
}

/**
 * Writes the scaffold into `dir` (created if needed), or into a project that is already there:
 * its package.json gains briefkit, its .gitignore the lines it lacks, and its own README,
 * workflow or editor settings are left as they are. It refuses (BK028, writing nothing) when any
 * file of the report itself already exists.
 */
export function init(dir: string, given: InitIdentity = {}): InitResult {
  const abs = path.resolve(dir);
  refusePseudoFileSystem(abs, 'project folder');
  try {
    if (!fs.lstatSync(abs).isDirectory()) throw msg.initTargetNotEmpty(dir, 'it is a file');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // below a regular file: no folder can be made there
    if (code === 'ENOTDIR') throw msg.initTargetNotEmpty(dir, `${fileAbove(abs)} is a file, not a folder`);
    if (code !== 'ENOENT') throw e;
  }
  const exists = (rel: string) => fs.existsSync(path.join(abs, rel));
  const pkgFile = path.join(abs, 'package.json');
  // read without blocking: a FIFO in its place is refused (BK040), not waited on
  const pkgText = exists('package.json') ? readRegularFile(pkgFile, path.join(dir, 'package.json'), 'package.json').toString('utf8') : undefined;
  let pkg: PackageJson | undefined;
  if (pkgText !== undefined) {
    try {
      pkg = JSON.parse(pkgText) as PackageJson;
    } catch (e) {
      throw msg.initPackageJsonUnreadable(path.join(dir, 'package.json'), (e as Error).message);
    }
    if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) throw msg.initPackageJsonUnreadable(path.join(dir, 'package.json'), 'it is not a JSON object');
  }
  const report = scaffold(initIdentity(abs, given, pkg));
  const clash = Object.keys(report).filter(exists);
  if (clash.length) throw msg.initTargetNotEmpty(dir, `it already holds ${clash.slice(0, 3).join(', ')}${clash.length > 3 ? ', …' : ''}`);

  const result: InitResult = { written: [], skipped: [], added: [] };
  const writes: [string, string, 'wx' | 'w'][] = Object.entries(report).map(([rel, text]) => [rel, text, 'wx']);
  for (const [rel, text] of Object.entries(projectFiles())) {
    if (exists(rel)) result.skipped.push(`${rel} (the project's own)`);
    else writes.push([rel, text, 'wx']);
  }
  const pj = packageJson(abs, pkg, pkgText, result);
  if (pj) writes.push([...pj, pkg ? 'w' : 'wx']);
  if (exists('.gitignore')) {
    const have = new Set(readRegularFile(path.join(abs, '.gitignore'), path.join(dir, '.gitignore'), '.gitignore').toString('utf8').split(/\r?\n/).map((l) => l.trim().replace(/^\//, '')));
    const missing = GITIGNORE.filter((l) => !have.has(l) && !have.has(l.replace(/\/$/, '')));
    if (missing.length) {
      const old = fs.readFileSync(path.join(abs, '.gitignore'), 'utf8');
      writes.push(['.gitignore', `${old}${old && !old.endsWith('\n') ? '\n' : ''}# briefkit\n${missing.join('\n')}\n`, 'w']);
      result.added.push(`.gitignore: ${missing.join(', ')}`);
    }
  } else writes.push(['.gitignore', GITIGNORE.join('\n') + '\n', 'wx']);
  try {
    for (const [rel, text, flag] of writes) {
      const file = path.join(abs, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, { flag });
      if (flag === 'wx') result.written.push(rel);
    }
    fs.mkdirSync(path.join(abs, 'out'), { recursive: true });
  } catch (e) {
    throw msg.outputNotWritable(dir, (e as Error).message);
  }
  result.written = [...new Set(result.written)];
  return result;
}
