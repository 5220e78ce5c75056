/**
 * 3. Concurrency and interruption. Builds started at the same time into one out/ must both
 * succeed (or one wait for the other), and afterwards every PDF passes `qpdf --check`, the
 * manifest parses, lists every PDF, and its sha256/bytes match the files. A build killed at any
 * moment leaves no temporary file or lock behind and the previous outputs intact.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCliAsync, snapshotDir, tool } from '../support.js';
import { AUDIENCE, tempBase } from './support.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

interface ManifestDoc {
  audience: string;
  file: string;
  bytes: number;
  sha256: string;
}

/** Every consistency rule for out/; returns the problems found. */
function checkOut(out: string): string[] {
  const problems: string[] = [];
  const files = fs.readdirSync(out);
  const stray = files.filter((f) => f.endsWith('.tmp') || f === '.briefkit.lock');
  if (stray.length) problems.push(`left behind: ${stray.join(', ')}`);
  const pdfs = files.filter((f) => f.endsWith('.pdf'));
  for (const f of pdfs) {
    const q = tool('qpdf', ['--check', path.join(out, f)]);
    if (q.code !== 0) problems.push(`qpdf --check ${f}: exit ${q.code}: ${(q.stderr || q.stdout).slice(0, 300)}`);
  }
  let manifest: { documents?: ManifestDoc[] } | undefined;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  } catch (e) {
    problems.push(`manifest.json does not parse: ${(e as Error).message}`);
  }
  if (manifest) {
    const docs = manifest.documents ?? [];
    for (const d of docs) {
      const p = path.join(out, d.file);
      if (!fs.existsSync(p)) {
        problems.push(`manifest lists missing ${d.file}`);
        continue;
      }
      const bytes = fs.readFileSync(p);
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (sha !== d.sha256) problems.push(`${d.file}: sha256 in manifest ${d.sha256.slice(0, 12)}… ≠ file ${sha.slice(0, 12)}…`);
      if (bytes.length !== d.bytes) problems.push(`${d.file}: bytes in manifest ${d.bytes} ≠ file ${bytes.length}`);
    }
    for (const f of pdfs) if (!docs.some((d) => d.file === f)) problems.push(`${f} is not in manifest.json`);
  }
  return problems;
}

/** A project with a second audience ("second", a copy of the first) so two builds write different PDFs. */
function twoAudienceProject(): string {
  const dir = tempBase((d) => {
    const a = path.join(d, 'templates', 'audiences');
    fs.cpSync(path.join(a, AUDIENCE), path.join(a, 'second'), { recursive: true });
    const prof = path.join(a, 'second', 'profile.yaml');
    fs.writeFileSync(prof, fs.readFileSync(prof, 'utf8').replace(/^label: .*$/m, 'label: Second'));
  });
  dirs.push(dir);
  return dir;
}

describe('concurrent builds into one out/', () => {
  test('two builds of the same audience at once both succeed and leave a consistent out/', async () => {
    const dir = tempBase();
    dirs.push(dir);
    const args = ['--root', dir, 'build', '-a', AUDIENCE];
    const [a, b] = await Promise.all([runCliAsync(args, { cwd: dir }), runCliAsync(args, { cwd: dir })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(checkOut(path.join(dir, 'out'))).toEqual([]);
  });

  test('two builds of different audiences at once: both PDFs and both manifest entries survive', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = twoAudienceProject();
      const [a, b] = await Promise.all([
        runCliAsync(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir }),
        runCliAsync(['--root', dir, 'build', '-a', 'second'], { cwd: dir }),
      ]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const out = path.join(dir, 'out');
      expect(checkOut(out), `round ${round}`).toEqual([]);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { documents: ManifestDoc[] };
      expect(manifest.documents.map((d) => d.audience).sort(), `round ${round}: lost manifest update`).toEqual([AUDIENCE, 'second'].sort());
    }
  });

  test('three builds at once (all audiences, and each alone) stay consistent', async () => {
    const dir = twoAudienceProject();
    const runs = await Promise.all([
      runCliAsync(['--root', dir, 'build'], { cwd: dir }),
      runCliAsync(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir }),
      runCliAsync(['--root', dir, 'build', '-a', 'second'], { cwd: dir }),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(checkOut(path.join(dir, 'out'))).toEqual([]);
  });
});

describe.concurrent('interrupted builds', () => {
  // Kill times spread over the whole build (start-up, data, templates, charts, PDF, writing).
  const sweeps = { SIGTERM: [200, 500, 1000, 1500, 2000, 2600, 3300, 4200], SIGINT: [400, 1500, 3000] } as const;
  for (const [signal, delays] of Object.entries(sweeps) as [NodeJS.Signals, readonly number[]][]) {
    test(`${signal} at ${delays.length} moments: previous outputs intact or replaced whole, nothing left behind`, async () => {
      const dir = tempBase();
      dirs.push(dir);
      const out = path.join(dir, 'out');
      const first = await runCliAsync(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
      expect(first.code, first.stderr).toBe(0);
      const good = snapshotDir(out);
      // Make the next build produce different bytes, so "replaced whole" is distinguishable.
      const prof = path.join(dir, 'templates', 'audiences', AUDIENCE, 'profile.yaml');
      fs.writeFileSync(prof, fs.readFileSync(prof, 'utf8').replace(/^label: .*$/m, 'label: Changed'));
      for (const ms of delays) {
        const r = await runCliAsync(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir, signal, signalAfterMs: ms });
        const problems = checkOut(out);
        expect(problems, `${signal} after ${ms} ms (exit ${r.code}, signal ${r.signal})\n${r.stderr}`).toEqual([]);
        if (r.code !== 0) {
          // interrupted: the previous files are untouched
          const now = snapshotDir(out);
          for (const [f, bytes] of good) expect(now.get(f)?.equals(bytes), `${signal} after ${ms} ms: ${f} changed by an interrupted build`).toBe(true);
          // A signal that arrives before the CLI has installed its handler (while Node is still
          // loading modules) kills the process outright; that is fine as long as nothing was
          // written. Once handled, the build must say why it stopped.
          if (r.signal === null) expect(r.stderr, `${signal} after ${ms} ms`).toMatch(/^error BK402: /m);
        } else {
          // finished before the signal: a new, consistent set; it becomes the reference
          for (const [f, bytes] of snapshotDir(out)) good.set(f, bytes);
        }
      }
    });
  }
});
