/**
 * A disk cache of Chicago entries, in the project's node_modules/.cache/briefkit: citeproc-js
 * takes about a second of CPU to set a report's sources (most of it building its engine and
 * disambiguating), so a process that finds the entries of the same sources already set reads them
 * instead. The key is a digest of the sources asked for (every field, in order), the source of
 * briefkit's citation code, the vendored style and locale (this folder) and citeproc's version;
 * so an entry is never stale, and deleting the cache only makes the next build slower.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Source } from '../config/blocks.js';
import { hashOwnCode } from '../io/code-digest.js';
import type { Area } from '../io/project.js';
import { chicagoEntries, noteLocale, type Citation, type Run } from './cite.js';

let cacheArea: Area | undefined;
let codeDigest: string | undefined;

/** Where entries are cached (the project's cache area; none: set them in memory only). */
export function useCiteCache(area: Area | undefined): void {
  cacheArea = area;
}

/** briefkit's citation code, style and locale, and citeproc's version (once per process). */
function code(): string {
  if (codeDigest) return codeDigest;
  const h = hashOwnCode(import.meta.url);
  const require = createRequire(import.meta.url);
  // citeproc's entry point is its only file (citeproc_commonjs.js) and carries its version
  h.update(fs.readFileSync(require.resolve('citeproc')));
  return (codeDigest = h.digest('hex'));
}

export function citeKey(sources: Source[], language: string): string {
  return `cite-${createHash('sha256').update(code()).update('\0').update(noteLocale(language)).update('\0').update(JSON.stringify(sources)).digest('hex').slice(0, 40)}.json`;
}

const isRun = (r: unknown): r is Run => typeof r === 'object' && r !== null && typeof (r as Run).text === 'string';

/** chicagoEntries(sources, language), read from the disk cache when an earlier process set the same sources in the same locale. */
function cachedEntries(sources: Source[], language: string): Map<string, Citation> {
  const key = cacheArea ? citeKey(sources, language) : undefined;
  const text = key ? cacheArea!.readCache(key) : undefined;
  if (text !== undefined) {
    try {
      const entries = JSON.parse(text) as [string, Citation][];
      if (Array.isArray(entries) && entries.every(([id, c]) => typeof id === 'string' && Array.isArray(c?.runs) && c.runs.every(isRun) && (c.url === undefined || typeof c.url === 'string'))) return new Map(entries);
    } catch {
      // a damaged entry is no entry
    }
  }
  const set = chicagoEntries(sources, language);
  if (key) cacheArea!.writeCache(key, JSON.stringify([...set]));
  return set;
}

/**
 * Entries by the source's content: citeproc-js takes a few milliseconds an entry, so each is set
 * once per process (every edition, the notes and the titles quoted in prose read them here), and
 * read from the disk cache by a later process.
 */
const entries = new Map<string, Citation>();

/** The Chicago entries of the given sources (those the edition cites), by id, in the locale of `language` (the profile's). */
export function citations(sources: Map<string, Source>, ids: string[], language: string): Map<string, Citation> {
  const key = (s: Source) => `${noteLocale(language)} ${JSON.stringify(s)}`;
  const wanted = ids.map((id) => sources.get(id)).filter((s): s is Source => s !== undefined);
  const missing = wanted.filter((s) => !entries.has(key(s)));
  if (missing.length) {
    const set = cachedEntries(missing, language);
    for (const s of missing) entries.set(key(s), set.get(s.id)!);
  }
  return new Map(wanted.map((s) => [s.id, entries.get(key(s))!]));
}
