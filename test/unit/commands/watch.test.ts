import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { affectedAudiences, startWatch, type BuildEvent, type WatchHandle } from '../../../src/commands/watch.js';
import type { EditionUses } from '../../../src/build.js';
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

describe('affectedAudiences', () => {
  const uses = new Map<string, EditionUses>([
    ['a', { files: ['/p/templates/profile.yaml', '/p/templates/audiences/a/profile.yaml', '/p/templates/sections/s.md.hbs', '/p/data/x.csv'], sectionPages: {} }],
    ['b', { files: ['/p/templates/profile.yaml', '/p/templates/audiences/b/profile.yaml', '/p/templates/sections/s.md.hbs', '/p/data/y.csv'], sectionPages: {} }],
  ]);
  const dir = '/p/templates/audiences';
  it('rebuilds the editions that read a changed file', () => {
    expect(affectedAudiences(['/p/data/x.csv'], uses, dir, [])).toEqual(['a']);
    expect(affectedAudiences(['/p/templates/audiences/b/profile.yaml'], uses, dir, [])).toEqual(['b']);
    expect(affectedAudiences(['/p/templates/sections/s.md.hbs'], uses, dir, [])).toEqual(['a', 'b']);
  });
  it('builds a new audience on its own, all editions for a file none read, and the failed ones again', () => {
    expect(affectedAudiences(['/p/templates/audiences/c/profile.yaml'], uses, dir, [])).toEqual(['c']);
    expect(affectedAudiences(['/p/templates/sections/new.md.hbs'], uses, dir, [])).toBeUndefined();
    expect(affectedAudiences(['/p/data/x.csv'], uses, dir, ['b'])).toEqual(['a', 'b']);
    expect(affectedAudiences(['/p/data/x.csv'], new Map(), dir, [])).toBeUndefined();
  });
});

describe('startWatch on an init scaffold', () => {
  it('waits on a project broken from the start, picks up a new audience, section and dataset, and rebuilds only the editions that read a change', async () => {
    const dir = tempDir('briefkit-watch-');
    dirs.push(dir);
    expect((await runCliInProcess(['init', dir, '--title', 'T', '--org', 'O', '--author', 'A'])).code).toBe(0);
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
    const overview = read('templates/sections/overview.md.hbs');
    write('templates/sections/overview.md.hbs', overview.replace('slightly irregular', 'slightly {{#each}}'));
    const events: BuildEvent[] = [];
    const h = await startWatch({ root: dir }, () => {}, (e) => events.push(e));
    /** The editions the change rebuilt (it must succeed). */
    const after = async (change: () => void) => {
      const next = rebuilt(h);
      change();
      const r = await next;
      expect(r.error?.text).toBeUndefined();
      return r.audiences;
    };
    try {
      expect(events[0]).toMatchObject({ ok: false, error: { code: 'BK101', where: { file: 'templates/sections/overview.md.hbs' } } });
      expect(fs.existsSync(path.join(dir, 'out', 'briefing-general.pdf'))).toBe(false);
      expect(await after(() => write('templates/sections/overview.md.hbs', overview))).toEqual(['general']);
      // a new audience folder: built on its own
      expect(await after(() => write('templates/audiences/second/profile.yaml', 'label: Second\nedition: "Second edition"\n'))).toEqual(['second']);
      expect(fs.existsSync(path.join(dir, 'out', 'briefing-second.pdf'))).toBe(true);
      // a new dataset (declared first: an error until its file is there) and a new section that only the second edition prints
      const failed = rebuilt(h);
      write('briefkit.config.ts', read('briefkit.config.ts').replace('datasets: {', "datasets: {\n    extra: yearlySeries({ file: 'extra.json' }),"));
      expect(await failed).toMatchObject({ ok: false, error: { code: 'BK024' } });
      expect(await after(() => write('data/extra.json', read('data/tai-utc.json')))).toEqual(['general', 'second']);
      expect(await after(() => write('templates/sections/extra.md.hbs', '---\nid: extra\ntitle: Extra\n---\nIn 2025 the extra series read {{fig "extra" 2025}} seconds.\n'))).toEqual(['general', 'second']);
      expect(await after(() => write('templates/audiences/second/profile.yaml', 'label: Second\nedition: "Second edition"\nsections: [overview, extra]\n'))).toEqual(['second']);
      expect(tool('pdftotext', [path.join(dir, 'out', 'briefing-second.pdf'), '-']).stdout).toMatch(/the extra series read 37/);
      // the new dataset's file is read by the second edition only
      expect(await after(() => write('data/extra.json', read('data/extra.json').replace(/("year": 2025,\s*"value": )37/, '$138')))).toEqual(['second']);
      expect(tool('pdftotext', [path.join(dir, 'out', 'briefing-second.pdf'), '-']).stdout).toMatch(/the extra series read 38/);
    } finally {
      await h.close();
    }
  });
});
