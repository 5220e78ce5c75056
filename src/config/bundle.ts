/**
 * The config and the project's own modules it imports, bundled by esbuild into one module (its
 * TypeScript types stripped), with a source map back to every file.
 *
 * - A relative import of a `.ts`, `.mts`, `.js` or `.mjs` file of the project is bundled; one that
 *   resolves outside the project root (through "..", an absolute path or a symlink) is BK030,
 *   naming the importing file, its line and the import.
 * - `briefkit` (and `zod`) stay outside the bundle: the config gets the running engine's objects.
 * - Any other bare import is an installed package, required at run time from the config's folder
 *   as Node would; one that is not installed is BK031 at the import's line.
 * - A syntax error is BK021 at esbuild's file:line:column.
 *
 * The bundle is CommonJS evaluated in memory (src/config/load.ts): an ES module would have to be
 * written to disk and imported, and Node never unloads an imported module (watch mode would keep
 * every version of the config), nor could it be handed the engine that is already loaded.
 *
 * Bundles are cached (the project's node_modules/.cache/briefkit) under a digest of the config's
 * text, each with the digest of every file it bundled: a cached bundle is used only while all of
 * them read the same, so an edit to an imported module bundles again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { decodeUtf8, type Area } from '../io/project.js';
import { BriefkitError, isBriefkitError } from '../log/error.js';
import * as msg from '../log/message.js';

const ESBUILD_VERSION = (createRequire(import.meta.url)('esbuild/package.json') as { version: string }).version;
/** Bumped when the bundle's form changes, so caches of an older form are not read. */
const FORM = 1;
/** The bundle's own file name: stack frames in it are mapped back through its source map. */
export const BUNDLE_NAME = '.briefkit-config.bundle.cjs';
const MODULE = /\.(?:m?ts|m?js)$/;

export interface Bundle {
  /** CommonJS code; `require` is given the ids left outside it. */
  code: string;
  /** Its source map (JSON), sources relative to the project root. */
  map: string;
  /** Every bundled file (project-relative) → sha256 of its bytes. */
  inputs: Record<string, string>;
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The bundle of the config at `rel` in `root`, from the cache when every file it bundled is unchanged. */
export async function bundleConfig(root: Area, rel: string, text: string, cache?: Area): Promise<Bundle> {
  const key = `config-${sha(`${ESBUILD_VERSION}\0${FORM}\0${rel}\0${text}`).slice(0, 32)}.json`;
  const cached = readCached(root, cache?.readCache(key));
  if (cached) return cached;
  const bundle = await bundle_(root, rel);
  cache?.writeCache(key, JSON.stringify(bundle));
  return bundle;
}

function readCached(root: Area, text: string | undefined): Bundle | undefined {
  if (text === undefined) return undefined;
  try {
    const b = JSON.parse(text) as Bundle;
    if (typeof b.code !== 'string' || typeof b.map !== 'string' || !b.inputs || typeof b.inputs !== 'object') return undefined;
    for (const [f, digest] of Object.entries(b.inputs)) if (sha(root.readBytes(f)) !== digest) return undefined;
    return b;
  } catch {
    return undefined;
  }
}

type Refusal = { kind: 'outside'; id: string; target: string } | { kind: 'missing'; id: string; what: string } | { kind: 'not-module'; id: string; target: string };

async function bundle_(root: Area, rel: string): Promise<Bundle> {
  const esbuild = await import('esbuild');
  const rootReal = fs.realpathSync(root.dir);
  const inside = (p: string) => p === rootReal || p.startsWith(rootReal + path.sep);
  const inputs: Record<string, string> = {};
  // an error of briefkit's own (BK003 …) raised while reading a file, rethrown as it is
  let readError: BriefkitError | undefined;
  const guard: import('esbuild').Plugin = {
    name: 'briefkit-project',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || (args.pluginData as { inner?: boolean } | undefined)?.inner) return undefined;
        const id = args.path;
        if (id === 'briefkit' || id === 'zod' || id === 'zod/v4' || id.startsWith('node:') || isBuiltin(id)) return { path: id, external: true };
        if (!id.startsWith('.') && !path.isAbsolute(id)) {
          try {
            createRequire(args.importer).resolve(id);
          } catch {
            return { errors: [{ text: `cannot find package "${id}"`, detail: { kind: 'missing', id, what: 'package' } satisfies Refusal }] };
          }
          return { path: id, external: true };
        }
        const r = await build.resolve(id, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { inner: true } });
        if (r.errors.length || !r.path) return { errors: [{ text: `cannot find "${id}"`, detail: { kind: 'missing', id, what: 'file' } satisfies Refusal }] };
        let real = r.path;
        try {
          real = fs.realpathSync(r.path);
        } catch {
          /* esbuild found it; a file that vanished since fails when it is read */
        }
        if (!inside(real)) return { errors: [{ text: `"${id}" is outside the project`, detail: { kind: 'outside', id, target: real } satisfies Refusal }] };
        if (!MODULE.test(real)) return { errors: [{ text: `"${id}" is not a module`, detail: { kind: 'not-module', id, target: path.relative(rootReal, real) } satisfies Refusal }] };
        return { path: real };
      });
      build.onLoad({ filter: /.*/ }, (args) => {
        const relPath = path.relative(rootReal, args.path).split(path.sep).join('/');
        try {
          const bytes = root.readBytes(relPath, 'config module');
          inputs[relPath] = sha(bytes);
          return { contents: decodeUtf8(bytes, root.name(relPath)), loader: /\.m?ts$/.test(relPath) ? 'ts' : 'js', resolveDir: path.dirname(args.path) };
        } catch (e) {
          if (isBriefkitError(e)) readError ??= e;
          return { errors: [{ text: (e as Error).message }] };
        }
      });
    },
  };
  try {
    const r = await esbuild.build({
      absWorkingDir: rootReal,
      entryPoints: [path.join(rootReal, rel)],
      outfile: path.join(rootReal, BUNDLE_NAME),
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'external',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [guard],
    });
    const js = r.outputFiles.find((f) => f.path.endsWith('.cjs'))!;
    const map = r.outputFiles.find((f) => f.path.endsWith('.map'))!;
    // the comment pointing at the map file is not needed: the map is kept with the code
    return { code: js.text.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'), map: map.text, inputs: Object.fromEntries(Object.entries(inputs).sort()) };
  } catch (e) {
    if (readError) throw readError;
    const errors = (e as { errors?: import('esbuild').Message[] }).errors;
    if (!errors?.length) throw e;
    throw msg.errorsOfStage(errors.map((m) => refusal(root, m)), 'the config');
  }
}

/** An esbuild message as the catalogued error. */
function refusal(root: Area, m: import('esbuild').Message): BriefkitError {
  const loc = m.location;
  const file = loc ? root.name(loc.file.split(path.sep).join('/')) : root.name('briefkit.config.ts');
  const where = { file, ...(loc ? { line: loc.line, column: loc.column + 1 } : {}) };
  const d = m.detail as Refusal | undefined;
  if (d?.kind === 'outside') return msg.configImportOutside(where, d.id, d.target);
  if (d?.kind === 'missing') return msg.configImportMissing(where, d.id, d.what);
  if (d?.kind === 'not-module') return msg.configImportNotModule(where, d.id, d.target);
  return msg.configSyntax(file, where.line, where.column, m.text);
}
