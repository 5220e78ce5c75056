/** CI files stay true to the code: npm scripts, workflow shape, schemas current. (The README and docs/: test/docs/.) */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderSchemaFiles } from '../../src/commands/schemas.js';
import { loadConfig } from '../../src/config/load.js';
import { Project } from '../../src/io/project.js';
import { spawnSync } from 'node:child_process';
import { ROOT, tempDir, tempProjectFrom } from '../support.js';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

describe('npm scripts', () => {
  // --ignore-scripts skips only the pre-script (tsc; `npm test` has just compiled dist/), so this
  // runs the README's `npm run report` command line itself, as npm resolves it
  it('`npm run report` builds the briefing (the script resolves on a fresh checkout)', () => {
    const out = tempDir('briefkit-npm-report-');
    try {
      const r = spawnSync('npm', ['run', 'report', '--ignore-scripts', '--', '--audience', 'executive', '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      expect(fs.readdirSync(out).sort()).toEqual(['.briefkit-sets', 'alt.json', 'briefing-executive.pdf', 'claims.json', 'manifest.json']);
      expect(fs.readFileSync(path.join(out, 'briefing-executive.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 200_000);

  // the script's wiring, run by npm as written, on the small frozen project of test/corpus (one
  // edition, not the flagship's three): `check` lays out every edition
  it('`npm run check` validates without writing', () => {
    const dir = tempProjectFrom(path.join(ROOT, 'test', 'corpus', 'base'));
    try {
      const r = spawnSync('npm', ['run', 'check', '--ignore-scripts', '--', '--root', dir, '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^policy: ok \(\d+ pages/m);
      expect(fs.readdirSync(path.join(dir, 'out'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 200_000);

  it('every script names a command that exists (no bare `briefkit`, which npm does not link for the root package)', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    for (const [name, cmd] of Object.entries(pkg.scripts)) expect(cmd, name).not.toMatch(/(^|&&\s*)briefkit\b/);
  });
});

describe('.github/workflows/report.yml', () => {
  const wf = YAML.parse(read('.github/workflows/report.yml'));

  it('has the fields GitHub requires', () => {
    expect(typeof wf.name).toBe('string');
    expect(wf.on).toBeTypeOf('object');
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    for (const [id, job] of Object.entries<Record<string, unknown>>(wf.jobs)) {
      expect(id).toMatch(/^[A-Za-z_][\w-]*$/);
      expect(job['runs-on'], id).toBeTruthy();
      const steps = job.steps as Record<string, unknown>[];
      expect(Array.isArray(steps) && steps.length > 0, id).toBe(true);
      for (const s of steps) expect(Boolean(s.uses) !== Boolean(s.run), `${id}: each step has uses or run`).toBe(true);
    }
  });

  it('runs weekly, on dispatch, on data/templates pushes; PRs only check and test', () => {
    const cron = wf.on.schedule[0].cron as string;
    expect(cron.split(/\s+/)).toHaveLength(5);
    expect(cron.split(/\s+/)[4]).toMatch(/^[0-6]$/); // one weekday: weekly
    expect('workflow_dispatch' in wf.on).toBe(true);
    expect(wf.on.push.paths).toEqual(expect.arrayContaining(['data/**', 'templates/**']));
    expect('pull_request' in wf.on).toBe(true);
    expect(wf.jobs.publish.if).toContain("!= 'pull_request'");
    const testRuns = (wf.jobs.test.steps as { run?: string }[]).map((s) => s.run ?? '').join('\n');
    expect(testRuns).toContain('briefkit check');
    expect(testRuns).toContain('npm test');
  });

  it('builds every audience, verifies the PDFs and uploads them with the manifest', () => {
    const steps = wf.jobs.publish.steps as { uses?: string; run?: string; with?: Record<string, string> }[];
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run report');
    expect(runs).toContain('qpdf --check');
    expect(runs).toContain('maxPages');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.path).toContain('out/*.pdf');
    expect(upload?.with?.path).toContain('out/manifest.json');
  });
});

describe('schemas/', () => {
  it('holds the JSON Schemas generated from the zod schemas (run `npx briefkit schemas` after changing them)', async () => {
    const files = renderSchemaFiles(await loadConfig(new Project(ROOT).rootArea));
    expect(files.size).toBeGreaterThan(10);
    for (const [name, text] of files) expect(read(`schemas/${name}`), name).toBe(text);
  });
});
