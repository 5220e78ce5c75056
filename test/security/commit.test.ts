/**
 * All-or-nothing outputs (src/write/output.ts, commitOutputs). A failure injected at every step
 * of the commit, and a SIGKILL at every step (BRIEFKIT_FAULT_COMMIT=<k>:kill in a child process
 * running the compiled commit), must leave out/ with the complete previous set or, once the next
 * build has recovered, the complete previous or new set — PDFs, manifest.json, CHANGES.md, with
 * the manifest's hashes matching — and nothing else behind.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { writeEditions } from '../../src/build-host.js';
import { commitOutputs, JOURNAL, recoverOutputs, type OutputFile } from '../../src/write/output.js';
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

function outWith(files: OutputFile[]): string {
  const dir = tempDir('briefkit-commit-');
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.data);
  return dir;
}

/** 'old' | 'new' when `dir` holds exactly that set (and nothing else); else a description of the mix. */
function which(dir: string, visibleOnly = false): string {
  const now = new Map([...snapshotDir(dir)].filter(([k]) => !visibleOnly || !k.startsWith('.')));
  for (const [label, files] of [['old', OLD], ['new', NEW]] as const) {
    if (now.size === files.length && files.every((f) => now.get(f.name)?.equals(f.data))) {
      const m = JSON.parse(now.get('manifest.json')!.toString()) as { documents: { file: string; sha256: string }[] };
      if (m.documents.every((d) => sha(now.get(d.file)!) === d.sha256)) return label;
    }
  }
  return `mixed: ${[...now.keys()].map((k) => `${k}=${OLD.some((f) => f.name === k && now.get(k)!.equals(f.data)) ? 'old' : NEW.some((f) => f.name === k && now.get(k)!.equals(f.data)) ? 'new' : '?'}`).join(', ')}`;
}

function countSteps(): string[] {
  const dir = outWith(OLD);
  const steps: string[] = [];
  commitOutputs(dir, NEW, { fault: (_k, what) => steps.push(what) });
  expect(which(dir)).toBe('new');
  return steps;
}

describe('the output commit, with a fault injected at every step', () => {
  const steps = countSteps();
  /** 1-based numbers of the steps: a fault at step k happens before step k runs. */
  const commitStep = steps.indexOf('commit') + 1;
  const firstInstall = steps.indexOf('install briefing-a.pdf') + 1;

  test('the commit has the documented steps', () => {
    expect(steps.length).toBe(4 + 1 + 4 + 1 + 4 + 1 + 1);
    expect(steps).toContain('journal');
    expect(steps.at(-2)).toBe('commit');
  });

  test.each(steps.map((s, i) => [i + 1, s] as const))('failure at step %i (%s): the previous set, or the new set once committed', (k, what) => {
    const dir = outWith(OLD);
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
    // a failure before the journal is removed rolls back; after it, the new set stands
    expect(which(dir, true), `step ${k} (${what})`).toBe(k <= commitStep ? 'old' : 'new');
    expect(failed).toBe(k <= commitStep);
    recoverOutputs(dir);
    expect(which(dir)).toBe(k <= commitStep ? 'old' : 'new');
  });

  const child = (dir: string, k: number) => {
    const mod = pathToFileURL(path.join(ROOT, 'dist', 'src', 'write', 'output.js')).href;
    const files = NEW.map((f) => ({ name: f.name, data: f.data.toString('base64') }));
    const script = `const { commitOutputs } = await import(${JSON.stringify(mod)});
      const files = ${JSON.stringify(files)}.map((f) => ({ name: f.name, data: Buffer.from(f.data, 'base64') }));
      commitOutputs(${JSON.stringify(dir)}, files);`;
    return spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, BRIEFKIT_FAULT_COMMIT: `${k}:kill` }, encoding: 'utf8' });
  };

  test.each(steps.map((s, i) => [i + 1, s] as const))('SIGKILL at step %i (%s): after recovery the previous set (or the committed new set), nothing left behind', (k, what) => {
    const dir = outWith(OLD);
    const r = child(dir, k);
    expect(r.signal, r.stderr).toBe('SIGKILL');
    const before = which(dir, true);
    // before the first install and after the commit, the visible files are one set even before recovery
    if (k <= firstInstall || k > commitStep) expect(before, `killed at ${what}`).toBe(k <= firstInstall ? 'old' : 'new');
    expect(fs.existsSync(path.join(dir, JOURNAL))).toBe(k > steps.indexOf('journal') + 1 && k <= commitStep);
    recoverOutputs(dir);
    expect(which(dir), `killed at step ${k} (${what}), then recovered`).toBe(k <= commitStep ? 'old' : 'new');
    // and the next commit goes through
    commitOutputs(dir, NEW);
    expect(which(dir)).toBe('new');
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
    expect(fs.readdirSync(dir).sort()).toEqual(['alt.json', 'briefing-a.pdf', 'claims.json', 'manifest.json']);
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
    expect(fs.lstatSync(path.join(dir, 'briefing-a.pdf')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'briefing-a.pdf'), 'latin1')).toBe('%PDF-1.7 one');
  });

  test('a damaged journal is BK405 with what to delete, and nothing is touched', () => {
    const dir = outWith(OLD);
    fs.writeFileSync(path.join(dir, JOURNAL), '{"stage": "../../etc", "files": []}');
    const e = thrownSync(() => recoverOutputs(dir));
    expect(e.code).toBe('BK405');
    expect(e.message).toContain('.briefkit-stage-');
    expect(which(dir, true)).toBe('old');
  });

  test('leftovers of a killed build (stage folder, old-style temp files, journal) are cleaned up', () => {
    const dir = outWith(OLD);
    fs.mkdirSync(path.join(dir, '.briefkit-stage-0123456789abcdef01234567', 'new'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.briefing-legal.pdf.4242.3.tmp'), 'half');
    recoverOutputs(dir);
    expect(which(dir)).toBe('old');
    expect(fs.existsSync(path.join(dir, JOURNAL))).toBe(false);
  });
});
