/**
 * Sharded builds (`briefkit build --shard i/n`, one per CI matrix job) merged with
 * `briefkit manifest merge` give the same files as one unsharded build; parallel editions
 * (--jobs) give the same files as a serial build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, runCliAsync, runCliInProcess, sharedBuild, snapshotDir, tempDir } from '../support.js';
import { BASE_ENV, PROJECT, audiences, shardBuilds } from './project.js';
import { shardOf } from '../../src/build-host.js';

let tmp: string;
let whole: string;
/** The two shard builds (--jobs 2), shared with determinism.test.ts (read only). */
let shards: string[];
beforeAll(() => {
  tmp = tempDir('briefkit-shard-');
  const shared = sharedBuild(FLAGSHIP, { cwd: PROJECT, env: BASE_ENV });
  expect(shared.run.code, shared.run.stderr).toBe(0);
  whole = shared.out;
  shards = shardBuilds().map(({ out, run }) => {
    expect(run.code, run.stderr).toBe(0);
    return out;
  });
}, 600_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sharded builds', () => {
  it('split the audiences into stable, disjoint subsets that cover them all', () => {
    const all = audiences();
    const split = [1, 2, 3].map((i) => shardOf(all, { index: i, count: 3 }));
    expect(split.flat().sort()).toEqual([...all].sort());
    expect(shardOf(all, { index: 1, count: 3 })).toEqual(split[0]);
    for (const i of [1, 2]) expect(fs.readdirSync(shards[i - 1]!).filter((f) => f.endsWith('.pdf')).sort()).toEqual(shardOf(all, { index: i, count: 2 }).map((a) => `briefing-${a}.pdf`).sort());
  });

  it('merged (shard 1 builds its editions in parallel), give the same files as the unsharded serial build, byte for byte', async () => {
    const merged = path.join(tmp, 'merged');
    const r = await runCliInProcess(['manifest', 'merge', shards[0]!, shards[1]!, '--out', merged], { cwd: PROJECT, env: BASE_ENV });
    expect(r.code, r.stderr).toBe(0);
    const a = snapshotDir(whole);
    const b = snapshotDir(merged);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), `${f} differs`).toBe(true);
  });

  it('refuse to merge shards that overlap (BK420)', async () => {
    const r = await runCliInProcess(['manifest', 'merge', shards[0]!, shards[0]!, '--out', path.join(tmp, 'bad')], { cwd: PROJECT, env: BASE_ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK420: .*is in two shards/m);
    expect(fs.existsSync(path.join(tmp, 'bad', 'manifest.json'))).toBe(false);
  });

  it('reject a malformed --shard or --jobs (BK502)', async () => {
    for (const [i, args] of [['--shard', '3/2'], ['--shard', 'x'], ['--jobs', '0']].entries()) {
      // the first as a new process (its exit code), the others with the CLI in process (the same messages and codes)
      const run = i === 0 ? runCliAsync : runCliInProcess;
      const r = await run(['build', ...args, '--out', path.join(tmp, 'never')], { cwd: PROJECT, env: BASE_ENV });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error BK502: /m);
    }
  });
});
