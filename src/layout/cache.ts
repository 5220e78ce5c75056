/**
 * A disk cache of the first layout pass (node_modules/.cache/briefkit). That pass only finds
 * where things fall: the page of every anchor, the contents entries and the page breaks widow,
 * orphan and heading control asked for — and it is the expensive one, since each such break
 * makes pdfmake lay the whole document out again. Its result is a function of the pdfmake
 * document it lays out, so it is keyed by a digest of that document (every node, with the
 * source of its header/footer/page-break functions), of what those functions read besides it
 * (profile, theme, as-of date, version), of the font files, of briefkit's layout and PDF code and
 * of the pdfmake and pdfkit versions. An entry is never stale; deleting the cache is safe. The
 * passes after it run as always, so the PDF is the same with or without the cache.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Area } from '../io/project.js';
import type { TocEntry } from './contents.js';

export interface FirstPass {
  pages: Map<string, number>;
  toc: TocEntry[];
  breaks: Set<string>;
}

let codeDigest: string | undefined;

/** briefkit's layout and PDF code, and the versions of pdfmake and pdfkit (once per process). */
function code(): string {
  if (codeDigest) return codeDigest;
  const h = createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, d.name);
      if (d.isDirectory()) walk(abs);
      else if (/\.(js|ts)$/.test(d.name)) h.update(path.relative(here, abs)).update(fs.readFileSync(abs));
    }
  };
  walk(here);
  walk(path.join(here, '..', 'write'));
  const require = createRequire(import.meta.url);
  const pdfmakeDir = path.dirname(require.resolve('pdfmake/package.json'));
  h.update(fs.readFileSync(path.join(pdfmakeDir, 'package.json')));
  const pdfkit = createRequire(path.join(pdfmakeDir, 'package.json')).resolve('pdfkit');
  for (let dir = path.dirname(pdfkit); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const p = path.join(dir, 'package.json');
    if (fs.existsSync(p) && (JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string }).name === 'pdfkit') {
      h.update(fs.readFileSync(p));
      break;
    }
  }
  return (codeDigest = h.digest('hex'));
}

/** The key of a first pass over `dd` (call it before pdfmake lays `dd` out: layout changes it). */
export function firstPassKey(dd: unknown, context: unknown, fonts: string[]): string {
  const h = createHash('sha256').update(code());
  h.update(JSON.stringify(dd, (_k, v: unknown) => (typeof v === 'function' ? `function:${v.toString()}` : v)) ?? '');
  h.update('\0').update(JSON.stringify(context) ?? '');
  for (const f of fonts) h.update('\0').update(f);
  return `layout-${h.digest('hex').slice(0, 40)}.json`;
}

export function readFirstPass(cache: Area | undefined, key: string): FirstPass | undefined {
  const text = cache?.readCache(key);
  if (text === undefined) return undefined;
  try {
    const o = JSON.parse(text) as { pages: [string, number][]; toc: TocEntry[]; breaks: string[] };
    if (!Array.isArray(o.pages) || !Array.isArray(o.toc) || !Array.isArray(o.breaks)) return undefined;
    return { pages: new Map(o.pages), toc: o.toc, breaks: new Set(o.breaks) };
  } catch {
    return undefined; // a damaged entry is no entry
  }
}

export function writeFirstPass(cache: Area | undefined, key: string, pass: FirstPass): void {
  cache?.writeCache(key, JSON.stringify({ pages: [...pass.pages], toc: pass.toc, breaks: [...pass.breaks] }));
}
