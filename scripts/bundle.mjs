#!/usr/bin/env node
// Part of `npm run build` (after tsc and compile-schema): bundles the CLI (src/cli.ts) and the
// build worker (src/worker/main.ts) with esbuild into dist/bundle/ — two entry files (cli.js,
// main.js: the names src/worker/host.ts expects) and the chunks they share (code splitting) — so
// a cold start reads a few files instead of the ~2,000 modules of dist/src and node_modules
// (measured in docs/contributing/performance.md). dist/src (tsc) stays: tests import its modules
// and the published types come from it. The package's `bin` and `npm run report` run the bundle.
//
// What is not bundled, and why:
// - pdfmake (and through it pdfkit, fontkit, linebreak, unicode-properties, …): src/pdf/engine/
//   patches pdfmake's and pdfkit's internal classes as pdfmake itself resolves them
//   (src/pdf/engine/internals.ts, createRequire); a bundled second copy would be unpatched, and
//   pdfkit and its dependencies read data files (AFM metrics, trie data) next to themselves.
// - esbuild: a native binary (the config bundler, src/config/bundle.ts).
// - what the code loads with createRequire at run time (ajv's runtime for the prebuilt validator,
//   citeproc, hyphen's patterns): resolved from node_modules as before.
// Module-location code in the bundle: src/version.ts walks up from dist/bundle to package.json;
// the prebuilt Vega-Lite validator (and V8's code cache of it) is copied next to the bundle (src/charts/schema.ts looks for
// it next to its module); src/io/code-digest.ts hashes the bundle's files (BRIEFKIT_BUNDLE).
import fs from 'node:fs';
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

fs.rmSync(OUT, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: { cli: 'src/cli.ts', main: 'src/worker/main.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds first: a UMD main (jsonc-parser) hides its require()s from the bundler
  mainFields: ['module', 'main'],
  // the same bytes for the same sources (chunk names are content hashes)
  chunkNames: 'chunk-[hash]',
  external: ['pdfmake', 'pdfkit', 'fontkit', 'esbuild'],
  define: { BRIEFKIT_BUNDLE: 'true', BRIEFKIT_AMEND_SOURCE: JSON.stringify(amendSource()) },
  // CommonJS packages inside an ESM bundle require Node's built-ins through this
  banner: { js: "import { createRequire as __bkCreateRequire } from 'node:module'; const require = __bkCreateRequire(import.meta.url);" },
  plugins: [vegaRegistries],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
});
// the prebuilt validator and V8's code cache of it, next to the bundle (src/charts/schema.ts)
for (const f of ['vl-schema.cjs', 'vl-schema.v8cache']) if (fs.existsSync(path.join(ROOT, 'dist/src/charts', f))) fs.copyFileSync(path.join(ROOT, 'dist/src/charts', f), path.join(OUT, f));
if (process.argv.includes('--analyze')) process.stdout.write(await esbuild.analyzeMetafile(result.metafile));
