/**
 * Shared by the e2e build tests: which project they build (the real one; BRIEFKIT_TEST_PROJECT
 * may point at a copy while the real templates are being edited), and small PDF readers.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT, sharedBuild, tool, type Run } from '../support.js';

export const PROJECT = process.env.BRIEFKIT_TEST_PROJECT ? path.resolve(process.env.BRIEFKIT_TEST_PROJECT) : ROOT;

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** Env for a reproducible run: no SOURCE_DATE_EPOCH from the caller's environment. */
export const BASE_ENV: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: undefined };

export interface ManifestDoc {
  audience: string;
  file: string;
  pages: number;
  bytes: number;
  sha256: string;
  inputsDigest: string;
  sections: string[];
}
export interface Manifest {
  generator: string;
  asOf: string;
  documents: ManifestDoc[];
}
export const readManifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

/** Audiences = folders under templates/audiences with a profile.yaml. */
export function audiences(root = PROJECT): string[] {
  const dir = path.join(root, 'templates', 'audiences');
  return fs.readdirSync(dir).filter((a) => fs.existsSync(path.join(dir, a, 'profile.yaml'))).sort();
}

/** The base profile with the audience overlay on top (maps merge, lists and scalars replace). */
export function profileOf(audience: string, root = PROJECT): Record<string, any> {
  const read = (f: string) => (fs.existsSync(f) ? (YAML.parse(fs.readFileSync(f, 'utf8')) ?? {}) : {});
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = isMap(out[k]) && isMap(v) ? merge(out[k] as Record<string, unknown>, v) : v;
    return out;
  };
  return merge(read(path.join(root, 'templates', 'profile.yaml')), read(path.join(root, 'templates', 'audiences', audience, 'profile.yaml')));
}

/** Rows of pdffonts output after its two header lines, split on whitespace (emb is 5th from the end). */
export const fontRows = (pdf: string) => tool('pdffonts', [pdf]).stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));

/** pdfinfo with ISO-8601 dates. */
export function pdfinfoIso(pdf: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of tool('pdfinfo', ['-isodates', pdf]).stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** Every file in a folder (not recursive) with its bytes. */
export function filesOf(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).sort().filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

/** Text with no-break spaces as spaces, soft hyphens removed and white space collapsed. */
export const normalise = (s: string) => s.replace(/\u00ad/g, '').replace(/[\u00a0\u2009\u202f]/g, ' ').replace(/\s+/g, ' ');

/**
 * The time zones the two shard builds run in (see shardBuilds): west and east of UTC, where the
 * flagship build (sharedBuild) runs.
 */
export const SHARD_TZ = ['America/Los_Angeles', 'Asia/Shanghai'] as const;

/**
 * `briefkit build --shard i/2 --jobs 2` for i = 1, 2 (each shard in its own process; shard 1's
 * two editions in parallel worker threads), built once per test run and shared (read only) by
 * shard.test.ts (merged, they equal the unsharded serial build, sharedBuild(FLAGSHIP)) and
 * determinism.test.ts (a second build of every edition, in another folder and another time zone:
 * the same bytes). Shard i runs with TZ=SHARD_TZ[i-1].
 */
export function shardBuilds(): { out: string; run: Run; tz: string }[] {
  return SHARD_TZ.map((tz, k) => ({ ...sharedBuild(['--quiet', '--shard', `${k + 1}/2`, '--jobs', '2'], { cwd: PROJECT, env: { ...BASE_ENV, TZ: tz } }), tz }));
}
