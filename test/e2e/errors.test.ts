/**
 * A failed build: one precise message (file:line:column), no stack trace unless --debug, and the
 * previous good output left exactly as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, type Run, runCli, runCliInProcess, sharedBuild, tempProject } from '../support.js';
import { BASE_ENV, PROJECT, audiences, filesOf } from './project.js';

const ONE = audiences().includes('policy') ? 'policy' : audiences()[0]!;

/** A temp copy of the project (data, templates and fonts from PROJECT). */
function copy(): string {
  const dir = tempProject(undefined, []);
  for (const p of ['data', 'templates', 'fonts']) if (fs.existsSync(path.join(PROJECT, p))) fs.cpSync(path.join(PROJECT, p), path.join(dir, p), { recursive: true });
  return dir;
}

let dir: string;
let good: Run;
let before: Map<string, Buffer>;
let bad: Run;
let badDebug: Run;
let where: { line: number; column: number };
let badTemplate: Run;

beforeAll(async () => {
  dir = copy();
  // the good build: the flagship build shared with the other tests, copied into the copy's out/
  const shared = sharedBuild(FLAGSHIP, { cwd: PROJECT, env: BASE_ENV });
  good = shared.run;
  fs.cpSync(shared.out, path.join(dir, 'out'), { recursive: true, verbatimSymlinks: true });
  before = filesOf(path.join(dir, 'out'));

  // Replace the first "value" number of invention-grants.json with NaN (not JSON).
  const file = path.join(dir, 'data', 'invention-grants.json');
  const text = fs.readFileSync(file, 'utf8');
  const m = /"value":\s*(\d+)/.exec(text)!;
  const at = m.index + m[0].length - m[1]!.length;
  const head = text.slice(0, at);
  where = { line: head.split('\n').length, column: at - (head.lastIndexOf('\n') + 1) + 1 };
  fs.writeFileSync(file, text.slice(0, at) + 'NaN' + text.slice(at + m[1]!.length));
  // a new process (its exit code and stderr), then the CLI in process (the same messages and exit codes)
  bad = runCli(['build'], { cwd: dir, env: BASE_ENV });
  badDebug = await runCliInProcess(['--debug', 'build'], { cwd: dir, env: BASE_ENV });

  // Restore the data; break every section template instead (fails after data loaded, in the template stage).
  fs.writeFileSync(file, text);
  for (const f of fs.readdirSync(path.join(dir, 'templates', 'sections'))) fs.appendFileSync(path.join(dir, 'templates', 'sections', f), '\n\n{{no_such_variable}}\n');
  badTemplate = await runCliInProcess(['build', '-a', ONE], { cwd: dir, env: BASE_ENV });
}, 240_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a build that fails', () => {
  it('(the first, good build worked and wrote a PDF)', () => {
    expect(good.code, good.stderr).toBe(0);
    expect([...before.keys()]).toContain(`briefing-${ONE}.pdf`);
  });

  it('on bad JSON exits 1 and names data/<file>.json:<line>:<column>', () => {
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`data/invention-grants.json:${where.line}:${where.column}`);
    expect(bad.stderr).toContain('BK010');
  });

  it('prints no stack trace without --debug, and one with it', () => {
    expect(bad.stderr).not.toContain('    at ');
    expect(badDebug.code).toBe(1);
    expect(badDebug.stderr).toContain(`data/invention-grants.json:${where.line}:${where.column}`);
    expect(badDebug.stderr).toContain('    at ');
  });

  it('on a template error exits 1 with the template file and line, without a stack trace', () => {
    expect(badTemplate.code).toBe(1);
    expect(badTemplate.stderr).toMatch(/BK104: templates\/(audiences\/[^/]+\/)?sections\/[\w-]+\.md\.hbs:\d+/);
    expect(badTemplate.stderr).toContain('no_such_variable');
    expect(badTemplate.stderr).not.toContain('    at ');
  });

  it('leaves the earlier good output byte-identical, with no temporary files', () => {
    expect(before.size).toBeGreaterThan(0);
    const after = filesOf(path.join(dir, 'out'));
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, bytes] of before) expect(after.get(f)!.equals(bytes), `${f} changed`).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
  });
});
