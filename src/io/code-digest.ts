/**
 * A digest of a stage's own code, for disk-cache keys: every .js/.ts file of the folder that
 * holds the module at `moduleUrl` (its import.meta.url), by name and content, in name order. A
 * cache entry keyed with it goes stale as soon as any file of that stage changes.
 */
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A sha256 Hash already fed with the code of `moduleUrl`'s folder (callers add what else the cache depends on). */
export function hashOwnCode(moduleUrl: string): Hash {
  const h = createHash('sha256');
  const dir = path.dirname(fileURLToPath(moduleUrl));
  for (const f of fs.readdirSync(dir).filter((f) => /\.(js|ts)$/.test(f)).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  return h;
}
