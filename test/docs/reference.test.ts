/**
 * The message-code reference (docs/guide/errors.md) lists every code of the catalogue and is
 * what scripts/error-reference.mjs writes; the README stays a landing page whose troubleshooting
 * table names real codes and links each to its entry.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support.js';

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const catalogue = () => [...new Set([...read('src/log/message.ts').matchAll(/'(BK\d{3})'/g)].map((m) => m[1]!))].sort();

describe('docs/guide/errors.md', () => {
  it('has an entry for every code of src/log/message.ts', () => {
    const codes = catalogue();
    expect(codes.length).toBeGreaterThan(100);
    const entries = new Set([...read('docs/guide/errors.md').matchAll(/^### (BK\d{3})$/gm)].map((m) => m[1]));
    expect(codes.filter((c) => !entries.has(c)), 'run node scripts/error-reference.mjs').toEqual([]);
    expect([...entries].filter((c) => !codes.includes(c!)), 'codes no longer in the catalogue').toEqual([]);
  });

  it('is what scripts/error-reference.mjs writes from the catalogue and the notes (regenerate it after changing either)', () => {
    const r = spawnSync(process.execPath, ['scripts/error-reference.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('is a landing page of at most 250 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('shows the two commands and the five steps of a first report', () => {
    expect(readme).toContain('npm ci && npm run report');
    expect(readme).toContain('npm test');
    for (const step of ['npm install briefkit', 'npx briefkit init .', 'npx briefkit build', '.github/workflows/report.yml']) expect(readme).toContain(step);
  });

  it('troubleshooting table: real codes, each linked to its entry, including those issue 28 added', () => {
    const section = readme.slice(readme.indexOf('## Troubleshooting'), readme.indexOf('\n## ', readme.indexOf('## Troubleshooting') + 5));
    const rows = [...section.matchAll(/^\| \[(BK\d{3})\]\(([^)]+)\) \|/gm)].map((m) => ({ code: m[1]!, link: m[2]! }));
    expect(rows.length).toBeGreaterThan(10);
    const codes = catalogue();
    for (const { code, link } of rows) {
      expect(codes, code).toContain(code);
      expect(link, code).toBe(`docs/guide/errors.md#${code.toLowerCase()}`);
    }
    // dates, CSV headers and lists, prototype lookups, #each over a non-list, as-of range, limits out of range
    for (const code of ['BK044', 'BK045', 'BK046', 'BK047', 'BK048', 'BK049', 'BK504']) expect(rows.map((r) => r.code)).toContain(code);
  });

  it('says why each library beats hand-written code: every dependency is in its "why not hand-written" table', () => {
    const table = readme.slice(readme.indexOf('| need | library | why not hand-written |'));
    expect(table.length).toBeGreaterThan(0);
    const rows = table.slice(0, table.indexOf('\n\n'));
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    // type packages and the compiler are the language; commonmark-spec is test data
    const named = (name: string) => rows.includes(name) || (/^(mdast-util|micromark-extension)-/.test(name) && rows.includes('mdast-util') && rows.includes('micromark'));
    const missing = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)].filter((n) => !/^@types\/|^typescript$|^commonmark-spec$/.test(n) && !named(n));
    expect(missing, 'add a row saying why, to the README and docs/contributing/architecture.md').toEqual([]);
  });
});

describe('docs/contributing/engine.md', () => {
  it('names every file of src/pdf/engine/ (each extension of pdfmake or pdfkit is documented)', () => {
    const doc = read('docs/contributing/engine.md');
    const files = fs.readdirSync(path.join(ROOT, 'src', 'pdf', 'engine')).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(15);
    expect(files.filter((f) => !doc.includes(`\`${f}\``))).toEqual([]);
  });
});
