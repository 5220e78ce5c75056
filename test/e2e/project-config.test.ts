/**
 * A report is a folder: `briefkit init` scaffolds one that builds on the first try, and a
 * broken config (or a template naming a field its dataset lacks) is a clear error that leaves
 * the previous PDFs as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess, tempDir, tool } from '../support.js';

let base: string;
let good: Map<string, Buffer>;

const snapshot = (dir: string) => new Map(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f))]));
/** A copy of the built scaffold, with `edit` applied. */
function copy(edit: (dir: string) => void): string {
  const dir = tempDir('briefkit-cfg-');
  fs.cpSync(base, dir, { recursive: true });
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
    expect([...good.keys()]).toEqual(['briefing-general.pdf', 'claims.json', 'manifest.json']);
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
