/**
 * The bundle (dist/bundle, made by scripts/bundle.mjs at `npm run build`): the package's `bin`
 * and `npm run report` run it. It must start and build from a copy of the installation (so the
 * code that depends on where a module lives is exercised from the bundle's folder): the version
 * from package.json, the prebuilt Vega-Lite validator next to the bundle (no schema compiled at
 * run time), the build worker (main.js running worker.js with V8's code cache), the briefkit expression function in the bundled Vega,
 * and the chart and citation caches keyed by the bundle's own code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, UNBUNDLED_CLI } from '../support.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; scripts: Record<string, string>; files: string[] };

// a copy of the installation: the bundle, package.json, fonts and node_modules (linked)
const install = tempDir('briefkit-bundle-');
fs.cpSync(BUNDLE, path.join(install, 'dist', 'bundle'), { recursive: true });
fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(install, 'package.json'));
fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(install, 'fonts'));
fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(install, 'node_modules'));
const CLI = path.join(install, 'dist', 'bundle', 'cli.js');
afterAll(() => fs.rmSync(install, { recursive: true, force: true }));

const run = (args: string[], cwd = install, cli = CLI) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};
/** A fixed creation date, so two builds of a project can be compared byte for byte. */
const EPOCH = '1700000000';

/** A Vega-Lite spec written to NAME.vl.json in a new temp folder. */
const specFile = (name: string, spec: object) => {
  const dir = tempDir(`briefkit-bundle-${name}-`);
  const file = path.join(dir, `${name}.vl.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return { dir, spec: file };
};

describe('the bundle', () => {
  it('is a few files, and the package runs it', () => {
    const files = fs.readdirSync(BUNDLE);
    expect(files).toContain('cli.js');
    expect(files).toContain('main.js');
    expect(files).toContain('vl-schema.cjs');
    // the worker's code (CommonJS) and V8's code cache of it, made at build time
    expect(files).toContain('worker.js');
    expect(fs.statSync(path.join(BUNDLE, 'worker.v8cache')).size).toBeGreaterThan(500_000);
    // the citation style and locales as citeproc parses them (src/cite/cite.ts cslParsed)
    const csl = JSON.parse(fs.readFileSync(path.join(BUNDLE, 'csl-parsed.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(csl).sort()).toEqual(['de-DE', 'en-GB', 'en-US', 'es-ES', 'fr-FR', 'style']);
    expect(JSON.parse(csl.style!)).toMatchObject({ name: 'style' });
    expect(files.length).toBeLessThan(80);
    expect(pkg.bin.briefkit).toBe('dist/bundle/cli.js');
    expect(pkg.scripts.report).toContain('dist/bundle/cli.js');
    expect(pkg.scripts.build).toContain('scripts/bundle.mjs');
    expect(pkg.files).toContain('dist/bundle');
  });

  it('prints its version', () => {
    const r = run(['--version']);
    expect(r.code, r.out).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('builds the init scaffold with the prebuilt validator, and a change to its code misses the chart and citation caches', () => {
    const project = path.join(tempDir('briefkit-bundle-project-'), 'report');
    expect(run(['init', project]).code).toBe(0);
    const cache = path.join(project, '.briefkit', 'cache');
    const b1 = run(['--root', project, 'build', '--jobs', '1', '--quiet']);
    expect(b1.code, b1.out).toBe(0);
    const pdf = fs.readFileSync(path.join(project, 'out', 'briefing-general.pdf'));
    expect(pdf.length).toBeGreaterThan(10_000);
    const entries = () => fs.readdirSync(cache).sort();
    const first = entries();
    // the schema was not compiled: the validator next to the bundle was current
    expect(first.filter((f) => f.startsWith('vl-schema-'))).toEqual([]);
    expect(first.filter((f) => /^(chart|cite)-/.test(f)).length).toBeGreaterThanOrEqual(2);
    // the same bundle: the same keys (nothing new in the cache)
    expect(run(['--root', project, 'build', '--jobs', '1', '--quiet']).code).toBe(0);
    expect(entries()).toEqual(first);
    // any change to the bundled code: new chart and citation keys
    // (V8 then refuses the worker's code cache, made for the old code: the worker compiles it as usual)
    fs.appendFileSync(path.join(install, 'dist', 'bundle', 'worker.js'), '\n// changed\n');
    const b3 = run(['--root', project, 'build', '--jobs', '1', '--quiet']);
    expect(b3.code, b3.out).toBe(0);
    const added = entries().filter((f) => !first.includes(f));
    expect(added.some((f) => f.startsWith('chart-'))).toBe(true);
    expect(added.some((f) => f.startsWith('cite-'))).toBe(true);
    // tsc's unbundled modules (dist/src, published too; the other tests start the bundle) build
    // the same bytes, through their own worker entry and with their own cache keys
    const other = path.join(tempDir('briefkit-bundle-unbundled-'), 'out');
    const u = run(['--root', project, 'build', '--jobs', '1', '--quiet', '--out', other], ROOT, UNBUNDLED_CLI);
    expect(u.code, u.out).toBe(0);
    expect(fs.readFileSync(path.join(other, 'briefing-general.pdf')).equals(pdf), 'dist/src/cli.js and the bundle build different PDFs').toBe(true);
  }, 180_000);

  it('compiles pdfmake’s tree, citeproc and hyphen’s patterns from a code cache of their own, and builds the same bytes when it does not fit', () => {
    // deps.v8cache: a 4-byte length, an index [[module, digest, bytes], ...], then V8's caches
    const deps = fs.readFileSync(path.join(BUNDLE, 'deps.v8cache'));
    const n = deps.readUInt32LE(0);
    const index = JSON.parse(deps.toString('utf8', 4, 4 + n)) as [string, string, number][];
    const names = index.map(([name]) => name);
    for (const m of ['pdfmake/js/LayoutBuilder.js', 'pdfkit/js/pdfkit.js', 'fontkit/dist/main.cjs', 'restructure/dist/main.cjs', 'citeproc/citeproc_commonjs.js', 'hyphen/patterns/en-gb.js']) expect(names).toContain(m);
    expect(deps.length).toBe(4 + n + index.reduce((sum, [, , size]) => sum + size, 0));
    const project = path.join(tempDir('briefkit-bundle-deps-'), 'report');
    expect(run(['init', project]).code).toBe(0);
    const build = (out: string) => {
      fs.rmSync(path.join(project, '.briefkit'), { recursive: true, force: true });
      const r = run(['--root', project, 'build', '--jobs', '1', '--quiet', '--out', out]);
      expect(r.code, r.out).toBe(0);
      return fs.readFileSync(path.join(project, out, 'briefing-general.pdf'));
    };
    const cached = build('out-cached');
    // caches that do not fit: every other module's source "changed" (its digest), the rest V8 refuses (not its data)
    const bad = index.map(([name, digest, size], i) => [name, i % 2 ? 'changed' : digest, size]);
    const head = Buffer.from(JSON.stringify(bad));
    const len = Buffer.alloc(4);
    len.writeUInt32LE(head.length, 0);
    fs.writeFileSync(path.join(install, 'dist', 'bundle', 'deps.v8cache'), Buffer.concat([len, head, Buffer.alloc(deps.length - 4 - n, 7)]));
    try {
      expect(build('out-unfit').equals(cached)).toBe(true);
    } finally {
      fs.copyFileSync(path.join(BUNDLE, 'deps.v8cache'), path.join(install, 'dist', 'bundle', 'deps.v8cache'));
    }
  }, 120_000);

  it('knows the briefkit expression function in the bundled Vega (parser and view)', () => {
    const { dir, spec } = specFile('grants', {
      data: { values: [{ y: 2010, v: 135100 }, { y: 2024, v: 1045000 }] },
      transform: [{ calculate: "briefkit(datum.v, 'large')", as: 'label' }],
      mark: 'text',
      encoding: { x: { field: 'y', type: 'ordinal' }, y: { field: 'v', type: 'quantitative', axis: { formatType: 'briefkit', format: 'million:1' } }, text: { field: 'label' } },
    });
    const r = run(['chart', spec, '--out', path.join(dir, 'grants.svg')], dir);
    expect(r.code, r.out).toBe(0);
    const svg = fs.readFileSync(path.join(dir, 'grants.svg'), 'utf8');
    expect(svg).toContain('1.045\u00a0million');
    expect(svg).toContain('1.0\u00a0million');
  });

  it('runs the build worker under its limits (a runaway chart expression meets --time-limit, BK407)', () => {
    const { dir, spec } = specFile('redos', {
      data: { values: [{ s: 'a'.repeat(40) + '!' }] },
      transform: [{ calculate: "test(regexp('(a+)+$'), datum.s) ? 1 : 0", as: 'v' }],
      mark: 'bar',
      encoding: { x: { field: 's', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
    });
    const r = run(['chart', spec, '--out', path.join(dir, 'redos.svg'), '--time-limit', '1'], dir);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/^error BK407: .*redos\.vl\.json/m);
    expect(fs.existsSync(path.join(dir, 'redos.svg'))).toBe(false);
  }, 60_000);
});
