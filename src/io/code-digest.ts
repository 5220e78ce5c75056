/**
 * A digest of a stage's own code, for disk-cache keys: every .js/.ts file of the folder that
 * holds the module at `moduleUrl` (its import.meta.url) and of its subfolders, and of the sibling
 * folders it names in `also` (the shared modules the stage's output depends on, e.g. "format"), by
 * path and content, in path order. A cache entry keyed with it goes stale as soon as any file of
 * that stage changes.
 *
 * In the bundle (dist/bundle, scripts/bundle.mjs: every module of briefkit and most of its
 * dependencies in a few files) a stage's code is no longer a folder of its own: the digest is then
 * of every .js file of the bundle's folder (the module's folder again), so a change anywhere in the
 * bundled code invalidates the caches, and an unchanged bundle (the build is deterministic) keeps
 * them. The sibling folders do not exist there and are part of the bundle already.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Defined (true) by esbuild in the bundle (scripts/bundle.mjs); undeclared under tsc and vitest. */
declare const BRIEFKIT_BUNDLE: boolean | undefined;
/** Whether this code runs from the bundle. */
export const BUNDLED = typeof BRIEFKIT_BUNDLE !== 'undefined' && BRIEFKIT_BUNDLE;

/** A sha256 Hash already fed with the code of `moduleUrl`'s folder (callers add what else the cache depends on). */
/** The bundle's folder, hashed once per process (the chart and the citation caches both ask). */
const bundleHashes = new Map<string, Hash>();

export function hashOwnCode(moduleUrl: string, also: string[] = []): Hash {
  const dir = path.dirname(fileURLToPath(moduleUrl));
  const known = BUNDLED ? bundleHashes.get(dir) : undefined;
  if (known) return known.copy();
  const h = createHash('sha256');
  const feed = (folder: string, prefix: string) => {
    for (const e of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = prefix + e.name;
      if (e.isDirectory()) feed(path.join(folder, e.name), `${name}/`);
      else if (/\.(js|ts)$/.test(e.name)) h.update(name).update(fs.readFileSync(path.join(folder, e.name)));
    }
  };
  feed(dir, '');
  if (BUNDLED) {
    bundleHashes.set(dir, h.copy());
    return h;
  }
  for (const sibling of also) feed(path.join(dir, '..', sibling), `../${sibling}/`);
  return h;
}
