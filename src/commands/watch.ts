/**
 * `briefkit build --watch` (and the rebuilds of `briefkit preview`): builds, then rebuilds when
 * the config, data/, templates/ or the project's fonts/ change, printing how long each rebuild
 * took. The rendering runs in one kept worker (src/worker/host.ts, WorkerSession) under the same
 * CPU, wall-clock and memory limits as `build`, so fonts, metrics, Vega and the data read stay
 * warm between rebuilds while an endless loop in the config or a template can still be stopped,
 * and Ctrl-C is answered at once whatever the worker is doing.
 *
 * Each build returns what every edition read (its profile chain, sections and partials, chart and
 * table specs, the data files of the datasets it looked up, its fonts): a changed file rebuilds
 * only the editions that read it. A file no edition read (a new audience, section, dataset or
 * anything unknown) rebuilds them all, so new audiences, sections and datasets are picked up; a
 * failed build is reported, the last good PDFs stay in place, and its editions are built again
 * with the next change. A project broken from the start is reported and waited on in the same way.
 */
import chokidar, { type FSWatcher } from 'chokidar';
import path from 'node:path';
import type { BuildOptions, EditionUses } from '../build.js';
import { audiencesOrNone, commitBuilt } from '../build-host.js';
import { CONFIG_FILES } from '../config/load.js';
import { BriefkitError, type Location } from '../log/error.js';
import * as msg from '../log/message.js';
import { isInside, Project } from '../io/project.js';
import { listAudiences } from '../profile/audiences.js';
import { silent } from '../log/reporter.js';
import { checkOutDir, resolveOutDir, withOutputLock } from '../write/output.js';
import { DEFAULT_LIMITS, runningWorkers, WorkerSession, workerAvailable } from '../worker/host.js';

/** What one build or rebuild did (watch prints it; preview pushes it to the page). */
export interface BuildEvent {
  ok: boolean;
  /** Wall time from the change (or the start) to the committed PDFs, in ms. */
  ms: number;
  /** The editions built (or that failed to build). */
  audiences: string[];
  /** The audiences this watch builds (every one the project has, or those of --audience), as the last build found them. */
  known: string[];
  /** The changed files, project-relative (none for the first build). */
  changed: string[];
  /** The first page of each changed section, by edition: what preview offers to jump to. */
  sections: Record<string, { file: string; page: number }[]>;
  /** The error, as the terminal prints it, and its parts. */
  error?: { text: string; code: string; summary: string; where: Location; fix?: string };
}

export interface WatchHandle {
  /** The project's output folder (absolute). */
  outDir: string;
  /** Stops the watcher and the worker, whatever it is doing. */
  close(): Promise<void>;
  /** Resolves after the next build finishes (for tests). */
  nextBuild(): Promise<BuildEvent>;
}

/** An edition's last build: what it read and where its sections begin. */
type Uses = Map<string, EditionUses>;

/**
 * The editions a change rebuilds: those that read a changed file, an audience folder's own new
 * audience, and the editions whose last build failed; undefined (all of them) when a changed file
 * is one no edition read, or before any edition was built.
 */
export function affectedAudiences(changed: string[], uses: Uses, audiencesDir: string, failed: Iterable<string>): string[] | undefined {
  if (uses.size === 0) return undefined;
  const hit = new Set(failed);
  for (const f of changed) {
    const readers = [...uses].filter(([, u]) => u.files.includes(f)).map(([a]) => a);
    const own = isInside(audiencesDir, f) ? path.relative(audiencesDir, f).split(path.sep)[0] : undefined;
    if (readers.length) readers.forEach((a) => hit.add(a));
    else if (own && !uses.has(own)) hit.add(own);
    else return undefined;
  }
  return [...hit].sort();
}

/** The error's parts, for the preview page; the text is what the terminal prints. */
function errorOf(e: unknown): NonNullable<BuildEvent['error']> {
  const err = e instanceof BriefkitError ? e : msg.internal((e as Error)?.message ?? String(e), e);
  return { text: `error ${err.message}`, code: err.code, summary: err.summary, where: err.where, ...(err.fix !== undefined ? { fix: err.fix } : {}) };
}

export async function startWatch(opts: BuildOptions, log: (line: string) => void = (l) => process.stderr.write(l + '\n'), onBuild?: (e: BuildEvent) => void): Promise<WatchHandle> {
  const project = new Project(opts.root, opts);
  checkOutDir(project.outDir);
  const outDir = resolveOutDir(project.outDir);
  const audiencesDir = path.join(project.templates.dir, 'audiences');
  const reporter = opts.reporter ?? silent;
  const isolate = opts.isolate ?? workerAvailable();
  const session = isolate ? new WorkerSession({ ...DEFAULT_LIMITS, ...opts.limits }, reporter) : undefined;
  const base = { root: opts.root, ...(opts.outDir !== undefined ? { outDir: opts.outDir } : {}), ...(opts.templatesDir !== undefined ? { templatesDir: opts.templatesDir } : {}), ...(opts.dataDir !== undefined ? { dataDir: opts.dataDir } : {}), ...(opts.pdfua ? { pdfua: true } : {}) };

  const uses: Uses = new Map();
  const modules = new Set<string>();
  /** The audiences this watch builds: those of --audience that exist, else all there are. */
  const shown = (all: string[]) => (opts.audiences?.length ? opts.audiences.filter((a) => all.includes(a)) : all);
  let known: string[] = [];
  let failed = new Set<string>();
  let closed = false;
  let waiters: ((e: BuildEvent) => void)[] = [];
  const emit = (e: BuildEvent) => {
    const w = waiters;
    waiters = [];
    onBuild?.(e);
    w.forEach((f) => f(e));
  };

  /** Builds `only` (all when undefined), commits, and notes what each edition read. */
  const once = async (only: string[] | undefined): Promise<string[]> => {
    const audiences = only ?? (opts.audiences?.length ? opts.audiences : undefined);
    const job = { ...base, ...(audiences ? { audiences } : {}) };
    let built: { audience: string; uses: EditionUses }[];
    let imported: string[];
    if (session) {
      const r = await session.build(job);
      if (closed) return [];
      await commitBuilt(project, [r], audiences, reporter);
      built = r.editions;
      known = shown(r.audiences);
      imported = r.modules;
    } else {
      const { configModules, renderEditions } = await import('../build.js');
      const { writeEditions } = await import('../build-host.js');
      const r = await renderEditions({ ...job, reporter });
      await withOutputLock(outDir, () => writeEditions({ outDir, asOf: r.asOf, snapshot: r.snapshot, display: (abs) => project.display(abs) }, r.editions, reporter));
      built = r.editions;
      known = shown(listAudiences(r.inputs.project.templates));
      imported = configModules(r.inputs);
    }
    for (const e of built) uses.set(e.audience, e.uses);
    // the project's modules the config imports (a change to one rebuilds every edition, as the config's does)
    const added = imported.filter((m) => !modules.has(m));
    added.forEach((m) => modules.add(m));
    if (added.length) await watchModules(added);
    return built.map((e) => e.audience);
  };

  /** One build: its event, with the first pages of the changed sections. */
  const run = async (only: string[] | undefined, changed: string[], t0: number): Promise<BuildEvent> => {
    const names = changed.map((f) => project.display(f));
    try {
      const built = await once(only);
      failed = new Set();
      const sections = Object.fromEntries(built.map((a) => [a, Object.entries(uses.get(a)?.sectionPages ?? {}).filter(([file]) => names.includes(file)).map(([file, page]) => ({ file, page }))]));
      return { ok: true, ms: Math.round(performance.now() - t0), audiences: built, known, changed: names, sections };
    } catch (e) {
      // (a project too broken to list its audiences lists none)
      const exist = audiencesOrNone(project) ?? [];
      const tried = only ?? (opts.audiences?.length ? opts.audiences : exist);
      failed = new Set([...failed, ...tried]);
      known = shown(exist);
      return { ok: false, ms: Math.round(performance.now() - t0), audiences: tried, known, changed: names, sections: {}, error: errorOf(e) };
    }
  };

  const report = (e: BuildEvent, first: boolean) => {
    if (closed) return;
    if (e.ok) log(`${first ? 'built' : 'rebuilt'} ${e.audiences.join(', ') || 'nothing'} in ${e.ms} ms${e.changed.length ? ` (${e.changed.join(', ')})` : ''}`);
    else log(`${e.error!.text}\n  (${first ? 'waiting for a fix: nothing was written' : 'the previous PDFs are unchanged'})`);
    emit(e);
  };

  // the config, data/, templates/ and the project's fonts/, also when created later
  const watchedDirs = [project.data.dir, project.templates.dir, project.projectFonts.dir];
  const configs = new Set(CONFIG_FILES.map((f) => path.join(project.root, f)));
  const ignored = (p: string) => {
    // a module the config imports, and the folders down to it (chokidar checks those too)
    if (p === project.root || configs.has(p)) return false;
    return !watchedDirs.some((d) => isInside(d, p) || isInside(p, d)) || isInside(outDir, p);
  };
  const watcher = chokidar.watch(project.root, { ignoreInitial: true, ignored, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
  let pending: string[] = [];
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const trigger = (file: string) => {
    if (closed) return;
    if (!pending.length) since = performance.now();
    pending.push(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...new Set(pending)];
      const t0 = since;
      pending = [];
      running = running.then(async () => {
        if (closed) return;
        const targets = affectedAudiences(changed, uses, audiencesDir, failed);
        // editions of audiences that are gone are not built; with --audience, only those
        const exist = audiencesOrNone(project) ?? [];
        const wanted = opts.audiences?.length ? opts.audiences : undefined;
        const only = targets?.filter((a) => exist.includes(a) && (!wanted || wanted.includes(a)));
        for (const a of uses.keys()) if (!exist.includes(a)) uses.delete(a);
        if (only && only.length === 0) return log(`no edition reads ${changed.map((f) => project.display(f)).join(', ')}`);
        report(await run(only ?? wanted, changed, t0), false);
      });
    }, 60);
  };
  // (a new folder's files are added one by one; a removed folder is one event)
  watcher.on('add', trigger).on('change', trigger).on('unlink', trigger).on('unlinkDir', trigger);
  // the project's modules the config imports, wherever they are in the project: watched by name,
  // on their own watcher (the main one skips folders outside data/, templates/ and fonts/)
  // (a build returns once they are watched: an edit saved right after it is seen)
  const moduleWatchers: FSWatcher[] = [];
  async function watchModules(files: string[]): Promise<void> {
    const w = chokidar.watch(files, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 } });
    moduleWatchers.push(w);
    w.on('change', trigger).on('unlink', trigger).on('add', trigger);
    await new Promise<void>((resolve) => w.on('ready', () => resolve()));
  }
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  // the first build runs as the first job of the queue: a change saved meanwhile rebuilds after it
  const t0 = performance.now();
  running = running.then(async () => report(await run(undefined, [], t0), true));
  await running;
  if (!closed) log(`watching the config, data/, templates/ and fonts/ (Ctrl-C to stop)`);
  return {
    outDir,
    close: async () => {
      closed = true;
      clearTimeout(timer);
      await Promise.all([watcher.close(), ...moduleWatchers.map((w) => w.close()), session?.stop()]);
    },
    nextBuild: () => new Promise((r) => waiters.push(r)),
  };
}

/**
 * Runs until SIGINT or SIGTERM, which stop the watcher and the worker at once (an endless loop in
 * a template or the config too); exits with 130 (SIGINT) or 143 (SIGTERM).
 */
export async function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise<number>((resolve) => {
    const on = (signal: 'SIGINT' | 'SIGTERM') => () => {
      // a stop that hangs must not keep the process: the signal's exit follows within a second
      setTimeout(() => resolve(signal === 'SIGINT' ? 130 : 143), 800).unref();
      void stop().finally(() => resolve(signal === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

export async function watch(opts: BuildOptions): Promise<number> {
  let handle: WatchHandle | undefined;
  const stopped = untilSignal(async () => {
    // the first build too: its worker is stopped, whatever it runs
    for (const w of runningWorkers) void w.terminate();
    await handle?.close();
  });
  return Promise.race([stopped, startWatch(opts).then((h) => {
    handle = h;
    return stopped;
  })]);
}
