/**
 * The hostile-input corpus of issue 28 (round 3): configs that throw from a getter, a key
 * function or a Proxy, pollute Object.prototype, call process.exit or export a Promise; YAML tags
 * and .nan; an invalid locale; images and fonts that lie about their size or are cut short; a
 * 1 GB data file; recursive partials; a dataset outside data/; a runaway template; FIFOs; /proc.
 * Each case is a tiny project (the `init` scaffold, one edition of three pages) with one change;
 * the run must end in the catalogued error named here, at the file and field named here — never
 * BK900, never a stack trace, never more than 2 KB of messages.
 *
 * Cases run the CLI in this process (runCliInProcess) when they can, and as a new process when
 * they need the worker thread (its limits, the config run in it) or would change this process
 * (a config that exits or pollutes a prototype); the processes run in parallel, two at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { init } from '../../src/commands/init.js';
import { ROOT, runCliAsync, runCliInProcess, tempDir } from '../support.js';
import { pngFile } from '../security/support.js';

const SCAFFOLD = tempDir('briefkit-hostile-');
const ROBOTO = path.join(ROOT, 'node_modules', 'pdfmake', 'fonts', 'Roboto', 'Roboto-Regular.ttf');
const JPEG = fs.readFileSync(path.join(ROOT, 'test', 'conformance', 'specs', 'swatch.jpg'));
const dirs: string[] = [SCAFFOLD];

beforeAll(() => {
  init(path.join(SCAFFOLD, 'p'), { title: 'Hostile', org: 'Test' });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(SCAFFOLD, 'p', 'node_modules'));
});
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the scaffold with `edit` applied. */
function project(edit: (dir: string) => void): string {
  const dir = tempDir('briefkit-hostile-case-');
  dirs.push(dir);
  fs.cpSync(path.join(SCAFFOLD, 'p'), dir, { recursive: true, verbatimSymlinks: true });
  edit(dir);
  return dir;
}

const edit = (dir: string, rel: string, fn: (text: string) => string) => {
  const file = path.join(dir, rel);
  const before = fs.readFileSync(file, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`the case changed nothing in ${rel}`);
  fs.writeFileSync(file, after);
};
const config = (dir: string, fn: (t: string) => string) => edit(dir, 'briefkit.config.ts', fn);
const profile = (dir: string, fn: (t: string) => string) => edit(dir, 'templates/profile.yaml', fn);
const append = (dir: string, rel: string, text: string) => fs.appendFileSync(path.join(dir, rel), text);
const SERIES = "yearlySeries({ file: 'tai-utc.json' })";

/** A project font (fonts/b.ttf) for the body text, with the given bytes. */
const font = (dir: string, bytes: Buffer) => {
  fs.mkdirSync(path.join(dir, 'fonts'));
  fs.writeFileSync(path.join(dir, 'fonts', 'b.ttf'), bytes);
  append(dir, 'templates/profile.yaml', 'theme:\n  font:\n    family: Brand\n    normal: b.ttf\n');
};

/** A chart drawing data/<image> with an image mark, in the edition's one section. */
const imageChart = (dir: string, image: string, bytes: Buffer) => {
  fs.writeFileSync(path.join(dir, 'data', image), bytes);
  fs.writeFileSync(path.join(dir, 'templates', 'charts', 'logo.vl.json'), JSON.stringify(imageSpec(image)));
  append(dir, 'templates/sections/overview.md.hbs', '\n{{chart "logo" id="fig-logo" caption="The logo" alt="The logo"}}\n');
};
const imageSpec = (image: string) => ({
  data: { values: [{ x: 1, y: 1 }] },
  mark: { type: 'image', width: 20, height: 20 },
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, url: { value: image } },
});

interface Case {
  /** What the case does to the scaffold (may be async: images are made here). */
  setup: (dir: string) => void | Promise<void>;
  args?: string[];
  code: string;
  /** The file the message names (its end), and the field, when it names one. */
  file?: string;
  field?: string;
  contains?: string[];
  /** Run as a new process (the worker thread, its limits; or a case that would change this process). */
  spawn?: boolean;
  env?: NodeJS.ProcessEnv;
}

const BUILD = ['build', '--jobs', '1'];
const CASES: Record<string, Case> = {
  // --- the config is code ------------------------------------------------------------------------
  'config-getter-throws': { setup: (d) => config(d, (t) => t.replace('  datasets: {', '  get datasets(): never { throw new Error("boom"); },\n  other: {')), code: 'BK021', file: 'briefkit.config.ts', contains: ['boom'] },
  'config-key-function-throws': { setup: (d) => config(d, (t) => t.replace(SERIES, `{ ...${SERIES}, key: (r: { year: number }) => { if (r.year > 2000) throw new Error('no key for ' + r.year); return String(r.year); } }`)), code: 'BK063', file: 'briefkit.config.ts', field: 'datasets.tai-utc.key', contains: ['no key for 2001'] },
  'config-proxy-throws': { setup: (d) => fs.writeFileSync(path.join(d, 'briefkit.config.ts'), 'export default new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { throw new Error("trap"); } });\n'), code: 'BK021', file: 'briefkit.config.ts', contains: ['trap'] },
  'config-pollutes-prototype': { setup: (d) => config(d, (t) => `(Object.prototype as Record<string, unknown>).type = 'x';\n${t}`), code: 'BK060', file: 'briefkit.config.ts', contains: ['Object.prototype.type'], spawn: true },
  'config-exits-in-build': { setup: (d) => config(d, (t) => `process.exit(0);\n${t}`), code: 'BK062', file: 'briefkit.config.ts', contains: ['process.exit(0)'], spawn: true },
  'config-exits-in-schemas': { setup: (d) => config(d, (t) => `process.exit(0);\n${t}`), args: ['schemas'], code: 'BK062', file: 'briefkit.config.ts', spawn: true },
  'config-rejects-a-promise-unhandled': { setup: (d) => config(d, (t) => `Promise.reject(new Error('left unhandled'));\n${t}`), code: 'BK075', file: 'briefkit.config.ts', contains: ['left unhandled'], spawn: true },
  'config-exports-a-promise': { setup: (d) => config(d, (t) => t.replace('export default defineConfig(', 'export default Promise.resolve(defineConfig(').replace(/\}\);\s*$/, '}));\n')), code: 'BK061', file: 'briefkit.config.ts' },
  'config-dataset-outside-data': { setup: (d) => config(d, (t) => t.replace("file: 'tai-utc.json'", "file: '../package.json'")), code: 'BK002', file: 'briefkit.config.ts', field: 'datasets.tai-utc.file' },
  // --- the profile -------------------------------------------------------------------------------
  'profile-datestyle-YYYY': { setup: (d) => append(d, 'templates/profile.yaml', 'dateStyle: YYYY\n'), code: 'BK503', file: 'templates/profile.yaml', field: 'dateStyle' },
  'profile-datestyle-words': { setup: (d) => append(d, 'templates/profile.yaml', 'dateStyle: "d of MMMM"\n'), code: 'BK503', file: 'templates/profile.yaml', field: 'dateStyle' },
  'profile-asof-9999-99-99': { setup: (d) => profile(d, (t) => t.replace('asOf: "2025-01-01"', 'asOf: "9999-99-99"')), code: 'BK503', file: 'templates/profile.yaml', field: 'asOf' },
  'profile-invalid-locale': { setup: (d) => profile(d, (t) => t.replace('locale: en-GB', 'locale: xx-INVALID-@@')), code: 'BK503', file: 'templates/profile.yaml', field: 'locale' },
  'profile-yaml-nan': { setup: (d) => append(d, 'templates/profile.yaml', 'maxPages: .nan\n'), code: 'BK065', file: 'templates/profile.yaml', contains: ['.nan'] },
  'profile-yaml-inf': { setup: (d) => append(d, 'templates/profile.yaml', 'maxPages: .inf\n'), code: 'BK065', file: 'templates/profile.yaml', contains: ['.inf'] },
  'profile-yaml-js-function-tag': { setup: (d) => append(d, 'templates/profile.yaml', 'subject: !!js/function "function () {}"\n'), code: 'BK064', file: 'templates/profile.yaml', contains: ['!!js/function'] },
  'profile-yaml-custom-tag': { setup: (d) => append(d, 'templates/profile.yaml', 'subject: !include secrets.yaml\n'), code: 'BK064', file: 'templates/profile.yaml', contains: ['!include'] },
  'table-yaml-binary-tag': { setup: (d) => append(d, 'templates/tables/tai-utc.yaml', 'note: !!binary aGVsbG8=\n'), code: 'BK064', file: 'templates/tables/tai-utc.yaml', contains: ['!!binary'] },
  // --- templates ----------------------------------------------------------------------------------
  'partial-includes-itself': {
    setup: (d) => {
      fs.mkdirSync(path.join(d, 'templates', 'partials'), { recursive: true });
      fs.writeFileSync(path.join(d, 'templates', 'partials', 'loop.hbs'), 'again\n{{> loop}}\n');
      append(d, 'templates/sections/overview.md.hbs', '\n{{> loop}}\n');
    },
    code: 'BK041',
    file: 'templates/partials/loop.hbs',
    contains: ['{{> loop}} → {{> loop}}'],
  },
  'nested-each-over-the-time-limit': {
    setup: (d) => append(d, 'templates/sections/overview.md.hbs', '\n{{#each (rows "tai-utc")}}{{#each (rows "tai-utc")}}{{#each (rows "tai-utc")}}x {{/each}}{{/each}}{{/each}}\n'),
    args: [...BUILD, '--time-limit', '2'],
    code: 'BK407',
    file: 'templates/sections/overview.md.hbs',
    spawn: true,
  },
  // --- fonts ----------------------------------------------------------------------------------------
  'font-truncated': { setup: (d) => font(d, fs.readFileSync(ROBOTO).subarray(0, 5000)), code: 'BK302', file: 'fonts/b.ttf', contains: ['cut short'] },
  'font-cff-renamed-ttf': { setup: (d) => font(d, Buffer.concat([Buffer.from('OTTO'), fs.readFileSync(ROBOTO).subarray(4)])), code: 'BK302', file: 'fonts/b.ttf', contains: ['CFF'] },
  'font-with-garbage-appended': { setup: (d) => font(d, Buffer.concat([fs.readFileSync(ROBOTO), Buffer.alloc(1024 * 1024, 0x5a)])), code: 'BK302', file: 'fonts/b.ttf', contains: ['after its last table'] },
  'font-with-150-MB-appended': {
    // sparse: 150 MB of zeros after the font, no disk used; refused from its size before it is read
    setup: (d) => {
      font(d, fs.readFileSync(ROBOTO));
      fs.truncateSync(path.join(d, 'fonts', 'b.ttf'), ROBOTO.length + 150 * 1024 * 1024);
    },
    code: 'BK066',
    file: 'fonts/b.ttf',
  },
  // --- images ---------------------------------------------------------------------------------------
  'image-png-claims-100000-px': { setup: async (d) => imageChart(d, 'huge.png', await pngFile(100_000, 100_000, 1)), code: 'BK067', file: 'templates/charts/logo.vl.json', field: 'encoding.url', contains: ['100,000 × 100,000'] },
  'image-jpeg-truncated': { setup: (d) => imageChart(d, 'cut.jpg', JPEG.subarray(0, 100)), code: 'BK068', file: 'templates/charts/logo.vl.json', contains: ['cut short'] },
  'image-jpeg-corrupt': { setup: (d) => imageChart(d, 'bad.jpg', Buffer.concat([JPEG.subarray(0, 20), Buffer.alloc(139, 0x41)])), code: 'BK068', file: 'templates/charts/logo.vl.json', contains: ['damaged'] },
  // --- data -----------------------------------------------------------------------------------------
  'data-file-of-1-GB': {
    // a sparse file: 1 GB long, no disk used; its size is refused before a byte is read
    setup: (d) => fs.truncateSync(path.join(d, 'data', 'tai-utc.json'), 1024 ** 3),
    code: 'BK066',
    file: 'data/tai-utc.json',
    contains: ['BRIEFKIT_INPUT_LIMIT'],
  },
  'data-file-over-a-lowered-limit': {
    setup: (d) => edit(d, 'data/tai-utc.json', (t) => t + ' '.repeat(2 * 1024 * 1024)),
    env: { BRIEFKIT_INPUT_LIMIT: '1' },
    code: 'BK066',
    file: 'data/tai-utc.json',
  },
};

const MAX_STDERR = 2048;

/** Runs the spawned cases two at a time, as they are asked for. */
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

describe.concurrent('hostile inputs: a catalogued error, never BK900', () => {
  for (const [name, c] of Object.entries(CASES)) {
    test(name, async () => {
      const dir = project(() => {});
      await c.setup(dir);
      const args = ['--root', dir, ...(c.args ?? BUILD)];
      const r = c.spawn ? await slot(() => runCliAsync(args, { cwd: dir, timeout: 60_000, ...(c.env ? { env: c.env } : {}) })) : await runCliInProcess(args, { cwd: dir, ...(c.env ? { env: c.env } : {}) });
      const context = `${name}\n--- stderr ---\n${r.stderr.slice(0, 3000)}`;
      expect(r.stderr, context).not.toMatch(/BK900/);
      expect(r.stderr, context).not.toMatch(/^\s+at /m);
      expect(Buffer.byteLength(r.stderr), context).toBeLessThanOrEqual(MAX_STDERR);
      expect(r.code, context).toBe(1);
      const m = /^error (BK\d{3}): (\S+?)(?::\d+)*(?: \(at ([^)]*)\))?:/m.exec(r.stderr);
      expect(m?.[1], context).toBe(c.code);
      if (c.file) expect(m?.[2], context).toMatch(new RegExp(`(^|/)${c.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      if (c.field) expect(m?.[3], context).toBe(c.field);
      for (const s of c.contains ?? []) expect(r.stderr, context).toContain(s);
      // nothing was written
      expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.pdf')), context).toEqual([]);
    }, 90_000);
  }
});
