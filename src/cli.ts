#!/usr/bin/env node
/**
 * briefkit's command line. Exit codes: 0 ok, 1 a user error (bad input), 2 a usage error,
 * 3 an internal error. User errors print one message (code, file:line, expected, fix);
 * a stack trace only with --debug.
 */
process.env.TZ = 'UTC'; // dates never depend on the machine's time zone

import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BriefkitError } from './log/error.js';
import * as msg from './log/message.js';
import { makeReporter } from './log/reporter.js';
import { VERSION } from './version.js';
import { checkProjectRoot, findProjectRoot } from './io/project.js';
import { safeText } from './log/safe.js';
import { cleanupTemps, writeState } from './write/output.js';
import { limitsFromEnv, limitValue, MAX_LIMITS, runningWorkers, workerAvailable, type Limits } from './worker/host.js';

/** Set by watch and preview, which answer SIGINT and SIGTERM themselves. */
let ownSignals = false;

/** Where the CLI writes (the process's streams, or others when a test runs it in process). */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
}

/** The exit code for what `main` threw, after printing its one message. */
function fail(e: unknown, io: CliIo, debug: boolean): number {
  let err: BriefkitError;
  if (e instanceof BriefkitError) err = e;
  else if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  else err = msg.internal((e as Error)?.message ?? String(e), e);
  io.stderr.write(`error ${err.message}\n`);
  if (debug) io.stderr.write(`${(err.cause as Error)?.stack ?? err.stack}\n`);
  return err.exitCode;
}

/** Upper bounds of --jobs and --shard: beyond them a value is a typo, not a wish. */
const MAX_JOBS = 64;
const MAX_SHARDS = 1_000;

/** Limits from --time-limit / --memory-limit over the environment's and the defaults. */
function limitsOf(o: { timeLimit?: string; memoryLimit?: string }): Limits {
  const limits = limitsFromEnv();
  limits.seconds = limitValue(o.timeLimit, '--time-limit', 1, MAX_LIMITS.seconds) ?? limits.seconds;
  limits.memoryMb = limitValue(o.memoryLimit, '--memory-limit', 256, MAX_LIMITS.memoryMb) ?? limits.memoryMb;
  return limits;
}

/** --jobs and --shard, checked. */
function jobsOf(o: { jobs?: string; shard?: string }): { jobs?: number; shard?: { index: number; count: number } } {
  const out: { jobs?: number; shard?: { index: number; count: number } } = {};
  if (o.jobs !== undefined) {
    if (!/^\d+$/.test(o.jobs) || Number(o.jobs) < 1 || Number(o.jobs) > MAX_JOBS) throw msg.usage(`--jobs must be a whole number from 1 to ${MAX_JOBS}, got "${o.jobs}"`, 'e.g. --jobs 2');
    out.jobs = Number(o.jobs);
  }
  if (o.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(o.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > MAX_SHARDS) throw msg.usage(`--shard must be i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, got "${o.shard}"`, 'e.g. --shard 1/2');
    out.shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  return out;
}

/** One line per PDF written, the output folder as the user would type it (relative below the working folder, else absolute). */
function printWritten(out: CliIo['stdout'], result: { outDir: string; editions: { file: string; entry: { pages: number; bytes: number } }[]; changes?: string }): void {
  const rel = path.relative(process.cwd(), result.outDir);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? result.outDir : rel;
  for (const e of result.editions) out.write(`${path.join(shown, e.file)}  ${e.entry.pages} pages  ${e.entry.bytes} bytes\n`);
  if (result.changes) out.write(result.changes + '\n');
}

/**
 * Runs the command line `argv` (as process.argv: node, script, arguments…) and returns its exit
 * code. The entry point below passes the process's streams; tests may pass others.
 */
export async function main(argv: string[], io: CliIo = process): Promise<number> {
  try {
    await run(argv, io);
    return 0;
  } catch (e) {
    return fail(e, io, argv.includes('--debug'));
  }
}

async function run(argv: string[], io: CliIo): Promise<void> {
  const program = new Command('briefkit')
    .description('Typed datasets + Handlebars templates → styled, chart-rich PDF briefings')
    .version(VERSION, '-v, --version')
    .option('--root <dir>', 'project folder (default: the nearest folder with package.json and templates/)')
    .option('-q, --quiet', 'no progress output')
    .option('--debug', 'print stack traces for errors')
    .exitOverride()
    // usage errors carry their code like every other message: "error BK502: unknown option '--x'"
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s), outputError: (s, write) => write(safeText(s.replace(/^error: /, 'error BK502: '))) })
    .showHelpAfterError('(run briefkit --help for usage)');

  /** The project folder, checked to be one (BK411, or BK020 without a config, naming it) before anything is loaded. */
  const rootOf = (needConfig = true) => {
    const root = path.resolve((program.opts().root as string | undefined) ?? findProjectRoot(process.cwd()));
    checkProjectRoot(root, needConfig);
    return root;
  };
  const reporter = () => makeReporter({ quiet: Boolean(program.opts().quiet), stream: io.stderr as NodeJS.WriteStream });

  program
    .command('build')
    .description('build the briefing PDFs into out/ (every audience, or one with --audience)')
    .option('-a, --audience <name...>', 'build only these audiences')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('--print-config', 'print the resolved profile and where each template comes from, then exit')
    .option('-w, --watch', 'rebuild when data/ or templates/ change')
    .option('--time-limit <seconds>', 'stop a build that needs more CPU time (per edition; default 40, or BRIEFKIT_TIME_LIMIT)')
    .option('--memory-limit <MB>', 'stop a build that needs more memory (default 2048, or BRIEFKIT_MEMORY_LIMIT)')
    .option('-j, --jobs <n>', 'editions built at once, each in its own worker thread (default: the number of cores)')
    .option('--shard <i/n>', 'build only shard i of n: a stable subset of the audiences (merge with `briefkit manifest merge`)')
    .option('--pdfua', 'identify the PDFs as PDF/UA (accessible); each PDF is checked first and the build fails (BK330) on any machine-checkable PDF/UA condition it does not meet')
    .action(async (o: { audience?: string[]; out: string; printConfig?: boolean; watch?: boolean; timeLimit?: string; memoryLimit?: string; jobs?: string; shard?: string; pdfua?: boolean }) => {
      const { build } = await import('./build-host.js');
      // what was typed is checked before the project is looked for: a usage error whatever the folder
      const limits = limitsOf(o);
      const jobs = jobsOf(o);
      const opts = { root: rootOf(), outDir: o.out, reporter: reporter(), limits, ...(o.audience ? { audiences: [...new Set(o.audience)] } : {}), ...jobs, ...(o.pdfua ? { pdfua: true } : {}) };
      if (o.printConfig) {
        // in the worker, under the limits, like the build itself
        const { root, outDir, audiences } = opts as { root: string; outDir: string; audiences?: string[] };
        if (workerAvailable()) {
          const { runInWorker } = await import('./worker/host.js');
          io.stdout.write((await runInWorker({ kind: 'print-config', opts: { root, outDir, ...(audiences ? { audiences } : {}) } }, opts.limits, opts.reporter)).text);
          return;
        }
        const { printConfig } = await import('./commands/print-config.js');
        io.stdout.write(printConfig(opts));
        return;
      }
      if (o.watch) {
        const { watch } = await import('./commands/watch.js');
        ownSignals = true;
        process.exit(await watch(opts));
      }
      printWritten(io.stdout, await build(opts));
    });

  program
    .command('preview')
    .description('build, then show the editions in the browser and rebuild on every change (a page on 127.0.0.1)')
    .option('-a, --audience <name...>', 'build and show only these audiences')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-p, --port <n>', 'the port on 127.0.0.1 (default: a free one)')
    .option('--open', 'open the page in the browser')
    .option('--time-limit <seconds>', 'stop a rebuild that needs more CPU time (per edition; default 40, or BRIEFKIT_TIME_LIMIT)')
    .option('--memory-limit <MB>', 'stop a rebuild that needs more memory (default 2048, or BRIEFKIT_MEMORY_LIMIT)')
    .action(async (o: { audience?: string[]; out: string; port?: string; open?: boolean; timeLimit?: string; memoryLimit?: string }) => {
      if (o.port !== undefined && (!/^\d{1,5}$/.test(o.port) || Number(o.port) < 1 || Number(o.port) > 65535)) throw msg.badPort(o.port);
      const { preview } = await import('./commands/preview.js');
      ownSignals = true;
      const opts = { root: rootOf(), outDir: o.out, reporter: reporter(), limits: limitsOf(o), ...(o.audience ? { audiences: [...new Set(o.audience)] } : {}), ...(o.port !== undefined ? { port: Number(o.port) } : {}), ...(o.open ? { open: true } : {}) };
      process.exit(await preview(opts));
    });

  program
    .command('manifest')
    .description('work with output folders')
    .command('merge')
    .description('merge the output folders of sharded builds (briefkit build --shard i/n) into one: PDFs, manifest.json, CHANGES.md')
    .argument('<dir...>', 'the shards\' output folders')
    .option('-o, --out <dir>', 'output folder', 'out')
    .action(async (dirs: string[], o: { out: string }) => {
      const { mergeShards } = await import('./commands/merge.js');
      const given = program.opts().root as string | undefined;
      if (given !== undefined) checkProjectRoot(path.resolve(given), false);
      const root = given ?? process.cwd();
      printWritten(io.stdout, await mergeShards(dirs.map((d) => path.resolve(d)), path.resolve(root, o.out), reporter()));
    });

  program
    .command('claims')
    .description('print the claims register (out/claims.json): every figure printed, by page, with its sentence, note, data row and sources')
    .option('-a, --audience <name...>', 'only these editions')
    .option('-o, --out <dir>', 'output folder the build wrote', 'out')
    .action(async (o: { audience?: string[]; out: string }) => {
      const { claimsReport } = await import('./commands/claims.js');
      io.stdout.write(claimsReport(path.resolve(rootOf(false), o.out), o.audience ?? []));
    });

  program
    .command('check')
    .description('validate data, templates and chart specs without writing anything')
    .option('-a, --audience <name...>', 'check only these audiences')
    .option('--time-limit <seconds>', 'stop a check that needs more CPU time (per edition; default 40)')
    .option('--memory-limit <MB>', 'stop a check that needs more memory (default 2048)')
    .option('--pdfua', 'also check each edition\'s PDF against the PDF/UA conditions --pdfua checks (BK330), without writing it')
    .option('--alt', 'list the text alternative a screen reader says for each chart')
    .action(async (o: { audience?: string[]; timeLimit?: string; memoryLimit?: string; pdfua?: boolean; alt?: boolean }) => {
      const limits = limitsOf(o); // checked even when no worker runs, and before the project is looked for
      const opts = { root: rootOf(), ...(o.audience ? { audiences: [...new Set(o.audience)] } : {}), ...(o.pdfua ? { pdfua: true } : {}), ...(o.alt ? { alt: true } : {}) };
      if (workerAvailable()) {
        const { runInWorker } = await import('./worker/host.js');
        io.stdout.write((await runInWorker({ kind: 'check', opts }, limits, reporter())).summary);
        return;
      }
      const { check } = await import('./commands/check.js');
      io.stdout.write(await check({ ...opts, reporter: reporter() }));
    });

  program
    .command('chart')
    .description('render one Vega-Lite spec through the report\'s chart path to SVG or PDF')
    .argument('<spec>', 'a Vega-Lite JSON spec (e.g. templates/charts/x.vl.json)')
    .requiredOption('-o, --out <file>', 'output file, .svg or .pdf')
    .option('-d, --data-dir <dir>', 'folder that relative data URLs resolve against (default: the spec\'s folder)')
    .option('--width <px>', 'width of a single-view chart in px', '640')
    .option('--height <px>', 'height of a single-view chart in px', '300')
    .option('--time-limit <seconds>', 'stop a chart that needs more CPU time (default 40)')
    .option('--memory-limit <MB>', 'stop a chart that needs more memory (default 2048)')
    .action(async (spec: string, o: { out: string; dataDir?: string; width: string; height: string; timeLimit?: string; memoryLimit?: string }) => {
      const chart = { root: rootOf(false), spec, out: o.out, width: Number(o.width), height: Number(o.height), ...(o.dataDir ? { dataDir: o.dataDir } : {}) };
      // rendered in the worker too: a runaway expression (a regular expression that backtracks
      // for minutes) meets the time limit, and Ctrl-C works at once
      if (workerAvailable()) {
        const { runInWorker } = await import('./worker/host.js');
        io.stdout.write(`${(await runInWorker({ kind: 'chart', chart }, limitsOf(o), reporter())).written}\n`);
        return;
      }
      const { chartCommand } = await import('./commands/chart.js');
      io.stdout.write(`${await chartCommand(chart)}\n`);
    });

  program
    .command('init')
    .description("start a report in DIR (default: this folder): config, one sourced dataset, section, chart, table, audience, CI workflow; adds briefkit to an existing package.json")
    .argument('[dir]', 'a new folder, or a project (with its package.json) without report files yet', '.')
    .option('--title <text>', "the report's title (default: package.json description or name)")
    .option('--org <name>', 'the publisher on the cover and footers (default: package.json author)')
    .option('--author <name>', '"Prepared by" on the cover (default: git config user.name)')
    .option('--time-limit <seconds>', 'stop the loading of the new config if it needs more CPU time (default 40)')
    .option('--memory-limit <MB>', 'stop it if it needs more memory (default 2048)')
    .action(async (dir: string, o: { title?: string; org?: string; author?: string; timeLimit?: string; memoryLimit?: string }) => {
      const { init } = await import('./commands/init.js');
      const r = init(dir, o);
      const lines = [`created ${r.written.length} files in ${dir}`, ...r.added.map((a) => `added ${a}`), ...r.skipped.map((s) => `skipped ${s}`)];
      // the editor's JSON Schemas (.vscode/settings.json maps them), as `briefkit schemas` writes them
      try {
        const { writeSchemas } = await import('./commands/schemas.js');
        await writeSchemas(dir, 'schemas', { keep: (file) => fs.existsSync(file), limits: limitsOf(o) });
        lines.push(`wrote the editor's JSON Schemas to ${path.join(dir, 'schemas')} (refresh them with npx briefkit schemas)`);
      } catch (e) {
        lines.push(`the editor's JSON Schemas were not written (${(e as Error).message.split('\n')[0]}); run npx briefkit schemas`);
      }
      const here = path.resolve(dir) === path.resolve(process.cwd());
      lines.push(`next: npm install${here ? '' : ` (in ${dir})`}, then npm run report`);
      io.stdout.write(lines.join('\n') + '\n');
    });

  program
    .command('schemas')
    .description('write JSON Schemas of the datasets, profile and table specs (for editor completion)')
    .option('-o, --out <dir>', 'output folder', 'schemas')
    .option('--time-limit <seconds>', 'stop loading the config if it needs more CPU time (default 40)')
    .option('--memory-limit <MB>', 'stop loading the config if it needs more memory (default 2048)')
    .action(async (o: { out: string; timeLimit?: string; memoryLimit?: string }) => {
      const { writeSchemas } = await import('./commands/schemas.js');
      // the config runs in the worker thread, under the limits (a loop or a timer it leaves running is stopped)
      const { dir, written } = await writeSchemas(rootOf(), o.out, { limits: limitsOf(o), reporter: reporter() });
      io.stdout.write(`wrote ${written.length} schemas to ${path.relative(process.cwd(), dir) || '.'}\n`);
    });

  await program.parseAsync(argv);
}

/** True when this file is the program node started (not a module a test imported). */
const isEntry = process.argv[1] !== undefined && fs.existsSync(process.argv[1]) && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);

// An interrupted build leaves the previous outputs as they were. The rendering runs in a worker
// thread, so the main thread answers a signal at once: the worker is stopped, and the output
// commit — synchronous from its first write to its last rename — has either not started
// (nothing in out/ changed; the lock and temporary files are removed) or finished (a complete
// new set), and the message says which.
for (const signal of isEntry ? (['SIGINT', 'SIGTERM'] as const) : []) {
  process.on(signal, () => {
    // watch and preview stop their own watcher, worker and server (src/commands/watch.ts)
    if (ownSignals) return;
    writeState.interrupted = true;
    for (const w of runningWorkers) void w.terminate();
    cleanupTemps();
    // after the commit the build has done its work: say so, and succeed
    if (writeState.committed) {
      process.stderr.write(`warning ${msg.buildInterrupted(signal, true).message}\n`);
      process.exit(0);
    }
    process.stderr.write(`error ${msg.buildInterrupted(signal, false).message}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

if (isEntry) {
  const code = await main(process.argv);
  if (code !== 0) process.exit(code);
}
