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
  asOf: string;
  documents: ManifestEntry[];
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
/** Writes `data` to dir/name through a temporary file + rename. */
export function writeAtomic(dir: string, name: string, data: Buffer | string, fsImpl: Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'> = fs): string {
  const final = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${process.pid}.${++counter}.tmp`);
  try {
    fsImpl.writeFileSync(tmp, data);
    fsImpl.renameSync(tmp, final);
  } catch (e) {
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
