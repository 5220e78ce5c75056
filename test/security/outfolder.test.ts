/**
 * Issue 28, the output folder: duplicate audiences are one edition, `manifest merge` reads only
 * the names a build gives editions (never the lock, the manifest, CHANGES.md or a path out of the
 * shard folder) and refuses FIFOs without blocking, shards of a project without dated sources
 * merge and keep their manifest and CHANGES.md, a lock held by a stopped build is waited for with
 * a message saying who holds it, and `--root` / `init` at paths that are no project are
 * catalogued errors naming the path. All on the `init` scaffold (a 3-page edition).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { mergeShards } from '../../src/commands/merge.js';
import { withOutputLock } from '../../src/write/output.js';
import { runCliAsync, runCliInProcess, snapshotDir, tempDir, thrown } from '../support.js';
import { cpuMs } from './support.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const manifestOf = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { documents: { audience: string; file: string; sha256: string; bytes: number }[] };

/** The scaffold with a second audience, and its two shards (built once for the file). */
let project: string;
let shards: string[];
beforeAll(async () => {
  project = path.join(tempDir('briefkit-out28-'), 'report');
  const init = await runCliInProcess(['init', project]);
  expect(init.code, init.stderr).toBe(0);
  const audiences = path.join(project, 'templates', 'audiences');
  fs.cpSync(path.join(audiences, 'general'), path.join(audiences, 'second'), { recursive: true });
  shards = [];
  for (const i of [1, 2]) {
    const out = path.join(path.dirname(project), `shard-${i}`);
    const r = await runCliInProcess(['--root', project, 'build', '--shard', `${i}/2`, '--jobs', '1', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    shards.push(out);
  }
}, 120_000);

describe('duplicate audiences are one edition', () => {
  test.each(['1', '2'])('build -a general general --jobs %s: exit 0, one PDF, one manifest entry (not BK401)', async (jobs) => {
    const out = path.join(tempDir('briefkit-dup-'), 'out');
    const r = await runCliInProcess(['--root', project, 'build', '-a', 'general', 'general', '--jobs', jobs, '--out', out]);
    expect(r.stderr).not.toMatch(/BK401|EEXIST/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/briefing-general\.pdf/g)).toHaveLength(1);
    expect(manifestOf(out).documents.map((d) => d.audience)).toEqual(['general']);
  });
});

describe('manifest merge', () => {
  test('the shards of a project without dated sources merge; the next build keeps the manifest (no BK406), carries the other edition and writes CHANGES.md', async () => {
    const merged = path.join(tempDir('briefkit-merge-'), 'out');
    const r = await runCliInProcess(['manifest', 'merge', ...shards, '--out', merged]);
    expect(r.code, r.stderr).toBe(0);
    expect(manifestOf(merged).documents.map((d) => d.audience)).toEqual(['general', 'second']);
    const next = await runCliInProcess(['--root', project, 'build', '-a', 'general', '--jobs', '1', '--out', merged]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/BK406/);
    const files = snapshotDir(merged);
    expect([...files.keys()].filter((f) => !f.startsWith('.')).sort()).toEqual(['CHANGES.md', 'alt.json', 'briefing-general.pdf', 'briefing-second.pdf', 'claims.json', 'manifest.json']);
    for (const d of manifestOf(merged).documents) expect(sha(files.get(d.file)!), d.file).toBe(d.sha256);
  });

  /** A plain-file copy of shard 1 (what `cp -rL` makes), its manifest's entry renamed to `name`. */
  function shardNaming(name: string, data?: Buffer): string {
    const dir = path.join(tempDir('briefkit-evil-'), 'shard');
    fs.mkdirSync(dir);
    for (const [f, b] of snapshotDir(shards[0]!)) fs.writeFileSync(path.join(dir, f), b);
    const m = manifestOf(dir);
    if (data) Object.assign(m.documents[0]!, { sha256: sha(data), bytes: data.length });
    m.documents[0]!.file = name;
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
    return dir;
  }

  test.each(['../victim.pdf', '.briefkit.lock', 'CHANGES.md', 'manifest.json', 'briefing-second.pdf', 'sub/briefing-general.pdf'])('an entry named %s: BK413 before anything is opened, nothing written', async (name) => {
    // a file outside the shard folder, and the lock and CHANGES.md inside it, with the hash the entry claims: none may be opened
    const victim = Buffer.from('%PDF-1.7 not yours');
    const shard = shardNaming(name, victim);
    const forbidden = [path.join(path.dirname(shard), 'victim.pdf'), path.join(shard, '.briefkit.lock'), path.join(shard, 'CHANGES.md')];
    for (const f of forbidden) fs.writeFileSync(f, victim);
    const opened: string[] = [];
    const real = { open: fs.openSync, read: fs.readFileSync };
    const spies = [
      vi.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => (opened.push(path.resolve(String(p))), (real.open as (...a: unknown[]) => number)(p, ...rest))) as typeof fs.openSync),
      vi.spyOn(fs, 'readFileSync').mockImplementation(((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => (typeof p !== 'number' && opened.push(path.resolve(String(p))), (real.read as (...a: unknown[]) => unknown)(p, ...rest))) as typeof fs.readFileSync),
    ];
    const out = path.join(tempDir('briefkit-merge-'), 'out');
    let e: Awaited<ReturnType<typeof thrown>>;
    try {
      e = await thrown(() => mergeShards([shard], out));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(e.code, e.message).toBe('BK413');
    expect(e.message).toContain(name);
    expect(opened.filter((f) => forbidden.includes(f))).toEqual([]);
    expect(opened.some((f) => f.startsWith(shard))).toBe(true); // the spy saw the shard's manifest read
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(false);
  });

  test('a FIFO among the shard files: BK414 at once, never blocked on', async () => {
    const shard = shardNaming('briefing-general.pdf');
    fs.rmSync(path.join(shard, 'briefing-general.pdf'));
    expect(spawnSync('mkfifo', [path.join(shard, 'briefing-general.pdf')]).status).toBe(0);
    const t0 = Date.now();
    const r = await runCliAsync(['manifest', 'merge', shard, '--out', path.join(tempDir('briefkit-merge-'), 'out')], { timeout: 20_000 });
    expect(r.signal, 'blocked on the FIFO').toBe(null);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error BK414: .*briefing-general\.pdf: a shard file is a named pipe \(FIFO\)/m);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

describe('a lock held by a stopped build', () => {
  const stopped: number[] = [];
  afterAll(() => {
    for (const pid of stopped) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });
  /** A live process, stopped (SIGSTOP), holding `out`'s lock as a build would. */
  function lockedByStopped(out: string): number {
    const child = spawn('sleep', ['120'], { stdio: 'ignore' });
    const pid = child.pid!;
    stopped.push(pid);
    process.kill(pid, 'SIGSTOP');
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, '.briefkit.lock'), JSON.stringify({ pid, boot, start }));
    return pid;
  }

  test('waited for with a message at once (BK410: who, stopped, how long), then BK403 naming it', async () => {
    const out = tempDir('briefkit-lock-');
    const pid = lockedByStopped(out);
    const notes: { at: number; line: string }[] = [];
    const t0 = Date.now();
    const e = await thrown(() => withOutputLock(out, () => 1, 1500, (line) => notes.push({ at: Date.now() - t0, line })));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.at).toBeLessThan(500);
    expect(notes[0]!.line).toMatch(new RegExp(`^BK410: .*waiting up to \\d s for the build that holds the output lock: process ${pid} \\(stopped\\), which took it \\d+ s ago`));
    expect(e.code).toBe('BK403');
    expect(e.message).toMatch(new RegExp(`still held after 2 s: process ${pid} \\(stopped\\)`));
    expect(fs.existsSync(path.join(out, '.briefkit.lock'))).toBe(true); // a live build's lock is never taken
  });

  test('the CLI says so on stderr while it waits, and goes on once the lock is free', async () => {
    const out = path.join(tempDir('briefkit-lock-'), 'out');
    const pid = lockedByStopped(out);
    let child = 0;
    // a merge takes the lock as a build does, without rendering first
    const run = runCliAsync(['manifest', 'merge', shards[0]!, '--out', out], { onSpawn: (p) => (child = p) });
    // started and idle: waiting for the lock
    for (let last = -1, still = 0; still < 4; ) {
      await sleep(100);
      const t = cpuMs(child);
      still = t === last ? still + 1 : 0;
      last = t;
    }
    fs.rmSync(path.join(out, '.briefkit.lock'));
    const r = await run;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^warning BK410: .*process ${pid} \\(stopped\\)`, 'm'));
  }, 60_000);
});

describe('--root and init at paths that are no project', () => {
  const noProject = (): [string, string[], string, RegExp][] => {
    const file = path.join(tempDir('briefkit-root-'), 'a-file');
    fs.writeFileSync(file, 'x');
    const noAudiences = path.join(tempDir('briefkit-root-'), 'report');
    fs.cpSync(project, noAudiences, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(noAudiences, 'templates', 'audiences'), { recursive: true });
    const missing = path.join(tempDir('briefkit-root-'), 'missing', 'root');
    return [
      ['build --root at a missing folder', ['--root', '/nonexistent/briefkit-28', 'build'], 'BK411', /\/nonexistent\/briefkit-28.*does not exist/],
      ['build --root at a folder that is no project', ['--root', '/etc', 'build'], 'BK020', /\/etc\/briefkit\.config\.ts/],
      ['build --root at a regular file', ['--root', file, 'build'], 'BK411', /a-file.*is a file, not a folder/],
      ['build (--jobs 2) of a project without templates/audiences/', ['--root', noAudiences, 'build', '--jobs', '2'], 'BK412', /templates\/audiences\/ does not exist/],
      ['build (--jobs 1) of a project without templates/audiences/', ['--root', noAudiences, 'build', '--jobs', '1'], 'BK412', /templates\/audiences\/ does not exist/],
      ['check --root at a missing folder', ['--root', '/nonexistent/briefkit-28', 'check'], 'BK411', /does not exist/],
      ['init below a regular file', ['init', path.join(file, 'report')], 'BK028', /a-file is a file, not a folder/],
      ['manifest merge --root at a missing folder', ['--root', missing, 'manifest', 'merge', shards[0]!], 'BK411', /missing\/root.*does not exist/],
    ];
  };
  test('each is a catalogued error naming the path, with a fix; nothing is written', async () => {
    for (const [name, args, code, where] of noProject()) {
      const r = await runCliInProcess(args);
      expect(r.code, `${name}: ${r.stderr}`).toBe(1);
      expect(r.stderr, name).toMatch(new RegExp(`^error ${code}: `));
      expect(r.stderr, name).toMatch(where);
      expect(r.stderr, name).toMatch(/^ {2}fix: /m);
      expect(r.stderr, name).not.toMatch(/BK900|\n\s+at /);
      // a missing project folder is not made (a merge used to create <root>/out)
      if (code === 'BK411' && /does not exist/.test(r.stderr)) expect(fs.existsSync(args[1]!), name).toBe(false);
    }
  });
});
