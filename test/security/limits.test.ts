/**
 * Everything that runs project code runs under the limits (issue 28, deliverables 2 and 3):
 * `schemas` and `init` load the config in the worker thread, with the time limit and Ctrl-C
 * of a build; a FIFO is refused before it is opened, /proc before anything is created there;
 * and an image whose decoded size would blow the memory limit in native buffers, outside the
 * JavaScript heap, is refused from its header, which the resident memory of the process
 * (/usr/bin/time's maximum RSS, not the V8 heap) shows.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { init } from '../../src/commands/init.js';
import { CLI, ROOT, runCliAsync, runCliInProcess, tempDir } from '../support.js';
import { cpuMs, errorCode, pngFile } from './support.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
let scaffold = '';
beforeAll(() => {
  const d = tempDir('briefkit-limits-');
  dirs.push(d);
  scaffold = path.join(d, 'p');
  init(scaffold, { title: 'Limits', org: 'Test' });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(scaffold, 'node_modules'));
});
function project(edit: (dir: string) => void = () => {}): string {
  const dir = tempDir('briefkit-limits-case-');
  dirs.push(dir);
  fs.cpSync(scaffold, dir, { recursive: true, verbatimSymlinks: true });
  edit(dir);
  return dir;
}
const withConfigLine = (line: string) => (d: string) => {
  const f = path.join(d, 'briefkit.config.ts');
  fs.writeFileSync(f, `${line}\n${fs.readFileSync(f, 'utf8')}`);
};

describe('the config runs under the limits in `schemas`', () => {
  test('an endless loop in the config: BK407 naming the config, within the time limit', async () => {
    const dir = project(withConfigLine('while (Date.now() > 0) {}'));
    const t0 = Date.now();
    const r = await runCliAsync(['--root', dir, 'schemas', '--time-limit', '2'], { cwd: dir, timeout: 40_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(Date.now() - t0).toBeLessThan(30_000); // 2 s of CPU; the wall clock stretches on a busy machine (capped at 5×)
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error BK407: briefkit\.config\.ts: .*while loading the config/m);
    expect(fs.existsSync(path.join(dir, 'schemas', 'tai-utc.schema.json.tmp'))).toBe(false);
  }, 45_000);

  test('a timer the config leaves running: the schemas are written and the command ends', async () => {
    const dir = project(withConfigLine('setInterval(() => {}, 1000);'));
    fs.rmSync(path.join(dir, 'schemas'), { recursive: true, force: true });
    const r = await runCliAsync(['--root', dir, 'schemas'], { cwd: dir, timeout: 30_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'schemas'))).toContain('tai-utc.schema.json');
  }, 35_000);

  test('SIGINT while the config loops: the process ends within a second', async () => {
    const dir = project(withConfigLine('while (Date.now() > 0) {}'));
    let pid = 0;
    const run = runCliAsync(['--root', dir, 'schemas'], { cwd: dir, timeout: 60_000, onSpawn: (p) => (pid = p) });
    // busy in the config: more CPU than loading Node, the CLI and the worker takes (a whole
    // `schemas` of the scaffold takes about 0.4 s with the bundle the tests start)
    while (cpuMs(pid) < 800) await new Promise((r) => setTimeout(r, 50));
    const sent = Date.now();
    process.kill(pid, 'SIGINT');
    const r = await run;
    expect(Date.now() - sent, r.stderr).toBeLessThan(1000);
    expect(r.code).toBe(130);
  }, 65_000);
});

describe('special files and pseudo file systems', () => {
  test('`briefkit chart` on a FIFO spec: BK040 at once, without waiting for a writer', async () => {
    const dir = tempDir('briefkit-limits-fifo-');
    dirs.push(dir);
    const fifo = path.join(dir, 'spec.vl.json');
    expect(spawnSyncOk('mkfifo', [fifo])).toBe(true);
    const t0 = Date.now();
    const r = await runCliAsync(['chart', fifo, '--out', path.join(dir, 'x.svg'), '--time-limit', '2'], { cwd: dir, timeout: 30_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.code, r.stderr).toBe(1);
    expect(errorCode(r.stderr)).toBe('BK040');
    expect(r.stderr).toContain('named pipe');
  }, 35_000);

  test('`init` in a folder whose package.json is a FIFO: BK040, without waiting for a writer', async () => {
    const dir = tempDir('briefkit-limits-init-fifo-');
    dirs.push(dir);
    expect(spawnSyncOk('mkfifo', [path.join(dir, 'package.json')])).toBe(true);
    const r = await runCliAsync(['init', dir], { cwd: dir, timeout: 20_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(errorCode(r.stderr)).toBe('BK040');
  }, 25_000);

  test('`init /proc/briefkit-x`: BK074 at once, nothing created', async () => {
    const r = await runCliAsync(['init', '/proc/briefkit-x'], { cwd: tempDir('briefkit-limits-init-'), timeout: 30_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error BK074: \/proc\/briefkit-x: .* on proc/m);
    expect(fs.existsSync('/proc/briefkit-x')).toBe(false);
  }, 35_000);

  test('`build --out /sys/…` and `schemas --out /proc/…`: BK074 before anything is written', async () => {
    const dir = project();
    // in process: refused before any worker starts
    const b = await runCliInProcess(['--root', dir, 'build', '--out', '/sys/briefkit-out'], { cwd: dir });
    expect(b.code, b.stderr).toBe(1);
    expect(b.stderr).toMatch(/^error BK074: \/sys\/briefkit-out: .* on sysfs/m);
    const s = await runCliInProcess(['--root', dir, 'schemas', '--out', '/proc/self/briefkit'], { cwd: dir });
    expect(s.code, s.stderr).toBe(1);
    expect(errorCode(s.stderr)).toBe('BK074');
  }, 65_000);
});


const spawnSyncOk = (cmd: string, args: string[]) => spawnSync(cmd, args).status === 0;

// --- native memory ------------------------------------------------------------------------------

/** Runs the CLI under /usr/bin/time: its exit code, stderr and peak resident memory in MB. */
function timed(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; maxRssMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'briefkit-maxrss-kb=%M', process.execPath, CLI, ...args], { cwd });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      const kb = Number(/briefkit-maxrss-kb=(\d+)/.exec(stderr)?.[1]);
      resolve({ code, stderr: stderr.replace(/^.*briefkit-maxrss-kb=.*$/m, ''), maxRssMb: kb / 1024 });
    });
  });
}

const IMAGE_SPEC = { data: { values: [{ x: 1, y: 1 }] }, mark: { type: 'image', width: 20, height: 20 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, url: { value: 'big.png' } } };

describe('native memory: a 10,000 × 10,000 PNG under --memory-limit 256', () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await pngFile(10_000, 10_000);
  });

  test('`briefkit chart`: BK067 from the header, peak RSS well under 256 MB (1.7 GB and exit 0 before)', async () => {
    const dir = tempDir('briefkit-limits-png-');
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'big.png'), png);
    fs.writeFileSync(path.join(dir, 'spec.vl.json'), JSON.stringify(IMAGE_SPEC));
    const r = await timed(['--root', scaffold, 'chart', 'spec.vl.json', '--out', 'x.pdf', '--memory-limit', '256'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(errorCode(r.stderr)).toBe('BK067');
    expect(r.stderr).toContain('10,000 × 10,000 px');
    expect(r.maxRssMb, r.stderr).toBeLessThan(240);
    expect(fs.existsSync(path.join(dir, 'x.pdf'))).toBe(false);
  }, 130_000);

  test('`briefkit build`: BK067 naming the chart spec, peak RSS well under 256 MB', async () => {
    const dir = project((d) => {
      fs.writeFileSync(path.join(d, 'data', 'big.png'), png);
      fs.writeFileSync(path.join(d, 'templates', 'charts', 'logo.vl.json'), JSON.stringify(IMAGE_SPEC));
      fs.appendFileSync(path.join(d, 'templates', 'sections', 'overview.md.hbs'), '\n{{chart "logo" id="fig-logo" caption="The logo" alt="The logo"}}\n');
    });
    const r = await timed(['--root', dir, 'build', '--jobs', '1', '--memory-limit', '256'], dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error BK067: templates\/charts\/logo\.vl\.json/m);
    expect(r.maxRssMb, r.stderr).toBeLessThan(240);
    expect(fs.readdirSync(path.join(dir, 'out')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  }, 130_000);

  test('BRIEFKIT_CHART_LIMITS pixels=N sets the limit: a 6 × 6 px image over pixels=10 is refused', async () => {
    const dir = tempDir('briefkit-limits-png-low-');
    dirs.push(dir);
    fs.copyFileSync(path.join(ROOT, 'test', 'conformance', 'specs', 'dot.png'), path.join(dir, 'big.png'));
    fs.writeFileSync(path.join(dir, 'spec.vl.json'), JSON.stringify(IMAGE_SPEC));
    const low = await runCliInProcess(['--root', scaffold, 'chart', 'spec.vl.json', '--out', 'y.svg'], { cwd: dir, env: { BRIEFKIT_CHART_LIMITS: 'pixels=10' } });
    expect(low.code, low.stderr).toBe(1);
    expect(errorCode(low.stderr)).toBe('BK067');
    expect(low.stderr).toContain('6 × 6 px');
  }, 60_000);
});
