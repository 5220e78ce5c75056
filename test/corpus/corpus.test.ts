/**
 * The bad-input corpus: every folder under test/corpus/cases/ is one broken project (fixture files
 * overlaid onto a temp copy of the frozen test/corpus/base/ project, optional delete.txt) and its
 * expect.json. Regenerate with `node test/corpus/make-cases.mjs` (see that file).
 *
 * For each case: start from a project whose out/ holds a good build, apply the case, run the CLI
 * and require: the exit code; one catalogued message `error BKnnn: file:line[:col] (at field): …`
 * pointing where the mistake is; no stack trace; no temporary file left in out/; and the previous
 * PDF and manifest.json byte-identical.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { materializeNodeModules, ROOT, runCliAsync, runCliInProcess, sharedBuild, snapshotDir, tempInstall } from '../support.js';

const CASES_DIR = path.join(import.meta.dirname, 'cases');
const BASE = path.join(import.meta.dirname, 'base');
const SPECIAL = new Set(['expect.json', 'delete.txt']);

interface Expect {
  args: string[];
  exit: number;
  code: string | string[];
  file?: string;
  line?: number | number[];
  column?: number | number[];
  field?: string | string[];
  contains?: string[];
  setup?: 'missing-font' | 'interrupt';
  signalAfterMs?: number;
}

const cases = fs
  .readdirSync(CASES_DIR)
  .filter((d) => fs.existsSync(path.join(CASES_DIR, d, 'expect.json')))
  .sort();

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Files of a case folder (relative paths), except expect.json and delete.txt at its top. */
function fixtureFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? path.join(rel, d.name) : d.name;
    if (!rel && SPECIAL.has(d.name)) continue;
    if (d.isDirectory()) out.push(...fixtureFiles(dir, r));
    else out.push(r);
  }
  return out;
}

export interface ParsedError {
  code: string;
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  summary: string;
}

/** Parses the first `error BKnnn: …` line of stderr into its parts. */
export function parseErrorLine(stderr: string): ParsedError | undefined {
  const m = /^error (BK\d{3}): (.*)$/m.exec(stderr);
  if (!m) return undefined;
  const rest = m[2]!;
  const loc = /^([^\s:()]+)(?::(\d+))?(?::(\d+))?(?: \(at ([^)]*)\))?: (.*)$/.exec(rest);
  if (loc) {
    return {
      code: m[1]!,
      file: loc[1],
      ...(loc[2] ? { line: Number(loc[2]) } : {}),
      ...(loc[3] ? { column: Number(loc[3]) } : {}),
      ...(loc[4] ? { field: loc[4] } : {}),
      summary: loc[5]!,
    };
  }
  const fieldOnly = /^at (\S+): (.*)$/.exec(rest);
  if (fieldOnly) return { code: m[1]!, field: fieldOnly[1], summary: fieldOnly[2]! };
  return { code: m[1]!, summary: rest };
}

/**
 * Cases run as a real process (a new `node dist/bundle/cli.js`, rendering in its worker thread): those
 * that need one (a font missing from briefkit's installation, a signal), and a sample from each
 * stage — data, templates, charts, output folder, usage, `check` — that also runs in process and
 * must print the same thing there. Every other case runs the CLI in process (runCliInProcess),
 * with the same checks.
 */
const SPAWNED = new Set(['01-json-trailing-comma', '16-csv-wrong-type', '29-tpl-syntax-error', '42-chart-bogus-mark', '47-unknown-audience', '57-out-parent-is-file', '59-check-json-nan']);

let good = new Map<string, Buffer>();
let baseFiles = new Map<string, Buffer>();

/**
 * What tempProjectFrom(BASE) makes (BASE's files, package.json, node_modules and fonts linked, an
 * out/ folder), with out/ holding the good build: written from the bytes read once (BASE's and the
 * good build's) rather than copied file by file for each of the ~70 runs (fs.cpSync of 60 small
 * files costs tens of milliseconds of system time; writing them, a few).
 */
function freshProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-test-'));
  const write = (files: Map<string, Buffer>, under: string) => {
    for (const [rel, bytes] of files) {
      const abs = path.join(under, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, bytes);
    }
  };
  write(baseFiles, dir);
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (fs.existsSync(path.join(ROOT, 'fonts')) && !fs.existsSync(path.join(dir, 'fonts'))) fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(dir, 'fonts'));
  fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
  write(good, path.join(dir, 'out'));
  return dir;
}

describe.concurrent('bad-input corpus', () => {
  beforeAll(() => {
    // the unmodified project's build, shared with the other test files that build it (read only)
    const { out, run: r } = sharedBuild(['-a', 'policy'], { base: BASE });
    if (r.code !== 0) throw new Error(`the unmodified project does not build, so no case can be judged:\n${r.stderr}`);
    good = snapshotDir(out);
    baseFiles = snapshotDir(BASE);
    if (![...good.keys()].some((f) => f.endsWith('.pdf')) || !good.has('manifest.json')) throw new Error(`good build left no PDF/manifest: ${[...good.keys()]}`);
  });

  test('the sample run as a process covers every stage and both setups', () => {
    const all = new Set(cases);
    for (const c of SPAWNED) expect(all.has(c), `${c} is a case`).toBe(true);
    expect(cases.filter((c) => fs.readFileSync(path.join(CASES_DIR, c, 'expect.json'), 'utf8').includes('"setup"')).length).toBeGreaterThanOrEqual(2);
  });

  test('the corpus has at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    test(name, async () => {
      const caseDir = path.join(CASES_DIR, name);
      const e = JSON.parse(fs.readFileSync(path.join(caseDir, 'expect.json'), 'utf8')) as Expect;

      /** A fresh copy of the project with the case applied, out/ holding the good build. */
      const apply = () => {
        const dir = freshProject();
        for (const rel of fixtureFiles(caseDir)) {
          fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
          fs.copyFileSync(path.join(caseDir, rel), path.join(dir, rel));
        }
        const del = path.join(caseDir, 'delete.txt');
        if (fs.existsSync(del)) {
          for (const rel of fs.readFileSync(del, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)) fs.rmSync(path.join(dir, rel), { force: true, recursive: true });
        }
        return dir;
      };
      const dir = apply();
      let install: ReturnType<typeof tempInstall> | undefined;
      if (e.setup === 'missing-font') {
        // The font is missing wherever briefkit may look for it: the project's node_modules and
        // briefkit's own installation (a temp copy of dist/ + node_modules, run from there).
        const nm = materializeNodeModules(dir, ['pdfmake']);
        fs.rmSync(path.join(nm, 'pdfmake', 'fonts', 'Roboto', 'Roboto-Regular.ttf'));
        install = tempInstall(['pdfmake']);
        fs.rmSync(path.join(install.nodeModules, 'pdfmake', 'fonts', 'Roboto', 'Roboto-Regular.ttf'));
      }

      const spawned = e.setup !== undefined || SPAWNED.has(name);
      const run = (signalAfterMs: number) =>
        spawned
          ? runCliAsync(['--root', dir, ...e.args], {
              cwd: dir,
              ...(install ? { cli: install.cli } : {}),
              ...(e.setup === 'interrupt' ? { signal: 'SIGTERM' as const, signalAfterMs } : {}),
            })
          : runCliInProcess(['--root', dir, ...e.args], { cwd: dir });
      let r = await run(e.signalAfterMs ?? 300);
      // A signal that lands before the CLI has installed its handler (Node still loading, as on a
      // loaded machine) kills the process outright, which says nothing about the CLI's answer:
      // the outputs must be intact (checked below) and the signal is sent again, later, until the
      // CLI answers it (its message is then checked like any other case's)
      for (let wait = 3 * (e.signalAfterMs ?? 300), tries = 0; e.setup === 'interrupt' && r.signal !== null && tries < 3; wait *= 2, tries++) {
        const killed = snapshotDir(path.join(dir, 'out'));
        if ([...good].some(([f, bytes]) => !killed.get(f)?.equals(bytes)) || killed.size !== good.size) break; // reported below
        r = await run(wait);
      }

      const problems: string[] = [];
      if (spawned && e.setup === undefined) {
        // the same case in process prints the same message (so the in-process cases stand for processes)
        const again = apply();
        const p = await runCliInProcess(['--root', again, ...e.args], { cwd: again });
        fs.rmSync(again, { recursive: true, force: true });
        if (p.code !== r.code) problems.push(`in process: exit ${p.code}, as a process: ${r.code}`);
        if (p.stderr.replaceAll(again, dir) !== r.stderr) problems.push(`in process, stderr differs:\n${p.stderr}`);
      }
      if (e.setup === 'interrupt') {
        if (r.code === 0) problems.push(`exit: expected non-zero after SIGTERM, got 0`);
      } else if (r.code !== e.exit) problems.push(`exit: expected ${e.exit}, got ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}`);

      const parsed = parseErrorLine(r.stderr);
      const codes = list(e.code);
      const killedBeforeHandler = e.setup === 'interrupt' && r.signal !== null;
      if (killedBeforeHandler) problems.push(`killed by ${r.signal} before the CLI answered it, at every delay tried`);
      else if (!parsed) problems.push(`stderr has no "error BKnnn:" line (expected ${codes.join('|')})`);
      else {
        if (!codes.includes(parsed.code)) problems.push(`code: expected ${codes.join('|')}, got ${parsed.code}`);
        if (e.file !== undefined && !(parsed.file === e.file || parsed.file?.endsWith('/' + e.file))) problems.push(`file: expected ${e.file}, got ${parsed.file ?? '(none)'}`);
        const lines = list(e.line);
        if (lines.length && (parsed.line === undefined || !lines.includes(parsed.line))) problems.push(`line: expected ${lines.join('|')}, got ${parsed.line ?? '(none)'}`);
        const cols = list(e.column);
        if (cols.length && (parsed.column === undefined || !cols.includes(parsed.column))) problems.push(`column: expected ${cols.join('|')}, got ${parsed.column ?? '(none)'}`);
        const fields = list(e.field);
        if (fields.length && (parsed.field === undefined || !fields.includes(parsed.field))) problems.push(`field: expected ${fields.join('|')}, got ${parsed.field ?? '(none)'}`);
      }
      if (!killedBeforeHandler) for (const s of e.contains ?? []) if (!r.stderr.includes(s)) problems.push(`stderr does not mention ${JSON.stringify(s)}`);
      if (/^ {4}at /m.test(r.stderr)) problems.push('stderr contains a stack trace ("    at …")');

      const after = snapshotDir(path.join(dir, 'out'));
      const tmp = [...after.keys()].filter((f) => f.endsWith('.tmp') || /\.tmp\b/.test(f));
      if (tmp.length) problems.push(`temporary files left in out/: ${tmp.join(', ')}`);
      const added = [...after.keys()].filter((f) => !good.has(f) && !tmp.includes(f));
      if (added.length) problems.push(`new files in out/: ${added.join(', ')}`);
      for (const [f, bytes] of good) {
        const now = after.get(f);
        if (!now) problems.push(`previous output ${f} was removed`);
        else if (!now.equals(bytes)) problems.push(`previous output ${f} was changed`);
      }

      fs.rmSync(dir, { recursive: true, force: true });
      if (install) fs.rmSync(install.root, { recursive: true, force: true });
      expect(problems, `${name}\n--- stderr ---\n${r.stderr.slice(0, 2000)}`).toEqual([]);
    });
  }
});
