/**
 * Reproducible output: the same inputs give the same bytes, whatever the machine's time zone;
 * SOURCE_DATE_EPOCH is the one input besides data and templates that changes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pool, type Run, runCliAsync, runCliInProcess, sharedBuild, tempDir, tempProject } from '../support.js';
import { BASE_ENV, PROJECT, SHARD_TZ, audiences, filesOf, pdfinfoIso, readManifest, shardBuilds } from './project.js';

/**
 * One audience for the variant builds: the shortest edition (three pages; the flagship's others
 * run to 17 and 44), since what these builds check (the creation date, the inputs digest) is in
 * every edition and each full build of a long one costs seconds of CPU.
 */
const ONE = audiences().includes('executive') ? 'executive' : audiences()[0]!;
const EPOCH = '1700000000'; // 2023-11-14T22:13:20Z

const dirs: Record<string, string> = {};
const cleanup: string[] = [];
const runs: Record<string, Run> = {};
/** The time zone each shard build ran in → its output folder. */
const byZone: Record<string, string> = {};

/** A copy of the project with one data note changed (a value no edition prints). */
function changedProject(): string {
  const parts = ['data', 'templates', 'fonts'].filter((p) => fs.existsSync(path.join(PROJECT, p)));
  const dir = tempProject(undefined, []);
  for (const p of parts) fs.cpSync(path.join(PROJECT, p), path.join(dir, p), { recursive: true });
  const f = path.join(dir, 'data', 'invention-grants.json');
  const json = JSON.parse(fs.readFileSync(f, 'utf8'));
  json.description = `${json.description ?? ''} (edited by the determinism test)`;
  fs.writeFileSync(f, JSON.stringify(json, null, 2) + '\n');
  cleanup.push(dir);
  return dir;
}

beforeAll(async () => {
  // 'a' is the flagship build (in UTC, as the tests run) shared with the other tests that read it.
  // It comes first: the builds below then find its charts and citations in the disk cache instead
  // of drawing and setting them too, side by side with it, on a clean clone.
  const shared = sharedBuild(FLAGSHIP, { cwd: PROJECT, env: BASE_ENV });
  dirs.a = shared.out;
  runs.a = shared.run;
  const variants: [name: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string][] = [
    ['epoch', ['-a', ONE], { SOURCE_DATE_EPOCH: EPOCH }],
    ['changed', ['-a', ONE], {}, changedProject()],
  ];
  // the first as a new process, which runs while this one waits for the shard builds below; the
  // second with the CLI in process (the same build, without a process to start)
  const variantsDone = pool(
    variants.map(([name, args, env, cwd], i) => async () => {
      dirs[name] = tempDir(`briefkit-det-${name}-`);
      runs[name] = await (i === 0 ? runCliAsync : runCliInProcess)(['build', '--out', dirs[name]!, ...args], { cwd: cwd ?? PROJECT, env: { ...BASE_ENV, ...env } });
    }),
    2,
  );
  // the second build of every edition is the two shard builds (shared with shard.test.ts, read
  // only), each run in another time zone, then merged here into a folder of their own
  for (const [i, s] of shardBuilds().entries()) {
    runs[`shard ${i + 1} (TZ=${s.tz})`] = s.run;
    byZone[s.tz] = s.out;
  }
  dirs.b = tempDir('briefkit-det-b-');
  runs.merge = await runCliInProcess(['manifest', 'merge', ...SHARD_TZ.map((tz) => byZone[tz]!), '--out', dirs.b], { cwd: PROJECT, env: BASE_ENV });
  await variantsDone;
}, 600_000);

afterAll(() => {
  for (const d of [...Object.entries(dirs).filter(([k]) => k !== 'a').map(([, d]) => d), ...cleanup]) fs.rmSync(d, { recursive: true, force: true });
});

const pdfOf = (name: string) => fs.readFileSync(path.join(dirs[name]!, `briefing-${ONE}.pdf`));
const docOf = (dir: string, audience: string) => readManifest(dir).documents.find((d) => d.audience === audience)!;

describe('deterministic builds', () => {
  it('all builds succeed', () => {
    for (const [name, r] of Object.entries(runs)) expect(r.code, `${name}: ${r.stderr}`).toBe(0);
  });

  it('two builds into two folders are byte-identical, file for file (PDFs and manifest)', () => {
    // b: every edition built again by the shard builds, their manifests merged
    const a = filesOf(dirs.a!);
    const b = filesOf(dirs.b!);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()].filter((f) => f.endsWith('.pdf')).length).toBe(audiences().length);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), `${f} differs between two builds`).toBe(true);
  });

  it.each([...SHARD_TZ])('a build in another time zone (%s) gives the same bytes', (tz) => {
    const dir = byZone[tz]!;
    const pdfs = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length, `the ${tz} build wrote no PDF`).toBeGreaterThan(0);
    // the manifest's own fields (generator, as-of date) too, not only those merged (the claims
    // register's and the alt texts' digests cover the editions built, like documents: compared edition by edition below)
    expect({ ...readManifest(dir), documents: [], claims: undefined, alt: undefined }).toEqual({ ...readManifest(dirs.a!), documents: [], claims: undefined, alt: undefined });
    const register = (d: string) => JSON.parse(fs.readFileSync(path.join(d, 'claims.json'), 'utf8')) as { editions: Record<string, unknown> };
    for (const [audience, e] of Object.entries(register(dir).editions)) expect(e, `${audience}: claims differ with TZ=${tz}`).toEqual(register(dirs.a!).editions[audience]);
    for (const doc of readManifest(dir).documents) {
      // Same inputs (else someone edited the project while the tests ran, and bytes may differ)…
      expect(doc.inputsDigest, `${doc.audience}: inputs changed between builds`).toBe(docOf(dirs.a!, doc.audience).inputsDigest);
      // …give the same bytes.
      expect(fs.readFileSync(path.join(dir, doc.file)).equals(fs.readFileSync(path.join(dirs.a!, doc.file))), `${doc.file} differs with TZ=${tz}`).toBe(true);
      expect(doc).toEqual(docOf(dirs.a!, doc.audience));
    }
  });

  it('SOURCE_DATE_EPOCH changes the bytes, is written as the creation date, and is not an input', () => {
    const doc = (dir: string) => docOf(dir, ONE);
    expect(doc(dirs.epoch!).inputsDigest, 'inputs changed between builds').toBe(doc(dirs.a!).inputsDigest);
    const epoch = pdfOf('epoch');
    expect(epoch.equals(pdfOf('a'))).toBe(false);
    expect(pdfinfoIso(path.join(dirs.epoch!, `briefing-${ONE}.pdf`)).CreationDate).toMatch(/^2023-11-14T22:13:20(Z|\+00)/);
    expect(pdfinfoIso(path.join(dirs.a!, `briefing-${ONE}.pdf`)).CreationDate).not.toMatch(/^2023-11-14/);
    expect(doc(dirs.epoch!).sha256).not.toBe(doc(dirs.a!).sha256);
    expect(doc(dirs.epoch!).inputsDigest).toBe(doc(dirs.a!).inputsDigest);
  });

  it('a change to a data file changes the inputs digest', () => {
    expect(docOf(dirs.changed!, ONE).inputsDigest).not.toBe(docOf(dirs.a!, ONE).inputsDigest);
  });
});
