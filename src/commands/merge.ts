/**
 * `briefkit manifest merge SHARD_DIR… --out DIR`: combines the output folders of sharded builds
 * (`briefkit build --shard i/n`, e.g. one per CI matrix job) into one output folder, as one
 * unsharded build would have written it: every shard's PDFs (checked against its manifest), one
 * manifest.json, claims.json, alt.json and, when DIR held a previous manifest, CHANGES.md against it. The shards must
 * come from the same inputs (the same data snapshot and as-of date) and name each audience once;
 * a shard's entries must be named briefing-<audience>.pdf (BK413, checked before any file is
 * opened) and its PDFs regular files, read through the shard's own links only (BK414).
 * The commit is all or nothing, under the output lock, like a build's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeEditions, type BuildResult, type EditionOutput } from '../build-host.js';
import * as msg from '../log/message.js';
import { CLAIMS_FILE, readClaims } from '../write/claims.js';
import type { Reporter } from '../log/reporter.js';
import { editionFile, isEditionFile, outputPath, readManifest, readNoFollow, resolveOutDir, sha256, withOutputLock, type Manifest } from '../write/output.js';

export async function mergeShards(shardDirs: string[], outDir: string, reporter?: Reporter): Promise<BuildResult> {
  if (shardDirs.length === 0) throw msg.usage('manifest merge needs at least one shard output folder', 'briefkit manifest merge out-1 out-2 --out out');
  const editions: EditionOutput[] = [];
  let first: { manifest: Manifest; file: string } | undefined;
  for (const dir of shardDirs) {
    const file = path.join(dir, 'manifest.json');
    const m = readManifest(dir, (reason) => {
      throw msg.shardMismatch(file, reason);
    });
    if (!m) throw msg.shardMismatch(file, 'the folder has no manifest.json');
    // each shard's claims register goes into the merged one
    const claims = readClaims(dir, (reason) => {
      throw msg.shardMismatch(path.join(dir, CLAIMS_FILE), reason);
    });
    if (!first) first = { manifest: m, file };
    else {
      if (m.asOf !== first.manifest.asOf) throw msg.shardMismatch(file, `its as-of date (${m.asOf}) differs from ${first.file}'s (${first.manifest.asOf})`);
      if (JSON.stringify(m.data) !== JSON.stringify(first.manifest.data)) throw msg.shardMismatch(file, `its data snapshot differs from ${first.file}'s: the shards were built from different data`);
      if (m.generator !== first.manifest.generator) throw msg.shardMismatch(file, `it was written by ${m.generator}, ${first.file} by ${first.manifest.generator}`);
    }
    for (const d of m.documents) {
      // only names a build gives an edition: never the lock, the manifest, CHANGES.md or a path
      // out of the shard folder; checked before anything is opened
      if (!isEditionFile(d.audience, d.file)) throw msg.shardEntryName(file, d.file, `it is not the name a build gives the edition of "${d.audience}" (${/[/\\]/.test(d.audience) ? 'an audience is a folder name' : editionFile(d.audience)})`);
      if (editions.some((e) => e.audience === d.audience)) throw msg.shardMismatch(file, `the audience "${d.audience}" is in two shards`);
      const pdf = readShardFile(dir, d.file, file);
      if (pdf.length !== d.bytes || sha256(pdf) !== d.sha256) throw msg.shardMismatch(file, `${d.file} does not match its manifest entry`);
      const register = claims?.editions[d.audience];
      editions.push({ audience: d.audience, file: d.file, entry: d, pdf, ...(register && register.file === d.file ? { claims: { notes: register.notes, claims: register.claims, ...(register.alt ? { alt: register.alt } : {}) } } : {}) });
    }
  }
  const out = resolveOutDir(outDir);
  const target = { outDir: out, asOf: first!.manifest.asOf, snapshot: first!.manifest.data ?? {}, display: (abs: string) => path.relative(process.cwd(), abs) || '.' };
  return withOutputLock(out, () => writeEditions(target, editions, reporter), undefined, reporter ? (line) => reporter.warn(line) : undefined);
}

/**
 * A shard's PDF as a reader of the shard folder sees it (through the build's link into its
 * current set), opened without following any other link and without blocking: a FIFO, a device
 * or a foreign link is refused (BK414), never waited on.
 */
function readShardFile(dir: string, name: string, manifest: string): Buffer {
  const at = outputPath(dir, name);
  try {
    return readNoFollow(at);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw msg.shardMismatch(manifest, `${name} is missing`);
    if (code === 'ELOOP') throw msg.shardFileNotRegular(path.join(dir, name), 'a symbolic link briefkit did not make');
    let kind = 'not a regular file';
    try {
      const st = fs.lstatSync(at);
      kind = st.isFIFO() ? 'a named pipe (FIFO)' : st.isDirectory() ? 'a folder' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : kind;
    } catch {
      /* as said */
    }
    if (code === 'EINVAL' || code === 'EISDIR') throw msg.shardFileNotRegular(path.join(dir, name), kind);
    throw msg.shardMismatch(manifest, `${name} cannot be read (${code ?? 'error'})`);
  }
}
