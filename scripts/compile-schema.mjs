#!/usr/bin/env node
// Part of `npm run build` (after tsc): writes the Vega-Lite schema validator as ajv standalone code
// to dist/src/charts/vl-schema.cjs, so no process compiles the schema at run time (see
// src/charts/schema.ts). `npm pack` ships it with the rest of dist/src. A file already there that
// was compiled from the installed schema, ajv and amendment (its digest matches) is kept as it is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist/src/charts');
const { validatorCode, prebuiltIsCurrent, PREBUILT } = await import(pathToFileURL(path.join(dir, 'schema.js')).href);
if (prebuiltIsCurrent()) process.exit(0);
const file = path.join(dir, PREBUILT);
const tmp = `${file}.${process.pid}.tmp`;
fs.writeFileSync(tmp, validatorCode());
fs.renameSync(tmp, file);
