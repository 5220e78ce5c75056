/**
 * `briefkit build --watch`: keeps fonts, metrics and the Vega runtime warm, rebuilds the affected
 * audiences when data/ or templates/ change (all of them when the config or the project's fonts/
 * change), and prints how long each rebuild took. An error is reported and the last good PDFs
 * stay in place.
 */
import chokidar from 'chokidar';
import fs from 'node:fs';
import path from 'node:path';
import { buildEdition, loadInputs, type BuildOptions, type Edition } from '../build.js';
import { writeEditions } from '../build-host.js';
import { ensureDir, withOutputLock } from '../write/output.js';
import { BriefkitError } from '../log/error.js';
import { listAudiences } from '../profile/resolve.js';

/** Which audiences a changed file affects: an audience folder → that audience; anything else → all. */
export function affectedAudiences(changed: string[], templatesDir: string, all: string[]): string[] {
  const hit = new Set<string>();
  for (const f of changed) {
    const rel = path.relative(path.join(templatesDir, 'audiences'), f);
    const first = rel.split(path.sep)[0];
    if (!rel.startsWith('..') && first && all.includes(first)) hit.add(first);
    else return all;
  }
  return all.filter((a) => hit.has(a));
}

export interface WatchHandle {
  close(): Promise<void>;
  /** Resolves after the next rebuild finishes (for tests). */
  nextBuild(): Promise<{ ok: boolean; ms: number; audiences: string[] }>;
}

export async function startWatch(opts: BuildOptions, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<WatchHandle> {
  const once = async (only?: string[]) => {
    const t0 = performance.now();
    const inputs = await loadInputs(opts);
    const all = opts.audiences?.length ? opts.audiences : listAudiences(inputs.project.templates);
    const audiences = only ? only.filter((a) => all.includes(a)) : all;
    const editions: Edition[] = [];
    for (const a of audiences) editions.push(await buildEdition(inputs, a));
    ensureDir(inputs.project.outDir);
    await withOutputLock(inputs.project.outDir, () => writeEditions(inputs, editions));
    // the project's fonts/ (a profile's theme.font), when it has one
    const fonts = fs.existsSync(inputs.project.projectFonts.dir) ? inputs.project.projectFonts.dir : undefined;
    return { ms: Math.round(performance.now() - t0), audiences, dirs: { templates: inputs.project.templates.dir, data: inputs.project.data.dir, config: inputs.project.rootArea.resolve(inputs.config.file), fonts }, modules: (inputs.config.modules ?? []).map((f) => inputs.project.rootArea.resolve(f)), all };
  };

  let waiters: ((r: { ok: boolean; ms: number; audiences: string[] }) => void)[] = [];
  const settle = (r: { ok: boolean; ms: number; audiences: string[] }) => {
    const w = waiters;
    waiters = [];
    w.forEach((f) => f(r));
  };

  const first = await once();
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  // the config and the project's modules it imports (a rebuild watches any module it newly imports)
  const watched = [first.dirs.data, first.dirs.templates, first.dirs.config, ...first.modules, ...(first.dirs.fonts ? [first.dirs.fonts] : [])];
  const watcher = chokidar.watch(watched, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 80, pollInterval: 20 } });
  const trigger = (file: string) => {
    pending.push(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = pending;
      pending = [];
      running = running.then(async () => {
        const t0 = performance.now();
        const targets = affectedAudiences(changed, first.dirs.templates, first.all);
        try {
          const r = await once(targets);
          watcher.add(r.modules);
          log(`rebuilt ${r.audiences.join(', ')} in ${r.ms} ms (${changed.map((c) => path.basename(c)).join(', ')})`);
          settle({ ok: true, ms: r.ms, audiences: r.audiences });
        } catch (e) {
          const text = e instanceof BriefkitError ? e.message : String((e as Error).stack ?? e);
          log(`error ${text}\n  (the previous PDFs are unchanged)`);
          settle({ ok: false, ms: Math.round(performance.now() - t0), audiences: targets });
        }
      });
    }, 100);
  };
  watcher.on('add', trigger).on('change', trigger).on('unlink', trigger);
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  log(`built ${first.audiences.join(', ')} in ${first.ms} ms; watching the config, data/, templates/${first.dirs.fonts ? ' and fonts/' : ''} (Ctrl-C to stop)`);
  return {
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
    nextBuild: () => new Promise((r) => waiters.push(r)),
  };
}

export async function watch(opts: BuildOptions): Promise<void> {
  const h = await startWatch(opts);
  await new Promise<void>((resolve) => {
    const stop = () => void h.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
