/**
 * One folder per `vitest run` for the builds the test files share (see sharedBuild in
 * support.ts), each fixture project built once per run, not once per test file; and for every
 * temporary folder the run makes.
 *
 * Under `npm test` (vitest.config.ts sets BRIEFKIT_TEST_BUILD for its mode, npm-test), it also
 * starts `npm run build`'s steps, without waiting for them: the test files that need dist/ wait
 * for them (test/dist.ts), the others run meanwhile.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DistStatus } from './dist.js';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs package.json's build script (tsc, compile-schema, bundle) and writes how it ended to `statusFile`. */
function buildDist(statusFile: string): Promise<DistStatus> {
  const script = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } }).scripts.build;
  return new Promise((resolve) => {
    const t0 = Date.now();
    // as npm runs a script: with the project's node_modules/.bin on the PATH
    const env = { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
    const child = spawn(script, { cwd: ROOT, env, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const end = (status: DistStatus) => {
      fs.writeFileSync(`${statusFile}.tmp`, JSON.stringify(status));
      fs.renameSync(`${statusFile}.tmp`, statusFile);
      if (status.ok) process.stderr.write(`npm test: built dist/ (${script}) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      else process.stderr.write(`npm test: the build of dist/ failed (${script}):\n${output}\n`);
      resolve(status);
    };
    child.on('error', (e) => end({ ok: false, step: script, output: `${output}${e.message}` }));
    child.on('close', (code, signal) => end(code === 0 ? { ok: true } : { ok: false, step: script, output: `${output}(exit ${code ?? signal})` }));
  });
}

export default function setup(): () => Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-shared-'));
  process.env.BRIEFKIT_TEST_SHARED = dir;
  // Every temporary folder of the run (tests' os.tmpdir(), and the CLI processes they start) is
  // made in here, so the teardown removes them all: a run used to leave some 400 folders
  // (about 45 MB) in /tmp, from tests that do not clean up after themselves.
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  const before = process.env.TMPDIR;
  let built: Promise<DistStatus> | undefined;
  if (process.env.BRIEFKIT_TEST_BUILD === '1') {
    // (started before TMPDIR points into the run's folder: tsc and esbuild keep nothing there)
    process.env.BRIEFKIT_TEST_DIST = path.join(dir, 'dist-status.json');
    built = buildDist(process.env.BRIEFKIT_TEST_DIST);
  }
  process.env.TMPDIR = tmp;
  return async () => {
    // a run that ends early (a failed file with --bail) still waits for the build it started; a
    // failed build fails the run even when no test file of it needed dist/
    if (built && !(await built).ok) process.exitCode = 1;
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
