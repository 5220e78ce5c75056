/**
 * The order test files start in: the slowest first (measured: the per-file durations `npx vitest
 * run` prints, which include beforeAll hooks — the JSON reporter's start and end times leave them
 * out, and determinism.test.ts, example.test.ts and shard.test.ts do their builds there),
 * so the two workers finish together instead of one starting a long file near the end. Files
 * not listed follow in vitest's own order (test/e2e/shard.test.ts reads the shard builds that
 * determinism.test.ts makes, so it costs little when it comes late). A clean clone has no vitest
 * cache of durations, so the order is written here.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import fs from 'node:fs';
import path from 'node:path';
import { needsDist } from './dist.js';

export const SLOWEST_FIRST = [
  'test/security/robust.test.ts',
  'test/e2e/determinism.test.ts',
  'test/security/concurrent.test.ts',
  'test/e2e/example.test.ts',
  'test/e2e/pack.test.ts',
  'test/e2e/preview.test.ts',
  'test/corpus/corpus.test.ts',
  'test/features/audiences.test.ts',
  'test/conformance/conformance.test.ts',
  'test/fuzz/fuzz.test.ts',
  'test/e2e/build.test.ts',
  'test/security/network.test.ts',
  'test/features/one-layout.test.ts',
  'test/features/docs.test.ts',
  'test/docs/samples.test.ts',
  'test/security/charts.test.ts',
  'test/security/chart-limits.test.ts',
  'test/e2e/chart-cli.test.ts',
  'test/security/promises.test.ts',
  'test/features/dependencies.test.ts',
  'test/features/project-types.test.ts',
  'test/e2e/project-config.test.ts',
  'test/security/commit.test.ts',
  'test/features/layout.test.ts',
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOWEST_FIRST.indexOf(path.relative(f.project.config.root, f.moduleId).split(path.sep).join('/'));
      return i === -1 ? SLOWEST_FIRST.length : i;
    };
    // under npm test, the files that do not need dist/ come first, while it is being built (test/dist.ts)
    const building = process.env.BRIEFKIT_TEST_BUILD === '1';
    const waits = new Map(files.map((f) => [f, building && needsDist(fs.readFileSync(f.moduleId, 'utf8')) ? 1 : 0]));
    const rest = await super.sort(files);
    return rest.map((f, i) => ({ f, i })).sort((a, b) => waits.get(a.f)! - waits.get(b.f)! || rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
