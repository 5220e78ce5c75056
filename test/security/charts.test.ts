/**
 * (c) Chart specs are contained: a data URL that leaves the data folder (network, file:, absolute
 * path, "..") is refused with BK203 — through `briefkit chart` and through a report chart — and
 * Vega expressions are interpreted, never evaluated, so they cannot reach JavaScript globals.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCliAsync, runCliInProcess, snapshotDir } from '../support.js';
import { AUDIENCE, countingServer, errorCode, tempBase } from './support.js';

let dir = '';
let server: Awaited<ReturnType<typeof countingServer>>;
beforeAll(async () => {
  dir = tempBase();
  server = await countingServer();
});
afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes a spec into its own folder (the default data folder of `briefkit chart`). */
function specFile(name: string, spec: unknown): string {
  const d = fs.mkdtempSync(path.join(dir, `spec-${name}-`));
  const f = path.join(d, `${name}.vl.json`);
  fs.writeFileSync(f, JSON.stringify(spec, null, 2));
  return f;
}

/**
 * `briefkit chart`, in process by default (runCliInProcess: the same messages, exit codes and
 * files); `{ spawn: true }` runs it as a new process, rendering in its worker thread.
 */
const chart = (spec: string, out: string, extra: string[] = [], o: { spawn?: boolean } = {}) =>
  (o.spawn ? runCliAsync : runCliInProcess)(['--root', dir, 'chart', spec, '--out', out, ...extra], { cwd: dir });

const urlSpec = (url: string) => ({
  data: { url },
  mark: 'bar',
  encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' } },
});

describe('data URLs outside the data folder are refused (BK203)', () => {
  const urls = () => [`${server.url}/x.csv`, 'http://127.0.0.1:9/x.csv', 'file:///etc/passwd', '/etc/passwd', '../../package.json', '//127.0.0.1:9/x.csv'];

  test('via `briefkit chart`', async () => {
    for (const [i, url] of urls().entries()) {
      const f = specFile('url', urlSpec(url));
      const out = path.join(path.dirname(f), 'out.svg');
      const r = await chart(f, out, [], { spawn: i === 0 });
      expect(r.code, `${url}\n${r.stderr}`).toBe(1);
      expect(errorCode(r.stderr), `${url}\n${r.stderr}`).toBe('BK203');
      expect(r.stderr).toContain(url);
      expect(r.stderr).not.toMatch(/^ {4}at /m);
      expect(fs.existsSync(out), `${url}: no output may be written`).toBe(false);
      // the file's contents never appear
      expect(r.stderr + r.stdout).not.toMatch(/root:x:0:0/);
    }
    expect(server.requests).toEqual([]);
  });

  test('via `briefkit chart` with a lookup transform and a nested layer', async () => {
    const spec = {
      data: { values: [{ year: 2020, value: 1 }] },
      transform: [{ lookup: 'year', from: { data: { url: `${server.url}/lookup.csv` }, key: 'year', fields: ['x'] } }],
      layer: [{ mark: 'bar', data: { url: '../../../etc/passwd' }, encoding: { x: { field: 'year', type: 'ordinal' } } }],
    };
    const f = specFile('lookup', spec);
    const r = await chart(f, path.join(path.dirname(f), 'out.svg'));
    expect(r.code, r.stderr).toBe(1);
    expect(errorCode(r.stderr)).toBe('BK203');
    expect(server.requests).toEqual([]);
  });

  test('via `briefkit chart --data-dir`: "../" still cannot leave the data folder', async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'datadir-'));
    fs.writeFileSync(path.join(dataDir, 'ok.csv'), 'year,value\n2020,1\n');
    const f = specFile('dd', urlSpec('../' + path.basename(dataDir) + '/../../package.json'));
    const r = await chart(f, path.join(path.dirname(f), 'out.svg'), ['--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(1);
    expect(errorCode(r.stderr)).toBe('BK203');
    // and a relative file inside the data folder is fine (the containment is not a blanket ban)
    const ok = specFile('ok', urlSpec('ok.csv'));
    const r2 = await chart(ok, path.join(path.dirname(ok), 'out.svg'), ['--data-dir', dataDir]);
    expect(r2.code, r2.stderr).toBe(0);
  });

  test('a symlink inside the data folder that points outside is refused', async () => {
    const dataDir = fs.mkdtempSync(path.join(dir, 'symlink-'));
    fs.symlinkSync('/etc/passwd', path.join(dataDir, 'passwd.csv'));
    const f = specFile('sym', urlSpec('passwd.csv'));
    const r = await chart(f, path.join(path.dirname(f), 'out.svg'), ['--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(1);
    expect(['BK203', 'BK002']).toContain(errorCode(r.stderr));
    expect(r.stderr + r.stdout).not.toMatch(/root:x:0:0/);
  });

  test('via `briefkit chart`: a data URL given through a signal is refused too', async () => {
    const f = specFile('signal', {
      params: [{ name: 'u', value: `${server.url}/signal.csv` }],
      data: { url: { signal: 'u' } },
      mark: 'bar',
      encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' } },
    });
    const out = path.join(path.dirname(f), 'out.svg');
    const r = await chart(f, out);
    expect(server.requests).toEqual([]);
    // Refusing the fetch but drawing an empty chart with exit 0 hides the problem: it must be BK203.
    expect(r.code, r.stderr).toBe(1);
    expect(errorCode(r.stderr), r.stderr).toBe('BK203');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('via a report chart (build)', async () => {
    const specPath = path.join(dir, 'templates', 'charts', 'pct-by-origin.vl.json');
    const original = fs.readFileSync(specPath, 'utf8');
    const before = snapshotDir(path.join(dir, 'out'));
    try {
      for (const [i, url] of urls().entries()) {
        const spec = JSON.parse(original);
        spec.data = { url };
        fs.writeFileSync(specPath, JSON.stringify(spec, null, 2));
        // the first as a new process, the others in process
        const r = await (i === 0 ? runCliAsync : runCliInProcess)(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
        expect(r.code, `${url}\n${r.stderr}`).toBe(1);
        expect(errorCode(r.stderr), `${url}\n${r.stderr}`).toBe('BK203');
        expect(r.stderr).toContain('templates/charts/pct-by-origin.vl.json');
        expect(r.stderr).not.toMatch(/^ {4}at /m);
      }
    } finally {
      fs.writeFileSync(specPath, original);
    }
    expect([...snapshotDir(path.join(dir, 'out')).keys()]).toEqual([...before.keys()]);
    expect(server.requests).toEqual([]);
  });
});

describe.concurrent('Vega expressions cannot reach JavaScript globals', () => {
  const marker = path.join(os.tmpdir(), `briefkit-pwned-${process.pid}`);
  const pwn = `process.getBuiltinModule("fs").writeFileSync(${JSON.stringify(marker)}, "x")`;
  const expressions = [
    "constructor.constructor('return process')()",
    'this.constructor',
    'window.process',
    'globalThis.process',
    "datum.constructor.constructor('return process.version')()",
    "datum['__proto__']['constructor']['constructor']('return process.version')()",
    "datum.a.constructor.constructor('return process.version')()",
    "toString.constructor('return process')()",
    "(0, eval)('process.version')",
    "constructor.constructor('" + pwn.replace(/'/g, "\\'") + "')()",
    "datum.constructor.constructor('" + pwn.replace(/'/g, "\\'") + "')()",
    "'x'.constructor.constructor('return process.version')()",
    "[].constructor.constructor('return process.version')()",
    'datum.__proto__.polluted = 1',
  ];
  const LEAK = /v\d+\.\d+\.\d+|\[object process\]|native code|function \w*\(|polluted/;
  const SPAWNED = expressions.find((e) => e.includes('writeFileSync'));
  /** Node's own version (this process's, and the child's: the same executable), or the process object, printed. */
  const PROCESS_LEAK = new RegExp(`${process.version.replace(/\./g, '\\.')}|\\[object process\\]`);

  test('control: a benign expression does reach the SVG, so a leak would be visible', async () => {
    const f = specFile('control', {
      data: { values: [{ a: 1 }] },
      transform: [{ calculate: "'marker-' + (datum.a + 41)", as: 'leak' }],
      mark: 'text',
      encoding: { text: { field: 'leak', type: 'nominal' } },
    });
    const out = path.join(path.dirname(f), 'out.svg');
    const r = await chart(f, out);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('marker-42');
  });

  for (const expr of expressions) {
    for (const where of ['calculate', 'filter', 'param'] as const) {
      test(`${where}: ${expr}`, async () => {
        const spec: Record<string, unknown> = {
          data: { values: [{ a: 1, label: 'ok' }] },
          mark: 'text',
          encoding: { text: { field: where === 'param' ? 'label' : 'leak', type: 'nominal' } },
        };
        if (where === 'calculate') spec.transform = [{ calculate: expr, as: 'leak' }];
        if (where === 'filter') spec.transform = [{ calculate: 'datum.label', as: 'leak' }, { filter: expr }];
        if (where === 'param') {
          spec.params = [{ name: 'p', expr }];
          spec.encoding = { text: { value: { expr: 'p' } } };
        }
        const f = specFile('expr', spec);
        const out = path.join(path.dirname(f), 'out.svg');
        // the first expression that tries to write a file also runs as a new process (in its worker thread)
        const r = await chart(f, out, [], { spawn: expr === SPAWNED && where === 'calculate' });
        expect([0, 1], r.stderr).toContain(r.code);
        if (r.code === 1) {
          expect(errorCode(r.stderr), r.stderr).toMatch(/^BK2\d\d$/);
          expect(r.stderr).not.toMatch(/^ {4}at /m);
        } else {
          const svg = fs.readFileSync(out, 'utf8');
          expect(svg).not.toMatch(LEAK);
        }
        expect(r.stdout + r.stderr).not.toMatch(PROCESS_LEAK);
        expect(fs.existsSync(marker), 'an expression wrote a file').toBe(false);
      });
    }
  }

  test('an expression in a report chart does not execute either', async () => {
    const specPath = path.join(dir, 'templates', 'charts', 'invention-grants.vl.json');
    const original = fs.readFileSync(specPath, 'utf8');
    try {
      const spec = JSON.parse(original);
      spec.transform = [{ calculate: "constructor.constructor('" + pwn.replace(/'/g, "\\'") + "')()", as: 'leak' }];
      fs.writeFileSync(specPath, JSON.stringify(spec, null, 2));
      // in process (the worker thread's path is covered by the spawned `briefkit chart` above and the
      // spawned build of 'via a report chart (build)')
      const r = await runCliInProcess(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
      expect([0, 1], r.stderr).toContain(r.code);
      if (r.code === 1) expect(errorCode(r.stderr), r.stderr).toMatch(/^BK2\d\d$/);
      expect(r.stdout + r.stderr).not.toMatch(PROCESS_LEAK);
      expect(fs.existsSync(marker), 'an expression wrote a file').toBe(false);
    } finally {
      fs.writeFileSync(specPath, original);
    }
  });
});
