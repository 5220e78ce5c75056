/** The stage lines: on a terminal, or with BRIEFKIT_STAGES=1 (the bench reads them from a pipe); never with --quiet. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeReporter } from '../../../src/log/reporter.js';

const sink = (isTTY: boolean) => {
  const s = { out: '', isTTY, write: (t: string) => ((s.out += t), true) };
  return s;
};

describe('stage lines', () => {
  afterEach(() => {
    delete process.env.BRIEFKIT_STAGES;
  });
  it('are printed to a pipe only with BRIEFKIT_STAGES=1, and never with --quiet', () => {
    const pipe = sink(false);
    makeReporter({ stream: pipe as unknown as NodeJS.WriteStream }).stage('charts', '3 charts');
    expect(pipe.out).toBe('');
    process.env.BRIEFKIT_STAGES = '1';
    makeReporter({ stream: pipe as unknown as NodeJS.WriteStream }).stage('charts', '3 charts');
    expect(pipe.out).toMatch(/^ {2}charts {5}3 charts \(\d+ ms\)\n$/);
    const quiet = sink(true);
    makeReporter({ stream: quiet as unknown as NodeJS.WriteStream, quiet: true }).stage('charts');
    expect(quiet.out).toBe('');
  });
});
