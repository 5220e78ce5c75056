/**
 * `npm test` builds dist/ (tsc, the prebuilt chart validator, the bundle: the steps of
 * `npm run build`) while the test files that do not need it already run: test/global-setup.ts
 * starts the build and names a status file in BRIEFKIT_TEST_DIST; a test file that needs dist/
 * waits for it before it loads (test/setup-dist.ts), and test/sequencer.ts starts the others
 * first. The build is about 20 s of CPU time on one core (tsc alone 15 s); before vitest it kept
 * the second core idle. A failed step fails every test file that needs dist/, with its output.
 */
import fs from 'node:fs';

/**
 * Whether a test file needs dist/: it starts the CLI (the bundle, or tsc's dist/src/cli.js),
 * shares a build, copies briefkit's installation, or names dist at all (conservative: a file
 * that only says "dist/" in a comment waits too).
 */
export function needsDist(source: string): boolean {
  return /\bdist\b|\b(?:runCli|runCliAsync|sharedBuild|tempInstall|builtBase|shardBuilds|UNBUNDLED_CLI)\b|[{,]\s*CLI\s*[,}]|\[CLI\b/.test(source);
}

export interface DistStatus {
  ok: boolean;
  /** What the failed step printed. */
  output?: string;
  step?: string;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Waits (blocking) until the build of dist/ that `npm test` started has ended; throws if it failed. */
export function awaitDist(statusFile = process.env.BRIEFKIT_TEST_DIST): void {
  if (!statusFile) return; // not `npm test`: dist/ is what the last build left
  while (!fs.existsSync(statusFile)) sleep(100);
  const status = JSON.parse(fs.readFileSync(statusFile, 'utf8')) as DistStatus;
  if (!status.ok) throw new Error(`npm test could not build dist/: \`${status.step}\` failed:\n${status.output ?? ''}`);
}
