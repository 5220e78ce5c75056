/**
 * Runs before each test file (setupFiles): under `npm test`, a file that needs dist/ waits here
 * until the build that test/global-setup.ts started has ended (test/dist.ts).
 *
 * BRIEFKIT_TEST_CPU_LOG=<file> appends each file's CPU time to <file> (one JSON line: the file,
 * its CPU ms, the CLI processes and tools it started included, and its wall-clock ms): what
 * test/sequencer.ts orders by and what a change to a test file costs or saves.
 */
import fs from 'node:fs';
import { afterAll, expect } from 'vitest';
import { awaitDist, needsDist } from './dist.js';

const file = expect.getState().testPath;
if (process.env.BRIEFKIT_TEST_DIST && file && needsDist(fs.readFileSync(file, 'utf8'))) awaitDist();

const log = process.env.BRIEFKIT_TEST_CPU_LOG;
if (log && file) {
  // utime, stime, cutime, cstime of this process (its children once they have ended), in ticks of 10 ms
  const cpu = () => fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ').slice(11, 15).reduce((a, t) => a + Number(t) * 10, 0);
  const start = { cpu: cpu(), wall: Date.now() };
  afterAll(() => fs.appendFileSync(log, `${JSON.stringify({ file, cpuMs: cpu() - start.cpu, wallMs: Date.now() - start.wall })}\n`));
}
