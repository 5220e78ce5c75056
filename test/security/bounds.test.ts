/**
 * Numbers a user types are bounded: a limit, a job count or a shard count far past any real use is a
 * usage error naming the bound, not a build that tries (issue 28, deliverable 5).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support.js';

const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-bounds-'));

describe('option bounds', () => {
  it.each([
    [['build', '--memory-limit', '1e12'], 'BK504', '131072'],
    [['build', '--time-limit', '1e10'], 'BK504', '86400'],
    [['build', '--shard', '1/99999999999999999999'], 'BK502', '1000'],
    [['build', '--jobs', '100000'], 'BK502', '64'],
    [['check', '--memory-limit', '1e12'], 'BK504', '131072'],
  ])('%j is refused, naming the bound', async (args, code, bound) => {
    const r = await runCliInProcess(['--root', empty, ...args], { cwd: empty });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toContain(bound);
  });

  it('BRIEFKIT_MEMORY_LIMIT is bounded too', async () => {
    const r = await runCliInProcess(['--root', empty, 'build'], { cwd: empty, env: { BRIEFKIT_MEMORY_LIMIT: '1e12' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BK504.*BRIEFKIT_MEMORY_LIMIT.*131072/s);
  });
});
