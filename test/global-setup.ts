/**
 * One folder per `vitest run` for the builds the test files share (see sharedBuild in
 * support.ts), each fixture project built once per run, not once per test file; and for every
 * temporary folder the run makes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-shared-'));
  process.env.BRIEFKIT_TEST_SHARED = dir;
  // Every temporary folder of the run (tests' os.tmpdir(), and the CLI processes they start) is
  // made in here, so the teardown removes them all: a run used to leave some 400 folders
  // (about 45 MB) in /tmp, from tests that do not clean up after themselves.
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
