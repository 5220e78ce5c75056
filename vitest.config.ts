import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // builds shared by the test files of a run (sharedBuild in test/support.ts)
    globalSetup: ['test/global-setup.ts'],
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
});
