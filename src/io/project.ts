/**
 * All file access goes through here. A Project is rooted at one folder; every read or write
 * names an area (data/, templates/, fonts, out/) and a path relative to it, and nothing can
 * resolve outside that area: no "..", no absolute paths, no URL schemes, no symlink escapes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as msg from '../log/message.js';
import type { Location } from '../log/error.js';
import { MODULES_DIR, PACKAGE_ROOT } from '../version.js';

const MB = 1024 * 1024;
/** Largest file read from a project's folders (data, templates, fonts, images), in MB, unless BRIEFKIT_INPUT_LIMIT says otherwise. */
export const DEFAULT_INPUT_LIMIT_MB = 100;

/** The largest input file, in bytes: BRIEFKIT_INPUT_LIMIT (MB, 1 to 4096) or the default. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.BRIEFKIT_INPUT_LIMIT?.trim();
  if (!v) return DEFAULT_INPUT_LIMIT_MB * MB;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1 || n > 4096) throw msg.badLimit('BRIEFKIT_INPUT_LIMIT', v, 1, 4096);
  return Math.floor(n * MB);
}

/**
 * Reads a file named on the command line (a chart spec), refusing what is not a regular file
 * before reading from it: it is opened without blocking (a FIFO would wait for a writer for
 * ever, and a thread blocked in open() cannot be stopped), then checked by fstat, and its size
 * is capped like a project file's.
 */
export function readRegularFile(abs: string, display: string, what = 'file'): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw msg.fileNotFound(display, what);
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw msg.notRegularFile(display, kindOf(st));
    const max = maxInputBytes();
    if (st.size > max) throw msg.fileTooLarge(display, what, st.size, max, `set BRIEFKIT_INPUT_LIMIT=${Math.ceil(st.size / MB) + 1} (MB; the default is ${DEFAULT_INPUT_LIMIT_MB})`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export class Area {
  constructor(
    /** Absolute, real path of the area's folder. */
    readonly dir: string,
    /** How the area is named in messages, relative to the project root (e.g. "data"). */
    readonly label: string,
  ) {}

  /** Resolves `rel` inside this area or throws BK002. */
  resolve(rel: string, by?: Location): string {
    if (typeof rel !== 'string' || rel.length === 0 || rel.includes('\0') || /^[a-z][a-z0-9+.-]*:/i.test(rel) || path.isAbsolute(rel)) {
      throw msg.pathOutsideRoot(String(rel), this.label, by);
    }
    const abs = path.resolve(this.dir, rel);
    if (!isInside(this.dir, abs)) throw msg.pathOutsideRoot(rel, this.label, by);
    // A symlink inside the area must not lead outside it.
    if (fs.existsSync(abs)) {
      const real = fs.realpathSync(abs);
      if (!isInside(this.dir, real)) throw msg.pathOutsideRoot(rel, this.label, by);
    }
    return abs;
  }

  /** Project-relative name of a file in this area, for messages. */
  name(rel: string): string {
    return path.posix.join(this.label, rel.split(path.sep).join('/'));
  }

  /**
   * Whether `rel` is a file here; a path or symlink leading outside the area is an error (BK002),
   * not "absent", and so is something that is there but is not a regular file (a folder, a FIFO,
   * a device: BK040).
   */
  exists(rel: string): boolean {
    const abs = this.resolve(rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      return false;
    }
    if (!st.isFile()) throw msg.notRegularFile(this.name(rel), kindOf(st));
    return true;
  }

  /**
   * Reads a file of the area. The path is resolved to its real path and checked to be inside the
   * area (resolve), then that real path is opened without following a link at its name and
   * without blocking (a FIFO must not hang the build), and the opened file must be a regular file
   * and the very one that was checked (same device and inode).
   */
  readBytes(rel: string, what = 'file'): Buffer {
    const abs = this.resolve(rel);
    let real: string;
    let fd: number;
    try {
      real = fs.realpathSync(abs);
      fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOFOLLOW ?? 0));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw msg.fileNotFound(this.name(rel), what);
      if (code === 'ELOOP') throw msg.pathOutsideRoot(rel, this.label);
      throw e;
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) throw msg.notRegularFile(this.name(rel), kindOf(st));
      if (!isInside(this.dir, real)) throw msg.pathOutsideRoot(rel, this.label);
      // the size, before a byte is read (a 1 GB file would fill the memory, or pass the longest text JavaScript allows)
      const max = maxInputBytes();
      if (st.size > max) throw msg.fileTooLarge(this.name(rel), what, st.size, max, `set BRIEFKIT_INPUT_LIMIT=${Math.ceil(st.size / MB) + 1} (MB; the default is ${DEFAULT_INPUT_LIMIT_MB}), and raise --memory-limit to match`);
      return fs.readFileSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Reads UTF-8 text, refusing a byte-order mark and invalid byte sequences with their line. */
  readText(rel: string, what = 'file'): string {
    return decodeUtf8(this.readBytes(rel, what), this.name(rel));
  }

  /** A cached text (by a content digest), or undefined; an unreadable cache is no cache. */
  readCache(key: string): string | undefined {
    try {
      return fs.readFileSync(this.resolve(key), 'utf8');
    } catch {
      return undefined;
    }
  }

  /**
   * Stores a cached text: written to a fresh, exclusively created temp file and renamed into
   * place, so a reader sees the whole text or none. Best effort: a cache that cannot be written
   * (read-only folder, full disk) is skipped.
   */
  writeCache(key: string, text: string): void {
    const tmp = path.join(this.dir, `.${key}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(tmp, text, { flag: 'wx' });
      fs.renameSync(tmp, this.resolve(key));
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }

  /** Files directly in `sub` (or the area itself) whose names end with one of `exts`, sorted. */
  list(sub: string, exts: string[]): string[] {
    const dir = sub ? this.resolve(sub) : this.dir;
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => (d.isFile() || d.isSymbolicLink()) && exts.some((e) => d.name.endsWith(e)))
      .map((d) => (sub ? path.posix.join(sub, d.name) : d.name))
      .sort();
  }

  /** Sub-folders of `sub`, sorted. */
  folders(sub: string): string[] {
    const dir = sub ? this.resolve(sub) : this.dir;
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

export function isInside(dir: string, abs: string): boolean {
  const rel = path.relative(dir, abs);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

export function decodeUtf8(bytes: Buffer, name: string): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) throw msg.byteOrderMark(name);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first invalid sequence to report its line.
    let line = 1;
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw msg.notUtf8(name, line);
  }
}

export interface ProjectOptions {
  /** Output folder, relative to the project root or absolute (the one place a user may point elsewhere). */
  outDir?: string;
  /** Alternative templates folder (relative to root), used by tests that copy templates/. */
  templatesDir?: string;
  dataDir?: string;
}

/** The project: its root and the areas the pipeline may touch. */
export class Project {
  readonly root: string;
  /** The project folder itself (its config file). */
  readonly rootArea: Area;
  readonly data: Area;
  readonly templates: Area;
  readonly modules: Area;
  /** Fonts bundled with briefkit (its own fonts/). */
  readonly fonts: Area;
  /** Fonts the project supplies for a profile's theme.font (the project's fonts/). */
  readonly projectFonts: Area;
  readonly outDir: string;
  /**
   * briefkit's cache: node_modules/.cache/briefkit in the node_modules Node resolves the project's
   * packages from (its own, or the nearest in a folder above: a workspace), else .briefkit/cache
   * in the project (git-ignored by the scaffold).
   */
  readonly cache: Area;

  constructor(root: string, options: ProjectOptions = {}) {
    this.root = fs.realpathSync(root);
    this.rootArea = new Area(this.root, '.');
    this.data = areaOf(this.root, options.dataDir ?? 'data');
    this.templates = areaOf(this.root, options.templatesDir ?? 'templates');
    // Fonts belong to briefkit, not to the project being built.
    this.modules = areaOf(MODULES_DIR, '.');
    this.fonts = areaOf(PACKAGE_ROOT, 'fonts');
    this.projectFonts = areaOf(this.root, 'fonts');
    this.outDir = path.resolve(this.root, options.outDir ?? 'out');
    this.cache = areaOf(this.root, cacheDir(this.root));
  }

  /** Project-relative display name of an absolute path. */
  display(abs: string): string {
    const rel = path.relative(this.root, abs);
    return rel.startsWith('..') ? abs : rel.split(path.sep).join('/');
  }
}

/** The cache folder, relative to the project root: see Project.cache. */
export function cacheDir(root: string): string {
  for (let dir = root; ; dir = path.dirname(dir)) {
    try {
      if (fs.statSync(path.join(dir, 'node_modules')).isDirectory()) return path.relative(root, path.join(dir, 'node_modules', '.cache', 'briefkit'));
    } catch {
      /* none here: look above */
    }
    if (path.dirname(dir) === dir) return path.join('.briefkit', 'cache');
  }
}

function areaOf(root: string, rel: string): Area {
  const abs = path.resolve(root, rel);
  let real = abs;
  try {
    real = fs.realpathSync(abs);
  } catch {
    /* area may not exist yet; reads will report the missing file */
  }
  return new Area(real, path.relative(root, abs).split(path.sep).join('/') || '.');
}

/** The names a project's config may have, in the order they are looked for. */
export const CONFIG_FILES = ['briefkit.config.ts', 'briefkit.config.mts', 'briefkit.config.js', 'briefkit.config.mjs'] as const;

/**
 * Checks, before anything is loaded, that `root` is a project folder: it exists (BK411), is a
 * folder (BK411) and, when `needConfig`, holds a config file (BK020) — each naming the folder.
 */
export function checkProjectRoot(root: string, needConfig = true): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw msg.projectFolderMissing(root, 'does not exist');
    if (code === 'ENOTDIR') throw msg.projectFolderMissing(root, `does not exist (${fileAbove(root)} is a file, not a folder)`);
    throw msg.projectFolderMissing(root, `cannot be read (${code ?? 'error'})`);
  }
  if (!st.isDirectory()) throw msg.projectFolderMissing(root, 'is a file, not a folder');
  if (needConfig && !CONFIG_FILES.some((f) => fs.existsSync(path.join(root, f)))) throw msg.configMissing(path.join(root, CONFIG_FILES[0]));
}

/** The file on the way to `p` that stops it being a path (ENOTDIR), for messages. */
export function fileAbove(p: string): string {
  for (let at = path.dirname(p); ; at = path.dirname(at)) {
    try {
      if (!fs.statSync(at).isDirectory()) return at;
    } catch {
      /* further up */
    }
    if (path.dirname(at) === at) return p;
  }
}

/** The folder briefkit itself is installed in (package root), for bundled fonts. */
export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'templates'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start);
    dir = up;
  }
}
