/**
 * Report projects' configs (the flagship's, the examples', the bench port's and the test
 * fixtures') type-check against the engine's declarations as a project that installed briefkit
 * sees them (tsconfig.projects.json; `npm test` has just written dist/). Run here, beside the
 * other test files, rather than before vitest starts, where it kept one core idle.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support.js';

describe('report configs', () => {
  it('type-check against the published declarations (tsc -p tsconfig.projects.json)', async () => {
    const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.projects.json')], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  });
});
