/**
 * All-or-nothing outputs, and an out/ whole at every instant (src/write/output.ts, commitOutputs).
 * A failure injected at every step of the commit, and a SIGKILL at every step
 * (BRIEFKIT_FAULT_COMMIT=<k>:kill in a child process running the compiled commit), must leave
 * out/ showing, at every name and BEFORE any recovering build runs, the complete previous set or
 * the complete new set — PDFs, manifest.json, CHANGES.md, with the manifest's hashes matching —
 * both for an out/ of sets and for one of plain files (as briefkit 0.1 wrote it); a kill leaves
 * at most a stage folder and links that lead nowhere, which the next commit removes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { writeEditions } from '../../src/build-host.js';
import { commitOutputs, currentSet, JOURNAL, readManifest, recoverOutputs, SETS, type OutputFile } from '../../src/write/output.js';
import { ROOT, snapshotDir, tempDir, thrownSync } from '../support.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A consistent set: two PDFs, a manifest with their hashes, and (for the new set) CHANGES.md. */
function set(tag: string, changes: boolean): OutputFile[] {
  const pdfs = ['briefing-a.pdf', 'briefing-b.pdf'].map((name) => ({ name, data: Buffer.from(`%PDF-1.7 ${tag} ${name} `.repeat(200)) }));
  const manifest = { generator: 'briefkit test', asOf: '2024-01-01', documents: pdfs.map((p) => ({ audience: p.name.slice(9, -4), file: p.name, pages: 1, bytes: p.data.length, sha256: sha(p.data), inputsDigest: tag, sections: [], figures: 0, tables: 0, keyFigures: {} })) };
  return [...pdfs, ...(changes ? [{ name: 'CHANGES.md', data: Buffer.from(`# ${tag}\n`) }] : []), { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }];
}

const OLD = set('old', false);
const NEW = set('new', true);

/** out/ as briefkit 0.1 wrote it: plain files. */
function plainOut(files: OutputFile[]): string {
  const dir = tempDir('briefkit-commit-');
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.data);
  return dir;
}

/** out/ as a commit writes it: a set, its names links into it. */
function setsOut(files: OutputFile[]): string {
  const dir = tempDir('briefkit-commit-');
  commitOutputs(dir, files);
  return dir;
}

const LAYOUTS = { 'an out/ of sets': setsOut, 'an out/ of plain files': plainOut } as const;

/**
 * What a reader of out/ sees: every visible name opened as a reader opens it (links followed);
 * a name whose link leads nowhere is absent, as for `cp -rL`, a zip or a CI artifact upload.
 */
function visible(dir: string): Map<string, Buffer> {
  const seen = new Map<string, Buffer>();
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    try {
      seen.set(name, fs.readFileSync(path.join(dir, name)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return seen;
}

/** 'old' | 'new' when a reader of `dir` sees exactly that set, with matching hashes; else a description of the mix. */
function which(dir: string): string {
  const now = visible(dir);
  for (const [label, files] of [['old', OLD], ['new', NEW]] as const) {
    if (now.size === files.length && files.every((f) => now.get(f.name)?.equals(f.data))) {
      const m = JSON.parse(now.get('manifest.json')!.toString()) as { documents: { file: string; sha256: string }[] };
      if (m.documents.every((d) => sha(now.get(d.file)!) === d.sha256)) return label;
    }
  }
  return `mixed: ${[...now.keys()].map((k) => `${k}=${OLD.some((f) => f.name === k && now.get(k)!.equals(f.data)) ? 'old' : NEW.some((f) => f.name === k && now.get(k)!.equals(f.data)) ? 'new' : '?'}`).join(', ')}`;
}

/** Anything in `dir` besides the visible names, the sets folder's `current` and the set it names. */
function leftovers(dir: string): string[] {
  const left = fs.readdirSync(dir).filter((n) => n.startsWith('.') && n !== SETS);
  const sets = path.join(dir, SETS);
  const cur = currentSet(dir);
  if (fs.existsSync(sets)) left.push(...fs.readdirSync(sets).filter((n) => n !== 'current' && n !== cur).map((n) => `${SETS}/${n}`));
  for (const n of fs.readdirSync(dir)) if (!n.startsWith('.') && !fs.existsSync(path.join(dir, n))) left.push(`${n} (leads nowhere)`);
  return left;
}

function countSteps(layout: (files: OutputFile[]) => string): string[] {
  const dir = layout(OLD);
  const steps: string[] = [];
  commitOutputs(dir, NEW, { fault: (_k, what) => steps.push(what) });
  expect(which(dir)).toBe('new');
  expect(leftovers(dir)).toEqual([]);
  return steps;
}

for (const [layoutName, layout] of Object.entries(LAYOUTS)) {
  describe(`the output commit into ${layoutName}, with a fault injected at every step`, () => {
    const steps = countSteps(layout);
    /** 1-based number of the switch: a fault at step k happens before step k runs. */
    const switchStep = steps.indexOf('switch') + 1;

    test('the commit has the documented steps', () => {
      const plain = layout === plainOut;
      // stage ×4, carry, validate, [migrate, link ×3 (the plain files)], link CHANGES.md (new), switch, clean
      expect(steps).toEqual(['stage briefing-a.pdf', 'stage briefing-b.pdf', 'stage CHANGES.md', 'stage manifest.json', 'carry', 'validate', ...(plain ? ['migrate', 'link briefing-a.pdf', 'link briefing-b.pdf', 'link manifest.json'] : []), 'link CHANGES.md', 'switch', 'clean']);
    });

    test.each(steps.map((s, i) => [i + 1, s] as const))('failure at step %i (%s): the previous set, or the new set once switched', (k, what) => {
      const dir = layout(OLD);
      let failed = false;
      try {
        commitOutputs(dir, NEW, {
          fault: (step) => {
            if (step === k) throw Object.assign(new Error(`injected at ${what}`), { code: 'EIO' });
          },
        });
      } catch (e) {
        failed = true;
        expect((e as { code: string }).code).toBe('BK401');
      }
      expect(which(dir), `step ${k} (${what})`).toBe(k <= switchStep ? 'old' : 'new');
      expect(failed).toBe(k <= switchStep);
      recoverOutputs(dir);
      expect(which(dir)).toBe(k <= switchStep ? 'old' : 'new');
      expect(leftovers(dir)).toEqual([]);
    });

    const child = (dir: string, k: number) => {
      const mod = pathToFileURL(path.join(ROOT, 'dist', 'src', 'write', 'output.js')).href;
      const files = NEW.map((f) => ({ name: f.name, data: f.data.toString('base64') }));
      const script = `const { commitOutputs } = await import(${JSON.stringify(mod)});
        const files = ${JSON.stringify(files)}.map((f) => ({ name: f.name, data: Buffer.from(f.data, 'base64') }));
        commitOutputs(${JSON.stringify(dir)}, files);`;
      return spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, BRIEFKIT_FAULT_COMMIT: `${k}:kill` }, encoding: 'utf8' });
    };

    test.each(steps.map((s, i) => [i + 1, s] as const))('SIGKILL at step %i (%s): a whole set BEFORE any recovery, at most a stage folder left, and the next commit goes through', (k, what) => {
      const dir = layout(OLD);
      const r = child(dir, k);
      expect(r.signal, r.stderr).toBe('SIGKILL');
      // what a reader, a zip or a CI upload of out/ sees right after the kill
      expect(which(dir), `killed at step ${k} (${what}), before any recovery`).toBe(k <= switchStep ? 'old' : 'new');
      // what it leaves: the stage folder (before the switch) or the previous set (after it), links that lead nowhere
      for (const l of leftovers(dir)) expect(l).toMatch(new RegExp(`^${SETS}/\\d+$|\\(leads nowhere\\)$`));
      expect(fs.existsSync(path.join(dir, JOURNAL))).toBe(false);
      recoverOutputs(dir);
      expect(which(dir), `killed at step ${k} (${what}), then recovered`).toBe(k <= switchStep ? 'old' : 'new');
      expect(leftovers(dir)).toEqual([]);
      commitOutputs(dir, NEW);
      expect(which(dir)).toBe('new');
      expect(leftovers(dir)).toEqual([]);
    });
  });
}

describe('the set layout', () => {
  test('every name is a relative link into the current set; readers and copies (cp -r, cp -rL) see the set', () => {
    const dir = setsOut(OLD);
    commitOutputs(dir, NEW);
    for (const f of NEW) expect(fs.readlinkSync(path.join(dir, f.name))).toBe(`${SETS}/current/${f.name}`);
    expect(fs.readlinkSync(path.join(dir, SETS, 'current'))).toMatch(/^\d+$/);
    // the manifest is read through its link (never through a link briefkit did not make)
    expect(readManifest(dir)?.documents.map((d) => d.sha256)).toEqual(NEW.slice(0, 2).map((f) => sha(f.data)));
    for (const flags of ['-r', '-rL']) {
      const copy = path.join(tempDir('briefkit-copy-'), 'out');
      expect(spawnSync('cp', [flags, dir, copy]).status).toBe(0);
      expect(which(copy), `cp ${flags}`).toBe('new');
    }
  });

  test('a kept edition (not rebuilt) is carried into the new set, its bytes unchanged', () => {
    const dir = setsOut(OLD);
    const c = { name: 'briefing-c.pdf', data: Buffer.from('%PDF-1.7 c') };
    commitOutputs(dir, [c, ...OLD.filter((f) => f.name !== 'briefing-a.pdf')], { keep: ['briefing-a.pdf'] });
    expect(fs.readFileSync(path.join(dir, 'briefing-a.pdf')).equals(OLD[0]!.data)).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'briefing-c.pdf'), 'latin1')).toBe('%PDF-1.7 c');
    // without keep, a name the new set lacks goes (its link removed, not left leading nowhere)
    commitOutputs(dir, OLD);
    expect(fs.existsSync(path.join(dir, 'briefing-c.pdf'))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  test('a planted .briefkit-sets link to a folder outside is removed, never written through', () => {
    const dir = plainOut(OLD);
    const victim = tempDir('briefkit-victim-');
    fs.symlinkSync(victim, path.join(dir, SETS));
    commitOutputs(dir, NEW);
    expect(fs.readdirSync(victim)).toEqual([]);
    expect(fs.lstatSync(path.join(dir, SETS)).isDirectory()).toBe(true);
    expect(which(dir)).toBe('new');
  });

  test('a planted `current` link out of the sets folder is not followed: the plain files are the previous set', () => {
    const dir = plainOut(OLD);
    const victim = tempDir('briefkit-victim-');
    fs.mkdirSync(path.join(dir, SETS));
    fs.symlinkSync(victim, path.join(dir, SETS, 'current'));
    commitOutputs(dir, NEW);
    expect(fs.readdirSync(victim)).toEqual([]);
    expect(which(dir)).toBe('new');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('writeEditions', () => {
  const edition = (tag: string) => {
    const pdf = Buffer.from(`%PDF-1.7 ${tag}`);
    return { audience: 'a', file: 'briefing-a.pdf', pdf, entry: { audience: 'a', file: 'briefing-a.pdf', pages: 1, bytes: pdf.length, sha256: sha(pdf), inputsDigest: tag, sections: [], figures: 0, tables: 0, keyFigures: {} } };
  };
  const target = (outDir: string) => ({ outDir, asOf: '2024-01-01', snapshot: {} });

  test('a folder at an output name: BK404 naming it, nothing written', () => {
    const dir = tempDir('briefkit-commit-');
    writeEditions(target(dir), [edition('one')]);
    const before = snapshotDir(dir);
    fs.rmSync(path.join(dir, 'briefing-a.pdf'));
    fs.mkdirSync(path.join(dir, 'briefing-a.pdf', 'x'), { recursive: true });
    const e = thrownSync(() => writeEditions(target(dir), [edition('two')]));
    expect(e.code).toBe('BK404');
    expect(e.message).toContain('briefing-a.pdf');
    expect(fs.readFileSync(path.join(dir, 'manifest.json')).equals(before.get('manifest.json')!)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual([SETS, 'alt.json', 'briefing-a.pdf', 'claims.json', 'manifest.json']);
  });

  test('the claims register is committed with the PDFs and listed in the manifest; an edition not rebuilt keeps its entries', () => {
    const dir = tempDir('briefkit-commit-');
    const claim = (text: string) => ({ template: 't:1', page: '1', pdfPage: 1, kind: 'figure' as const, text, context: `It was ${text}.`, rows: [], sources: ['s'], note: '1' });
    const withClaims = (tag: string, audience: string, text: string) => ({ ...edition(tag), audience, file: `briefing-${audience}.pdf`, entry: { ...edition(tag).entry, audience, file: `briefing-${audience}.pdf` }, claims: { notes: ['s'], claims: [claim(text)] } });
    writeEditions(target(dir), [withClaims('one', 'a', '7'), withClaims('one', 'b', '8')]);
    // b rebuilt alone: a's entries stay
    writeEditions(target(dir), [withClaims('two', 'b', '9')]);
    const register = JSON.parse(fs.readFileSync(path.join(dir, 'claims.json'), 'utf8'));
    expect(Object.keys(register.editions)).toEqual(['a', 'b']);
    expect(register.editions.a.claims[0].text).toBe('7');
    expect(register.editions.b.claims[0].text).toBe('9');
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(m.claims).toEqual({ file: 'claims.json', sha256: sha(fs.readFileSync(path.join(dir, 'claims.json'))) });
    // a damaged register is a warning, and is written anew
    fs.writeFileSync(path.join(dir, 'claims.json'), '{"editions": 3}');
    const warnings: string[] = [];
    writeEditions(target(dir), [withClaims('three', 'b', '10')], { stage() {}, info() {}, warn: (l) => warnings.push(l) });
    expect(warnings.join('\n')).toMatch(/^BK151: /);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'claims.json'), 'utf8')).editions)).toEqual(['b']);
  });

  test('a malformed previous manifest is a warning (BK406), not an internal error after writing', () => {
    const dir = tempDir('briefkit-commit-');
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"documents":{}}');
    const warnings: string[] = [];
    writeEditions(target(dir), [edition('one')], { stage() {}, info() {}, warn: (l) => warnings.push(l) });
    expect(warnings.join('\n')).toMatch(/^BK406: /);
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(m.documents[0].sha256).toBe(sha(fs.readFileSync(path.join(dir, 'briefing-a.pdf'))));
  });

  test('a symlink at an output name is replaced, never written through', () => {
    const dir = tempDir('briefkit-commit-');
    const victim = path.join(tempDir('briefkit-victim-'), 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, path.join(dir, 'briefing-a.pdf'));
    fs.symlinkSync(victim, path.join(dir, 'manifest.json'));
    writeEditions(target(dir), [edition('one')]);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.readlinkSync(path.join(dir, 'briefing-a.pdf'))).toBe(`${SETS}/current/briefing-a.pdf`); // the commit's own link
    expect(fs.readFileSync(path.join(dir, 'briefing-a.pdf'), 'latin1')).toBe('%PDF-1.7 one');
  });

  test('a damaged journal is BK405 with what to delete, and nothing is touched', () => {
    const dir = plainOut(OLD);
    fs.writeFileSync(path.join(dir, JOURNAL), '{"stage": "../../etc", "files": []}');
    const e = thrownSync(() => recoverOutputs(dir));
    expect(e.code).toBe('BK405');
    expect(e.message).toContain('.briefkit-stage-');
    expect(which(dir)).toBe('old');
  });

  test('leftovers of a killed build (stage folder, old-style temp files, journal) are cleaned up', () => {
    const dir = plainOut(OLD);
    fs.mkdirSync(path.join(dir, '.briefkit-stage-0123456789abcdef01234567', 'new'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.briefing-legal.pdf.4242.3.tmp'), 'half');
    recoverOutputs(dir);
    expect(which(dir)).toBe('old');
    expect(fs.existsSync(path.join(dir, JOURNAL))).toBe(false);
  });
});
