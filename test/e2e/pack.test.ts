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

/** Links in `nm` to the packages of this repository's node_modules that its lockfile needs outside development. */
function linkRuntimePackages(nm: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean }> };
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.startsWith('node_modules/') ? key.slice('node_modules/'.length) : '';
    if (!name || name.includes('/node_modules/') || entry.dev) continue;
    const real = path.join(ROOT, 'node_modules', name);
    if (!fs.existsSync(real)) continue; // an optional package for another platform
    fs.mkdirSync(path.dirname(path.join(nm, name)), { recursive: true });
    fs.symlinkSync(real, path.join(nm, name));
  }
}

beforeAll(() => {
  work = tempDir('briefkit-pack-');
  // dist/ is fresh (npm test compiles first); --ignore-scripts skips the prepare step's tsc
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  expect(pack.code, pack.out).toBe(0);
  const tgz = fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  project = path.join(work, 'daylight');
  fs.cpSync(path.join(ROOT, 'examples', 'daylight'), project, { recursive: true, filter: (src) => !/[/\\](out|node_modules)$/.test(src) });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'daylight-report', private: true, type: 'module' }, null, 2));
  // The packed package is installed by npm from the tarball (its files, its bin link, its
  // dependency declarations); the dependencies themselves are not downloaded and unpacked again
  // (~150 MB, most of this file's time): node_modules starts with links to this repository's
  // installed copies of the packages the lockfile needs at run time (no devDependencies), npm
  // keeps those that satisfy the tarball's declared dependencies and removes the rest, so the
  // installed briefkit resolves only what its package.json declares.
  linkRuntimePackages(path.join(project, 'node_modules'));
  const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(work, tgz)], project);
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
    expect(fs.readdirSync(path.join(project, 'starter', 'out')).sort()).toEqual(['.briefkit-sets', 'alt.json', 'briefing-general.pdf', 'claims.json', 'manifest.json']);
  }, 300_000);

  // the user's path of issue 26: briefkit installed into a project that already has its
  // package.json, `init` there (not a nested project), `npm run report`, and the cache in the
  // project's own node_modules
  it('in a project of its own: install, `npx briefkit init`, `npm run report`', () => {
    const tgz = path.join(work, fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    const mine = path.join(work, 'acme-sales');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'package.json'), JSON.stringify({ name: 'acme-sales', description: 'Monthly sales at Acme', private: true }, null, 2) + '\n');
    linkRuntimePackages(path.join(mine, 'node_modules'));
    const install = run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tgz], mine);
    expect(install.code, install.out).toBe(0);
    const init = run('npx', ['--no-install', 'briefkit', 'init', '--org', 'Acme Analytics', '--author', 'Ann Lee'], mine);
    expect(init.code, init.out).toBe(0);
    // npm install put briefkit in dependencies: init leaves it, and adds the scripts
    const pkg = JSON.parse(fs.readFileSync(path.join(mine, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies.briefkit).toMatch(/^file:/);
    expect(pkg.scripts).toEqual({ report: 'briefkit build', check: 'briefkit check' });
    const r = run('npm', ['run', 'report', '--', '--quiet'], mine);
    expect(r.code, r.out).toBe(0);
    const cover = tool('pdftotext', ['-l', '1', path.join(mine, 'out', 'briefing-general.pdf'), '-']).stdout;
    expect(cover).toContain('Monthly sales at Acme');
    expect(cover).toContain('Prepared by Ann Lee');
    expect(fs.readdirSync(path.join(mine, 'node_modules', '.cache', 'briefkit')).some((f) => f.startsWith('chart-'))).toBe(true);
  }, 300_000);
});
