/**
 * The documentation's code samples run, and its links lead somewhere.
 *
 * Samples (README.md and docs/**\/*.md), in the order each file shows them:
 *  - a fenced block with `title="<path>"` in its info string is a file, written into the file's
 *    sample project: a copy of a `briefkit init` scaffold made once for this test, or, after a
 *    `<!-- sample-project: examples/NAME -->` comment, a fresh copy of that example (`empty`:
 *    an empty folder, for samples that run `briefkit init` themselves);
 *  - a ```sh block is commands run there with bash (`set -e`), after the files above it;
 *    `briefkit` (and `npx briefkit`) is the built CLI, `node dist/bundle/cli.js`; it must exit 0, or
 *    N when its info string says `exit=N`;
 *  - ```text and ```console blocks (output shown to the reader), and blocks with neither a title
 *    nor a shell language, are not run;
 *  - a block with `no-test` in its info string is skipped, and must say why: in an HTML comment
 *    (`<!-- no-test: reason -->`) on the line right before it or right after it, or in the info string
 *    (`no-test="reason"`).
 * One project copy per doc file, not per block; each file's blocks build on each other.
 *
 * Links: every relative link of README.md and docs/ names a file that exists (and a heading of
 * it, when it has a #fragment), except the pages other branches are still writing (PENDING).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCliInProcess } from '../support.js';

/**
 * Guide pages written on other branches, linked before they arrive. Empty this list once they
 * are merged (a test below fails when a listed page exists, as a reminder).
 */
export const PENDING: string[] = [
];

export interface Block {
  line: number;
  lang: string;
  info: string;
  title?: string;
  exit: number;
  noTest: boolean;
  reason?: string;
  body: string;
  /** The sample project named by the last `<!-- sample-project: … -->` comment before it. */
  project: string;
}

const SHELL = new Set(['sh', 'bash', 'shell']);

/** The fenced code blocks of a Markdown file, with their info strings read. */
export function blocksOf(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let project = 'scaffold';
  for (let i = 0; i < lines.length; i++) {
    const sp = /^\s*<!--\s*sample-project:\s*(\S+)\s*-->/.exec(lines[i]!);
    if (sp) project = sp[1]!;
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !new RegExp(`^\\s*${fence![0]}{${fence!.length},}\\s*$`).test(lines[i]!); i++) body.push(lines[i]!.slice(Math.min(indent!.length, /^\s*/.exec(lines[i]!)![0].length)));
    const lang = info!.trim().split(/\s+/)[0] ?? '';
    const title = /\btitle="([^"]+)"/.exec(info!)?.[1];
    const exit = Number(/\bexit=(\d+)/.exec(info!)?.[1] ?? 0);
    const noTest = /(^|\s)no-test(\s|=|$)/.test(info!);
    // the reason: an HTML comment on the line right before the block or right after it, or in
    // the info string itself (`no-test="…"`, or a comment after no-test)
    const comment = (l: string | undefined) => (l === undefined ? undefined : /^\s*<!--\s*(?!sample-project:)(?:no-test:\s*)?(\S.*?)\s*-->\s*$/.exec(l)?.[1]);
    const inInfo = /\bno-test=(?:"([^"]+)"|(\S+))/.exec(info!)?.slice(1).find(Boolean) ?? /\bno-test\s+(?:<!--|#)\s*(\S.*?)\s*(?:-->)?$/.exec(info!)?.[1];
    const reason = comment(lines[start - 1]) ?? inInfo ?? comment(lines[i + 1]);
    blocks.push({ line: start + 1, lang, info: info!.trim(), ...(title ? { title } : {}), exit, noTest, ...(reason ? { reason } : {}), body: body.join('\n') + '\n', project });
  }
  return blocks;
}

const runnable = (b: Block) => !b.noTest && (b.title !== undefined || SHELL.has(b.lang));

function docFiles(): string[] {
  const out = ['README.md'];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(`${rel}/${e.name}`);
      else if (e.name.endsWith('.md')) out.push(`${rel}/${e.name}`);
    }
  };
  if (fs.existsSync(path.join(ROOT, 'docs'))) walk('docs');
  return out;
}

const DOCS = docFiles();
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');


/**
 * The words of one shell command line, or undefined when the line is more than a simple command
 * (pipes, redirections, substitutions, variables, globs: those lines run in bash). Quotes ('…',
 * "…") and backslashes are read as the shell reads them; an unquoted # starts a comment.
 */
export function simpleWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) return undefined;
      const inner = line.slice(i + 1, end);
      if (c === '"' && /[$`\\]/.test(inner)) return undefined;
      word = (word ?? '') + inner;
      i = end;
    } else if (c === '\\') {
      if (i + 1 >= line.length) return undefined;
      word = (word ?? '') + line[++i];
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) {
      break;
    } else if (/[|&;<>()$`*?[\]{}~!]/.test(c)) {
      return undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * Runs a ```sh block in `dir` as `bash -e` would, and returns its exit status and output. A line
 * that is a simple `briefkit …` (or `npx briefkit …`) command runs in this process (the CLI's own
 * `main`, as runCliInProcess does: the same commands, messages and exit codes, without starting
 * Node and a worker per command), unless it sets a time or memory limit, watches or previews;
 * any other line, and a whole block with a here-document or a continued line, runs in bash with
 * `briefkit` on the PATH.
 */
async function runBlock(body: string, dir: string, env: NodeJS.ProcessEnv): Promise<{ status: number; output: string }> {
  const bash = (script: string) => {
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: dir, encoding: 'utf8', timeout: 120_000, env });
    return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
  };
  if (/<<|\\\n/.test(body)) return bash(body);
  let output = '';
  for (const line of body.split('\n')) {
    const words = simpleWords(line);
    if (words && words.length === 0) continue;
    const args = words?.[0] === 'briefkit' ? words.slice(1) : words?.[0] === 'npx' && words[1] === 'briefkit' ? words.slice(2) : undefined;
    // in process there is no worker, so no time or memory limits and no signal handling: a line
    // that is about those, or that keeps running (watch, preview), runs as a real process
    const cli = args && !args.some((a) => /^(--(time-limit|memory-limit|watch)(=.*)?|-w|preview)$/.test(a)) ? args : undefined;
    const r = cli ? await runCliInProcess(cli, { cwd: dir }).then((x) => ({ status: x.code, output: `${x.stdout}${x.stderr}` })) : bash(line);
    output += `$ ${line}\n${r.output}`;
    if (r.status !== 0) return { status: r.status, output };
  }
  return { status: 0, output };
}

describe('code samples in the docs', () => {
  let tmp: string;
  let scaffold: string;
  let bin: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-docs-'));
    bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    // `briefkit` is the built CLI; `npx briefkit` too (npx would look for it in the registry)
    fs.writeFileSync(path.join(bin, 'briefkit'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const npx = spawnSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\nif [ "$1" = briefkit ]; then shift; exec "${path.join(bin, 'briefkit')}" "$@"; fi\nexec "${npx}" "$@"\n`, { mode: 0o755 });
    scaffold = path.join(tmp, 'scaffold');
    const r = await runCliInProcess(['init', scaffold, '--title', 'Sample report', '--org', 'Sample Org', '--author', 'Sam Ple', '--quiet']);
    if (r.code !== 0) throw new Error(`briefkit init: ${r.stdout}${r.stderr}`);
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** A fresh copy of a sample project (or an empty folder), with node_modules linked (so the disk cache is shared). */
  const copyOf = (name: string, doc: string): string => {
    const dir = fs.mkdtempSync(path.join(tmp, `${path.basename(doc, '.md')}-`));
    if (name !== 'empty') {
      const from = name === 'scaffold' ? scaffold : path.join(ROOT, name);
      if (!fs.existsSync(path.join(from, 'briefkit.config.ts'))) throw new Error(`${doc}: sample-project ${name} is not a project`);
      for (const e of fs.readdirSync(from)) if (!['out', 'node_modules', '.briefkit'].includes(e)) fs.cpSync(path.join(from, e), path.join(dir, e), { recursive: true });
    }
    // as after `npm install`: briefkit's caches then live in node_modules/.cache/briefkit
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    return dir;
  };

  it('reads the convention: titles, exit codes, sample projects and no-test reasons', () => {
    const md = ['<!-- no-test: a -->', '```sh no-test', 'x', '```', '', '```sh no-test="b c"', '```', '', '```sh no-test', '```', '<!-- d -->', '',
      '```sh no-test', '```', '', '<!-- sample-project: examples/daylight -->', '```csv title="data/x.csv"', 'a,b', '```', '```sh exit=2', 'briefkit nope', '```'].join('\n');
    const b = blocksOf(md);
    expect(b.map((x) => x.reason)).toEqual(['a', 'b c', 'd', undefined, undefined, undefined]);
    expect(b[4]).toMatchObject({ lang: 'csv', title: 'data/x.csv', body: 'a,b\n', project: 'examples/daylight', noTest: false });
    expect(b[5]).toMatchObject({ lang: 'sh', exit: 2, project: 'examples/daylight' });
    expect(simpleWords(`briefkit init . --title "Leap seconds" --org 'A B' # comment`)).toEqual(['briefkit', 'init', '.', '--title', 'Leap seconds', '--org', 'A B']);
    for (const shell of ['ls out | head', 'echo $HOME', 'cat > x', 'a && b', 'ls *.pdf']) expect(simpleWords(shell), shell).toBeUndefined();
  });

  it('every no-test block says why', () => {
    const unexplained = DOCS.flatMap((doc) => blocksOf(read(doc)).filter((b) => b.noTest && !b.reason).map((b) => `${doc}:${b.line}`));
    expect(unexplained, 'put <!-- no-test: reason --> on the line before the block').toEqual([]);
  });

  it('samples are found (the docs have runnable blocks)', () => {
    expect(DOCS.flatMap((doc) => blocksOf(read(doc)).filter(runnable)).length).toBeGreaterThan(10);
  });

  for (const doc of DOCS) {
    const blocks = blocksOf(read(doc)).filter(runnable);
    if (blocks.length === 0) continue;
    it(`${doc}: ${blocks.length} samples run`, async () => {
      let project = '';
      let dir = '';
      for (const b of blocks) {
        if (b.project !== project) {
          project = b.project;
          dir = copyOf(project, doc);
        }
        const at = `${doc}:${b.line}`;
        if (b.title) {
          const file = path.resolve(dir, b.title);
          expect(file.startsWith(dir + path.sep), `${at}: title stays inside the project`).toBe(true);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, b.body);
          continue;
        }
        const r = await runBlock(b.body, dir, { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' });
        expect(r.status, `${at} (${project}) exited ${r.status}:\n${b.body}\n--- output\n${r.output}`).toBe(b.exit);
      }
    }, 300_000);
  }
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    const h = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!h) continue;
    const base = h[1]!.replace(/<[^>]+>/g, '').replace(/`/g, '').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Relative links of a Markdown file (outside code), with their lines. */
export function linksOf(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (/^\s*(`{3,}|~{3,})/.test(line)) fenced = !fenced;
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      out.push({ line: i + 1, target });
    }
  });
  return out;
}

describe('links in the docs', () => {
  it('every relative link names a file that exists, and a heading of it', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      for (const { line, target } of linksOf(read(doc))) {
        const [file, fragment] = target.split('#') as [string, string | undefined];
        const rel = file ? path.posix.normalize(path.posix.join(path.posix.dirname(doc), file)) : doc;
        if (PENDING.includes(rel) && !fs.existsSync(path.join(ROOT, rel))) continue;
        if (!fs.existsSync(path.join(ROOT, rel))) {
          broken.push(`${doc}:${line}: ${target} (no ${rel})`);
          continue;
        }
        if (fragment && rel.endsWith('.md') && !anchors(read(rel)).has(fragment.toLowerCase())) broken.push(`${doc}:${line}: ${target} (no heading #${fragment} in ${rel})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every pending page is linked from docs/index.md and README.md, and none exists yet (empty PENDING after the merge)', () => {
    for (const rel of PENDING) {
      expect(fs.existsSync(path.join(ROOT, rel)), `${rel} has arrived: remove it from PENDING in test/docs/samples.test.ts`).toBe(false);
      expect(read('docs/index.md'), rel).toContain(`(${path.posix.relative('docs', rel)})`);
      expect(read('README.md'), rel).toContain(`(${rel})`);
    }
  });
});
