/**
 * The profile's say on hyphenation: `hyphenation.exceptions` is read and checked, and a
 * justified edition in a language without patterns is told it is set without hyphens (BK340).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess, tempDir } from '../support.js';

let base: string;

beforeAll(async () => {
  base = path.join(tempDir('briefkit-hyph-'), 'report');
  const init = await runCliInProcess(['init', base]);
  expect(init.code, init.stderr).toBe(0);
}, 120_000);

/** A copy of the scaffold whose profile has `extra` appended. */
function withProfile(extra: string): string {
  const dir = tempDir('briefkit-hyph-');
  fs.cpSync(base, dir, { recursive: true, verbatimSymlinks: true });
  const file = path.join(dir, 'templates', 'profile.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^language: .*$/m, '').replace(/^locale: .*$/m, '') + extra);
  return dir;
}

describe('hyphenation in the profile', () => {
  it('a justified edition whose language has no patterns builds, with warning BK340', async () => {
    // Vietnamese: no patterns in the hyphen package (German, French, Spanish … have theirs)
    const r = await runCliInProcess(['build', '--root', withProfile('language: vi-VN\nlocale: vi-VN\ntheme:\n  justify: true\n')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/BK340/);
    expect(r.stderr).toMatch(/vi-VN/);
  }, 120_000);

  it('English, or hyphenation turned off, gives no BK340', async () => {
    const en = await runCliInProcess(['build', '--root', withProfile('language: en-US\nlocale: en-US\ntheme:\n  justify: true\nhyphenation:\n  exceptions: [in-ves-ti-gate, priority]\n')]);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stderr).not.toMatch(/BK340/);
    const off = await runCliInProcess(['build', '--root', withProfile('language: de-DE\nlocale: de-DE\ntheme:\n  justify: true\n  hyphenate: false\n')]);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).not.toMatch(/BK340/);
  }, 120_000);

  it('an exception that is not a lower-case word with hyphens is refused, naming the field', async () => {
    const r = await runCliInProcess(['build', '--root', withProfile('language: en-GB\nlocale: en-GB\nhyphenation:\n  exceptions: [In-vest]\n')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/hyphenation\.exceptions/);
    expect(r.stderr).toMatch(/in-ves-ti-gate/);
  }, 120_000);
});
