/**
 * (e) Audience names are names, not paths: `build -a ../x` and friends are refused with a
 * catalogued usage error, read nothing outside templates/audiences/ and write nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCliAsync, runCliInProcess, snapshotDir } from '../support.js';
import { AUDIENCE, errorCode, tempBase } from './support.js';

let dir = '';
beforeAll(() => {
  dir = tempBase((d) => {
    // Decoys a path-like audience could reach if it were joined into a path:
    // templates/x/profile.yaml (for "../x") and a profile outside templates/ (for "../../outside").
    fs.mkdirSync(path.join(d, 'templates', 'x'), { recursive: true });
    fs.copyFileSync(path.join(d, 'templates', 'audiences', AUDIENCE, 'profile.yaml'), path.join(d, 'templates', 'x', 'profile.yaml'));
    fs.mkdirSync(path.join(d, 'outside'), { recursive: true });
    fs.copyFileSync(path.join(d, 'templates', 'audiences', AUDIENCE, 'profile.yaml'), path.join(d, 'outside', 'profile.yaml'));
  });
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const names = ['../x', '../../outside', '..', '.', `${AUDIENCE}/../${AUDIENCE}`, `./${AUDIENCE}`, '/etc', '/tmp', '%2e%2e/x', '..\\x', `audiences/${AUDIENCE}`];

/**
 * Run as a new process, so the refusal is also seen through the real CLI's process exit code
 * (the others run the CLI in process: exit code and message are all they need).
 */
const SPAWNED = new Set(['build -a "../x"']);

describe.concurrent('path-like audience names are refused', () => {
  for (const name of names) {
    for (const cmd of ['build', ...(name.startsWith('..') ? ['check'] : [])] as const) {
      const title = `${cmd} -a ${JSON.stringify(name)}`;
      test(title, async () => {
        const before = snapshotDir(path.join(dir, 'out'));
        const r = await (SPAWNED.has(title) ? runCliAsync : runCliInProcess)(['--root', dir, cmd, '-a', name], { cwd: dir });
        const code = errorCode(r.stderr);
        expect(['BK501', 'BK502', 'BK002'], r.stderr).toContain(code);
        // an unknown audience is a usage error (2); a refused path (BK002) may be a user error (1)
        expect(code === 'BK002' ? [1, 2] : [2], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/^ {4}at /m);
        expect([...snapshotDir(path.join(dir, 'out')).keys()]).toEqual([...before.keys()]);
        expect(fs.readdirSync(dir).filter((f) => f.endsWith('.pdf'))).toEqual([]);
      });
    }
  }

  test('the real audience still builds, in memory (check runs every stage and writes nothing; the refusals are not a blanket failure)', async () => {
    const r = await runCliInProcess(['--root', dir, 'check', '-a', AUDIENCE], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  });
});
