/**
 * briefkit as another team would use it: `npm pack`, then install the tarball into a fresh
 * folder outside this repository that holds a report project (the daylight example), and
 * `npx briefkit build` there. Also `briefkit init` from the installed package.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir, tool } from '../support.js';

let work: string;
let project: string;

const run = (cmd: string, args: string[], cwd: string) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
};

beforeAll(() => {
  work = tempDir('briefkit-pack-');
  // dist/ is fresh (npm test compiles first); --ignore-scripts skips the prepare step's tsc
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  expect(pack.code, pack.out).toBe(0);
  const tgz = fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  project = path.join(work, 'daylight');
  fs.cpSync(path.join(ROOT, 'examples', 'daylight'), project, { recursive: true, filter: (src) => !/[/\\](out|node_modules)$/.test(src) });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'daylight-report', private: true, type: 'module' }, null, 2));
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, tgz)], project);
  expect(install.code, install.out).toBe(0);
}, 400_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the compiled engine, its fonts and types, and no tests or flagship data', () => {
    const pkg = path.join(project, 'node_modules', 'briefkit');
    expect(fs.existsSync(path.join(pkg, 'dist', 'src', 'cli.js'))).toBe(true);
    expect(fs.existsSync(path.join(pkg, 'dist', 'src', 'index.d.ts'))).toBe(true);
    expect(fs.existsSync(path.join(pkg, 'fonts', 'noto-sans-sc'))).toBe(true);
    for (const absent of ['test', 'data', 'templates', 'briefkit.config.ts', 'src']) expect(fs.existsSync(path.join(pkg, absent)), absent).toBe(false);
  });

  it('`npx briefkit build` builds the example project from its own folder', () => {
    const r = run('npx', ['--no-install', 'briefkit', 'build', '--audience', 'summary', '--quiet'], project);
    expect(r.code, r.out).toBe(0);
    const pdf = path.join(project, 'out', 'briefing-summary.pdf');
    expect(tool('qpdf', ['--check', pdf]).code).toBe(0);
    expect(tool('pdftotext', [pdf, '-']).stdout).toMatch(/daylight/i);
  }, 300_000);

  it('`npx briefkit init` then build works from the installed package', () => {
    const init = run('npx', ['--no-install', 'briefkit', 'init', 'starter'], project);
    expect(init.code, init.out).toBe(0);
    const r = run('npx', ['--no-install', 'briefkit', 'build', '--root', 'starter', '--quiet'], project);
    expect(r.code, r.out).toBe(0);
    expect(fs.readdirSync(path.join(project, 'starter', 'out')).sort()).toEqual(['briefing-general.pdf', 'manifest.json']);
  }, 300_000);
});
