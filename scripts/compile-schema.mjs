#!/usr/bin/env node
// Part of `npm run build` (after tsc): writes the Vega-Lite schema validator as ajv standalone code
// to dist/src/charts/vl-schema.cjs, so no process compiles the schema at run time (see
// src/charts/schema.ts). `npm pack` ships it with the rest of dist/src. A file already there that
// was compiled from the installed schema, ajv and amendment (its digest matches) is kept as it is.
// Beside it, V8's code cache of the validator (vl-schema.v8cache), made with this Node after
// validating the Vega-Lite example specs of test/conformance/specs (when the checkout has them),
// so a build worker does not parse and compile the validator's 8.8 MB again (about 0.25 s of CPU).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'dist/src/charts');
const { validatorCode, prebuiltIsCurrent, prebuiltCodeCacheData, PREBUILT, PREBUILT_CODE_CACHE } = await import(pathToFileURL(path.join(dir, 'schema.js')).href);
const write = (file, data) => {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
};
if (!prebuiltIsCurrent()) write(path.join(dir, PREBUILT), validatorCode());

const specs = path.join(root, 'test/conformance/specs');
const samples = fs.existsSync(specs) ? fs.readdirSync(specs).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(specs, f), 'utf8'))) : [];
const cache = prebuiltCodeCacheData(samples);
if (cache) write(path.join(dir, PREBUILT_CODE_CACHE), cache);
