/**
 * Hostile chart specs through the CLI (issue 11 item 4, issue 15 item 2): resource exhaustion
 * is refused with a catalogued error naming the spec, the limit and how to raise it, never a
 * native out-of-memory trace; a spec with links renders, with http(s) links as PDF link
 * annotations, and the PDF passes qpdf.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess, tempDir, tool, type Run } from '../support.js';

const DIR = tempDir('briefkit-chart-limits-');
const BAR = { data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } };

let deep = '1';
for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
let deep300 = '1';
for (let i = 0; i < 300; i++) deep300 = `[${deep300}]`;
const CASES: Record<string, { spec: unknown | string; args?: string[]; env?: NodeJS.ProcessEnv; ext?: string }> = {
  'width-1e9': { spec: BAR, args: ['--width', '1e9'] },
  'sequence-1e9': { spec: { data: { sequence: { start: 0, stop: 1e9, as: 'x' } }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } } },
  'density-5e7': { spec: { ...BAR, transform: [{ density: 'b', steps: 5e7 }] } },
  'expr-sequence': { spec: { ...BAR, transform: [{ calculate: 'length(sequence(0, 1e9))', as: 'n' }] } },
  'deep-100k': { spec: `{"data": {"values": [{"a": ${deep}}]}, "mark": "point"}` },
  'deep-300': { spec: `{"data": {"values": [{"a": ${deep300}}]}, "mark": "point"}` },
  'rows-limit': { spec: { ...BAR, data: { values: Array.from({ length: 50 }, (_, i) => ({ a: `r${i}`, b: i })) } }, env: { BRIEFKIT_CHART_LIMITS: 'rows=20' } },
  'rows-raised': { spec: { ...BAR, data: { values: Array.from({ length: 50 }, (_, i) => ({ a: `r${i}`, b: i })) } }, env: { BRIEFKIT_CHART_LIMITS: 'rows=60' } },
  'huge-x': { spec: { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { value: 1e22 }, y: { value: 10 } } }, ext: 'pdf' },
  links: {
    spec: { data: { values: [{ a: 'x', b: 1, u: 'https://example.org/x' }, { a: 'y', b: 2, u: 'javascript:alert(1)' }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal', title: 'Letter' }, y: { field: 'b', type: 'quantitative', title: 'Number' }, href: { field: 'u' } } },
    ext: 'pdf',
  },
};
const runs = new Map<string, Run>();

// The cases run the CLI in this process (runCliInProcess: the same messages, exit codes and
// files, without starting Node and a worker thread per case): the chart limits are checked by
// the chart code itself, not by the worker's time and memory limits. The runaway expression
// below needs the worker's time limit, so it runs as a new process.
beforeAll(async () => {
  for (const [name, c] of Object.entries(CASES)) {
    const spec = path.join(DIR, `${name}.vl.json`);
    fs.writeFileSync(spec, typeof c.spec === 'string' ? c.spec : JSON.stringify(c.spec, null, 2));
    runs.set(name, await runCliInProcess(['chart', spec, '--out', path.join(DIR, `${name}.${c.ext ?? 'svg'}`), ...(c.args ?? [])], { env: c.env ?? {} }));
  }
}, 180_000);
afterAll(() => fs.rmSync(DIR, { recursive: true, force: true }));

describe('bounded charts through `briefkit chart`', () => {
  it.each([
    ['width-1e9', 'BK206', 'size=N'],
    ['sequence-1e9', 'BK208', 'rows=N'],
    ['density-5e7', 'BK208', 'steps=N'],
    ['expr-sequence', 'BK208', 'rows=N'],
    // the JSON reader refuses over-deep nesting (BK041) before the chart's own depth limit (BK209) is reached
    ['deep-100k', 'BK041', ''],
    ['deep-300', 'BK209', 'depth=N'],
    ['rows-limit', 'BK207', 'rows=N'],
  ])('%s: exit 1 with %s naming the spec and how to raise the limit; no native trace, no output', (name, code, raise) => {
    const r = runs.get(name)!;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error ${code}: .*${name}\\.vl\\.json`, 'm'));
    if (raise) expect(r.stderr).toContain(`BRIEFKIT_CHART_LIMITS="${raise}"`);
    expect(r.stderr).not.toMatch(/FATAL ERROR|heap out of memory|^\s+at /m);
    expect(fs.existsSync(path.join(DIR, `${name}.svg`))).toBe(false);
  });

  it('BRIEFKIT_CHART_LIMITS raises a limit', () => {
    const r = runs.get('rows-raised')!;
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('no crash in the PDF writer', () => {
  it('a mark placed at x = 1e22 (pdfkit throws on numbers from 1e21) is drawn off the page: exit 0, qpdf clean', () => {
    const r = runs.get('huge-x')!;
    expect(r.code, r.stderr).toBe(0);
    const check = tool('qpdf', ['--check', path.join(DIR, 'huge-x.pdf')]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});

describe('links in charts', () => {
  it('an href encoding renders to PDF: http(s) links become link annotations, a javascript: link is dropped with BK210', () => {
    const r = runs.get('links')!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning BK210');
    expect(r.stderr).toContain('javascript:alert(1)');
    const pdf = path.join(DIR, 'links.pdf');
    const bytes = fs.readFileSync(pdf).toString('latin1');
    expect(bytes).toContain('/URI (https://example.org/x)');
    expect(bytes).not.toContain('javascript:');
    const check = tool('qpdf', ['--check', pdf]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toMatch(/WARNING/);
  });
});

describe('a runaway chart expression', () => {
  it('a regular expression that backtracks for minutes meets the time limit (BK407) under `briefkit chart`', () => {
    const spec = path.join(DIR, 'redos.vl.json');
    fs.writeFileSync(spec, JSON.stringify({
      data: { values: [{ s: 'a'.repeat(40) + '!' }] },
      transform: [{ calculate: "test(regexp('(a+)+$'), datum.s) ? 1 : 0", as: 'v' }],
      mark: 'bar',
      encoding: { x: { field: 's', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
    }));
    const t0 = Date.now();
    const r = runCli(['chart', spec, '--out', path.join(DIR, 'redos.svg'), '--time-limit', '2'], { timeout: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error BK407: .*redos\.vl\.json/m);
    expect(r.stderr).toContain('--time-limit 8');
    expect(Date.now() - t0).toBeLessThan(50_000);
    expect(fs.existsSync(path.join(DIR, 'redos.svg'))).toBe(false);
  }, 70_000);
});
