/**
 * Sharded builds (`briefkit build --shard i/n`, one per CI matrix job) merged with
 * `briefkit manifest merge` give the same files as one unsharded build; parallel editions
 * (--jobs) give the same files as a serial build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, sharedBuild, snapshotDir, tempDir } from '../support.js';
import { BASE_ENV, PROJECT, audiences } from './project.js';
import { shardOf } from '../../src/build-host.js';

let tmp: string;
let whole: string;
beforeAll(async () => {
  tmp = tempDir('briefkit-shard-');
  const shared = sharedBuild([], { cwd: PROJECT, env: BASE_ENV });
  expect(shared.run.code, shared.run.stderr).toBe(0);
  whole = shared.out;
  for (const i of [1, 2]) {
    const r = await runCliAsync(['build', '--quiet', '--shard', `${i}/2`, '--jobs', '1', '--out', path.join(tmp, `shard-${i}`)], { cwd: PROJECT, env: BASE_ENV });
    expect(r.code, r.stderr).toBe(0);
  }
}, 600_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('sharded builds', () => {
  it('split the audiences into stable, disjoint subsets that cover them all', () => {
    const all = audiences();
    const shards = [1, 2, 3].map((i) => shardOf(all, { index: i, count: 3 }));
    expect(shards.flat().sort()).toEqual([...all].sort());
    expect(shardOf(all, { index: 1, count: 3 })).toEqual(shards[0]);
    for (const i of [1, 2]) expect(fs.readdirSync(path.join(tmp, `shard-${i}`)).filter((f) => f.endsWith('.pdf')).sort()).toEqual(shardOf(all, { index: i, count: 2 }).map((a) => `briefing-${a}.pdf`).sort());
  });

  it('merged, give the same files as an unsharded (parallel) build, byte for byte', async () => {
    const merged = path.join(tmp, 'merged');
    const r = await runCliAsync(['manifest', 'merge', path.join(tmp, 'shard-1'), path.join(tmp, 'shard-2'), '--out', merged], { cwd: PROJECT, env: BASE_ENV });
    expect(r.code, r.stderr).toBe(0);
    const a = snapshotDir(whole);
    const b = snapshotDir(merged);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), `${f} differs`).toBe(true);
  });

  it('refuse to merge shards that overlap (BK420)', async () => {
    const r = await runCliAsync(['manifest', 'merge', path.join(tmp, 'shard-1'), path.join(tmp, 'shard-1'), '--out', path.join(tmp, 'bad')], { cwd: PROJECT, env: BASE_ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK420: .*is in two shards/m);
    expect(fs.existsSync(path.join(tmp, 'bad', 'manifest.json'))).toBe(false);
  });

  it('reject a malformed --shard or --jobs (BK502)', async () => {
    for (const args of [['--shard', '3/2'], ['--shard', 'x'], ['--jobs', '0']]) {
      const r = await runCliAsync(['build', ...args, '--out', path.join(tmp, 'never')], { cwd: PROJECT, env: BASE_ENV });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error BK502: /m);
    }
  });
});
