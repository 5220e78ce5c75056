/**
 * Stage 7b — write all-or-nothing. A build's files (PDFs, manifest.json, CHANGES.md) are first
 * written to a private staging folder in out/ (random name, created exclusively), read back and
 * checked against the manifest, and only then installed under their plain names by a journaled
 * commit:
 *
 *   1. stage   every file in out/.briefkit-stage-<random>/new/ (O_EXCL | O_NOFOLLOW, fsync)
 *   2. check   each staged file's bytes and sha256 agree with the new manifest
 *   3. backup  each existing out/<name> is hard-linked into the stage folder (a symlink is linked
 *              as a symlink, never followed)
 *   4. journal out/.briefkit-journal.json names the stage folder and the files
 *   5. install each staged file is renamed over out/<name> (replacing, never following, a link)
 *   6. commit  the journal is removed: from here on the new set is the current one
 *   7. clean   the stage folder is removed
 *
 * A failure before step 6 rolls every renamed file back from its backup; a process killed at any
 * step (even SIGKILL) leaves the journal, and the next build (or `recoverOutputs`) rolls back the
 * same way before doing anything else, so out/ always ends up holding either the complete previous
 * set or the complete new set. Leftover stage folders and temporary files are removed then too.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { refusePseudoFileSystem } from '../io/pseudo-fs.js';
import * as msg from '../log/message.js';

export interface ManifestEntry {
  audience: string;
  file: string;
  pages: number;
  bytes: number;
  sha256: string;
  inputsDigest: string;
  sections: string[];
  figures: number;
  tables: number;
  keyFigures: Record<string, string>;
}

export interface Manifest {
  generator: string;
  asOf?: string;
  documents: ManifestEntry[];
  /** Every numeric data point, for the next build's CHANGES.md. */
  data?: Record<string, Record<string, number>>;
  /** The claims register written with the PDFs (src/write/claims.ts). */
  claims?: { file: string; sha256: string };
}

export function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw msg.outputNotWritable(dir, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

/**
 * Fails early, before any rendering, when the output folder cannot be made or written (a file
 * where a folder of its path should be, no write permission, a read-only file system): the same
 * BK401 the commit would give after the whole render. Creates nothing; the commit still checks
 * again (resolveOutDir), since the folder may change while the editions render.
 */
export function checkOutDir(dir: string): void {
  refusePseudoFileSystem(dir, 'output folder');
  const why = (code: string | undefined, at: string) =>
    code === 'ENOTDIR' ? `${at} is a file, not a folder (ENOTDIR)` : code === 'EACCES' || code === 'EPERM' ? `no permission to write in ${at} (${code})` : code === 'EROFS' ? `${at} is on a read-only file system (EROFS)` : (code ?? 'unknown error');
  // up from the folder to the first thing that exists: the folder itself, the folder it would be
  // made in, or a file in the way (stat says ENOTDIR below a file, ENOENT below a missing folder)
  let at = path.resolve(dir);
  let stat: fs.Stats;
  for (;;) {
    try {
      stat = fs.statSync(at);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw msg.outputNotWritable(dir, why(code, at));
      at = path.dirname(at);
    }
  }
  if (!stat.isDirectory()) throw msg.outputNotWritable(dir, why('ENOTDIR', at));
  try {
    fs.accessSync(at, fs.constants.W_OK);
  } catch (e) {
    throw msg.outputNotWritable(dir, why((e as NodeJS.ErrnoException).code, at));
  }
}

/** The output folder, created if needed and resolved once to its real path (a symlinked out/ is followed here, and only here). */
export function resolveOutDir(dir: string): string {
  ensureDir(dir);
  return fs.realpathSync(dir);
}

/** Temporary files and locks this process holds, removed if the build is interrupted. */
export const pendingTemps = new Set<string>();
/** Set once a build has installed its outputs (an interrupt after that changes nothing). */
export const writeState = { committed: false, interrupted: false };

/** Removes temporary files and the lock of this process (called on SIGINT/SIGTERM). */
export function cleanupTemps(): void {
  for (const f of pendingTemps) {
    try {
      fs.rmSync(f, { force: true, recursive: true });
    } catch {
      /* best effort */
    }
  }
  pendingTemps.clear();
}

/** An unpredictable file-name part (96 random bits). */
export const randomName = () => randomBytes(12).toString('hex');

const { O_WRONLY, O_CREAT, O_EXCL, O_RDONLY, O_NONBLOCK } = fs.constants;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
/** Create-only flags: fail if anything (a file, a symlink, even a dangling one) has the name. */
export const CREATE_EXCLUSIVE = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

/** Writes a new file that must not exist yet (O_EXCL | O_NOFOLLOW), then fsyncs it. */
export function writeExclusive(file: string, data: Buffer | string, mode = 0o644): void {
  const fd = fs.openSync(file, CREATE_EXCLUSIVE, mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a regular file without following a symlink at its name (and without blocking on a FIFO). */
export function readNoFollow(file: string): Buffer {
  const fd = fs.openSync(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `data` to dir/name through a temporary file (random name, created exclusively, never
 * through a link) + rename. Used for single files (schemas); builds use `commitOutputs`.
 */
export function writeAtomic(dir: string, name: string, data: Buffer | string, fsImpl: Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'> = fs): string {
  const final = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${randomName()}.tmp`);
  if (writeState.interrupted) throw msg.buildInterrupted('a signal');
  pendingTemps.add(tmp);
  try {
    fsImpl.writeFileSync(tmp, data, { flag: CREATE_EXCLUSIVE as unknown as string, mode: 0o644 });
    fsImpl.renameSync(tmp, final);
    pendingTemps.delete(tmp);
  } catch (e) {
    pendingTemps.delete(tmp);
    try {
      fsImpl.rmSync(tmp, { force: true });
    } catch {
      /* nothing to clean */
    }
    throw msg.outputNotWritable(dir, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  return final;
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Page count from the PDF's page tree (pdfkit writes one /Type /Pages with /Count). */
export function pageCount(pdf: Buffer): number {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
  return m ? Number(m[1]) : 0;
}

function isManifest(v: unknown): v is Manifest {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const m = v as Record<string, unknown>;
  // asOf is absent when no source is dated (a project may date none)
  if (typeof m.generator !== 'string' || (m.asOf !== undefined && typeof m.asOf !== 'string') || !Array.isArray(m.documents)) return false;
  for (const d of m.documents as unknown[]) {
    if (!d || typeof d !== 'object') return false;
    const e = d as Record<string, unknown>;
    if (typeof e.audience !== 'string' || typeof e.file !== 'string' || typeof e.sha256 !== 'string' || typeof e.pages !== 'number') return false;
    if (!Array.isArray(e.sections) || !e.keyFigures || typeof e.keyFigures !== 'object') return false;
  }
  if (m.data !== undefined && (!m.data || typeof m.data !== 'object' || Array.isArray(m.data))) return false;
  return true;
}

/**
 * The previous build's manifest: undefined when there is none; `onMalformed` is told (and
 * undefined returned) when the file exists but is not a briefkit manifest.
 */
export function readManifest(dir: string, onMalformed?: (reason: string) => void): Manifest | undefined {
  return readOutputJson(dir, 'manifest.json', isManifest, 'a briefkit manifest', onMalformed);
}

/**
 * A JSON file the build wrote in `dir` (manifest.json, claims.json): undefined when there is
 * none; `onMalformed` is told (and undefined returned) when it cannot be read, is not JSON or
 * does not have the fields of `what`.
 */
export function readOutputJson<T>(dir: string, name: string, valid: (v: unknown) => v is T, what: string, onMalformed?: (reason: string) => void): T | undefined {
  let text: string;
  try {
    text = readNoFollow(path.join(dir, name)).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') onMalformed?.(`it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    onMalformed?.('it is not valid JSON');
    return undefined;
  }
  if (!valid(v)) {
    onMalformed?.(`it does not have the fields ${what} has`);
    return undefined;
  }
  return v;
}

// --- the output commit -----------------------------------------------------------------------

export const JOURNAL = '.briefkit-journal.json';
const STAGE_PREFIX = '.briefkit-stage-';
const STAGE_RE = /^\.briefkit-stage-[0-9a-f]{24}$/;
/** Temporary names of writeAtomic (random) and of briefkit versions before 0.2 (pid.counter). */
const TEMP_RE = /^\..+\.(?:[0-9a-f]{24}|\d+\.\d+)\.tmp$/;
const PLAIN_NAME = /^[^/\\\0]+$/;

export interface OutputFile {
  name: string;
  data: Buffer;
}

interface Journal {
  stage: string;
  files: { name: string; previous: boolean }[];
}

/**
 * Fault injection for tests: called before each step of the commit with its number (1-based)
 * and a description. It may throw (a failure at that step) or kill the process. Besides this
 * hook, BRIEFKIT_FAULT_COMMIT=<k>[:kill] does the same from the environment (for the CLI).
 */
export type CommitFault = (step: number, what: string) => void;

function envFault(): CommitFault | undefined {
  const spec = process.env.BRIEFKIT_FAULT_COMMIT;
  if (!spec) return undefined;
  const [k, how] = spec.split(':');
  return (step, what) => {
    if (step !== Number(k)) return;
    if (how === 'kill') process.kill(process.pid, 'SIGKILL');
    throw Object.assign(new Error(`injected fault at step ${step} (${what})`), { code: 'EIO' });
  };
}

/**
 * Rolls back what a killed commit left (see the file comment) and removes stale stage folders
 * and temporary files. Call it holding the output lock. Returns what it did, for messages.
 */
export function recoverOutputs(dir: string): string[] {
  const done: string[] = [];
  const journalPath = path.join(dir, JOURNAL);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(journalPath);
  } catch {
    /* no journal: nothing to roll back */
  }
  if (st) {
    let journal: Journal | undefined;
    try {
      const j = JSON.parse(readNoFollow(journalPath).toString('utf8')) as Journal;
      if (typeof j.stage === 'string' && STAGE_RE.test(j.stage) && Array.isArray(j.files) && j.files.every((f) => typeof f.name === 'string' && PLAIN_NAME.test(f.name) && f.name !== '.' && f.name !== '..')) journal = j;
    } catch {
      /* unreadable */
    }
    if (!journal) throw msg.journalDamaged(journalPath);
    rollBack(dir, journal);
    fs.rmSync(journalPath, { force: true });
    fsyncDir(dir);
    done.push(`rolled back an unfinished commit (${journal.files.map((f) => f.name).join(', ')})`);
  }
  for (const name of fs.readdirSync(dir)) {
    const abs = path.join(dir, name);
    if (STAGE_RE.test(name)) {
      fs.rmSync(abs, { recursive: true, force: true });
      done.push(`removed ${name}`);
    } else if (TEMP_RE.test(name)) {
      try {
        if (fs.lstatSync(abs).isDirectory()) continue;
      } catch {
        continue;
      }
      fs.rmSync(abs, { force: true });
      done.push(`removed ${name}`);
    }
  }
  return done;
}

/** Puts every file named in the journal back as it was (idempotent: safe to repeat after a crash). */
function rollBack(dir: string, journal: Journal): void {
  const stage = path.join(dir, journal.stage);
  for (const f of journal.files) {
    const backup = path.join(stage, 'old', f.name);
    const target = path.join(dir, f.name);
    if (f.previous) {
      if (exists(backup)) fs.renameSync(backup, target);
      // else: restored already by an earlier recovery
    } else {
      try {
        if (!fs.lstatSync(target).isDirectory()) fs.rmSync(target, { force: true });
      } catch {
        /* absent: nothing to undo */
      }
    }
  }
}

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, O_RDONLY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported on every file system */
  }
}

/**
 * Installs `files` in `dir` all-or-nothing (see the file comment). `validate` runs on the
 * staged bytes (read back from disk) before anything in `dir` changes. Call it holding the lock.
 * Synchronous from start to end, so a signal handler runs before it or after it, never inside.
 */
export function commitOutputs(dir: string, files: OutputFile[], opts: { validate?: (staged: Map<string, Buffer>) => void; fault?: CommitFault; display?: (abs: string) => string } = {}): void {
  const fault = opts.fault ?? envFault() ?? (() => {});
  const display = opts.display ?? ((abs: string) => abs);
  if (writeState.interrupted) throw msg.buildInterrupted('a signal');
  recoverOutputs(dir);
  let step = 0;
  const at = (what: string) => fault(++step, what);

  // Names already taken by something that cannot be replaced (a folder): refuse before any change.
  for (const f of files) {
    if (!PLAIN_NAME.test(f.name)) throw msg.internal(`output name ${f.name}`);
    try {
      if (fs.lstatSync(path.join(dir, f.name)).isDirectory()) throw msg.outputNameTaken(display(path.join(dir, f.name)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  const stageName = STAGE_PREFIX + randomName();
  const stage = path.join(dir, stageName);
  const io = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if ((e as { code?: string }).code && !(e as { exitCode?: number }).exitCode) throw msg.outputNotWritable(display(dir), `${(e as NodeJS.ErrnoException).code}${(e as NodeJS.ErrnoException).path ? ` (${display(String((e as NodeJS.ErrnoException).path))})` : ''}`);
      throw e;
    }
  };
  const journal: Journal = { stage: stageName, files: [] };
  let journalWritten = false;
  let committed = false;
  pendingTemps.add(stage);
  try {
    // 1. stage
    io(() => {
      fs.mkdirSync(stage, { mode: 0o700 });
      fs.mkdirSync(path.join(stage, 'new'));
      fs.mkdirSync(path.join(stage, 'old'));
    });
    for (const f of files) {
      at(`stage ${f.name}`);
      io(() => writeExclusive(path.join(stage, 'new', f.name), f.data));
    }
    // 2. check what is on disk, not what was meant to be written
    at('validate');
    const staged = new Map<string, Buffer>();
    for (const f of files) {
      const back = io(() => readNoFollow(path.join(stage, 'new', f.name)));
      if (sha256(back) !== sha256(f.data)) throw msg.outputNotWritable(display(dir), `${f.name} read back differently from what was written`);
      staged.set(f.name, back);
    }
    opts.validate?.(staged);
    // 3. backups (hard links: the previous file stays where it is)
    for (const f of files) {
      at(`backup ${f.name}`);
      const target = path.join(dir, f.name);
      const previous = exists(target);
      if (previous) io(() => fs.linkSync(target, path.join(stage, 'old', f.name)));
      journal.files.push({ name: f.name, previous });
    }
    // 4. journal (written in the stage folder, renamed into place: it appears complete or not at all)
    at('journal');
    io(() => {
      writeExclusive(path.join(stage, 'journal.json'), JSON.stringify(journal));
      fsyncDir(path.join(stage, 'old'));
      fs.renameSync(path.join(stage, 'journal.json'), path.join(dir, JOURNAL));
      fsyncDir(dir);
    });
    journalWritten = true;
    // 5. install
    for (const f of files) {
      at(`install ${f.name}`);
      io(() => fs.renameSync(path.join(stage, 'new', f.name), path.join(dir, f.name)));
    }
    fsyncDir(dir);
    // 6. commit
    at('commit');
    io(() => fs.rmSync(path.join(dir, JOURNAL)));
    fsyncDir(dir);
    committed = true;
    writeState.committed = true;
    // 7. clean up
    at('clean');
    fs.rmSync(stage, { recursive: true, force: true });
  } catch (e) {
    if (!committed) {
      if (journalWritten) {
        try {
          rollBack(dir, journal);
          fs.rmSync(path.join(dir, JOURNAL), { force: true });
        } catch {
          /* the journal stays; the next build rolls back */
        }
      }
      try {
        if (exists(path.join(dir, JOURNAL)) === false) fs.rmSync(stage, { recursive: true, force: true });
      } catch {
        /* the next build removes it */
      }
      pendingTemps.delete(stage);
      if ((e as { code?: string }).code && !(e instanceof Error && e.name === 'BriefkitError')) throw msg.outputNotWritable(display(dir), (e as Error).message);
      throw e;
    }
    // committed: only the clean-up failed; the next build removes the stage folder
  }
  pendingTemps.delete(stage);
}

// --- the output lock ---------------------------------------------------------------------------

export const LOCK = '.briefkit.lock';
const LOCK_TEMP_RE = /^\.briefkit\.lock\.[0-9a-f]{24}$/;

interface LockInfo {
  pid: number;
  boot?: string;
  start?: string;
}

/** This machine's boot id (changes at every boot), or '' where /proc does not have it. */
export function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** A process's start time (clock ticks since boot), from /proc; '' when unknown. */
function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Why the lock at `lock` is stale, or undefined if a live build holds it (or it just went away).
 * Stale: not a regular file (a folder, a symlink — dangling or not — a FIFO), not a briefkit
 * lock, written on an earlier boot, or by a process that no longer runs (or whose PID now belongs
 * to a process started later).
 */
export function staleLock(lock: string): { reason: string; fix: string } | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lock);
  } catch {
    return undefined;
  }
  const q = `'${lock.replace(/'/g, `'\\''`)}'`;
  if (st.isSymbolicLink()) return { reason: `the lock is a symbolic link${targetExists(lock) ? '' : ' to nothing (dangling)'}`, fix: `rm -- ${q}` };
  if (st.isDirectory()) return { reason: 'the lock is a folder', fix: `rm -r -- ${q}` };
  if (!st.isFile()) return { reason: 'the lock is not a regular file', fix: `rm -- ${q}` };
  let info: LockInfo | undefined;
  try {
    const text = readNoFollow(lock).toString('utf8').trim();
    if (/^\d+$/.test(text)) info = { pid: Number(text) };
    else {
      const j = JSON.parse(text) as LockInfo;
      if (Number.isInteger(j.pid) && j.pid > 0) info = j;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  }
  if (!info) return { reason: 'the lock does not hold a briefkit process id', fix: `rm -- ${q}` };
  const boot = bootId();
  if (info.boot && boot && info.boot !== boot) return { reason: `it was left by process ${info.pid} before the machine restarted`, fix: `rm -- ${q}` };
  if (!alive(info.pid)) return { reason: `process ${info.pid}, which took it, is no longer running`, fix: `rm -- ${q}` };
  if (info.start && startTime(info.pid) && startTime(info.pid) !== info.start) return { reason: `process ${info.pid}, which took it, has ended (the number now belongs to another process)`, fix: `rm -- ${q}` };
  return undefined;
}

function targetExists(link: string): boolean {
  try {
    fs.statSync(link);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` holding out/.briefkit.lock, so concurrent builds into one folder commit one after the
 * other. The lock appears with its owner's pid, boot id and start time already in it (written to
 * a private file with a random name, created exclusively, then hard-linked into place, which fails
 * if anything has the lock's name). A live holder is waited for (polling every 50 ms) up to
 * `timeoutMs`; a stale lock is reported at once (BK403, with the command that removes it).
 */
export async function withOutputLock<T>(dir: string, fn: () => T, timeoutMs = 120_000): Promise<T> {
  const lock = path.join(dir, LOCK);
  const start = Date.now();
  const info = JSON.stringify({ pid: process.pid, boot: bootId(), start: startTime(process.pid) });
  for (let attempt = 0; ; attempt++) {
    if (writeState.interrupted) throw msg.buildInterrupted('a signal');
    const mine = path.join(dir, `${LOCK}.${randomName()}`);
    try {
      writeExclusive(mine, info);
    } catch (e) {
      throw msg.outputNotWritable(dir, (e as NodeJS.ErrnoException).code ?? String(e));
    }
    let code: string | undefined;
    try {
      fs.linkSync(mine, lock);
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? 'error';
    }
    fs.rmSync(mine, { force: true });
    if (!code) break;
    if (code !== 'EEXIST') throw msg.outputNotWritable(dir, code);
    const stale = staleLock(lock);
    if (stale) throw msg.outputLockStale(lock, stale.reason, stale.fix);
    if (Date.now() - start > timeoutMs) throw msg.outputLocked(dir);
    await new Promise((r) => setTimeout(r, 50));
  }
  pendingTemps.add(lock);
  try {
    // leftover private lock files of killed builds (older than a minute: a live one lasts microseconds)
    for (const name of fs.readdirSync(dir)) {
      if (!LOCK_TEMP_RE.test(name)) continue;
      try {
        const st = fs.lstatSync(path.join(dir, name));
        if (Date.now() - st.mtimeMs > 60_000) fs.rmSync(path.join(dir, name), { force: true });
      } catch {
        /* gone */
      }
    }
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
    pendingTemps.delete(lock);
  }
}
