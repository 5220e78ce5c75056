/**
 * scripts/compile-schema.mjs (part of npm run build, npm test and npm run report) writes the
 * Vega-Lite validator next to dist/src/charts/schema.js, and leaves a current one alone.
 * Runs on a copy of dist/src, so the build the other tests use is never touched.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support.js';

const root = tempDir('briefkit-schema-script-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('scripts/compile-schema.mjs', () => {
  it('keeps a current validator as it is; one compiled from other inputs, or none, is not current', async () => {
    fs.cpSync(path.join(ROOT, 'dist', 'src'), path.join(root, 'dist', 'src'), { recursive: true });
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts', 'compile-schema.mjs'), path.join(root, 'scripts', 'compile-schema.mjs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(root, 'package.json'));
    const file = path.join(root, 'dist', 'src', 'charts', 'vl-schema.cjs');
    const good = fs.readFileSync(file, 'utf8');
    const digest = /module\.exports\.default\.digest = "([0-9a-f]{32})";/.exec(good)?.[1];
    expect(digest).toBeDefined();

    // current: the script leaves it alone (same inode and time)
    const before = fs.statSync(file);
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'compile-schema.mjs')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const after = fs.statSync(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);

    // what the script asks (the copy's own module): a file with another digest, or none, is not
    // current, so the script compiles it again (a clean clone's `npm ci` runs that path)
    const { prebuiltIsCurrent } = (await import(pathToFileURL(path.join(root, 'dist', 'src', 'charts', 'schema.js')).href)) as { prebuiltIsCurrent: () => boolean };
    expect(prebuiltIsCurrent()).toBe(true);
    fs.writeFileSync(file, good.replace(digest!, '0'.repeat(32)));
    expect(prebuiltIsCurrent()).toBe(false);
    fs.rmSync(file);
    expect(prebuiltIsCurrent()).toBe(false);
  });

  it("writes V8's code cache of the validator beside it, which a new process accepts (and another V8's is ignored)", () => {
    const dir = path.join(ROOT, 'dist', 'src', 'charts');
    expect(fs.statSync(path.join(dir, 'vl-schema.v8cache')).size).toBeGreaterThan(100_000);
    const probe = (flags: string[]) => {
      const code = `const s = await import(${JSON.stringify(pathToFileURL(path.join(dir, 'schema.js')).href)}); s.validateSpec({ data: { values: [] }, mark: 'bar' }, 'x.vl.json'); console.log(s.prebuiltCodeCache);`;
      const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', code], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    expect(probe([])).toBe('accepted');
    // other V8 flags: V8 refuses the cache, and the validator is compiled from its code as before
    expect(probe(['--no-opt'])).toBe('rejected');
  });
});
