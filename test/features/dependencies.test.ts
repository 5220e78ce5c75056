/**
 * src/ reads as the pipeline it implements: every stage imports only downward, there are no
 * import cycles, and layout never reaches into the template engine. The floors are written
 * once, in .dependency-cruiser.cjs; this test runs dependency-cruiser over src/, and over a copy
 * with the imports that once ran against the grain put back, to show the rules catch them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support.js';

const CLI = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function violations(cwd: string): { rule: string; from: string; to: string }[] {
  const r = spawnSync(process.execPath, [CLI, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.stdout, r.stderr).toMatch(/^\{/);
  const out = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } };
  expect(out.summary.totalCruised).toBeGreaterThan(50);
  return out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('import floors', () => {
  it('src/ has no upward import, no cycle, and layout does not import templates', () => {
    expect(violations(ROOT)).toEqual([]);
  }, 60_000);

  it('the rules catch the imports that once ran against the grain', () => {
    const dir = tempDir('briefkit-deps-');
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const plant = (file: string, line: string) => fs.appendFileSync(path.join(dir, file), `\n${line}\n`);
    plant('src/layout/cover.ts', "export { argsOf } from '../templates/context.js';"); // layout → templates
    plant('src/data/load.ts', "export type { Profile } from '../profile/schema.js';"); // data → profile (upward)
    plant('src/format/format.ts', "export type { DataBundle } from '../data/load.js';"); // format → data (upward)
    plant('src/layout/blocks/callout.ts', "export { blocks } from './index.js';"); // a cycle
    const found = violations(dir);
    const has = (rule: string, from: string) => found.some((v) => v.rule === rule && v.from === from);
    expect(has('layout-not-into-templates', 'src/layout/cover.ts'), JSON.stringify(found)).toBe(true);
    expect(has('no-upward-from-data', 'src/data/load.ts'), JSON.stringify(found)).toBe(true);
    expect(has('no-upward-from-format', 'src/format/format.ts'), JSON.stringify(found)).toBe(true);
    expect(found.some((v) => v.rule === 'no-circular' && v.from.startsWith('src/layout/blocks/')), JSON.stringify(found)).toBe(true);
  }, 60_000);
});
