/**
 * A disk cache of rendered charts (display list, SVG when asked for, size and warnings), in the
 * project's node_modules/.cache/briefkit. The key is a digest of everything the chart depends on: the spec,
 * the rows bound to it, the chart theme (config), the size asked for, the chart limits, the font
 * files (their bytes: text is measured with them), the versions of vega, vega-lite and
 * vega-interpreter, and the source of briefkit's chart code itself. So an entry is never stale,
 * and deleting the cache is always safe. A spec that names a file (a `url`: data or images, read
 * when drawn) is not cached.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { hashOwnCode } from '../io/code-digest.js';
import type { Area } from '../io/project.js';
import { BriefkitError } from '../log/error.js';
import { chartLimits } from './limits.js';
import type { ChartInput, ChartOutput } from './render.js';
import { isScene } from './scene/types.js';

type Warning = Pick<BriefkitError, 'code' | 'summary' | 'where' | 'expected' | 'fix' | 'exitCode'>;

let codeDigest: string | undefined;

/** briefkit's chart code (with the shared formatter its labels and alt text use) and the chart libraries' versions (once per process). */
function code(): string {
  if (codeDigest) return codeDigest;
  const h = hashOwnCode(import.meta.url, ['format']);
  const require = createRequire(import.meta.url);
  for (const p of ['vega', 'vega-lite', 'vega-interpreter']) {
    // the package's own package.json (not exported by every package: found from its entry point)
    let dir = path.dirname(require.resolve(p));
    for (;;) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === p) {
          h.update(`${p}@${pkg.version}`);
          break;
        }
      }
      if (path.dirname(dir) === dir) throw new Error(`cannot find the version of ${p}`);
      dir = path.dirname(dir);
    }
  }
  return (codeDigest = h.digest('hex'));
}

const fontDigests = new WeakMap<Buffer, string>();
/** sha256 of a font file's bytes (once per buffer). */
export const bufferDigest = (b: Buffer) => {
  let d = fontDigests.get(b);
  if (!d) fontDigests.set(b, (d = createHash('sha256').update(b).digest('hex')));
  return d;
};

/** The cache key of a chart, or undefined when it cannot be cached. `fonts`: every font buffer text may be set in. */
export function chartKey(input: ChartInput, fonts: Buffer[]): string | undefined {
  const spec = JSON.stringify(input.spec);
  if (spec.includes('"url"')) return undefined;
  const h = createHash('sha256');
  h.update(code()).update('\0').update(spec).update('\0');
  for (const [name, rows] of [...input.datasets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) h.update(name).update('\0').update(JSON.stringify(rows)).update('\0');
  for (const name of [...input.datasets.keys()].sort()) h.update(JSON.stringify(input.numbers?.get(name) ?? {})).update(JSON.stringify(input.fields?.get(name) ?? [])).update('\0');
  h.update(JSON.stringify(input.numberStyle ?? {})).update(`\0${input.dateStyle ?? ''}\0${input.language ?? ''}\0${(input.fonts ?? []).join(',')}\0`);
  h.update(JSON.stringify(input.config)).update(`\0${input.width}x${input.height}\0${JSON.stringify(input.limits ?? chartLimits())}\0${input.svg === false ? 'scene' : 'scene+svg'}\0`);
  for (const f of fonts) h.update(bufferDigest(f));
  return `chart-${h.digest('hex').slice(0, 40)}.json`;
}

/** A cached chart; its warnings name `file` (the spec's name in this project). */
export function readChart(cache: Area | undefined, key: string | undefined, file: string): ChartOutput | undefined {
  if (!cache || !key) return undefined;
  const text = cache.readCache(key);
  if (text === undefined) return undefined;
  try {
    const o = JSON.parse(text) as { scene: unknown; svg?: string; alt: string; altComplete: boolean; width: number; height: number; warnings: Warning[] };
    if (!isScene(o.scene) || (o.svg !== undefined && typeof o.svg !== 'string') || typeof o.alt !== 'string' || typeof o.altComplete !== 'boolean' || typeof o.width !== 'number' || typeof o.height !== 'number' || !Array.isArray(o.warnings)) return undefined;
    return { scene: o.scene, ...(o.svg !== undefined ? { svg: o.svg } : {}), alt: o.alt, altComplete: o.altComplete, width: o.width, height: o.height, warnings: o.warnings.map((w) => new BriefkitError(w.code, w.summary, { ...w.where, file }, w.expected, w.fix, w.exitCode)) };
  } catch {
    return undefined; // a damaged entry is no entry
  }
}

export function writeChart(cache: Area | undefined, key: string | undefined, out: ChartOutput): void {
  if (!cache || !key) return;
  cache.writeCache(key, JSON.stringify({ scene: out.scene, svg: out.svg, alt: out.alt, altComplete: out.altComplete, width: out.width, height: out.height, warnings: out.warnings.map((w): Warning => ({ code: w.code, summary: w.summary, where: w.where, expected: w.expected, fix: w.fix, exitCode: w.exitCode })) }));
}
