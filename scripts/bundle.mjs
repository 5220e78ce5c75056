#!/usr/bin/env node
// Part of `npm run build` (after tsc and compile-schema): bundles briefkit with esbuild into
// dist/bundle/, so a cold start reads a few files instead of the ~2,000 modules of dist/src and
// node_modules (measured in docs/contributing/performance.md):
// - cli.js: the CLI (main thread), ES modules split at its dynamic imports (chunk-*.js);
// - worker.js: the build worker, one CommonJS file, run by main.js (the worker entry
//   src/worker/host.ts starts) as a vm.Script with V8's code cache, worker.v8cache, made here
//   after a build of the init scaffold (scripts/bundle-worker-entry.mjs says why CommonJS);
// - deps.v8cache: V8's code cache of what the worker requires from node_modules (below), made by
//   the same build and used by main.js when it compiles those modules.
// dist/src (tsc) stays: tests import its modules and the published types come from it. The
// package's `bin` and `npm run report` run the bundle.
//
// What is not bundled, and why:
// - pdfmake (and through it pdfkit, fontkit, linebreak, unicode-properties, …): src/pdf/engine/
//   patches pdfmake's and pdfkit's internal classes as pdfmake itself resolves them
//   (src/pdf/engine/internals.ts, createRequire); a bundled second copy would be unpatched, and
//   pdfkit and its dependencies read data files (AFM metrics, trie data) next to themselves.
// - esbuild: a native binary (the config bundler, src/config/bundle.ts).
// - what the code loads with createRequire at run time (ajv's runtime for the prebuilt validator,
//   citeproc, hyphen's patterns): resolved from node_modules as before.
// In the worker, all of these are compiled from deps.v8cache (a module whose source changed is
// compiled as usual).
// Module-location code in the bundle: src/version.ts walks up from dist/bundle to package.json;
// the prebuilt Vega-Lite validator (and V8's code cache of it) is copied next to the bundle (src/charts/schema.ts looks for
// it next to its module); src/io/code-digest.ts hashes the bundle's files (BRIEFKIT_BUNDLE).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist/bundle');
const require = createRequire(path.join(ROOT, 'package.json'));

/**
 * Every copy of vega-functions' registry that the bundled Vega uses: Vega's parser carries its own
 * nested copy (see `registries` in src/charts/render.ts, which finds it at run time with
 * createRequire — in the bundle that would load a third, unused copy from node_modules). This
 * replaces src/charts/vega-registries.ts with static imports of the copies that vega and
 * vega-parser resolve, which esbuild bundles as the same modules they use.
 */
const vegaRegistries = {
  name: 'vega-registries',
  setup(build) {
    build.onLoad({ filter: /[/\\]src[/\\]charts[/\\]vega-registries\.ts$/ }, async () => {
      const from = ['vega', 'vega-parser'].map((p) => path.dirname(require.resolve(p)));
      const files = [];
      for (const resolveDir of from) {
        const r = await build.resolve('vega-functions', { resolveDir, kind: 'import-statement' });
        if (r.errors.length) throw new Error(r.errors[0].text);
        if (!files.includes(r.path)) files.push(r.path);
      }
      const imports = files.map((f, i) => `import { expressionFunction as r${i} } from ${JSON.stringify(f)};`).join('\n');
      return { contents: `${imports}\nexport const vegaRegistries = async () => [...new Set([${files.map((_, i) => `r${i}`).join(', ')}])];\n`, loader: 'ts', resolveDir: ROOT };
    });
  },
};

// the prebuilt validator's digest covers the amendment's source as dist/src has it (see amendSource)
const { amendSource } = await import(pathToFileURL(path.join(ROOT, 'dist/src/charts/schema.js')).href);
// the citation style and locales as citeproc parses them (src/cite/cite.ts cslParsed): not parsed again in every process
const { cslParsed, CSL_PARSED_FILE } = await import(pathToFileURL(path.join(ROOT, 'dist/src/cite/cite.js')).href);

/**
 * vega-canvas's Node build awaits import('canvas') at its top level (node-canvas, not a dependency
 * of briefkit, which measures chart text with its own fonts: src/charts/metrics.ts); a CommonJS
 * bundle cannot hold a top-level await, so the worker takes its browser build, which (without a
 * DOM) returns no canvas: what the Node build returns when node-canvas is not installed.
 */
const vegaCanvas = {
  name: 'vega-canvas',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: path.join(path.dirname(require.resolve('vega-canvas')), 'vega-canvas.browser.js') }));
  },
};

const EXTERNAL = ['pdfmake', 'pdfkit', 'fontkit', 'esbuild'];
const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // ESM builds first: a UMD main (jsonc-parser) hides its require()s from the bundler
  mainFields: ['module', 'main'],
  external: EXTERNAL,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};
fs.rmSync(OUT, { recursive: true, force: true });
// the CLI (main thread): ES modules, split at its dynamic imports
const result = await esbuild.build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: OUT,
  splitting: true,
  format: 'esm',
  // the same bytes for the same sources (chunk names are content hashes)
  chunkNames: 'chunk-[hash]',
  define: { BRIEFKIT_BUNDLE: 'true', BRIEFKIT_AMEND_SOURCE: JSON.stringify(amendSource()) },
  // CommonJS packages inside an ESM bundle require Node's built-ins through this
  banner: { js: "import { createRequire as __bkCreateRequire } from 'node:module'; const require = __bkCreateRequire(import.meta.url);" },
  plugins: [vegaRegistries],
});
// the build worker: one CommonJS file run by main.js with V8's code cache (see
// scripts/bundle-worker-entry.mjs); import.meta.url is the file's own URL
const worker = await esbuild.build({
  ...common,
  entryPoints: ['src/worker/main.ts'],
  outfile: path.join(OUT, 'worker.js'),
  format: 'cjs',
  define: { BRIEFKIT_BUNDLE: 'true', BRIEFKIT_AMEND_SOURCE: JSON.stringify(amendSource()), 'import.meta.url': '__bkImportMetaUrl' },
  banner: { js: "const __bkImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [vegaRegistries, vegaCanvas],
});
// import() needs --experimental-vm-modules in a vm.Script: an external package (CommonJS) that
// the code imports dynamically is required instead; any other import() would fail at run time
let workerCode = fs.readFileSync(path.join(OUT, 'worker.js'), 'utf8');
for (const name of EXTERNAL) workerCode = workerCode.replaceAll(`import(${JSON.stringify(name)})`, `Promise.resolve(require(${JSON.stringify(name)}))`);
if (/\bimport\("/.test(workerCode)) throw new Error(`scripts/bundle.mjs: a dynamic import() is left in dist/bundle/worker.js: ${/\bimport\("[^"]*"\)/.exec(workerCode)[0]}`);
fs.writeFileSync(path.join(OUT, 'worker.js'), workerCode);
fs.copyFileSync(path.join(ROOT, 'scripts/bundle-worker-entry.mjs'), path.join(OUT, 'main.js'));
fs.writeFileSync(path.join(OUT, CSL_PARSED_FILE), JSON.stringify(cslParsed()));
// the prebuilt validator and V8's code cache of it, next to the bundle (src/charts/schema.ts)
for (const f of ['vl-schema.cjs', 'vl-schema.v8cache']) if (fs.existsSync(path.join(ROOT, 'dist/src/charts', f))) fs.copyFileSync(path.join(ROOT, 'dist/src/charts', f), path.join(OUT, f));

// V8's code caches of the worker (worker.v8cache) and of the modules it requires from node_modules
// (deps.v8cache: pdfmake's tree, citeproc, …; see scripts/bundle-worker-entry.mjs): made by a
// build of the init scaffold (in a temp folder) through the bundle, written by the worker once its
// job is done
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-bundle-'));
try {
  const cli = path.join(OUT, 'cli.js');
  const project = path.join(tmp, 'report');
  const run = (args, env = {}) => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`scripts/bundle.mjs: briefkit ${args.join(' ')} failed:\n${r.stderr}`);
  };
  run(['init', project]);
  // the scaffold does not hyphenate: English patterns, which most builds load, are cached besides
  run(['--root', project, 'build', '--jobs', '1', '--quiet'], { BRIEFKIT_WRITE_CODE_CACHE: path.join(OUT, 'worker.v8cache'), BRIEFKIT_CODE_CACHE_ALSO: 'hyphen/en-gb,hyphen/en-us' });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (process.argv.includes('--analyze')) process.stdout.write(await esbuild.analyzeMetafile(result.metafile) + await esbuild.analyzeMetafile(worker.metafile));
