#!/usr/bin/env node
// Speed and memory targets of briefkit, measured (never asserted in tests):
//   cold   `briefkit build` of every edition, as a fresh process: wall time and peak RSS
//   warm   rebuilding one edition in a warm process (what --watch does): median of N
// Writes out/bench.json; exits 1 when a target is missed. Options: --runs N (default 3), --warm N (default 5).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('--runs', 3);
const WARM = arg('--warm', 5);

// Targets on the reference machine (2 cores, Node 20).
const TARGETS = {
  coldAllEditionsSeconds: 20,
  coldPeakRssMiB: 700,
  // Raised from 4000 when widow/orphan control arrived: each stranded line pdfmake must avoid
  // costs one more layout of the document in the first pass (about 0.35 s each for the policy
  // edition; later passes reuse the breaks found).
  warmEditionMs: 6000,
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cold() {
  const out = fs.mkdtempSync(path.join(ROOT, 'out', '.bench-'));
  const times = [];
  const rss = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    // /usr/bin/time gives the peak RSS of the process; fall back to wall time only.
    const hasTime = fs.existsSync('/usr/bin/time');
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, 'build', '--quiet', '--out', out], { encoding: 'utf8' })
      : spawnSync(process.execPath, [CLI, 'build', '--quiet', '--out', out], { encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
    times.push(ms);
    if (hasTime) rss.push(Number(r.stderr.trim().split('\n').pop()) / 1024);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  fs.rmSync(out, { recursive: true, force: true });
  return { seconds: median(times) / 1000, peakRssMiB: rss.length ? Math.max(...rss) : null, editions: manifest.documents.map((d) => `${d.audience}:${d.pages}p`) };
}

async function warm() {
  const { loadInputs, buildEdition } = await import(path.join(ROOT, 'dist/src/build.js'));
  const inputs = await loadInputs({ root: ROOT });
  const times = [];
  for (let i = 0; i <= WARM; i++) {
    const t0 = performance.now();
    await buildEdition(inputs, 'policy');
    if (i > 0) times.push(performance.now() - t0); // the first one warms up
  }
  return { medianMs: median(times), runs: times.length };
}

const c = cold();
const w = await warm();
const results = {
  node: process.version,
  cold: c,
  warm: w,
  targets: TARGETS,
  pass: {
    coldAllEditionsSeconds: c.seconds <= TARGETS.coldAllEditionsSeconds,
    coldPeakRssMiB: c.peakRssMiB === null || c.peakRssMiB <= TARGETS.coldPeakRssMiB,
    warmEditionMs: w.medianMs <= TARGETS.warmEditionMs,
  },
};
fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'out/bench.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`cold build, all editions (${c.editions.join(', ')}): ${c.seconds.toFixed(2)} s (target ≤ ${TARGETS.coldAllEditionsSeconds} s), peak RSS ${c.peakRssMiB?.toFixed(0) ?? '?'} MiB (target ≤ ${TARGETS.coldPeakRssMiB})`);
console.log(`warm rebuild of the policy edition: median ${w.medianMs.toFixed(0)} ms over ${w.runs} (target ≤ ${TARGETS.warmEditionMs} ms)`);
const failed = Object.entries(results.pass).filter(([, ok]) => !ok).map(([k]) => k);
if (failed.length) {
  console.error(`missed targets: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('all targets met; details in out/bench.json');
