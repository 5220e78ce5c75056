/**
 * Audiences are files, not code: the "press" example of docs/guide/audiences.md builds in a
 * `briefkit init` scaffold with no src/ change; --print-config shows where each template comes from; each
 * edition has the sections its profile names; a second build after a data change writes CHANGES.md.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { summaryOnly } from '../security/support.js';
import { CLI, FLAGSHIP, pageTexts, pdftotext, ROOT, runCliInProcess, sharedBuild, tempDir, tempProject, tempProjectFrom, tool } from '../support.js';

/** The example of docs/guide/audiences.md: its two files, as written. */
function guideExample(): { profile: string; summary: string } {
  const page = fs.readFileSync(path.join(ROOT, 'docs', 'guide', 'audiences.md'), 'utf8');
  const file = (name: string) => new RegExp(`\`\`\`\\w+ title="${name.replace(/[.]/g, '\\.')}"\n([\\s\\S]*?)\`\`\``).exec(page)?.[1];
  const profile = file('templates/audiences/press/profile.yaml');
  const summary = file('templates/audiences/press/sections/summary.md.hbs');
  if (!profile || !summary) throw new Error('the example of docs/guide/audiences.md was not found');
  return { profile, summary };
}

describe('a new audience', () => {
  // the builds run the CLI in process (runCliInProcess: the same output, messages and exit code)
  it('builds from a profile and one override, with no src/ change', async () => {
    const { profile, summary } = guideExample();
    const dir = tempDir('briefkit-press-');
    expect((await runCliInProcess(['init', dir, '--title', 'Leap seconds', '--org', 'Acme', '--author', 'Ann Lee', '--quiet'])).code).toBe(0);
    fs.mkdirSync(path.join(dir, 'templates/audiences/press/sections'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'templates/audiences/press/profile.yaml'), profile);
    fs.writeFileSync(path.join(dir, 'templates/audiences/press/sections/summary.md.hbs'), summary);
    const cfg = await runCliInProcess(['--root', dir, 'build', '--audience', 'press', '--print-config']);
    expect(cfg.code).toBe(0);
    const printed = YAML.parse(cfg.stdout);
    expect(printed.audience).toBe('press');
    expect(printed.profile.maxPages).toBe(4);
    expect(printed.templates['sections/summary.md.hbs']).toBe('templates/audiences/press/sections/summary.md.hbs');
    expect(printed.templates['sections/overview.md.hbs']).toBe('templates/sections/overview.md.hbs');
    expect(printed.profileFiles).toEqual(['templates/profile.yaml', 'templates/audiences/press/profile.yaml']);

    const r = await runCliInProcess(['--root', dir, 'build', '--audience', 'press', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = pdftotext(path.join(dir, 'out/briefing-press.pdf'));
    expect(text).toContain('In brief');
    expect(text).toMatch(/Atomic time has run 37 seconds ahead of civil time since the start of\s+2025/);
    // the overlay's palette reached the PDF: accent #7a1f3d = 0.478 0.122 0.239 as a fill colour
    const plain = path.join(dir, 'out/press-qdf.pdf');
    expect(tool('qpdf', ['--qdf', '--object-streams=disable', path.join(dir, 'out/briefing-press.pdf'), plain]).code).toBe(0);
    expect(fs.readFileSync(plain, 'latin1')).toMatch(/0\.478\d* 0\.12\d* 0\.239\d* (rg|scn)/);
    expect(fs.existsSync(path.join(ROOT, 'templates/audiences/press'))).toBe(false);
  });
});

describe('a profile\'s body font', () => {
  const ROBOTO = path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto');
  const withFont = (font: string, copy: Record<string, string> = { 'brand/Brand-Regular.ttf': 'Roboto-MediumItalic.ttf' }) =>
    tempProject((d) => {
      for (const [to, from] of Object.entries(copy)) {
        fs.mkdirSync(path.dirname(path.join(d, 'fonts', to)), { recursive: true });
        fs.copyFileSync(path.join(ROBOTO, from), path.join(d, 'fonts', to));
      }
      fs.appendFileSync(path.join(d, 'templates/audiences/executive/profile.yaml'), `\ntheme:\n  font:\n${font}\n`);
    });

  it('sets text, tables and chart labels in the TrueType files the project keeps in fonts/', async () => {
    // Roboto Medium Italic as the only face of "Brand Sans": nothing may be set in Roboto Regular
    const dir = withFont('    family: Brand Sans\n    normal: brand/Brand-Regular.ttf');
    const r = await runCliInProcess(['--root', dir, 'build', '--audience', 'executive', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const fonts = tool('pdffonts', [path.join(dir, 'out/briefing-executive.pdf')]).stdout;
    expect(fonts).toMatch(/Roboto-MediumItalic/);
    expect(fonts).not.toMatch(/Roboto-Regular|Roboto-Medium\s/);
    expect(pdftotext(path.join(dir, 'out/briefing-executive.pdf'))).toMatch(/1\.045\smillion/);
  });

  // the refusals run the CLI in process (runCliInProcess: the same message and exit code, no new process)
  it('reports a missing font file with the profile line that names it', async () => {
    const dir = withFont('    family: Brand Sans\n    normal: brand/Brand-Regular.ttf\n    bold: brand/Brand-Bold.ttf');
    const r = await runCliInProcess(['--root', dir, 'build', '--audience', 'executive']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK301: templates\/audiences\/executive\/profile\.yaml:\d+.*fonts\/brand\/Brand-Bold\.ttf/m);
    expect(r.stderr).toContain('theme.font.bold');
    expect(fs.existsSync(path.join(dir, 'out/briefing-executive.pdf'))).toBe(false);
  });

  it('refuses a bundled family name, WOFF2 data and paths out of fonts/', async () => {
    const taken = await runCliInProcess(['--root', withFont('    family: Roboto\n    normal: brand/Brand-Regular.ttf'), 'build', '--audience', 'executive']);
    expect(taken.stderr).toMatch(/^error BK306: templates\/audiences\/executive\/profile\.yaml:\d+/m);
    const woff = withFont('    family: Brand Sans\n    normal: brand/Brand-Regular.ttf');
    fs.writeFileSync(path.join(woff, 'fonts/brand/Brand-Regular.ttf'), Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(64)]));
    expect((await runCliInProcess(['--root', woff, 'build', '--audience', 'executive'])).stderr).toMatch(/^error BK302: fonts\/brand\/Brand-Regular\.ttf: .*WOFF/m);
    const outside = await runCliInProcess(['--root', withFont('    family: Brand Sans\n    normal: ../templates/x.ttf'), 'build', '--audience', 'executive']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/^error BK503: templates\/audiences\/executive\/profile\.yaml:\d+.*theme\.font\.normal/m);
  });

  it('refuses text the font has no glyph for, naming the character', async () => {
    const dir = withFont('    family: Brand Sans\n    normal: brand/Brand-Regular.ttf');
    fs.appendFileSync(path.join(dir, 'templates/sections/exec-brief.md.hbs'), '\nA symbol Roboto lacks: \u{E000}.\n');
    const r = await runCliInProcess(['--root', dir, 'build', '--audience', 'executive']);
    expect(r.stderr).toMatch(/^error BK307: templates\/sections\/exec-brief\.md\.hbs: the character ".+" \(U\+E000\) is not in the body font "Brand Sans"/mu);
  });

  it('reports the missing characters of every file, not only of the first', async () => {
    const dir = withFont('    family: Brand Sans\n    normal: brand/Brand-Regular.ttf');
    const profile = path.join(dir, 'templates/audiences/executive/profile.yaml');
    fs.writeFileSync(profile, fs.readFileSync(profile, 'utf8').replace(/^subtitle: "/m, 'subtitle: "\u{E000} '));
    fs.appendFileSync(path.join(dir, 'templates/sections/exec-brief.md.hbs'), '\nA symbol Roboto lacks: \u{E001}.\n');
    const r = await runCliInProcess(['--root', dir, 'build', '--audience', 'executive']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error '))).toEqual([
      expect.stringMatching(/^error BK307: templates\/audiences\/executive\/profile\.yaml: the character ".+" \(U\+E000\)/u),
      expect.stringMatching(/^error BK307: templates\/sections\/exec-brief\.md\.hbs: the character ".+" \(U\+E001\)/u),
      "error BK117: 2 errors in the check of the fonts' characters, all listed above",
    ]);
  });
});

describe('editions', () => {
  // the flagship build shared with the other tests (not --quiet, so an empty stderr also means no
  // warning), copied into the out/ of a copy of the project that the last test changes
  const shared = sharedBuild(FLAGSHIP);
  const r = shared.run;
  const dir = tempProject((d) => fs.cpSync(shared.out, path.join(d, 'out'), { recursive: true, verbatimSymlinks: true }));

  it('builds executive, policy and legal', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const a of ['executive', 'policy', 'legal']) expect(fs.existsSync(path.join(dir, `out/briefing-${a}.pdf`)), a).toBe(true);
  });

  it('each has the sections its profile lists, and the executive brief fits 4 pages', async () => {
    const printed = YAML.parse((await runCliInProcess(['--root', dir, 'build', '--print-config'])).stdout) as { audience: string; profile: { sections: string[]; maxPages?: number } }[];
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'out/manifest.json'), 'utf8'));
    const titles = new Map<string, string[]>();
    for (const p of printed) {
      const doc = manifest.documents.find((d: { audience: string }) => d.audience === p.audience);
      expect(doc.sections.length, p.audience).toBe(p.profile.sections.length + 1); // + notes and sources
      if (p.profile.maxPages) expect(doc.pages).toBeLessThanOrEqual(p.profile.maxPages);
      const text = pageTexts(path.join(dir, `out/${doc.file}`)).join('\n').replace(/\s+/g, ' ');
      for (const s of doc.sections) expect(text, `${p.audience}: ${s}`).toContain(s.replace(/^(Appendix )?[A-Z0-9]+ /, ''));
      titles.set(p.audience, doc.sections);
    }
    expect(manifest.documents.find((d: { audience: string }) => d.audience === 'executive').pages).toBeLessThanOrEqual(4);
    // the editions differ as their profiles say
    expect(titles.get('policy')!.length).toBeGreaterThan(titles.get('executive')!.length);
    expect(titles.get('legal')).not.toEqual(titles.get('policy'));
  });

  it('a second build after a data change writes CHANGES.md naming the change', async () => {
    const file = path.join(dir, 'data/gii-rank.json');
    const ds = JSON.parse(fs.readFileSync(file, 'utf8'));
    const row = ds.rows.find((x: { year: number }) => x.year === 2024);
    row.rank = row.rank + 1;
    fs.writeFileSync(file, JSON.stringify(ds, null, 2));
    // one edition (the shortest) is enough: CHANGES.md compares the data, which all editions share
    const r2 = await runCliInProcess(['--root', dir, 'build', '--audience', 'executive', '--quiet']);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toMatch(/0 new, 1 changed, 0 removed data points/);
    const changes = fs.readFileSync(path.join(dir, 'out/CHANGES.md'), 'utf8');
    expect(changes).toContain('### gii-rank');
    expect(changes).toContain(`changed: year 2024 · rank: ${row.rank - 1} → ${row.rank}`);
  });
});

describe('watch mode', () => {
  // on the small frozen project of test/corpus cut to its summary (one page, not the flagship's
  // 43): what is tested is the watching, not the briefing
  it('rebuilds after a template edit and reports the time; an error keeps the last good PDF', async () => {
    const dir = tempProjectFrom(path.join(ROOT, 'test', 'corpus', 'base'), summaryOnly);
    const child = spawn(process.execPath, [CLI, '--root', dir, 'build', '--watch', '-a', 'policy'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const waitFor = (re: RegExp, ms = 60_000) =>
      new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timeout waiting for ${re}; stderr: ${err}`)), ms);
        const check = () => {
          const m = re.exec(err);
          if (m) {
            clearTimeout(t);
            resolve(m[0]);
          }
        };
        child.stderr.on('data', (d) => {
          err += d;
          check();
        });
        check();
      });
    try {
      await waitFor(/watching/);
      const pdf = path.join(dir, 'out/briefing-policy.pdf');
      const before = fs.readFileSync(pdf);
      const tpl = path.join(dir, 'templates/sections/summary.md.hbs');
      fs.appendFileSync(tpl, '\nA sentence added while watching.\n');
      const line = await waitFor(/rebuilt policy in (\d+) ms/);
      expect(Number(/(\d+) ms/.exec(line)![1])).toBeGreaterThan(0);
      const after = fs.readFileSync(pdf);
      expect(after.equals(before)).toBe(false);
      expect(pdftotext(pdf)).toContain('A sentence added while watching.');

      err = '';
      fs.appendFileSync(tpl, '\n{{#each}}\n');
      await waitFor(/error BK101/);
      expect(fs.readFileSync(pdf).equals(after)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
