/**
 * Reproducible output: the same inputs give the same bytes, whatever the machine's time zone;
 * SOURCE_DATE_EPOCH is the one input besides data and templates that changes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool, runCliAsync, sharedBuild, tempDir, tempProject, type Run } from '../support.js';
import { BASE_ENV, PROJECT, audiences, filesOf, pdfinfoIso, readManifest } from './project.js';

/** One audience for the variant builds (each full build costs several seconds of CPU). */
const ONE = audiences().includes('policy') ? 'policy' : audiences()[0]!;
const EPOCH = '1700000000'; // 2023-11-14T22:13:20Z

const dirs: Record<string, string> = {};
const cleanup: string[] = [];
const runs: Record<string, Run> = {};

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
  const variants: [name: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string][] = [
    // Builds that are compared run side by side, so an edit to the project in between is unlikely.
    ['shanghai', ['-a', ONE], { TZ: 'Asia/Shanghai' }],
    ['b', [], {}],
    ['la', ['-a', ONE], { TZ: 'America/Los_Angeles' }],
    ['epoch', ['-a', ONE], { SOURCE_DATE_EPOCH: EPOCH }],
    ['changed', ['-a', ONE], {}, changedProject()],
  ];
  // 'a' is the flagship build shared with the other tests that read it (read only); 'b' is a build of its own
  const shared = sharedBuild([], { cwd: PROJECT, env: BASE_ENV });
  dirs.a = shared.out;
  runs.a = shared.run;
  await pool(
    variants.map(([name, args, env, cwd]) => async () => {
      dirs[name] = tempDir(`briefkit-det-${name}-`);
      runs[name] = await runCliAsync(['build', '--out', dirs[name]!, ...args], { cwd: cwd ?? PROJECT, env: { ...BASE_ENV, ...env } });
    }),
    2,
  );
}, 600_000);

afterAll(() => {
  for (const d of [...Object.entries(dirs).filter(([k]) => k !== 'a').map(([, d]) => d), ...cleanup]) fs.rmSync(d, { recursive: true, force: true });
});

const pdfOf = (name: string) => fs.readFileSync(path.join(dirs[name]!, `briefing-${ONE}.pdf`));

describe('deterministic builds', () => {
  it('all builds succeed', () => {
    for (const [name, r] of Object.entries(runs)) expect(r.code, `${name}: ${r.stderr}`).toBe(0);
  });

  it('two builds into two folders are byte-identical, file for file (PDFs and manifest)', () => {
    const a = filesOf(dirs.a!);
    const b = filesOf(dirs.b!);
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...a.keys()].filter((f) => f.endsWith('.pdf')).length).toBe(audiences().length);
    for (const [f, bytes] of a) expect(b.get(f)!.equals(bytes), `${f} differs between two builds`).toBe(true);
  });

  it.each(['shanghai', 'la'])('a build in another time zone (%s) gives the same bytes', (name) => {
    const doc = (dir: string) => readManifest(dir).documents.find((d) => d.audience === ONE)!;
    // Same inputs (else someone edited the project while the tests ran, and bytes may differ)…
    expect(doc(dirs[name]!).inputsDigest, 'inputs changed between builds').toBe(doc(dirs.a!).inputsDigest);
    // …give the same bytes.
    expect(pdfOf(name).equals(pdfOf('a')), `briefing-${ONE}.pdf differs with TZ=${name}`).toBe(true);
    expect(doc(dirs[name]!)).toEqual(doc(dirs.a!));
  });

  it('SOURCE_DATE_EPOCH changes the bytes, is written as the creation date, and is not an input', () => {
    const doc0 = (dir: string) => readManifest(dir).documents.find((d) => d.audience === ONE)!;
    expect(doc0(dirs.epoch!).inputsDigest, 'inputs changed between builds').toBe(doc0(dirs.a!).inputsDigest);
    const epoch = pdfOf('epoch');
    expect(epoch.equals(pdfOf('a'))).toBe(false);
    expect(pdfinfoIso(path.join(dirs.epoch!, `briefing-${ONE}.pdf`)).CreationDate).toMatch(/^2023-11-14T22:13:20(Z|\+00)/);
    expect(pdfinfoIso(path.join(dirs.a!, `briefing-${ONE}.pdf`)).CreationDate).not.toMatch(/^2023-11-14/);
    const doc = (dir: string) => readManifest(dir).documents.find((d) => d.audience === ONE)!;
    expect(doc(dirs.epoch!).sha256).not.toBe(doc(dirs.a!).sha256);
    expect(doc(dirs.epoch!).inputsDigest).toBe(doc(dirs.a!).inputsDigest);
  });

  it('a change to a data file changes the inputs digest', () => {
    const doc = (dir: string) => readManifest(dir).documents.find((d) => d.audience === ONE)!;
    expect(doc(dirs.changed!).inputsDigest).not.toBe(doc(dirs.a!).inputsDigest);
  });
});
