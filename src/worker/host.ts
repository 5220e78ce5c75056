/**
 * Runs a build or check in a worker thread (./main.ts) with a memory limit (resourceLimits) and
 * a time limit, so that no input can hang the process or crash it with a native out-of-memory
 * trace, and so that the main thread stays free to handle Ctrl-C at any moment. The worker only
 * computes; it never writes to out/.
 */
import type { Register } from '../model/claims.js';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Activity } from '../log/activity.js';
import { deserializeError, type SerializedError } from '../log/error.js';
import * as msg from '../log/message.js';
import type { Reporter } from '../log/reporter.js';
import { silent } from '../log/reporter.js';
import type { ManifestEntry } from '../write/output.js';

export interface Limits {
  /**
   * Time limit in seconds of CPU time (so a busy machine does not make a normal build fail), for
   * loading the inputs and again for each edition; wall-clock time is capped at five times this.
   */
  seconds: number;
  /** Memory limit of the worker's JavaScript heap, in MB. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: Limits = { seconds: 40, memoryMb: 2048 };
/** Upper bounds: beyond them a value is a typo, not a wish (a time limit past ~24 days would also overflow the timer and fire at once). */
export const MAX_LIMITS: Limits = { seconds: 86_400, memoryMb: 131_072 };

/** Limits from the environment (BRIEFKIT_TIME_LIMIT, BRIEFKIT_MEMORY_LIMIT) over the defaults. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): Limits {
  return {
    seconds: limitValue(env.BRIEFKIT_TIME_LIMIT || undefined, 'BRIEFKIT_TIME_LIMIT', 1, MAX_LIMITS.seconds) ?? DEFAULT_LIMITS.seconds,
    memoryMb: limitValue(env.BRIEFKIT_MEMORY_LIMIT || undefined, 'BRIEFKIT_MEMORY_LIMIT', 256, MAX_LIMITS.memoryMb) ?? DEFAULT_LIMITS.memoryMb,
  };
}

/** A limit as given (option or environment), checked against its bounds; undefined when not given. */
export function limitValue(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw msg.badLimit(name, v, min, max);
  return n;
}

/** The options a worker needs (plain data: they are copied to the worker). */
export interface WorkerOpts {
  root: string;
  outDir?: string;
  templatesDir?: string;
  dataDir?: string;
  audiences?: string[];
  /** Identify the PDFs as PDF/UA (fails when the accessibility checks do not hold). */
  pdfua?: boolean;
  /** `check --alt`: list each chart's text alternative. */
  alt?: boolean;
}

/** What `briefkit chart` renders (src/commands/chart.ts). */
export interface ChartOptions {
  root: string;
  spec: string;
  out: string;
  dataDir?: string;
  width: number;
  height: number;
}

export type WorkerJob =
  | { kind: 'build' | 'check'; opts: WorkerOpts }
  | { kind: 'chart'; chart: ChartOptions }
  /** `briefkit schemas` (and `init`): the JSON Schema files of the project at `root`, as text. */
  | { kind: 'schemas'; root: string }
  /** `briefkit build --print-config`. */
  | { kind: 'print-config'; opts: WorkerOpts };

/** What a worker is started with: one job, or a session that takes build jobs as messages. */
export type WorkerStart = WorkerJob | { kind: 'session' };

/** The files an edition was made from and the page each of its sections begins on. */
export interface EditionUses {
  /** Absolute paths: profile chain, sections and partials, chart and table specs, data files of the datasets it used, its fonts. */
  files: string[];
  /** A section's file (project-relative, as messages name it) → the physical page (1-based) it begins on. */
  sectionPages: Record<string, number>;
}

export interface WorkerEdition {
  audience: string;
  file: string;
  entry: ManifestEntry;
  pdf: Uint8Array;
  claims: Register;
  uses: EditionUses;
}

export type WorkerReply =
  | ({ type: 'activity' } & Activity)
  | { type: 'stage'; name: string; detail?: string }
  | { type: 'info'; line: string }
  | { type: 'warn'; line: string }
  | { type: 'built'; editions: WorkerEdition[]; asOf?: string; snapshot: Record<string, Record<string, number>>; audiences: string[]; modules: string[] }
  | { type: 'checked'; summary: string }
  | { type: 'charted'; written: string }
  | { type: 'schemas'; files: [string, string][] }
  | { type: 'printed'; text: string }
  | { type: 'failed'; error: SerializedError }
  | { type: 'crashed'; message: string; stack: string; name: string };

const ENTRY = new URL('./main.js', import.meta.url);

/** The config file named in a stack trace (its base name). */
// (the config runs as its bundle, .briefkit-config.bundle.cjs, next to it: named as the config)
const configIn = (stack: string) => (/(briefkit\.config\.[mc]?[jt]s)/.exec(stack)?.[1] ?? (/\.briefkit-config\.bundle\.cjs/.test(stack) ? 'briefkit.config.ts' : undefined));

/** Whether the worker can run: only from compiled JavaScript (under vitest, src/*.ts runs in-process). */
export function workerAvailable(): boolean {
  return import.meta.url.endsWith('.js') && fs.existsSync(fileURLToPath(ENTRY));
}

/**
 * The worker's young generation (new objects), in MB: 16, by measurement. The policy edition
 * (cold, no cache, the bundle, 7 December 2026, load 4–8 on 2 cores, 6 runs each alternating;
 * CPU s as median and range, peak RSS MiB, scavenges / mark-compacts of one --trace-gc run):
 *   8 MB:  CPU 8.11 (6.78–8.82), RSS 296–299, 310 / 3–4
 *   16 MB: CPU 8.18 (6.66–8.88), RSS 285–298, 160 / 2
 *   32 MB: CPU 7.44 (6.65–9.11), RSS 294–307, 86 / 2–4
 *   64 MB: CPU 7.61 (6.88–8.00), RSS 328–331, 52 / 2–3
 * CPU differs by less than the run-to-run noise of a loaded machine (±1 s); peak RSS does not:
 * 16 is the lowest, 64 (V8's default for this heap) costs about 40 MB more, and 8 scavenges twice
 * as often without saving memory.
 * Measured again after the allocation cuts of 8 December 2026 (simple-shaping.ts, style-lookups.ts;
 * 3 runs each alternating, load 8–10; policy edition, then the peer workload):
 *   8 MB:  policy CPU 6.66, RSS 320, 267 scavenges; peer CPU 3.17, RSS 243
 *   16 MB: policy CPU 6.69, RSS 304, 139 scavenges; peer CPU 2.82, RSS 266
 *   32 MB: policy CPU 7.08, RSS 313,  79 scavenges; peer CPU 3.08, RSS 293
 *   64 MB: policy CPU 6.89, RSS 341,  50 scavenges; peer CPU 2.88, RSS 324
 * Still within the noise for CPU; 16 keeps the lowest peak of the flagship and 8 saves 23 MB on
 * the small peer document only, so 16 stays.
 */
const YOUNG_GENERATION_MB = 16;

/** Workers now running, so a signal handler can stop them. */
export const runningWorkers = new Set<Worker>();

export function runInWorker(job: { kind: 'build'; opts: WorkerOpts }, limits: Limits, reporter?: Reporter): Promise<Extract<WorkerReply, { type: 'built' }>>;
export function runInWorker(job: { kind: 'check'; opts: WorkerOpts }, limits: Limits, reporter?: Reporter): Promise<Extract<WorkerReply, { type: 'checked' }>>;
export function runInWorker(job: { kind: 'chart'; chart: ChartOptions }, limits: Limits, reporter?: Reporter): Promise<Extract<WorkerReply, { type: 'charted' }>>;
export function runInWorker(job: { kind: 'schemas'; root: string }, limits: Limits, reporter?: Reporter): Promise<Extract<WorkerReply, { type: 'schemas' }>>;
export function runInWorker(job: { kind: 'print-config'; opts: WorkerOpts }, limits: Limits, reporter?: Reporter): Promise<Extract<WorkerReply, { type: 'printed' }>>;
export function runInWorker(job: WorkerJob, limits: Limits, reporter: Reporter = silent): Promise<WorkerReply> {
  const worker = spawn(job, limits);
  return supervise(worker, limits, reporter).finally(() => void worker.terminate());
}

function spawn(job: WorkerStart, limits: Limits): Worker {
  const worker = new Worker(ENTRY, {
    // the memory limit sets the default limit of the native memory images may take (charts/limits.ts)
    workerData: { ...job, memoryMb: limits.memoryMb },
    // the young generation's size is measured at YOUNG_GENERATION_MB
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, stackSizeMb: 8 },
    stdout: false,
    stderr: false,
  });
  runningWorkers.add(worker);
  worker.once('exit', () => runningWorkers.delete(worker));
  return worker;
}

/**
 * Follows one job of a worker to its reply: its messages go to the reporter, and the job fails
 * when it exceeds the time limit (CPU time, for the inputs and again for each edition; wall time
 * five times that), runs out of memory, crashes or the worker stops. The worker is terminated
 * then; after a reply it is left running (a watch session sends it the next job).
 */
/** Workers a failed job terminated (a session starts a fresh one). */
const stopped = new WeakSet<Worker>();

function supervise(worker: Worker, limits: Limits, reporter: Reporter): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    let activity: Activity = { what: 'loading the inputs' };
    let settled = false;
    let timer: NodeJS.Timeout | undefined = undefined;
    const finish = (fn: () => void, stop = true) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (stop) {
        stopped.add(worker);
        void worker.terminate();
      }
      fn();
    };
    let cpu0 = process.cpuUsage();
    let wall0 = Date.now();
    const check = () => {
      const used = process.cpuUsage(cpu0);
      if ((used.user + used.system) / 1e6 > limits.seconds || Date.now() - wall0 > limits.seconds * 5000) {
        finish(() => reject(msg.timeLimit(limits.seconds, activity.what, activity.file)));
      }
    };
    const arm = () => {
      cpu0 = process.cpuUsage();
      wall0 = Date.now();
    };
    timer = setInterval(check, Math.min(250, limits.seconds * 100));
    const onMessage = (m: WorkerReply) => {
      switch (m.type) {
        case 'activity':
          activity = m;
          if (m.what.startsWith('building the ')) arm();
          return;
        case 'stage':
          return reporter.stage(m.name, m.detail);
        case 'info':
          return reporter.info(m.line);
        case 'warn':
          return reporter.warn(m.line);
        case 'failed': {
          const e = m.error;
          // the worker's state is sound after an error it reported: a session keeps it
          return finish(() => reject(deserializeError(e)), false);
        }
        case 'crashed': {
          const cause = Object.assign(new Error(m.message), { name: m.name, stack: m.stack });
          const error = /Maximum call stack size exceeded/.test(m.message)
            ? msg.nestingTooDeep(activity.file, 0)
            : /Invalid string length|Invalid array length|allocation failed/i.test(m.message)
              ? msg.memoryLimit(limits.memoryMb, `${activity.what}: a value grew larger than JavaScript allows`, activity.file)
              : msg.internal(m.message, cause);
          return finish(() => reject(error));
        }
        default:
          return finish(() => resolve(m), false);
      }
    };
    const onError = (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(() => reject(msg.memoryLimit(limits.memoryMb, activity.what, activity.file)));
      // an error thrown where briefkit's code cannot catch it (a timer or callback the config left
      // running): the project's code, when its stack goes through the config
      else if (/briefkit[.-]config\.[\w.]*[mc]?[jt]s\b/.test(String(e?.stack ?? ''))) finish(() => reject(msg.projectCodeFailed(activity.what, configIn(String(e.stack)) ?? activity.file, `${e.name ?? 'Error'}: ${e.message}`)));
      else finish(() => reject(msg.internal(e.message, e)));
    };
    // briefkit's worker code never ends the thread itself: an exit before its reply is the
    // project's code calling process.exit (or process.abort), unless briefkit stopped the worker
    const onExit = (code: number) => {
      const ours = stopped.has(worker);
      finish(() => reject(ours ? msg.internal(`the build worker stopped (exit code ${code}) while ${activity.what}`) : msg.projectCodeExited(code, activity.what, activity.file)));
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

/**
 * One worker kept for a series of builds (watch and preview): the fonts, metrics, Vega runtime
 * and the data read stay loaded between rebuilds, under the same limits as `build`. A build
 * that fails by a limit, a crash or stop() ends the worker; the next build starts a fresh one.
 */
export class WorkerSession {
  private worker: Worker | undefined;
  constructor(
    private readonly limits: Limits,
    private readonly reporter: Reporter = silent,
  ) {}

  build(opts: WorkerOpts): Promise<Extract<WorkerReply, { type: 'built' }>> {
    const worker = (this.worker ??= spawn({ kind: 'session' }, this.limits));
    const reply = supervise(worker, this.limits, this.reporter);
    worker.postMessage({ kind: 'build', opts } satisfies WorkerJob);
    return reply.then(
      (r) => r as Extract<WorkerReply, { type: 'built' }>,
      (e: unknown) => {
        if (stopped.has(worker) && this.worker === worker) this.worker = undefined;
        throw e;
      },
    );
  }

  /** Stops the worker at once, whatever it is running (an endless loop too). */
  stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) stopped.add(w);
    return w ? w.terminate().then(() => undefined) : Promise.resolve();
  }
}
