/**
 * One folder per `vitest run` for the builds the test files share (see sharedBuild in
 * support.ts): each fixture project is built once per run, not once per test file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-shared-'));
  process.env.BRIEFKIT_TEST_SHARED = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
