/**
 * A report is a folder: `briefkit init` scaffolds one that builds on the first try, and a
 * broken config (or a template naming a field its dataset lacks) is a clear error that leaves
 * the previous PDFs as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runCli, runCliInProcess, snapshotDir, tempDir, tool, writeTree } from '../support.js';

let base: string;
let good: Map<string, Buffer>;

const snapshot = (dir: string) => snapshotDir(dir);
/** A copy of the built scaffold, with `edit` applied. */
function copy(edit: (dir: string) => void): string {
  const dir = tempDir('briefkit-cfg-');
  // links kept as they are (out/'s names link into its sets; fs.cp would make them absolute, into base)
  fs.cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  edit(dir);
  return dir;
}

beforeAll(async () => {
  base = path.join(tempDir('briefkit-init-'), 'report');
  // init and the first build with the CLI in process (pack.test.ts runs both as new processes,
  // from the installed package)
  const init = await runCliInProcess(['init', base]);
  expect(init.code, init.stderr).toBe(0);
  const r = await runCliInProcess(['build', '--root', base, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  good = snapshot(path.join(base, 'out'));
}, 120_000);

describe('briefkit init', () => {
  it('writes a project that builds on the first try, with its data in the PDF', () => {
    expect(fs.existsSync(path.join(base, 'briefkit.config.ts'))).toBe(true);
    expect([...good.keys()]).toEqual(['alt.json', 'briefing-general.pdf', 'claims.json', 'manifest.json']);
    const pdf = path.join(base, 'out', 'briefing-general.pdf');
    expect(tool('qpdf', ['--check', pdf]).code).toBe(0);
    const text = tool('pdftotext', [pdf, '-']).stdout;
    expect(text).toContain('Leap seconds since 1972');
    expect(text).toMatch(/grown to\s+37\s+seconds/);
    expect(text).toContain('Figure 1');
    expect(text).toContain('Table 1');
  });

  it('refuses a folder that is not empty (BK028) and writes nothing there', async () => {
    const r = await runCliInProcess(['init', base]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK028/);
    expect(snapshot(path.join(base, 'out'))).toEqual(good);
  });
});

/** A git configuration of its own (no system or user one), so init's defaults are known. */
function gitEnv(userName?: string): NodeJS.ProcessEnv {
  const file = path.join(tempDir('briefkit-git-'), 'gitconfig');
  fs.writeFileSync(file, userName ? `[user]\n\tname = ${userName}\n` : '');
  return { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1' };
}

describe('briefkit init in a project that is already there', () => {
  const PKG = { name: 'acme-sales', version: '1.2.3', description: 'Monthly sales at Acme', author: 'Acme Trading Ltd <ops@acme.test>', scripts: { test: 'vitest', check: 'tsc --noEmit' }, dependencies: { zod: '^4.0.0' } };
  let dir: string;
  let init: Awaited<ReturnType<typeof runCliInProcess>>;

  beforeAll(async () => {
    dir = writeTree(tempDir('briefkit-here-'), { 'package.json': JSON.stringify(PKG, null, 4) + '\n', 'README.md': '# Acme sales\n', '.gitignore': 'dist\n' });
    init = await runCliInProcess(['init', '.'], { cwd: dir, env: gitEnv('Test Analyst') });
  }, 60_000);

  it('adds briefkit and its scripts to package.json, keeping every field (and the indent) the project set', () => {
    expect(init.code, init.stderr).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    const pkg = JSON.parse(text) as typeof PKG & { scripts: Record<string, string>; dependencies: Record<string, string> };
    const { version } = JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    expect(pkg).toEqual({ ...PKG, scripts: { ...PKG.scripts, report: 'briefkit build' }, dependencies: { zod: '^4.0.0', briefkit: `^${version}` } });
    expect(text).toMatch(/^\{\n {4}"name"/);
    // the project's own check script, README and .gitignore lines stay; what was skipped is said
    expect(init.stdout).toMatch(/skipped package\.json scripts\.check/);
    expect(init.stdout).toMatch(/skipped README\.md/);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('# Acme sales\n');
    expect(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^dist\n(.*\n)*out\/\n/);
  });

  it('takes the cover from package.json and git config, and builds there', async () => {
    const profile = fs.readFileSync(path.join(dir, 'templates', 'profile.yaml'), 'utf8');
    expect(profile).toMatch(/^title: "Monthly sales at Acme"$/m);
    expect(profile).toMatch(/^publisher: "Acme Trading Ltd"$/m);
    expect(profile).toMatch(/^author: "Test Analyst"$/m);
    const r = await runCliInProcess(['build', '--quiet'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const cover = tool('pdftotext', ['-l', '1', path.join(dir, 'out', 'briefing-general.pdf'), '-']).stdout;
    expect(cover).toContain('Monthly sales at Acme');
    expect(cover).toContain('Prepared by Test Analyst');
  });

  it('still refuses to overwrite a file of the report (BK028), changing nothing', async () => {
    const before = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
    const r = await runCliInProcess(['init'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK028: .*briefkit\.config\.ts/);
    expect(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(before);
  });

  it('a package.json that is not JSON is BK029, and nothing is written', async () => {
    const other = writeTree(tempDir('briefkit-here-'), { 'package.json': '{ "name": ' });
    const r = await runCliInProcess(['init'], { cwd: other });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK029: package\.json: cannot add briefkit to it: /);
    expect(fs.readdirSync(other)).toEqual(['package.json']);
  });
});

describe('the cover names who made it, or nothing', () => {
  it('--org and --author print on the cover, with the data\'s date; no placeholder anywhere', async () => {
    const dir = path.join(tempDir('briefkit-init-'), 'r');
    expect((await runCliInProcess(['init', dir, '--title', 'Leap seconds, a primer', '--org', 'Acme Analytics', '--author', 'Ann Lee'], { env: gitEnv() })).code).toBe(0);
    const r = await runCliInProcess(['build', '--root', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const pdf = path.join(dir, 'out', 'briefing-general.pdf');
    const cover = tool('pdftotext', ['-l', '1', pdf, '-']).stdout;
    expect(cover).toContain('Leap seconds, a primer');
    expect(cover).toContain('Acme Analytics');
    expect(cover).toContain('Prepared by Ann Lee');
    expect(cover).toMatch(/Data as of 1 January 2025/);
    expect(tool('pdftotext', [pdf, '-']).stdout).not.toMatch(/Your (organisation|name)/);
  });

  it('without options or defaults, neither a publisher nor "Prepared by" prints', async () => {
    const dir = path.join(tempDir('briefkit-init-'), 'r');
    expect((await runCliInProcess(['init', dir], { env: gitEnv() })).code).toBe(0);
    const r = await runCliInProcess(['build', '--root', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const text = tool('pdftotext', [path.join(dir, 'out', 'briefing-general.pdf'), '-']).stdout;
    expect(text).not.toMatch(/Prepared by|Your (organisation|name)/);
  });
});

describe('the scaffold around the report', () => {
  it('a GitHub Actions workflow: scheduled and manual, npm ci, the installed CLI, out/ as artifacts, CHANGES.md as the summary', () => {
    const text = fs.readFileSync(path.join(base, '.github', 'workflows', 'report.yml'), 'utf8');
    const wf = parseYaml(text) as { on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
    expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/^npm ci$/m);
    expect(runs).toMatch(/^npx briefkit build$/m);
    expect(runs).toMatch(/cat out\/CHANGES\.md >> "\$GITHUB_STEP_SUMMARY"/);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.path).toBe('out/');
    // the user's project: nothing of briefkit's own repository, build or tests
    expect(text).not.toMatch(/dist\/|src\/|cli\.js|vitest|npm test|--root|briefkit\.git/);
  });

  it('.gitignore, and editor settings mapping the JSON Schemas init wrote', () => {
    expect(fs.readFileSync(path.join(base, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'out/', '.briefkit/']));
    const settings = JSON.parse(fs.readFileSync(path.join(base, '.vscode', 'settings.json'), 'utf8')) as { 'json.schemas': { url: string }[]; 'yaml.schemas': Record<string, string[]> };
    const urls = [...settings['json.schemas'].map((s) => s.url), ...Object.keys(settings['yaml.schemas'])];
    expect(urls.map((u) => path.basename(u)).sort()).toEqual(fs.readdirSync(path.join(base, 'schemas')).sort());
  });

  it('a second build writes CHANGES.md and warns nothing (the scaffold dates no source)', async () => {
    const dir = copy(() => {});
    const r = await runCliInProcess(['build', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/BK406|warn/i);
    const changes = fs.readFileSync(path.join(dir, 'out', 'CHANGES.md'), 'utf8');
    expect(changes).toContain('No data point was added, changed or removed.');
    expect(changes).toContain('no source dated');
  });

  it('the cache: .briefkit/cache in a project with no node_modules, else the nearest node_modules/.cache/briefkit', async () => {
    expect(fs.readdirSync(path.join(base, '.briefkit', 'cache')).some((f) => f.startsWith('chart-'))).toBe(true);
    const workspace = tempDir('briefkit-ws-');
    fs.mkdirSync(path.join(workspace, 'node_modules'));
    const dir = path.join(workspace, 'packages', 'report');
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(dir, '.briefkit'), { recursive: true });
    expect((await runCliInProcess(['build', '--root', dir, '--quiet'])).code).toBe(0);
    expect(fs.readdirSync(path.join(workspace, 'node_modules', '.cache', 'briefkit')).some((f) => f.startsWith('chart-'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.briefkit'))).toBe(false);
  });
});

describe('a broken config leaves the previous PDFs as they are', () => {
  const cases: [string, (dir: string) => void, string, RegExp][] = [
    ['a syntax error', (d) => fs.appendFileSync(path.join(d, 'briefkit.config.ts'), '\nexport const = ;\n'), 'BK021', /briefkit\.config\.ts:\d+/],
    ['no datasets', (d) => fs.writeFileSync(path.join(d, 'briefkit.config.ts'), "import { defineConfig } from 'briefkit';\nexport default defineConfig({ datasets: {} });\n"), 'BK023', /briefkit\.config\.ts/],
    ['a missing dataset file', (d) => fs.rmSync(path.join(d, 'data', 'tai-utc.json')), 'BK024', /briefkit\.config\.ts:\d+ \(at datasets\.tai-utc\.file\)/],
    ['an undeclared data file', (d) => fs.writeFileSync(path.join(d, 'data', 'extra.csv'), 'a\n1\n'), 'BK019', /data\/extra\.csv/],
    ['no config at all', (d) => fs.rmSync(path.join(d, 'briefkit.config.ts')), 'BK020', /briefkit init/],
    ['a template naming a field the dataset lacks', (d) => fs.appendFileSync(path.join(d, 'templates', 'sections', 'overview.md.hbs'), '\n{{fig "tai-utc" 2025 field="seconds"}}\n'), 'BK115', /overview\.md\.hbs:\d+.*\n.*year, value/],
    ['a table spec naming a field the dataset lacks', (d) => fs.writeFileSync(path.join(d, 'templates', 'tables', 'tai-utc.yaml'), fs.readFileSync(path.join(d, 'templates', 'tables', 'tai-utc.yaml'), 'utf8').replace('field: value', 'field: valeu')), 'BK115', /tai-utc\.yaml:\d+ \(at columns\[1\]\.field\)/],
  ];
  for (const [i, [name, edit, code, where]] of cases.entries()) {
    it(`${name}: ${code}`, async () => {
      const dir = copy(edit);
      // the first as a new process, the others with the CLI in process (the same messages and exit codes)
      const r = i === 0 ? runCli(['build', '--root', dir, '--quiet']) : await runCliInProcess(['build', '--root', dir, '--quiet']);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error ${code}: `));
      expect(r.stderr).toMatch(where);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(snapshot(path.join(dir, 'out'))).toEqual(good);
    });
  }
});
