#!/usr/bin/env node
/**
 * Draws the picture in the README: the first section's page of the report `briefkit init` makes,
 * built by this checkout's CLI (run `npm run build` first) and rendered by poppler's pdftoppm.
 *
 *   node scripts/docs-picture.mjs     writes docs/images/scaffold-page.png
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-picture-'));
try {
  const run = (...args) => execFileSync(process.execPath, [CLI, ...args, '--quiet'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  run('init', '.', '--title', 'Leap seconds since 1972', '--org', 'Acme Analytics', '--author', 'Ann Lee');
  run('build', '--jobs', '1');
  // page 2: the first section, with its chart and table (page 1 is the cover)
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '2', '-l', '2', '-singlefile', path.join(dir, 'out', 'briefing-general.pdf'), path.join(dir, 'page')]);
  const out = path.join(ROOT, 'docs', 'images', 'scaffold-page.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(path.join(dir, 'page.png'), out);
  console.log(`wrote ${path.relative(ROOT, out)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
