/**
 * Stage 7b — write atomically: each file goes to a temporary name in the output folder and is
 * renamed into place, so a reader (or a failed build) never sees a partial file and the
 * previous good output survives any failure. The manifest is written last, the same way.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
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
}

export function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw msg.outputNotWritable(dir, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}

let counter = 0;
/** Temporary files this process has open, removed if the build is interrupted. */
export const pendingTemps = new Set<string>();
/** Set once a build has renamed its outputs into place (an interrupt after that changes nothing). */
export const writeState = { committed: false, interrupted: false };

/** Removes temporary files of this process (called on SIGINT/SIGTERM). */
export function cleanupTemps(): void {
  for (const f of pendingTemps) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      /* best effort */
    }
  }
  pendingTemps.clear();
}

/** Writes `data` to dir/name through a temporary file + rename. */
export function writeAtomic(dir: string, name: string, data: Buffer | string, fsImpl: Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'> = fs): string {
  const final = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${process.pid}.${++counter}.tmp`);
  if (writeState.interrupted) throw msg.buildInterrupted('a signal');
  pendingTemps.add(tmp);
  try {
    fsImpl.writeFileSync(tmp, data);
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

export function readManifest(dir: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

const LOCK = '.briefkit.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding out/.briefkit.lock, so concurrent builds into one folder write their PDFs and
 * merge the manifest one after the other. A lock left by a dead process is taken over; a live
 * holder is waited for (polling) up to `timeoutMs`.
 */
export async function withOutputLock<T>(dir: string, fn: () => T, timeoutMs = 120_000): Promise<T> {
  const lock = path.join(dir, LOCK);
  const start = Date.now();
  for (;;) {
    // The lock appears with its owner's pid already in it (written to a private file, then
    // hard-linked into place, which fails if a lock exists), so no reader sees an empty lock.
    const mine = path.join(dir, `.briefkit.lock.${process.pid}.${++counter}`);
    try {
      fs.writeFileSync(mine, String(process.pid));
      fs.linkSync(mine, lock);
      fs.rmSync(mine, { force: true });
      break;
    } catch (e) {
      fs.rmSync(mine, { force: true });
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw msg.outputNotWritable(dir, (e as NodeJS.ErrnoException).code ?? String(e));
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(lock, 'utf8').trim() || 0);
      } catch {
        continue; // released meanwhile
      }
      if (!holder || !alive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() - start > timeoutMs) throw msg.outputLocked(dir);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  pendingTemps.add(lock);
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
    pendingTemps.delete(lock);
  }
}
