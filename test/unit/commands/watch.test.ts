import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startWatch, type WatchHandle } from '../../../src/commands/watch.js';
import { ROOT, runCliInProcess, tempDir, tempProjectFrom, tool } from '../../support.js';

const BASE = path.join(ROOT, 'test', 'corpus', 'base');
const NOTO = path.join(ROOT, 'fonts', 'noto-sans-sc', 'NotoSansSC-Regular-GB2312.ttf');
const ROBOTO = path.join(ROOT, 'node_modules', 'pdfmake', 'build', 'fonts', 'Roboto', 'Roboto-Italic.ttf');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The next rebuild, or a failure after `ms` (a change the watcher misses never rebuilds). */
const rebuilt = (h: WatchHandle, ms = 20_000) =>
  Promise.race([h.nextBuild(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no rebuild within ${ms} ms`)), ms))]);

/** The fonts embedded in a PDF (pdffonts' first column, subset prefixes dropped). */
const fontsOf = (pdf: string) =>
  tool('pdffonts', [pdf]).stdout.split('\n').slice(2).map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).filter(Boolean);

describe('startWatch', () => {
  it('rebuilds when a font in the project\'s fonts/ is replaced under the same name, in the new font', async () => {
    const dir = tempProjectFrom(BASE, (d) => {
      // the project's own fonts/ (not the link to briefkit's) with the profile's body font
      fs.rmSync(path.join(d, 'fonts'), { force: true });
      fs.mkdirSync(path.join(d, 'fonts', 'brand'), { recursive: true });
      fs.copyFileSync(NOTO, path.join(d, 'fonts', 'brand', 'body.ttf'));
      for (const rel of ['profile.yaml', 'audiences/policy/profile.yaml']) {
        const f = path.join(d, 'templates', rel);
        fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/^sections: \[.*\]$/m, 'sections: [summary]'));
      }
      fs.appendFileSync(path.join(d, 'templates', 'audiences', 'policy', 'profile.yaml'), '\ntheme:\n  font:\n    family: House Body\n    normal: brand/body.ttf\n');
    });
    dirs.push(dir);
    const pdf = path.join(dir, 'out', 'briefing-policy.pdf');
    const h = await startWatch({ root: dir, audiences: ['policy'] }, () => {});
    try {
      expect(fontsOf(pdf).some((f) => /NotoSansSC/.test(f))).toBe(true);
      const next = rebuilt(h);
      fs.copyFileSync(ROBOTO, path.join(dir, 'fonts', 'brand', 'body.ttf'));
      const r = await next;
      expect(r.ok).toBe(true);
      const after = fontsOf(pdf);
      expect(after.some((f) => /Roboto-Italic/.test(f)), after.join(', ')).toBe(true);
      expect(after.some((f) => /NotoSansSC/.test(f)), after.join(', ')).toBe(false);
    } finally {
      await h.close();
    }
  });

  it('rebuilds when a module the config imports changes, with the module as it now reads', async () => {
    const dir = path.join(tempDir('briefkit-watch-'), 'report');
    const init = await runCliInProcess(['init', dir]);
    expect(init.code, init.stderr).toBe(0);
    dirs.push(path.dirname(dir));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'label.ts'), "export const label = () => 'Atomic time first';\n");
    const config = path.join(dir, 'briefkit.config.ts');
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/(import .* from 'briefkit';\n)/, "$1import { label } from './lib/label.js';\n").replace(/\n {2}\},\n\}\);\n$/, '\n  },\n  helpers: { label },\n});\n'));
    fs.appendFileSync(path.join(dir, 'templates', 'sections', 'overview.md.hbs'), '\n{{label}}\n');
    const pdf = path.join(dir, 'out', 'briefing-general.pdf');
    const h = await startWatch({ root: dir }, () => {});
    try {
      expect(tool('pdftotext', [pdf, '-']).stdout).toContain('Atomic time first');
      const next = rebuilt(h);
      fs.writeFileSync(path.join(dir, 'lib', 'label.ts'), "export const label = () => 'Civil time second';\n");
      const r = await next;
      expect(r.ok).toBe(true);
      expect(tool('pdftotext', [pdf, '-']).stdout).toContain('Civil time second');
    } finally {
      await h.close();
    }
  });
});
