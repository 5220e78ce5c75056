/**
 * One folder per `vitest run` for the builds the test files share (see sharedBuild in
 * support.ts): each fixture project is built once per run, not once per test file. The most used
 * ones (SHARED_AT_START) are built here, side by side, before any test file starts: on a clean
 * clone that fills the disk caches once, where a dozen test files starting together would each
 * draw the same charts and set the same citations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-shared-'));
  process.env.BRIEFKIT_TEST_SHARED = dir;
  // the shared builds' keys include the time zone; the test files run in UTC (vitest.config.ts)
  const tz = process.env.TZ;
  process.env.TZ = 'UTC';
  try {
    const { SHARED_AT_START, startSharedBuild } = await import('./support.js');
    await Promise.all(SHARED_AT_START.map(([args, opts]) => startSharedBuild(args, opts)));
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
