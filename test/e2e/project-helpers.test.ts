/**
 * Project helpers through the built CLI, where they really run: in the build worker, under its
 * time limit. The `init` scaffold with a local module of helpers imported by its config.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, runCliInProcess, tempDir, tool } from '../support.js';

let base: string;

const HELPERS = `import { sourced, type Helper } from 'briefkit';

type Row = { year: number; value: number; source: string[] };

/** Leap seconds added from the first row to the last. */
export const added: Helper = (rows: Row[]) => sourced(rows.at(-1)!.value - rows[0]!.value, rows);

export const spin: Helper = () => {
  for (;;) {}
};
`;

/** A copy of the scaffold whose section ends with `line`. */
function withSection(line: string): string {
  const dir = tempDir('briefkit-helpers-e2e-');
  fs.cpSync(base, dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'templates/sections/overview.md.hbs'), `\n${line}\n`);
  return dir;
}

beforeAll(async () => {
  base = path.join(tempDir('briefkit-helpers-init-'), 'report');
  const init = await runCliInProcess(['init', base]);
  expect(init.code, init.stderr).toBe(0);
  fs.mkdirSync(path.join(base, 'lib'));
  fs.writeFileSync(path.join(base, 'lib/helpers.ts'), HELPERS);
  const config = path.join(base, 'briefkit.config.ts');
  const text = fs.readFileSync(config, 'utf8');
  fs.writeFileSync(config, text.replace(/(import .* from 'briefkit';\n)/, "$1import { added, spin } from './lib/helpers';\n").replace(/\n {2}\},\n\}\);\n$/, '\n  },\n  helpers: { added, spin },\n});\n'));
}, 60_000);

describe('project helpers in the build worker', () => {
  it('a sourced number from a local module prints with its note; a helper that never returns is stopped by --time-limit (BK407)', async () => {
    const good = withSection('In all, {{added (rows "tai-utc")}} seconds were added.');
    const loop = withSection('{{spin}}');
    const [ok, stopped] = await Promise.all([
      runCliAsync(['build', '--root', good, '--jobs', '1', '--quiet'], { cwd: good, timeout: 90_000 }),
      runCliAsync(['build', '--root', loop, '--jobs', '1', '--time-limit', '3'], { cwd: loop, timeout: 90_000 }),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const text = tool('pdftotext', [path.join(good, 'out', 'briefing-general.pdf'), '-']).stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/In all, 27 seconds were added\.\d/);
    const claims = JSON.parse(fs.readFileSync(path.join(good, 'out', 'claims.json'), 'utf8')) as { editions: Record<string, { claims: { text: string; sources: string[]; rows: unknown[] }[] }> };
    const claim = Object.values(claims.editions)[0]!.claims.find((c) => c.text === '27');
    expect(claim?.sources).toEqual(['iers-leap-seconds']);
    expect(claim?.rows.length).toBeGreaterThan(1);

    expect(stopped.code, stopped.stderr).toBe(1);
    expect(stopped.stderr).toMatch(/^error BK407: /m);
    expect(stopped.stderr).toContain('templates/sections/overview.md.hbs');
    expect(fs.readdirSync(path.join(loop, 'out'))).toEqual([]);
  }, 120_000);
});
