/**
 * Test support: run the real CLI (built into dist/ by `npm test`), make throw-away copies of
 * the project, and read PDFs with poppler/qpdf.
 */
import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * The CLI the tests start as a process: the bundle (dist/bundle, scripts/bundle.mjs), which the
 * package's `bin` and `npm run report` run, so the tests see what users run. It starts in about
 * 0.8 s less CPU time per process than tsc's dist/src/cli.js (a few files to load, not ~2,000
 * modules; the worker's code from V8's code cache): 1.3 s against 2.1 s for a build of the
 * summary-only base project. test/e2e/bundle.test.ts checks that dist/src/cli.js (the unbundled
 * modules, also published) builds the same bytes.
 */
export const CLI = path.join(ROOT, 'dist', 'bundle', 'cli.js');
/** tsc's unbundled CLI (dist/src/cli.js). */
export const UNBUNDLED_CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Run {
  const r: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeout ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * A temporary copy of the project (data/, templates/, package.json; node_modules linked),
 * so a test can break files without touching the real ones. `edit` runs before returning.
 */
export function tempProject(edit?: (dir: string) => void, parts: string[] = ['data', 'templates']): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-test-'));
  for (const p of [...parts, 'briefkit.config.ts']) fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.mkdirSync(path.join(dir, 'out'));
  edit?.(dir);
  return dir;
}

export function tool(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const texts = new Map<string, string>();

/**
 * pdftotext's output for `pdf` (with `extra` options), read once per version of the file (path,
 * size, time and inode): the flagship's editions are read by many tests of a run.
 */
export function pdftotext(pdf: string, extra: string[] = []): string {
  const st = fs.statSync(pdf);
  const key = JSON.stringify([pdf, st.size, st.mtimeMs, st.ino, extra]);
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = tool('pdftotext', [...extra, pdf, '-']).stdout));
  return text;
}

export function pdfinfo(pdf: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of tool('pdfinfo', [pdf]).stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** Text of each page (pdftotext separates pages with form feeds). */
export function pageTexts(pdf: string): string[] {
  return pdftotext(pdf, ['-layout']).split('\f').slice(0, -1);
}

export const listFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

/** A fresh empty folder under the OS temp dir (its real path, so symlinked /tmp does not matter). */
export function tempDir(prefix = 'briefkit-unit-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Writes files (relative path → content) under `dir`, creating folders; returns `dir`. */
export function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/** Runs async jobs with at most `limit` at a time (the test machine has two cores). */
export async function pool<T>(jobs: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

/** Catches what `fn` throws (sync or async); fails when nothing is thrown. */
export async function thrown(fn: () => unknown): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but nothing was thrown');
}

export function thrownSync(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, but nothing was thrown');
}

// --- added for test/corpus and test/security -------------------------------------------------

export interface AsyncRun extends Run {
  signal: NodeJS.Signals | null;
}

/**
 * Runs the CLI without blocking the event loop (for concurrent tests, local servers and signals).
 * `signal` + `signalAfterMs` send a signal to the process after a delay.
 */
export function runCliAsync(
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; signal?: NodeJS.Signals; signalAfterMs?: number; onSpawn?: (pid: number) => void; cli?: string } = {},
): Promise<AsyncRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.cli ?? CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 120_000);
    const signaller = opts.signal !== undefined ? setTimeout(() => child.kill(opts.signal), opts.signalAfterMs ?? 0) : undefined;
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      if (signaller) clearTimeout(signaller);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
}

/** Every file under `dir` (relative paths, sorted), with its bytes, as a reader sees them (links followed; out/'s .briefkit-sets skipped). */
export function snapshotDir(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? path.join(rel, d.name) : d.name;
      // the output commit's sets: what out/ shows is read through the links at the names
      if (!rel && d.name === '.briefkit-sets') continue;
      if (d.isDirectory()) walk(r);
      else {
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(path.join(dir, r));
        } catch (e) {
          // a link that leads nowhere (a name the current set lacks, during a commit) is absent to a reader
          if ((e as NodeJS.ErrnoException).code === 'ENOENT' && d.isSymbolicLink()) continue;
          throw e;
        }
        out.set(r, bytes);
      }
    }
  };
  if (fs.existsSync(dir)) walk('');
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Replaces a temp project's node_modules symlink with a real folder of symlinks to every package
 * of the real node_modules, except those named in `copy`, which are copied (so a test can then
 * remove files from them without touching the real packages).
 */
export function materializeNodeModules(dir: string, copy: string[]): string {
  const nm = path.join(dir, 'node_modules');
  fs.rmSync(nm, { recursive: true, force: true });
  fs.mkdirSync(nm);
  const real = path.join(ROOT, 'node_modules');
  for (const name of fs.readdirSync(real)) {
    if (copy.includes(name)) fs.cpSync(path.join(real, name), path.join(nm, name), { recursive: true, dereference: true });
    else fs.symlinkSync(path.join(real, name), path.join(nm, name));
  }
  return nm;
}

/**
 * Like tempProject, but copies data/ and templates/ from `base` (a frozen project such as
 * test/corpus/base) instead of the live project; fonts/ (when the project vendors fonts) and
 * node_modules are linked from the real project.
 */
export function tempProjectFrom(base: string, edit?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-test-'));
  // the project's sources, not what a build of it left (out/ holds links into its own sets)
  for (const p of fs.readdirSync(base).filter((p) => p !== 'out')) fs.cpSync(path.join(base, p), path.join(dir, p), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (fs.existsSync(path.join(ROOT, 'fonts')) && !fs.existsSync(path.join(dir, 'fonts'))) fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(dir, 'fonts'));
  fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
  edit?.(dir);
  return dir;
}

/**
 * A throw-away copy of briefkit's own installation (the bundle the CLI runs, package.json, fonts/
 * linked, and a node_modules folder of links with the packages in `copy` copied), for tests that
 * break files briefkit reads from where it is installed (e.g. its fonts). Returns the folder and
 * its CLI.
 */
export function tempInstall(copy: string[]): { root: string; cli: string; nodeModules: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-install-'));
  fs.cpSync(path.dirname(CLI), path.join(root, 'dist', 'bundle'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
  if (fs.existsSync(path.join(ROOT, 'fonts'))) fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(root, 'fonts'));
  const nodeModules = materializeNodeModules(root, copy);
  return { root, cli: path.join(root, 'dist', 'bundle', 'cli.js'), nodeModules };
}

// --- project configs for in-process tests ---------------------------------------------------------
import { z } from 'zod';
import { count, yearlySeries } from '../src/config/blocks.js';
import { checkConfig } from '../src/config/load.js';
import type { DatasetDecl, ProjectConfig } from '../src/config/types.js';

/** Datasets shaped like two of the flagship's, for tests that write their own data folders. */
export const TEST_DATASETS: Record<string, DatasetDecl> = {
  'invention-grants': yearlySeries({ file: 'invention-grants.json', fields: { growthStated: z.number().finite().optional(), domestic: count.optional() } }),
  'pct-by-origin': yearlySeries({ file: 'pct-by-origin.csv', by: { origin: z.enum(['China', 'United States', 'Japan']) } }),
};

/** A checked config declaring the given datasets (names of TEST_DATASETS, or declarations). */
export function testConfig(datasets: string[] | Record<string, DatasetDecl>): ProjectConfig {
  const decls = Array.isArray(datasets) ? Object.fromEntries(datasets.map((n) => [n, TEST_DATASETS[n]!])) : datasets;
  return checkConfig({ datasets: decls }, '', 'briefkit.config.ts');
}

/** The config for a data folder: the TEST_DATASETS whose files it holds. */
export function configForDir(dir: string): ProjectConfig {
  const present = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const names = Object.keys(TEST_DATASETS).filter((n) => present.includes(TEST_DATASETS[n]!.file));
  if (names.length === 0) return { file: 'briefkit.config.ts', digest: '', sources: 'sources.json', datasets: [], derived: [], helpers: [] };
  return checkConfig({ datasets: Object.fromEntries(names.map((n) => [n, TEST_DATASETS[n]!])) }, '', 'briefkit.config.ts');
}

/**
 * A tagged PDF read back: pdfinfo's Tagged flag, the structure tree as poppler prints it
 * (`pdfinfo -struct`, or `-struct-text` with the text, which poppler extracts slowly: seconds
 * per page), its roles, and the /Alt of every Figure element (qpdf's JSON).
 */
export function accessibility(pdf: string, o: { text?: boolean } = {}): { tagged: boolean; tree: string; roles: string[]; figureAlts: string[] } {
  const tagged = /^Tagged:\s+yes$/m.test(tool('pdfinfo', [pdf]).stdout);
  const tree = tool('pdfinfo', [o.text ? '-struct-text' : '-struct', pdf]).stdout;
  // (an element with an ID, such as a Note, is printed "Note <note-4> (block)")
  const roles = [...tree.matchAll(/^ *([A-Za-z][A-Za-z0-9]*)(?: <[^>]*>)?(?: \((?:block|inline)\))?:?$/gm)].map((m) => m[1]!);
  const json = JSON.parse(tool('qpdf', ['--json=2', '--json-key=qpdf', pdf]).stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
  const figureAlts = Object.values(json.qpdf[1])
    .map((x) => x?.value)
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null && v['/S'] === '/Figure')
    .map((v) => String(v['/Alt'] ?? '').replace(/^u:/, ''));
  return { tagged, tree, roles, figureAlts };
}

// --- builds shared by the tests of one run -----------------------------------------------------
import { createHash } from 'node:crypto';

/**
 * Where the builds shared by the test files of one `vitest run` live: test/global-setup.ts makes
 * the folder (and removes it afterwards) and hands it on in BRIEFKIT_TEST_SHARED; a test file run
 * on its own gets a folder for its process.
 */
function sharedRoot(): string {
  if (!process.env.BRIEFKIT_TEST_SHARED) process.env.BRIEFKIT_TEST_SHARED = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-shared-'));
  return process.env.BRIEFKIT_TEST_SHARED;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * `briefkit build ARGS --out <shared folder>` run once per test run for every test file that asks
 * for the same build (same arguments, folder and environment): the first caller builds, the others
 * wait for it and read the same output. The output folder is shared: read it, never change it.
 * SOURCE_DATE_EPOCH is unset, as in BASE_ENV.
 */
export function sharedBuild(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number; base?: string } = {}): { out: string; run: Run; project?: string } {
  const env: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: undefined, ...opts.env };
  const key = createHash('sha256').update(JSON.stringify([args, opts.base ? `base:${opts.base}` : (opts.cwd ?? ROOT), Object.entries(env).sort(), process.env.TZ ?? ''])).digest('hex').slice(0, 16);
  const dir = path.join(sharedRoot(), key);
  const out = path.join(dir, 'out');
  const result = path.join(dir, 'run.json');
  const lock = path.join(sharedRoot(), `${key}.lock`);
  const deadline = Date.now() + (opts.timeout ?? 600_000);
  // with `base`: a copy of that frozen project (as tempProjectFrom makes), built with --root
  const project = opts.base ? path.join(dir, 'project') : undefined;
  const cwd = project ?? opts.cwd ?? ROOT;
  for (;;) {
    if (fs.existsSync(result)) return { out, run: JSON.parse(fs.readFileSync(result, 'utf8')) as Run, ...(project ? { project } : {}) };
    try {
      fs.mkdirSync(lock);
      break; // ours to build
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for the shared build ${args.join(' ')}`);
      sleep(200);
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  if (project) fs.renameSync(tempProjectFrom(opts.base!), project);
  const run = runCli([...(project ? ['--root', project] : []), 'build', ...args, '--out', out], { cwd, env, timeout: opts.timeout ?? 600_000 });
  fs.writeFileSync(`${result}.tmp`, JSON.stringify(run));
  fs.renameSync(`${result}.tmp`, result);
  return { out, run, ...(project ? { project } : {}) };
}

/**
 * The arguments of the flagship's shared build (`sharedBuild(FLAGSHIP)`): every edition, serial
 * (one worker thread). On a clean clone it costs about 3.5 s less CPU than two workers each
 * drawing the charts and setting the notes they share; the shard builds (test/e2e/project.ts)
 * build the editions in parallel, and shard.test.ts and determinism.test.ts compare the two.
 */
export const FLAGSHIP = ['--jobs', '1'];

// --- the CLI in process ----------------------------------------------------------------------------

let inProcessQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI's `main` (src/cli.ts) in this test process, one call at a time, with `env` set and
 * `cwd` as the working folder for the call: the same commands, messages and exit codes as
 * `runCli`, without starting Node, loading the modules and starting a worker thread per call.
 * Imported from src/, the CLI renders in process (there is no built worker to run), so there are
 * no time or memory limits and no signal handlers: a case that needs those, or a real process
 * (exit codes of a process, signals, kills, worker limits, stdout/stderr of a process), uses
 * runCli / runCliAsync.
 */
export function runCliInProcess(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<AsyncRun> {
  const call = async (): Promise<AsyncRun> => {
    const { main } = await import('../src/cli.js');
    let stdout = '';
    let stderr = '';
    const saved = new Map<string, string | undefined>();
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      saved.set(k, process.env[k]);
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const cwd = process.cwd();
    // what the code below the CLI writes to the process's own streams is the call's output too
    const writes = { out: process.stdout.write, err: process.stderr.write };
    process.stdout.write = ((s: string | Uint8Array) => ((stdout += String(s)), true)) as typeof process.stdout.write;
    process.stderr.write = ((s: string | Uint8Array) => ((stderr += String(s)), true)) as typeof process.stderr.write;
    try {
      process.chdir(opts.cwd ?? ROOT);
      const code = await main([process.execPath, CLI, ...args], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s), isTTY: false } });
      return { code, signal: null, stdout, stderr };
    } finally {
      process.stdout.write = writes.out;
      process.stderr.write = writes.err;
      process.chdir(cwd);
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  };
  const next = inProcessQueue.then(call, call);
  inProcessQueue = next.catch(() => undefined);
  return next;
}

// --- print production ---------------------------------------------------------------------------

/** Every page's boxes, from qpdf --json. */
export function boxes(pdf: string): { media: number[]; trim?: number[]; bleed?: number[] }[] {
  const json = JSON.parse(tool('qpdf', ['--json', pdf]).stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>]; pages: { object: string }[] };
  const objects = json.qpdf[1];
  return json.pages.map((p) => {
    const page = objects[`obj:${p.object}`]!.value! as Record<string, number[] | undefined>;
    return { media: page['/MediaBox']!, ...(page['/TrimBox'] ? { trim: page['/TrimBox'] } : {}), ...(page['/BleedBox'] ? { bleed: page['/BleedBox'] } : {}) };
  });
}

/** The RGB of the pixel at (x, y) of page `page`, rendered at 72 dpi (1 px = 1 pt). */
export function pixel(pdf: string, page: number, x: number, y: number): number[] {
  const buf = execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-x', String(x), '-y', String(y), '-W', '1', '-H', '1', pdf]);
  return [...buf.subarray(buf.length - 3)];
}
