// The build worker's entry in the bundle (copied to dist/bundle/main.js by scripts/bundle.mjs;
// src/worker/host.ts starts ./main.js next to itself). The worker's code is one CommonJS file,
// worker.js, run here as a vm.Script with V8's code cache (worker.v8cache, made by
// scripts/bundle.mjs after a build of the init scaffold, so it holds the functions a build
// compiles): the worker does not parse and compile its ~4.5 MB of code again. V8 checks the cache
// against the code, its version and its flags and ignores one that does not match (another Node):
// the code is then compiled as usual. ES modules cannot take a code cache in Node 20 (no
// module.enableCompileCache; vm.SourceTextModule needs --experimental-vm-modules), hence CommonJS.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';

const file = fileURLToPath(new URL('./worker.js', import.meta.url));
const cacheFile = fileURLToPath(new URL('./worker.v8cache', import.meta.url));
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined; // no cache: compile as usual
}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
// scripts/bundle.mjs: write the code cache once the job is done (the functions it ran are compiled by then)
const out = process.env.BRIEFKIT_WRITE_CODE_CACHE;
if (out && parentPort) {
  const post = parentPort.postMessage.bind(parentPort);
  parentPort.postMessage = (m, transfer) => {
    if (m && ['built', 'checked', 'charted'].includes(m.type)) fs.writeFileSync(out, script.createCachedData());
    return post(m, transfer);
  };
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, createRequire(file), mod, file, fileURLToPath(new URL('.', import.meta.url)));
