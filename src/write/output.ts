/**
 * Stage 7b — write all-or-nothing, and keep out/ whole at every instant. A build's files (PDFs,
 * manifest.json, claims.json, CHANGES.md) form a set, written to a new folder
 * out/.briefkit-sets/<n>/ and read back before anything a reader sees changes. Each output name
 * out/<name> is a symbolic link to .briefkit-sets/current/<name>, and `current` a link to the
 * current set's folder: replacing `current` (one rename) switches every name at once. So at no
 * instant — during a build, after a SIGKILL or a power loss, before any later build runs — can
 * out/ be read as a mix of two sets: a reader, `cp -rL`, a zip or a CI upload of out/ sees the
 * previous set or the new one (see commitOutputs for the steps, docs/guide/output-folder.md).
 *
 * Why links at the names and not out/ itself a link: out/ stays a real folder the user may
 * point elsewhere (a symlinked out/ is followed, once), its other files stay where they are,
 * the sets live inside it (no folder is made next to it), and `rm -r out` removes everything.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { safeText } from '../log/safe.js';
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
  /** Every chart's text alternative (src/write/claims.ts altFile). */
  alt?: { file: string; sha256: string };
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
    text = readNoFollow(outputPath(dir, name)).toString('utf8');
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

/**
 * The folder in out/ that holds the sets: one folder <n>/ per set, and `current`, a symbolic link
 * to the current one. Every output name out/<name> is a symbolic link to
 * .briefkit-sets/current/<name>, so the one rename that replaces `current` switches every name
 * at once.
 */
export const SETS = '.briefkit-sets';
const CURRENT = 'current';
const SET_RE = /^\d{1,15}$/;
/** A name's link being made in out/, and the next `current` being made in SETS (random names). */
const LINK_TEMP_RE = /^\.briefkit-link\.[0-9a-f]{24}$/;
/** The output commit of briefkit 0.1 (a journal and stage folders): rolled back and removed. */
export const JOURNAL = '.briefkit-journal.json';
const STAGE_RE = /^\.briefkit-stage-[0-9a-f]{24}$/;
/** Temporary names of writeAtomic (random) and of briefkit versions before 0.2 (pid.counter). */
const TEMP_RE = /^\..+\.(?:[0-9a-f]{24}|\d+\.\d+)\.tmp$/;
const PLAIN_NAME = /^[^/\\\0]+$/;
/** Files of a set besides the editions' PDFs: an output folder written before sets had them as plain files. */
const SET_FILES = ['manifest.json', 'claims.json', 'alt.json', 'CHANGES.md'];

/** The file name of an audience's edition. */
export const editionFile = (audience: string) => `briefing-${audience}.pdf`;

/**
 * Whether `file` is the name a build gives the edition of `audience`: briefing-<audience>.pdf,
 * the audience a plain folder name (no path separator, not hidden, no control character).
 */
export function isEditionFile(audience: string, file: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[^/\\\0-\x1f.][^/\\\0-\x1f]*$/.test(audience) && file === editionFile(audience);
}

export interface OutputFile {
  name: string;
  data: Buffer;
}

interface Journal {
  stage: string;
  files: { name: string; previous: boolean }[];
}

/** The link a set's file has at out/<name> (relative: out/ may be moved or copied whole). */
const linkTarget = (name: string) => `${SETS}/${CURRENT}/${name}`;

/** Whether out/<name> is the commit's link (not a file, nor a link someone else made). */
function isOurLink(dir: string, name: string): boolean {
  try {
    return fs.readlinkSync(path.join(dir, name)) === linkTarget(name);
  } catch {
    return false;
  }
}

/** The current set's folder name, when out/ has one (SETS a real folder, `current` a link to a set folder in it). */
export function currentSet(dir: string): string | undefined {
  try {
    if (!fs.lstatSync(path.join(dir, SETS)).isDirectory()) return undefined;
    const n = fs.readlinkSync(path.join(dir, SETS, CURRENT));
    return SET_RE.test(n) && fs.lstatSync(path.join(dir, SETS, n)).isDirectory() ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to read out/<name> as a reader of out/ sees it, without following a link someone else
 * put there: the file in the current set when out/<name> is the commit's link, else out/<name>
 * itself (an output folder written before sets). Open it with readNoFollow.
 */
export function outputPath(dir: string, name: string): string {
  const n = isOurLink(dir, name) ? currentSet(dir) : undefined;
  return n ? path.join(dir, SETS, n, name) : path.join(dir, name);
}

/**
 * Fault injection for tests: called before each step of the commit with its number (1-based)
 * and a description. It may throw (a failure at that step) or kill the process. Besides this
 * hook, BRIEFKIT_FAULT_COMMIT=<k>[:kill] does the same from the environment (for the CLI; <k> a
 * number or a step's description, e.g. `switch:kill`), and
 * BRIEFKIT_FAULT_COMMIT=list prints each step's number and description on stderr.
 */
export type CommitFault = (step: number, what: string) => void;

function envFault(): CommitFault | undefined {
  const spec = process.env.BRIEFKIT_FAULT_COMMIT;
  if (!spec) return undefined;
  if (spec === 'list') return (step, what) => void process.stderr.write(`commit step ${step}: ${what}\n`);
  const [k, how] = spec.split(':');
  return (step, what) => {
    // a step by its number, or by its description ("switch", "link manifest.json")
    if (/^\d+$/.test(k ?? '') ? step !== Number(k) : what !== k) return;
    if (how === 'kill') process.kill(process.pid, 'SIGKILL');
    throw Object.assign(new Error(`injected fault at step ${step} (${what})`), { code: 'EIO' });
  };
}

/**
 * Removes what a killed commit left (see the file comment): set folders other than the current
 * one, links being made, links to names the current set does not have; and rolls back a commit
 * of briefkit 0.1 (journal). Call it holding the output lock. Returns what it did, for messages.
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
    } else if (TEMP_RE.test(name) || LINK_TEMP_RE.test(name)) {
      try {
        if (fs.lstatSync(abs).isDirectory()) continue;
      } catch {
        continue;
      }
      fs.rmSync(abs, { force: true });
      done.push(`removed ${name}`);
    }
  }
  const sets = path.join(dir, SETS);
  let setsStat: fs.Stats | undefined;
  try {
    setsStat = fs.lstatSync(sets);
  } catch {
    return done;
  }
  if (!setsStat.isDirectory()) {
    // not made by briefkit (a file, or a link that could lead elsewhere): removed, never followed
    fs.rmSync(sets, { force: true });
    done.push(`removed ${SETS}, which was not a folder`);
    return done;
  }
  const cur = currentSet(dir);
  for (const name of fs.readdirSync(sets)) {
    if (name === cur || (name === CURRENT && cur)) continue;
    // a set a killed build was staging, the previous set of a build killed after its switch, a link being made
    fs.rmSync(path.join(sets, name), { recursive: true, force: true });
    done.push(`removed ${SETS}/${name}`);
  }
  done.push(...removeStaleLinks(dir, cur));
  fsyncDir(sets);
  return done;
}

/** Removes the commit's links in out/ whose name the set `cur` does not have (they lead nowhere). */
function removeStaleLinks(dir: string, cur: string | undefined): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!isOurLink(dir, name) || (cur && exists(path.join(dir, SETS, cur, name)))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(`removed the link ${name}, which led nowhere`);
  }
  if (removed.length) fsyncDir(dir);
  return removed;
}

/** Puts every file named in a briefkit 0.1 journal back as it was (idempotent). */
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

function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
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

/** A file of the previous set into the next: a hard link (the bytes stay where they are), or a copy where links are not supported. */
function carry(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'EMLINK') throw e;
    writeExclusive(to, readNoFollow(from));
  }
}

/** Makes `name` in `dir` a symbolic link to `target`, replacing (never following) what is there: one rename. */
function placeLink(dir: string, name: string, target: string): void {
  const tmp = path.join(dir, `${dir.endsWith(SETS) ? 'current' : '.briefkit-link'}.${randomName()}`);
  try {
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, path.join(dir, name));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/**
 * Installs `files` in `dir` as one set (see the file comment), with the files named in `keep`
 * carried over from the current set (editions not rebuilt). `validate` runs on the staged bytes
 * (read back from disk) before anything a reader of `dir` sees changes. Call it holding the lock.
 * Synchronous from start to end, so a signal handler runs before it or after it, never inside.
 *
 *   stage     every file in .briefkit-sets/<n>/ (O_EXCL | O_NOFOLLOW, fsync), a new folder
 *   carry     the kept files of the current set, hard-linked into it; fsync the folder
 *   validate  each staged file's bytes agree with what was meant, then `validate`
 *   migrate   (an output folder of plain files, as briefkit 0.1 wrote it) its files are linked
 *             into a set of their own, `current` is pointed at it, and each plain file is
 *             replaced by its link: the same bytes at every name at every instant
 *   link      each name new to out/ gets its link; it leads nowhere (the name is absent) until…
 *   switch    `current` is replaced by a link to <n> in one rename, then fsynced: the new set
 *   clean     the previous set's folder and links to names the new set lacks are removed
 *
 * A failure or a kill before the switch leaves the previous set visible at every name (a kill
 * leaves at most the stage folder and links that lead nowhere, which the next commit removes);
 * from the switch on, the new set.
 */
export function commitOutputs(dir: string, files: OutputFile[], opts: { validate?: (staged: Map<string, Buffer>) => void; fault?: CommitFault; display?: (abs: string) => string; keep?: string[] } = {}): void {
  const fault = opts.fault ?? envFault() ?? (() => {});
  const display = opts.display ?? ((abs: string) => abs);
  if (writeState.interrupted) throw msg.buildInterrupted('a signal');
  recoverOutputs(dir);
  let step = 0;
  const at = (what: string) => fault(++step, what);

  const names = new Set<string>();
  for (const f of files) {
    if (!PLAIN_NAME.test(f.name) || f.name.startsWith('.')) throw msg.internal(`output name ${f.name}`);
    if (names.has(f.name)) throw msg.internal(`the output ${f.name} twice in one set`);
    names.add(f.name);
  }
  // Names already taken by something that cannot be replaced (a folder): refuse before any change.
  for (const name of names) {
    try {
      if (fs.lstatSync(path.join(dir, name)).isDirectory()) throw msg.outputNameTaken(display(path.join(dir, name)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  const io = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if ((e as { code?: string }).code && !(e as { exitCode?: number }).exitCode) throw msg.outputNotWritable(display(dir), `${(e as NodeJS.ErrnoException).code}${(e as NodeJS.ErrnoException).path ? ` (${display(String((e as NodeJS.ErrnoException).path))})` : ''}`);
      throw e;
    }
  };
  const sets = path.join(dir, SETS);
  io(() => {
    if (exists(sets)) return;
    fs.mkdirSync(sets, { mode: 0o755 });
    fsyncDir(dir);
  });
  let cur = currentSet(dir);
  /** The previous set's file of `name`: in the current set, or a plain file in an output folder without sets. */
  const previous = (name: string): string | undefined => {
    const p = cur ? path.join(sets, cur, name) : path.join(dir, name);
    return isRegularFile(p) ? p : undefined;
  };
  const numbers = fs.readdirSync(sets).filter((n) => SET_RE.test(n)).map(Number);
  const n = String(Math.max(0, ...numbers) + 1);
  const stage = path.join(sets, n);
  let switched = false;
  pendingTemps.add(stage);
  try {
    // 1. stage
    io(() => fs.mkdirSync(stage, { mode: 0o755 }));
    for (const f of files) {
      at(`stage ${f.name}`);
      io(() => writeExclusive(path.join(stage, f.name), f.data));
    }
    // 2. carry the editions not rebuilt
    at('carry');
    const kept: string[] = [];
    for (const name of opts.keep ?? []) {
      if (names.has(name) || kept.includes(name) || !PLAIN_NAME.test(name) || name.startsWith('.')) continue;
      const from = previous(name);
      if (!from) continue;
      io(() => carry(from, path.join(stage, name)));
      kept.push(name);
    }
    fsyncDir(stage);
    fsyncDir(sets);
    // 3. check what is on disk, not what was meant to be written
    at('validate');
    const staged = new Map<string, Buffer>();
    for (const f of files) {
      const back = io(() => readNoFollow(path.join(stage, f.name)));
      if (sha256(back) !== sha256(f.data)) throw msg.outputNotWritable(display(dir), `${f.name} read back differently from what was written`);
      staged.set(f.name, back);
    }
    opts.validate?.(staged);
    const all = [...names, ...kept];
    // 4. an output folder of plain files becomes a set first, keeping every byte a reader sees
    if (!cur) {
      const plain = [...new Set([...all, ...SET_FILES])].filter((name) => isRegularFile(path.join(dir, name)));
      if (plain.length) {
        at('migrate');
        const m = String(Number(n) + 1);
        const old = path.join(sets, m);
        io(() => {
          fs.mkdirSync(old, { mode: 0o755 });
          for (const name of plain) carry(path.join(dir, name), path.join(old, name));
          fsyncDir(old);
          fsyncDir(sets);
          placeLink(sets, CURRENT, m);
          fsyncDir(sets);
        });
        cur = m;
        for (const name of plain) {
          at(`link ${name}`);
          io(() => placeLink(dir, name, linkTarget(name)));
        }
      }
    }
    // 5. links for the names new to out/ (absent, as in the previous set, until the switch)
    for (const name of all) {
      if (isOurLink(dir, name)) continue;
      at(`link ${name}`);
      io(() => placeLink(dir, name, linkTarget(name)));
    }
    fsyncDir(dir);
    // 6. switch: one rename, and the new set is the current one
    at('switch');
    io(() => {
      placeLink(sets, CURRENT, n);
      fsyncDir(sets);
    });
    switched = true;
    writeState.committed = true;
    pendingTemps.delete(stage);
    // 7. clean up
    at('clean');
    if (cur) fs.rmSync(path.join(sets, cur), { recursive: true, force: true });
    removeStaleLinks(dir, n);
    fsyncDir(sets);
  } catch (e) {
    if (switched) return; // only the clean-up failed: the next commit finishes it
    try {
      fs.rmSync(stage, { recursive: true, force: true });
      removeStaleLinks(dir, currentSet(dir));
    } catch {
      /* the next build removes them */
    }
    pendingTemps.delete(stage);
    if ((e as { code?: string }).code && !(e instanceof Error && e.name === 'BriefkitError')) throw msg.outputNotWritable(display(dir), (e as Error).message);
    throw e;
  }
}

// --- the output lock ---------------------------------------------------------------------------

export const LOCK = '.briefkit.lock';
const LOCK_TEMP_RE = /^\.briefkit\.lock\.[0-9a-f]{24}$/;

interface LockInfo {
  pid: number;
  boot?: string;
  start?: string;
  host?: string;
}

/** This machine's boot id (changes at every boot), or '' where /proc does not have it. */
export function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

/** Fields of /proc/<pid>/stat after the command name (state first); [] when unknown. */
function procStat(pid: number): string[] {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return [];
  }
}

/** A process's start time (clock ticks since boot), from /proc; '' when unknown. */
const startTime = (pid: number): string => procStat(pid)[19] ?? '';

/** Whether a process is stopped (SIGSTOP, Ctrl-Z, a debugger). */
const stopped = (pid: number): boolean => /^[Tt]$/.test(procStat(pid)[0] ?? '');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockState {
  /** The lock's inode: a take-over checks it still has the lock it judged. */
  ino: number;
  info?: LockInfo;
  /** Set when no running build holds the lock. */
  stale?: { reason: string; fix: string; dead: boolean };
  /** When it was taken (ms since the epoch). */
  mtimeMs: number;
}

/**
 * The lock at `lock`, read and judged; undefined when there is none (it just went away). Stale:
 * not a regular file (a folder, a symlink — dangling or not — a FIFO), not a briefkit lock, or
 * `dead`: written on this machine by a process that no longer runs (or whose PID now belongs to
 * a process started later), or before the machine restarted. A lock written on another host is
 * never judged dead (its process cannot be seen from here).
 */
export function readLock(lock: string): LockState | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lock);
  } catch {
    return undefined;
  }
  const q = `'${lock.replace(/'/g, `'\\''`)}'`;
  const state = (reason: string, fix = `rm -- ${q}`, dead = false, info?: LockInfo): LockState => ({ ino: st.ino, mtimeMs: st.mtimeMs, ...(info ? { info } : {}), stale: { reason, fix, dead } });
  if (st.isSymbolicLink()) return state(`the lock is a symbolic link${targetExists(lock) ? '' : ' to nothing (dangling)'}`);
  if (st.isDirectory()) return state('the lock is a folder', `rm -r -- ${q}`);
  if (!st.isFile()) return state('the lock is not a regular file');
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
  if (!info) return state('the lock does not hold a briefkit process id');
  if (info.host && info.host !== os.hostname()) return { ino: st.ino, mtimeMs: st.mtimeMs, info };
  const boot = bootId();
  if (info.boot && boot && info.boot !== boot) return state(`it was left by process ${info.pid} before the machine restarted`, undefined, true, info);
  if (!alive(info.pid)) return state(`process ${info.pid}, which took it, is no longer running`, undefined, true, info);
  if (info.start && startTime(info.pid) && startTime(info.pid) !== info.start) return state(`process ${info.pid}, which took it, has ended (the number now belongs to another process)`, undefined, true, info);
  return { ino: st.ino, mtimeMs: st.mtimeMs, info };
}

/** Why the lock at `lock` is stale, or undefined if a running build holds it (or it just went away). */
export function staleLock(lock: string): { reason: string; fix: string; dead: boolean } | undefined {
  return readLock(lock)?.stale;
}

function targetExists(link: string): boolean {
  try {
    fs.statSync(link);
    return true;
  } catch {
    return false;
  }
}

/** Who holds a live lock, for messages: "process 4242 (stopped), which took it 3 s ago". */
function holderOf(state: LockState): string {
  const info = state.info;
  const age = Math.max(0, Math.round((Date.now() - state.mtimeMs) / 1000));
  if (!info) return 'another build';
  const where = info.host && info.host !== os.hostname() ? ` on ${info.host}` : '';
  return `process ${info.pid}${where}${!where && stopped(info.pid) ? ' (stopped)' : ''}, which took it ${age} s ago`;
}

/**
 * Removes the dead lock judged in `state`, and nothing else: it is renamed to a private name
 * first, then checked to be that very lock (same inode); a lock another build took in between
 * is put back. Returns whether the dead lock was removed.
 */
function takeOver(lock: string, state: LockState): boolean {
  const grave = `${lock}.${randomName()}`;
  try {
    if (fs.lstatSync(lock).ino !== state.ino) return false;
    fs.renameSync(lock, grave);
  } catch {
    return false;
  }
  let same = false;
  try {
    same = fs.lstatSync(grave).ino === state.ino;
  } catch {
    /* gone */
  }
  if (!same) {
    try {
      fs.linkSync(grave, lock);
    } catch {
      /* a third build took the free name: it holds the lock */
    }
  }
  fs.rmSync(grave, { force: true });
  return same;
}

/** Notes about the lock (a take-over, a wait) go to stderr unless the caller routes them. */
const stderrNote = (line: string) => void process.stderr.write(`warning ${safeText(line)}\n`);

/**
 * Runs `fn` holding out/.briefkit.lock, so concurrent builds into one folder commit one after the
 * other. The lock appears with its owner's pid, host, boot id and start time already in it
 * (written to a private file with a random name, created exclusively, then hard-linked into place,
 * which fails if anything has the lock's name). A lock whose owner is dead (a killed build) is
 * taken over, and `note` says so (BK409); a live holder is waited for (polling every 50 ms) up to
 * `timeoutMs`, and `note` says who and how long (BK410) when it is stopped or after a second; a
 * lock that is no briefkit lock is reported at once (BK403, with the command that removes it).
 */
export async function withOutputLock<T>(dir: string, fn: () => T, timeoutMs = 120_000, note: (line: string) => void = stderrNote): Promise<T> {
  const lock = path.join(dir, LOCK);
  const start = Date.now();
  const info = JSON.stringify({ pid: process.pid, host: os.hostname(), boot: bootId(), start: startTime(process.pid) });
  let told = false;
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
    const state = readLock(lock);
    if (!state) continue; // released in between: try again at once
    if (state.stale?.dead) {
      if (takeOver(lock, state)) note(msg.lockTakenOver(lock, state.stale.reason).message);
      continue;
    }
    if (state.stale) throw msg.outputLockStale(lock, state.stale.reason, state.stale.fix);
    const waited = Date.now() - start;
    if (waited > timeoutMs) throw msg.outputLockedBy(lock, holderOf(state), Math.round(timeoutMs / 1000));
    if (!told && (waited > 1000 || (state.info && stopped(state.info.pid)))) {
      told = true;
      note(msg.waitingForLock(lock, holderOf(state), Math.round((timeoutMs - waited) / 1000)).message);
    }
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
