import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/sequencer.js';

export default defineConfig(({ mode }) => {
  // `npm test` (vitest run --mode npm-test) builds dist/ while the test files that do not need it
  // run (test/global-setup.ts, test/dist.ts)
  if (mode === 'npm-test') process.env.BRIEFKIT_TEST_BUILD = '1';
  return {
    test: {
      include: ['test/**/*.test.ts'],
      // builds shared by the test files of a run (sharedBuild in test/support.ts), and dist/ under npm test
      globalSetup: ['test/global-setup.ts'],
      // under npm test, a file that needs dist/ waits for it
      setupFiles: ['test/setup-dist.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // PDF builds are CPU-heavy; two cores. Forks (not threads): runCliInProcess changes the
      // working folder for each call, which a worker thread cannot.
      pool: 'forks',
      maxWorkers: 2,
      // the two workers are reused from file to file, so the modules (vitest's, src/ and its
      // libraries) are loaded twice per run, not once per file (this halves the unit tests' CPU time);
      // test files restore whatever process state they change (env, cwd, streams)
      isolate: false,
      // slowest files first (test/sequencer.ts)
      sequence: { sequencer: SlowestFirst },
      env: { TZ: 'UTC' },
    },
  };
});
