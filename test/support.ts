/**
 * Test support: run the real CLI (built into dist/ by `npm test`), make throw-away copies of
 * the project, and read PDFs with poppler/qpdf.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CLI = path.join(ROOT, 'dist', 'src', 'cli.js');

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
  for (const p of parts) fs.cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
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

export const pdftotext = (pdf: string, extra: string[] = []) => tool('pdftotext', [...extra, pdf, '-']).stdout;

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

/** Like runCli, but asynchronous, so a test can run a few CLI processes side by side. */
export function runCliAsync(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, ...opts.env }, timeout: opts.timeout ?? 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
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
