/**
 * src/ reads as the pipeline it implements: every stage imports only downward, there are no
 * import cycles, and layout never reaches into the template engine. The floors are written
 * once, in .dependency-cruiser.cjs; this test runs dependency-cruiser over src/, and over a copy
 * with the imports that once ran against the grain put back, to show the rules catch them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support.js';

/**
 * What `depcruise src --config .dependency-cruiser.cjs` run in `cwd` finds, through
 * dependency-cruiser's API in this process (the CLI's own steps: the config's options, its
 * tsconfig, a cruise of src/ from `cwd`) rather than a new Node process per run.
 */
async function violations(cwd: string): Promise<{ rule: string; from: string; to: string }[]> {
  const options = await extractDepcruiseOptions(path.join(cwd, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(path.join(cwd, options.tsConfig?.fileName ?? 'tsconfig.json'));
  const r = await cruise(['src'], { ...options, baseDir: cwd }, {}, { tsConfig });
  const out = r.output as ICruiseResult;
  expect(typeof out, String(out).slice(0, 500)).toBe('object');
  expect(out.summary.totalCruised).toBeGreaterThan(50);
  return out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('import floors', () => {
  it('src/ has no upward import, no cycle, and layout does not import templates', async () => {
    expect(await violations(ROOT)).toEqual([]);
  }, 60_000);

  it('the rules catch the imports that once ran against the grain', async () => {
    const dir = tempDir('briefkit-deps-');
    fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
    for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const plant = (file: string, line: string) => fs.appendFileSync(path.join(dir, file), `\n${line}\n`);
    plant('src/layout/cover.ts', "export { argsOf } from '../templates/context.js';"); // layout → templates
    plant('src/data/load.ts', "export type { Profile } from '../profile/schema.js';"); // data → profile (upward)
    plant('src/format/format.ts', "export type { DataBundle } from '../data/load.js';"); // format → data (upward)
    plant('src/layout/blocks/callout.ts', "export { blocks } from './index.js';"); // a cycle
    const found = await violations(dir);
    const has = (rule: string, from: string) => found.some((v) => v.rule === rule && v.from === from);
    expect(has('layout-not-into-templates', 'src/layout/cover.ts'), JSON.stringify(found)).toBe(true);
    expect(has('no-upward-from-data', 'src/data/load.ts'), JSON.stringify(found)).toBe(true);
    expect(has('no-upward-from-format', 'src/format/format.ts'), JSON.stringify(found)).toBe(true);
    expect(found.some((v) => v.rule === 'no-circular' && v.from.startsWith('src/layout/blocks/')), JSON.stringify(found)).toBe(true);
  }, 60_000);
});
