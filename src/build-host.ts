/**
 * The main thread's side of a build: picks the audiences (and shard), runs the rendering in
 * worker threads (src/worker/host.ts; in process when not isolated) and commits what they return
 * to the output folder. The pipeline itself is src/build.ts, which only the worker (or an
 * in-process build) loads: this module imports no stage of it, so the main thread does not load
 * pdfmake, fonts, Vega, Handlebars or the data schemas it never runs.
 */
import os from 'node:os';
import path from 'node:path';
import type { BuildOptions, Inputs } from './build.js';
import { Project } from './io/project.js';
import type { Reporter } from './log/reporter.js';
import { silent } from './log/reporter.js';
import * as msg from './log/message.js';
import { listAudiences } from './profile/audiences.js';
import { compareManifests, snapshotData, type DataSnapshot } from './write/changes.js';
import { ALT_FILE, altFile, CLAIMS_FILE, mergeClaims, readClaims } from './write/claims.js';
import type { Register } from './model/claims.js';
import { commitOutputs, readManifest, recoverOutputs, checkOutDir, resolveOutDir, sha256, withOutputLock, type Manifest, type ManifestEntry, type OutputFile } from './write/output.js';
import { DEFAULT_LIMITS, runInWorker, runningWorkers, workerAvailable, type WorkerReply } from './worker/host.js';
import { VERSION } from './version.js';

/** Shard i of n: the audiences (sorted by name) at positions i-1, i-1+n, i-1+2n, … */
export function shardOf<T>(audiences: T[], shard: { index: number; count: number } | undefined): T[];
export function shardOf<T>(audiences: T[] | undefined, shard: { index: number; count: number } | undefined): T[] | undefined;
export function shardOf<T>(audiences: T[] | undefined, shard: { index: number; count: number } | undefined): T[] | undefined {
  return shard && audiences ? audiences.filter((_, k) => k % shard.count === shard.index - 1) : audiences;
}

/** What is written for an edition. */
export interface EditionOutput {
  audience: string;
  file: string;
  pdf: Buffer;
  entry: ManifestEntry;
  /** Its claims register (out/claims.json); an edition merged from a shard without one has none. */
  claims?: Register;
}

export interface BuildResult {
  editions: EditionOutput[];
  manifest: Manifest;
  outDir: string;
  /** One-line summary of CHANGES.md when a previous manifest existed. */
  changes?: string;
}

/**
 * Builds the editions and commits them to the output folder, all or nothing. The rendering runs
 * in a worker thread under time and memory limits (see BuildOptions.isolate); the commit runs
 * here, holding the output lock.
 */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const reporter = opts.reporter ?? silent;
  const project = new Project(opts.root, opts);
  const isolate = opts.isolate ?? workerAvailable();
  let found: Pick<OutputTarget, 'asOf' | 'snapshot'>;
  let editions: EditionOutput[];
  // an audience named twice is one edition (one PDF, one manifest entry)
  if (opts.audiences) opts = { ...opts, audiences: [...new Set(opts.audiences)] };
  const audiences = opts.shard || (opts.jobs ?? os.availableParallelism()) > 1 ? shardOf(opts.audiences?.length ? opts.audiences : audiencesOrNone(project), opts.shard) : opts.audiences;
  if (audiences && audiences.length === 0 && opts.shard) throw msg.usage(`shard ${opts.shard!.index}/${opts.shard!.count} has no audience (there are fewer audiences than shards)`, 'use fewer shards');
  // an output folder that cannot be written fails now, not after the whole render
  checkOutDir(project.outDir);
  if (isolate) {
    const limits = { ...DEFAULT_LIMITS, ...opts.limits };
    const base = { root: opts.root, ...(opts.outDir !== undefined ? { outDir: opts.outDir } : {}), ...(opts.templatesDir !== undefined ? { templatesDir: opts.templatesDir } : {}), ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}), ...(opts.pdfua ? { pdfua: true } : {}) };
    // audiences in parallel: one worker per group (round robin over the sorted list)
    const jobs = Math.max(1, Math.min(opts.jobs ?? os.availableParallelism(), audiences?.length ?? 1));
    const groups = audiences ? Array.from({ length: jobs }, (_, g) => audiences.filter((_, k) => k % jobs === g)) : [undefined];
    // the time limit counts the CPU time of the whole process, which the workers share
    const groupLimits = { ...limits, seconds: limits.seconds * groups.length };
    let results: Extract<WorkerReply, { type: 'built' }>[];
    try {
      results = await Promise.all(groups.map((g) => runInWorker({ kind: 'build', opts: { ...base, ...(g ? { audiences: g } : {}) } }, groupLimits, reporter)));
    } catch (e) {
      for (const w of runningWorkers) void w.terminate();
      throw e;
    }
    return commitBuilt(project, results, audiences, reporter);
  } else {
    const { renderEditions } = await import('./build.js');
    const r = await renderEditions({ ...opts, ...(audiences ? { audiences } : {}) });
    editions = r.editions;
    found = r;
  }
  return commitTo(project, found, editions, reporter);
}

/** Commits what build workers returned (in the order of `audiences`) to the project's output folder. */
export function commitBuilt(project: Project, results: Extract<WorkerReply, { type: 'built' }>[], audiences: string[] | undefined, reporter: Reporter = silent): Promise<BuildResult> {
  const order = (a: string) => audiences?.indexOf(a) ?? 0;
  const editions = results.flatMap((r) => r.editions).sort((a, b) => order(a.audience) - order(b.audience)).map((e) => ({ audience: e.audience, file: e.file, entry: e.entry, claims: e.claims, pdf: Buffer.from(e.pdf.buffer, e.pdf.byteOffset, e.pdf.byteLength) }));
  return commitTo(project, results[0]!, editions, reporter);
}

function commitTo(project: Project, found: Pick<OutputTarget, 'asOf' | 'snapshot'>, editions: EditionOutput[], reporter: Reporter): Promise<BuildResult> {
  const outDir = resolveOutDir(project.outDir);
  const target: OutputTarget = { outDir, asOf: found.asOf, snapshot: found.snapshot, display: (abs) => project.display(abs) };
  return withOutputLock(outDir, () => writeEditions(target, editions, reporter), undefined, (line) => reporter.warn(line));
}

/** The project's audiences, or undefined when they cannot be listed (the build then reports why, in its usual order). */
export function audiencesOrNone(project: Project): string[] | undefined {
  try {
    return listAudiences(project.templates);
  } catch {
    return undefined;
  }
}

/** Where and what writeEditions commits (an Inputs, as watch mode has, serves too). */
export interface OutputTarget {
  outDir: string;
  asOf?: string;
  snapshot: DataSnapshot;
  display?: (abs: string) => string;
}

const targetOf = (t: Inputs | OutputTarget): OutputTarget =>
  'project' in t ? { outDir: t.project.outDir, asOf: t.data.asOf, snapshot: snapshotData(t.data), display: (abs) => t.project.display(abs) } : t;

/**
 * Commits every edition's PDF, the manifest (merged with entries of editions not rebuilt) and
 * CHANGES.md together: after any failure, or a kill at any moment, out/ holds the complete
 * previous set or the complete new set (see commitOutputs). Call it holding the output lock.
 */
export function writeEditions(where: Inputs | OutputTarget, editions: EditionOutput[], reporter: Reporter = silent): BuildResult {
  const t = targetOf(where);
  const outDir = resolveOutDir(t.outDir);
  const display = t.display ?? ((abs: string) => abs);
  const recovered = recoverOutputs(outDir);
  if (recovered.length) reporter.info(`recovered ${display(outDir)}: ${recovered.join('; ')}`);
  const previous = readManifest(outDir, (reason) => reporter.warn(msg.previousManifestMalformed(display(path.join(outDir, 'manifest.json')), reason).message));
  const rebuilt = new Set(editions.map((e) => e.audience));
  const documents = [...(previous?.documents ?? []).filter((d) => !rebuilt.has(d.audience)), ...editions.map((e) => e.entry)].sort((a, b) => a.audience.localeCompare(b.audience));
  // the claims register of every edition in the manifest, listed in it with its digest
  const previousClaims = readClaims(outDir, (reason) => reporter.warn(msg.claimsUnreadable(display(path.join(outDir, CLAIMS_FILE)), `${reason}; it is written anew`).message));
  const register = mergeClaims(`briefkit ${VERSION}`, documents, new Map(editions.map((e) => [e.audience, e.claims])), previousClaims);
  const claims = Buffer.from(JSON.stringify(register, null, 2) + '\n');
  // every chart's text alternative, for editors to review
  const alt = Buffer.from(JSON.stringify(altFile(register), null, 2) + '\n');
  const manifest: Manifest = { generator: `briefkit ${VERSION}`, asOf: t.asOf, documents, data: t.snapshot, claims: { file: CLAIMS_FILE, sha256: sha256(claims) }, alt: { file: ALT_FILE, sha256: sha256(alt) } };
  const files: OutputFile[] = editions.map((e) => ({ name: e.file, data: e.pdf }));
  files.push({ name: CLAIMS_FILE, data: claims }, { name: ALT_FILE, data: alt });
  let changes: string | undefined;
  if (previous) {
    const report = compareManifests(previous, manifest);
    // written after every build that has one to compare with, 'nothing changed' included: a
    // scheduled build's summary says so rather than leaving an older CHANGES.md in place
    files.push({ name: 'CHANGES.md', data: Buffer.from(report.markdown + '\n') });
    changes = report.summary;
  }
  files.push({ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') });
  commitOutputs(outDir, files, {
    display,
    // the PDFs of editions not rebuilt stay in the set
    keep: documents.filter((d) => !rebuilt.has(d.audience)).map((d) => d.file),
    // what is on disk must be what the manifest says
    validate: (staged) => {
      const m = JSON.parse(staged.get('manifest.json')!.toString('utf8')) as Manifest;
      for (const e of editions) {
        const d = m.documents.find((x) => x.audience === e.audience);
        const bytes = staged.get(e.file)!;
        if (!d || d.file !== e.file || d.sha256 !== sha256(bytes) || d.bytes !== bytes.length) throw msg.internal(`staged ${e.file} does not match manifest.json`);
      }
      if (m.claims?.sha256 !== sha256(staged.get(CLAIMS_FILE)!)) throw msg.internal(`staged ${CLAIMS_FILE} does not match manifest.json`);
      if (m.alt?.sha256 !== sha256(staged.get(ALT_FILE)!)) throw msg.internal(`staged ${ALT_FILE} does not match manifest.json`);
    },
  });
  reporter.stage('write', `${editions.length} PDF(s) → ${display(outDir)}`);
  return { editions, manifest, outDir, ...(changes ? { changes } : {}) };
}
