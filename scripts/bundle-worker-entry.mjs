// The build worker's entry in the bundle (copied to dist/bundle/main.js by scripts/bundle.mjs;
// src/worker/host.ts starts ./main.js next to itself). The worker's code is one CommonJS file,
// worker.js, run here as a vm.Script with V8's code cache (worker.v8cache, made by
// scripts/bundle.mjs after a build of the init scaffold, so it holds the functions a build
// compiles): the worker does not parse and compile its ~4.5 MB of code again. V8 checks the cache
// against the code, its version and its flags and ignores one that does not match (another Node):
// the code is then compiled as usual. ES modules cannot take a code cache in Node 20 (no
// module.enableCompileCache; vm.SourceTextModule needs --experimental-vm-modules), hence CommonJS.
//
// What the bundle leaves to node_modules (pdfmake with pdfkit, fontkit and their tree, citeproc,
// hyphen's patterns, ajv's runtime: scripts/bundle.mjs says why) is required as usual, but
// compiled here with a code cache of its own, deps.v8cache, made by the same scaffold build: one
// file holding, for each module, the digest of its source and V8's cache of it. A module whose
// source differs from the one cached (another version installed) is compiled as usual: V8 itself
// checks only a source's length.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';

const file = fileURLToPath(new URL('./worker.js', import.meta.url));
const cacheFile = fileURLToPath(new URL('./worker.v8cache', import.meta.url));
const depsFile = fileURLToPath(new URL('./deps.v8cache', import.meta.url));
const readOrNone = (f) => {
  try {
    return fs.readFileSync(f);
  } catch {
    return undefined; // no cache: compile as usual
  }
};
const out = process.env.BRIEFKIT_WRITE_CODE_CACHE;

// deps.v8cache: a 4-byte length, a JSON index [[module, digest, bytes], ...], then the caches;
// the index is read here, each cache when its module is compiled (nothing is held after that)
const deps = new Map();
/** `size` bytes of deps.v8cache from `at`, or undefined. */
const readDeps = (at, size) => {
  let fd;
  try {
    fd = fs.openSync(depsFile, 'r');
    const b = Buffer.allocUnsafe(size);
    return fs.readSync(fd, b, 0, size, at) === size ? b : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
};
if (!out) {
  try {
    const n = readDeps(0, 4)?.readUInt32LE(0);
    const head = n === undefined ? undefined : readDeps(4, n);
    let at = 4 + (n ?? 0);
    for (const [name, digest, size] of head ? JSON.parse(head.toString('utf8')) : []) {
      deps.set(name, { digest, at, size });
      at += size;
    }
  } catch {
    deps.clear(); // a damaged cache is no cache
  }
}
/**
 * The folder the bundle's packages are installed in (pdfmake's, a dependency), and a module's name
 * in the cache: its path inside that folder (the same wherever the installation is: a project's
 * node_modules, a global one). Modules elsewhere are compiled as usual.
 */
let modulesDir;
try {
  modulesDir = path.dirname(path.dirname(createRequire(file).resolve('pdfmake/package.json'))) + path.sep;
} catch {
  modulesDir = undefined;
}
const depName = (filename) => (modulesDir && filename.startsWith(modulesDir) ? filename.slice(modulesDir.length).split(path.sep).join('/') : undefined);
const digestOf = (content) => createHash('sha1').update(content).digest('base64');
/** The modules compiled here (to write their caches), by name. */
const compiled = new Map();

/** require() as Node gives a module (lib/internal/modules/helpers.js makeRequireFunction). */
function requireOf(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  const name = depName(filename);
  if (name === undefined || content.startsWith('#!')) return compile.call(this, content, filename);
  const digest = digestOf(content);
  const entry = deps.get(name);
  const cachedData = entry && entry.digest === digest ? readDeps(entry.at, entry.size) : undefined;
  const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
  if (out) compiled.set(name, { digest, script });
  const fn = script.runInThisContext({ displayErrors: true });
  return fn.call(this.exports, this.exports, requireOf(this), this, filename, path.dirname(filename));
};

function writeDeps() {
  // modules the scaffold's build does not load but others do (scripts/bundle.mjs names them)
  for (const id of (process.env.BRIEFKIT_CODE_CACHE_ALSO ?? '').split(',').filter(Boolean)) createRequire(file)(id);
  const index = [];
  const blobs = [];
  for (const [name, { digest, script }] of [...compiled].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const data = script.createCachedData();
    index.push([name, digest, data.length]);
    blobs.push(data);
  }
  const head = Buffer.from(JSON.stringify(index));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  fs.writeFileSync(path.join(path.dirname(out), 'deps.v8cache'), Buffer.concat([len, head, ...blobs]));
}

const cachedData = out ? undefined : readOrNone(cacheFile);
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
// scripts/bundle.mjs: write the code caches once the job is done (the functions it ran are compiled by then)
if (out && parentPort) {
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (m, transfer) => {
    if (m && ['built', 'checked', 'charted'].includes(m.type)) {
      fs.writeFileSync(out, script.createCachedData());
      writeDeps();
    }
    return post(m, transfer);
  };
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, fileURLToPath(new URL('.', import.meta.url)));
