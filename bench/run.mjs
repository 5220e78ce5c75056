#!/usr/bin/env node
// Speed and memory of briefkit, measured (never asserted in tests). `npm run bench -- [options]`:
//
//   cold    a new process per build (`briefkit build`), under /usr/bin/time: median wall time,
//           CPU time (user+sys) and peak RSS, for the peer-workload port (bench/peer-workload),
//           each flagship edition and the whole `npm run report` (every audience), with
//           briefkit's disk cache removed before each run; the same again with the cache kept
//           (charts, notes, transpiled config) is printed beside it
//   warm    in one process, as --watch does: load the inputs and rebuild the edition after a
//           one-word text edit (median over --warm N), with per-stage times
//   scale   the daylight example's `full` edition with its daily table cut to 1,000/5,000/10,000
//           rows, and a report with 10/50/100 charts (copies in a temp folder): growth ratios
//   stress  a 1,000-page document (the daylight example's `full` edition in a temp folder: its daily
//           table repeated over ten 12-year shifts of its dates, about 660 pages, and a section of
//           1,200 generated paragraphs): time and peak RSS, against the 250 MB target
//   peers   with --peers DIR (../shared/peers, installed per its README): Typst, headless
//           Chromium and the plain pdfmake peer build the same workload, alternating with
//           briefkit's port, and the ratios of the medians (wall, CPU, peak RSS) are printed
//
// Every cold run records the 1-minute load average when it starts (medians printed): on a
// shared machine compare CPU time, which load changes far less than wall time. Cold briefkit
// runs print their stage times (BRIEFKIT_STAGES=1): the first, "data", includes the process
// start, the worker's start and loading the inputs.
//
// Options: --runs N (cold runs per case, default 3), --warm N (default 3), --peers DIR,
// --skip cold,warm,scale,stress,peers (any of them), --scale-runs N (default 1), --only-peer-workload
// (cold: the port, the policy edition and the peers only), --cli FILE (default dist/bundle/cli.js,
// the bundle `npm run report` runs; dist/src/cli.js for the unbundled modules).
// Writes out/bench.json; prints each target with the factor by which it is missed and the
// measured stage times that make it up.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const CLI = path.resolve(ROOT, opt('--cli', 'dist/bundle/cli.js'));
const ONLY_PEER_WORKLOAD = argv.includes('--only-peer-workload');
const RUNS = Number(opt('--runs', 3));
const WARM = Number(opt('--warm', 3));
const SCALE_RUNS = Number(opt('--scale-runs', 1));
const PEERS = opt('--peers') ? path.resolve(opt('--peers')) : undefined;
const SKIP = new Set(String(opt('--skip', '')).split(',').filter(Boolean));
/** The peers (in ../shared/peers) that build the same workload, in the alternation. */
const PEER_NAMES = ['typst', 'chromium', 'pdfmake'];
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-bench-'));
const CACHE = path.join(ROOT, 'node_modules/.cache/briefkit');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const r2 = (x) => Math.round(x * 100) / 100;

/** A copy of a project in the temp folder (node_modules linked, so briefkit's disk cache is the real one). */
function copyProject(src, name, edit) {
  const dir = path.join(TMP, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const p of ['briefkit.config.ts', 'data', 'templates', 'fonts']) if (fs.existsSync(path.join(src, p))) fs.cpSync(path.join(src, p), path.join(dir, p), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  edit?.(dir);
  return dir;
}

/**
 * One command in a new process under /usr/bin/time: wall s, CPU s (user+sys of the process and
 * its children), peak RSS MiB (of the largest process), the load average when it started, and
 * briefkit's stage times (ms, from its BRIEFKIT_STAGES lines on stderr).
 */
function timed(cmd, args, env = {}) {
  const load = os.loadavg()[0];
  const out = spawnSync('/usr/bin/time', ['-f', '@@ %e %U %S %M', cmd, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(out.stderr);
  if (out.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed (${out.status}):\n${out.stderr.slice(-2000)}`);
  const stages = {};
  for (const [, name, ms] of out.stderr.matchAll(/^ {2}(\S+)\s.*\((\d+) ms\)$/gm)) stages[name] = (stages[name] ?? 0) + Number(ms);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMiB: Number(m[4]) / 1024, load, stages };
}

const buildArgs = (root, audience, out) => ['--root', root, 'build', '--out', out, ...(audience ? ['-a', audience] : [])];
const briefkit = (root, audience) => () => timed(process.execPath, [CLI, ...buildArgs(root, audience, fs.mkdtempSync(path.join(TMP, 'out-')))], { BRIEFKIT_STAGES: '1' });
/** A cold build: a new process with briefkit's disk cache removed first. */
const briefkitCold = (root, audience) => () => (fs.rmSync(CACHE, { recursive: true, force: true }), briefkit(root, audience)());

function summarize(samples) {
  const out = { runs: samples.length, wallS: r2(median(samples.map((s) => s.wall))), cpuS: r2(median(samples.map((s) => s.cpu))), peakRssMiB: Math.round(Math.max(...samples.map((s) => s.rssMiB))), load: r2(median(samples.map((s) => s.load))) };
  const names = Object.keys(samples[0]?.stages ?? {});
  if (names.length) out.stagesMs = Object.fromEntries(names.map((k) => [k, Math.round(median(samples.map((s) => s.stages[k] ?? 0)))]));
  return out;
}

/** Runs the jobs alternating (a b c a b c …), `runs` times each, after one warm-up round. */
function alternating(jobs, runs) {
  const samples = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
  for (const job of Object.values(jobs)) job(); // warm-up: disk caches, page cache
  for (let i = 0; i < runs; i++) for (const [k, job] of Object.entries(jobs)) samples[k].push(job());
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, summarize(s)]));
}

const results = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: r2(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map(r2), date: new Date().toISOString() }, runs: RUNS };
const peerWorkload = copyProject(path.join(ROOT, 'bench/peer-workload'), 'peer-workload');
const flagship = copyProject(ROOT, 'flagship');
const audiences = fs.readdirSync(path.join(ROOT, 'templates/audiences')).sort();

// --- cold ----------------------------------------------------------------------------------------
if (!SKIP.has('cold')) {
  const editions = ONLY_PEER_WORKLOAD ? audiences.filter((a) => a === 'policy') : audiences;
  const jobs = { 'peer-workload': briefkit(peerWorkload, 'briefing') };
  for (const a of editions) jobs[`flagship ${a}`] = briefkit(flagship, a);
  if (!ONLY_PEER_WORKLOAD) jobs['npm run report (all audiences)'] = briefkit(flagship);
  if (PEERS && !SKIP.has('peers')) {
    const peer = (name) => () => timed(process.execPath, [path.join(PEERS, name, 'build.mjs'), path.join(TMP, `${name}.pdf`)]);
    for (const name of PEER_NAMES) jobs[name] = peer(name);
  }
  if (!ONLY_PEER_WORKLOAD) results.cached = alternating(jobs, RUNS);
  // "cold", as issue 10 defines it: a new process and no cache (the first build after an install
  // or `rm -rf node_modules/.cache`): the disk cache is removed before every run
  const cold = {};
  for (const a of editions) cold[`flagship ${a}`] = briefkitCold(flagship, a);
  cold['peer-workload'] = briefkitCold(peerWorkload, 'briefing');
  if (!ONLY_PEER_WORKLOAD) cold['npm run report (all audiences)'] = briefkitCold(flagship);
  for (const name of PEER_NAMES) if (jobs[name]) cold[name] = jobs[name];
  results.cold = alternating(cold, RUNS);
}

// --- warm: an in-process rebuild after a one-word edit, as --watch does ---------------------------
if (!SKIP.has('warm')) {
  const { loadInputs, buildEdition } = await import(pathToFileURL(path.join(ROOT, 'dist/src/build.js')).href);
  results.warm = {};
  for (const [name, root, audience] of [['peer-workload', peerWorkload, 'briefing'], ...audiences.map((a) => [`flagship ${a}`, flagship, a])]) {
    const sections = path.join(root, 'templates/sections');
    const file = path.join(sections, fs.readdirSync(sections).sort()[0]);
    const original = fs.readFileSync(file, 'utf8');
    const times = [];
    const stages = [];
    for (let i = 0; i <= WARM; i++) {
      // one word of text changes (in the first section's body, after its front matter)
      const at = original.indexOf('\n---\n') + 5;
      fs.writeFileSync(file, original.slice(0, at) + original.slice(at).replace(/\b(the)\b/, i % 2 ? 'The' : 'this'));
      const marks = [];
      let last = performance.now();
      const reporter = { stage: (s) => { const now = performance.now(); marks.push([s, now - last]); last = now; }, info() {}, warn() {} };
      const t0 = performance.now();
      const inputs = await loadInputs({ root });
      marks.push(['inputs', performance.now() - t0]);
      last = performance.now();
      await buildEdition(inputs, audience, reporter);
      if (i > 0) {
        times.push(performance.now() - t0); // the first one warms the process up
        stages.push(Object.fromEntries(marks));
      }
    }
    fs.writeFileSync(file, original);
    const perStage = Object.fromEntries(Object.keys(stages[0]).map((k) => [k, Math.round(median(stages.map((s) => s[k])))]));
    results.warm[name] = { runs: times.length, medianMs: Math.round(median(times)), stagesMs: perStage };
  }
}

// --- scale ----------------------------------------------------------------------------------------
if (!SKIP.has('scale')) {
  results.scale = { rows: {}, charts: {} };
  const daylight = path.join(ROOT, 'examples/daylight');
  const daily = fs.readFileSync(path.join(daylight, 'data/daily.csv'), 'utf8').trimEnd().split('\n');
  for (const n of [1000, 5000, 10000]) {
    // the last n rows (the header kept): the example's derived datasets pick 2025's dates
    const dir = copyProject(daylight, `daylight-${n}`, (d) => fs.writeFileSync(path.join(d, 'data/daily.csv'), [daily[0], ...daily.slice(-n)].join('\n') + '\n'));
    results.scale.rows[n] = summarize(Array.from({ length: SCALE_RUNS }, briefkitCold(dir, 'full')));
  }
  // a report of N charts: the port's eight specs, repeated, one section
  const specs = fs.readdirSync(path.join(ROOT, 'bench/peer-workload/templates/charts')).map((f) => f.replace(/\.vl\.json$/, '')).sort();
  for (const n of [10, 50, 100]) {
    const dir = copyProject(path.join(ROOT, 'bench/peer-workload'), `charts-${n}`, (d) => {
      const body = Array.from({ length: n }, (_, i) => `{{chart "${specs[i % specs.length]}" id="fig-${i + 1}" caption="Chart number ${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26) ? String.fromCharCode(97 + Math.floor(i / 26)) : ''}"}}`).join('\n\n');
      fs.writeFileSync(path.join(d, 'templates/sections/charts.md.hbs'), `---\nid: charts\ntitle: Charts\n---\n${body}\n`);
      fs.writeFileSync(path.join(d, 'templates/audiences/briefing/profile.yaml'), 'label: Briefing\nedition: Charts\nsections: [charts]\n');
    });
    results.scale.charts[n] = summarize(Array.from({ length: SCALE_RUNS }, briefkitCold(dir, 'briefing')));
  }
  const ratio = (m, a, b) => r2(m[b].cpuS / m[a].cpuS);
  results.scale.ratios = {
    'rows 5,000 / 1,000 (CPU)': ratio(results.scale.rows, 1000, 5000),
    'rows 10,000 / 5,000 (CPU)': ratio(results.scale.rows, 5000, 10000),
    'charts 50 / 10 (CPU)': ratio(results.scale.charts, 10, 50),
    'charts 100 / 50 (CPU)': ratio(results.scale.charts, 50, 100),
  };
}

// --- stress: a 1,000-page document ------------------------------------------------------------------
/**
 * The daylight example with its daily table repeated: the 2020–2025 rows again for the years 12,
 * 24, … 108 earlier (a multiple of 4, so each 29 February stays a leap day; 1900, which is not, is
 * never reached), and a section of `paragraphs` paragraphs of sentences drawn from a fixed word
 * list (a seeded generator: the same document every run).
 */
function stressProject(name, { shifts = 10, paragraphs = 1200 } = {}) {
  const daylight = path.join(ROOT, 'examples/daylight');
  return copyProject(daylight, name, (d) => {
    const [head, ...rows] = fs.readFileSync(path.join(daylight, 'data/daily.csv'), 'utf8').trimEnd().split('\n');
    const out = [head];
    for (let k = shifts - 1; k >= 0; k--) for (const row of rows) out.push(row.replace(/^(\d{4})/, (y) => String(Number(y) - 12 * k)));
    fs.writeFileSync(path.join(d, 'data/daily.csv'), out.join('\n') + '\n');
    const words = 'light day night sun horizon season city north south winter summer hour minute twilight dawn dusk morning evening longer shorter year month week table value column row figure measure time clock zone equator latitude angle'.split(' ');
    let seed = 29;
    const rand = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const sentence = () => {
      const n = 8 + rand(14);
      const w = Array.from({ length: n }, () => words[rand(words.length)]);
      return w.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
    };
    const body = Array.from({ length: paragraphs }, () => Array.from({ length: 3 + rand(4) }, sentence).join(' ')).join('\n\n');
    fs.writeFileSync(path.join(d, 'templates/sections/stress.md.hbs'), `---\nid: stress\ntitle: Generated text\nappendix: true\n---\n${body}\n`);
    const profile = path.join(d, 'templates/audiences/full/profile.yaml');
    fs.writeFileSync(profile, fs.readFileSync(profile, 'utf8').replace(/sections: \[(.*)\]/, 'sections: [$1, stress]'));
  });
}
if (!SKIP.has('stress')) {
  const dir = stressProject('stress');
  results.stress = summarize(Array.from({ length: SCALE_RUNS }, briefkitCold(dir, 'full')));
}

// --- targets (issue 29), on this machine ---------------------------------------------------------
// Ratios are of medians in one alternating run. The machine may be shared: each target is judged
// on CPU time (user+sys, what load changes least), with the wall-time ratio beside it.
const targets = [];
/** why: the measured stage times of the briefkit build behind the number (cold runs). */
const target = (what, value, limit, unit, extra = {}) => targets.push({ what, value, target: limit, unit, met: value <= limit, factor: r2(value / limit), ...extra });
const c = results.cold;
const ratio = (a, b, k) => (c?.[a] && c?.[b] ? r2(c[a][k] / c[b][k]) : undefined);
const stagesOf = (k) => c?.[k]?.stagesMs;
if (c?.typst) target('peer-workload port, cold / Typst', ratio('peer-workload', 'typst', 'cpuS'), 1.0, '× CPU', { wall: ratio('peer-workload', 'typst', 'wallS'), stages: stagesOf('peer-workload') });
if (c?.chromium) target('peer-workload port, cold / Chromium', ratio('peer-workload', 'chromium', 'cpuS'), 0.35, '× CPU', { wall: ratio('peer-workload', 'chromium', 'wallS'), stages: stagesOf('peer-workload') });
if (c?.typst && c['flagship policy']) target('flagship policy edition, cold / Typst (peer workload)', ratio('flagship policy', 'typst', 'cpuS'), 1.5, '× CPU', { wall: ratio('flagship policy', 'typst', 'wallS'), stages: stagesOf('flagship policy') });
if (c?.chromium && c['npm run report (all audiences)']) target('npm run report / one Chromium build', ratio('npm run report (all audiences)', 'chromium', 'cpuS'), 0.65, '× CPU', { wall: ratio('npm run report (all audiences)', 'chromium', 'wallS') });
if (results.warm?.['flagship policy']) target('watch rebuild after a text edit (policy)', results.warm['flagship policy'].medianMs, 150, 'ms', { stages: results.warm['flagship policy'].stagesMs });
if (results.scale) {
  target('10,000-row appendix (daylight full), cold (wall)', results.scale.rows[10000].wallS, 5, 's');
  target('rows 10,000 / 5,000 CPU ratio', results.scale.ratios['rows 10,000 / 5,000 (CPU)'], 2.2, '×');
}
if (results.stress) target('1,000-page stress document, peak RSS', Math.round(results.stress.peakRssMiB * 1.048576), 250, 'MB', { stages: results.stress.stagesMs });
if (c?.['npm run report (all audiences)']) target('full build, peak RSS', Math.round(c['npm run report (all audiences)'].peakRssMiB * 1.048576), 250, 'MB');
results.targets = targets;

fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'out/bench.json'), JSON.stringify(results, null, 2) + '\n');
fs.rmSync(TMP, { recursive: true, force: true });

// --- report ---------------------------------------------------------------------------------------
const m = results.machine;
console.log(`machine: ${m.cpus} × ${m.model}, ${m.memGiB} GiB, Node ${m.node}, load ${m.load.join(' ')} at the start; CLI ${path.relative(ROOT, CLI)}`);
const stageText = (st) => (st ? Object.entries(st).map(([s, t]) => `${s} ${t}`).join(', ') : '');
if (c) {
  console.log(`\ncold builds (new process, no cache; median of ${RUNS}, alternating; load = median 1-min load average at the runs' start)\n| build | wall s | CPU s | peak RSS MiB | load | stages, ms (cold) | with the disk cache: wall s / CPU s / MiB |\n|---|---|---|---|---|---|---|`);
  for (const [k, v] of Object.entries(c)) {
    const w = results.cached?.[k];
    console.log(`| ${k} | ${v.wallS} | ${v.cpuS} | ${v.peakRssMiB} | ${v.load} | ${stageText(v.stagesMs)} | ${w && !PEER_NAMES.includes(k) ? `${w.wallS} / ${w.cpuS} / ${w.peakRssMiB}` : ''} |`);
  }
  const peers = PEER_NAMES.filter((p) => c[p]);
  if (peers.length) {
    console.log(`\nratios of medians, briefkit / peer\n| briefkit build | vs | wall | CPU | peak RSS |\n|---|---|---|---|---|`);
    for (const b of ['peer-workload', 'flagship policy']) for (const p of peers) if (c[b]) console.log(`| ${b} | ${p} | ${ratio(b, p, 'wallS')}× | ${ratio(b, p, 'cpuS')}× | ${ratio(b, p, 'peakRssMiB')}× |`);
  }
}
if (results.warm) {
  console.log(`\nwarm rebuild after a one-word edit (in process, median of ${WARM})\n| edition | ms | stages (ms) |\n|---|---|---|`);
  for (const [k, v] of Object.entries(results.warm)) console.log(`| ${k} | ${v.medianMs} | ${stageText(v.stagesMs)} |`);
}
if (results.scale) {
  console.log(`\nscaling (cold, CPU s)\n| rows | ${Object.keys(results.scale.rows).join(' | ')} |\n|---|---|---|---|\n| daylight full | ${Object.values(results.scale.rows).map((v) => `${v.cpuS} (${v.wallS} wall, ${v.peakRssMiB} MiB)`).join(' | ')} |`);
  console.log(`| charts | ${Object.keys(results.scale.charts).join(' | ')} |\n|---|---|---|---|\n| one section | ${Object.values(results.scale.charts).map((v) => `${v.cpuS} (${v.wallS} wall, ${v.peakRssMiB} MiB)`).join(' | ')} |`);
  console.log(`growth: ${Object.entries(results.scale.ratios).map(([k, v]) => `${k} ${v}×`).join('; ')}`);
}
if (results.stress) console.log(`\n1,000-page stress document (cold): ${results.stress.wallS} s wall, ${results.stress.cpuS} s CPU, ${results.stress.peakRssMiB} MiB peak RSS`);
console.log('\ntargets (issue 29; not measured here: `npm test` ≤ 120 s)');
for (const t of targets) {
  console.log(`  ${t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.value} ${t.unit}${t.wall !== undefined ? ` (wall ${t.wall}×)` : ''} (target ≤ ${t.target}${t.met ? '' : `; ${t.factor}× over`})`);
  if (!t.met && t.stages) {
    const [top, ms] = Object.entries(t.stages).sort((a, b) => b[1] - a[1])[0] ?? [];
    console.log(`         measured: ${stageText(t.stages)} ms; the largest is ${top} (${ms} ms)${top === 'data' ? ': process and worker start, module loading and the inputs' : ''}`);
  }
}
console.log('details in out/bench.json');
