/** briefkit's own version and install folder, from the package.json above this module (src/ or dist/src/). */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackage(): { root: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'briefkit' && pkg.version) return { root: dir, version: pkg.version };
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('briefkit: cannot find its own package.json');
    dir = up;
  }
}

const pkg = findPackage();
export const VERSION = pkg.version;
/** Where briefkit itself is installed: its fonts (fonts/) come from here. */
export const PACKAGE_ROOT = pkg.root;

/**
 * The node_modules folder that holds briefkit's pdfmake (for its Roboto fonts): briefkit's own
 * when it is the project being developed, the project's when briefkit is installed as a package
 * (npm hoists pdfmake next to it).
 */
export const MODULES_DIR = path.dirname(path.dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')));
