/**
 * Property-based fuzzing: mutate a valid project's datasets and templates and run the real
 * pipeline in-process: 125 cases (a fixed, deterministic sample) in
 * `npm test`, 1,000 with BRIEFKIT_SLOW=1 (the nightly job in .github/workflows/report.yml, which
 * also raises FUZZ_RUNS). Every outcome must be either a good PDF written
 * atomically, or a catalogued BriefkitError (code BKnnn, a file named) with nothing written —
 * never an uncaught exception, a hang, or a partial file. FUZZ_RUNS overrides the count,
 * FUZZ_SEED replays a failure (FUZZ_SEED=random explores beyond the fixed seed).
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEdition, loadInputs } from '../../src/build.js';
import { writeEditions } from '../../src/build-host.js';
import { BriefkitError } from '../../src/log/error.js';
import { ROOT } from '../support.js';

const FIXTURE = path.join(import.meta.dirname, 'fixture');
const FILES = ['data/invention-grants.json', 'data/pct-by-origin.csv', 'data/sources.json', 'templates/sections/main.md.hbs', 'templates/charts/grants.vl.json', 'templates/tables/grants.yaml', 'templates/profile.yaml'];
const RUNS = Number(process.env.FUZZ_RUNS ?? (process.env.BRIEFKIT_SLOW === '1' ? 1000 : 125));
// A fixed seed keeps `npm test` reproducible (CI fails only on a change, never on luck);
// FUZZ_SEED=random explores new cases, FUZZ_SEED=<n> replays a reported failure.
const SEED = process.env.FUZZ_SEED === 'random' ? Date.now() ^ (Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20261130);

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-fuzz-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(dir, 'fonts'));
  return dir;
}

const TOKENS = ['{{', '}}', '{{#each', '{{/each}}', '{{/if}}', '{{> nope}}', '{{fig "invention-grants" 1999}}', '{{nosuch}}', '{{cite "zzz"}}', '{{ref "fig-x"}}',
  '123,456', '**', '_', '[x](http://127.0.0.1:9/)', '::figure{id="fig-grants"}', ':::callout', '<b>', '|', '---', '\n# ', '"', ',', '\n', '\u0000', '\uFEFF', '\u00e9', '国', '\\',
  'NaN', '-1', '1e309', 'null', 'true', '[]', '{}', '"year"', '"source": []', '"source": ["nope"]', '../../etc/passwd', 'http://127.0.0.1:9/x.csv', '{{constructor.constructor}}', '__proto__'];

type Mutation = { file: number; op: 'insert' | 'delete' | 'replace' | 'json'; at: number; len: number; token: number; jsonValue: unknown; jsonPath: number };

const mutation = fc.record({
  file: fc.nat({ max: FILES.length - 1 }),
  op: fc.constantFrom('insert', 'delete', 'replace', 'json'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  token: fc.nat({ max: TOKENS.length - 1 }),
  jsonValue: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null), fc.boolean(), fc.constant(-5), fc.constant(1e20), fc.array(fc.string(), { maxLength: 2 }), fc.constant({})),
  jsonPath: fc.nat(),
}) as fc.Arbitrary<Mutation>;

function apply(dir: string, m: Mutation): string {
  const rel = FILES[m.file]!;
  const file = path.join(dir, rel);
  const text = fs.readFileSync(file, 'utf8');
  const at = m.at % (text.length + 1);
  let next: string;
  let parsed: unknown;
  try {
    parsed = rel.endsWith('.json') ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined; // an earlier mutation broke the syntax: mutate the text instead
  }
  if (m.op === 'json' && parsed !== undefined) {
    const doc = parsed;
    // every object in the document (rows, specs, encodings…) is a candidate
    const objects: Record<string, unknown>[] = [];
    const visit = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        objects.push(v as Record<string, unknown>);
        Object.values(v).forEach(visit);
      }
    };
    visit(doc);
    const target = objects[m.jsonPath % objects.length]!;
    const keys = [...Object.keys(target), 'extra'];
    target[keys[(m.jsonPath >> 3) % keys.length]!] = m.jsonValue;
    next = JSON.stringify(doc, null, 2);
  } else if (m.op === 'delete') next = text.slice(0, at) + text.slice(at + m.len);
  else if (m.op === 'replace') next = text.slice(0, at) + TOKENS[m.token] + text.slice(at + m.len);
  else next = text.slice(0, at) + TOKENS[m.token] + text.slice(at);
  fs.writeFileSync(file, next);
  return `${rel}: ${m.op} at ${at}`;
}

// Counterexamples found by earlier runs, replayed first on every run.
const REGRESSIONS: [Mutation[]][] = [
  // an alias to no anchor in a profile ("**name") crashed the YAML reader's toJS
  [[{ file: 6, op: 'insert', at: 1124231160, len: 1, token: 11, jsonValue: null, jsonPath: 0 }]],
];

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`hang: no outcome after ${ms} ms`)), ms))]);

describe('fuzzing the pipeline', () => {
  it(`every mutated input gives a good PDF or a catalogued error (${RUNS} cases)`, async () => {
    const base = project();
    const good = path.join(base, 'out');
    fs.mkdirSync(good);
    let pdfs = 0;
    let errors = 0;
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-fuzz-case-'));
        try {
          for (const f of FILES) {
            fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
            fs.copyFileSync(path.join(base, f), path.join(dir, f));
          }
          fs.copyFileSync(path.join(base, 'briefkit.config.ts'), path.join(dir, 'briefkit.config.ts'));
          fs.mkdirSync(path.join(dir, 'templates/audiences/basic'), { recursive: true });
          fs.copyFileSync(path.join(base, 'templates/audiences/basic/profile.yaml'), path.join(dir, 'templates/audiences/basic/profile.yaml'));
          fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
          fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(dir, 'fonts'));
          const described = ms.map((m) => apply(dir, m));
          const out = path.join(dir, 'out');
          fs.mkdirSync(out);
          fs.writeFileSync(path.join(out, 'briefing-basic.pdf'), 'previous good PDF');
          try {
            await withTimeout(
              (async () => {
                const inputs = await loadInputs({ root: dir });
                const e = await buildEdition(inputs, 'basic');
                writeEditions(inputs, [e]);
              })(),
              20_000,
            );
            const pdf = fs.readFileSync(path.join(out, 'briefing-basic.pdf'));
            expect(pdf.subarray(0, 5).toString(), described.join('; ')).toBe('%PDF-');
            expect(pdf.subarray(-6).toString('latin1'), described.join('; ')).toMatch(/%%EOF\s*$/);
            pdfs++;
          } catch (e) {
            if (!(e instanceof BriefkitError)) throw new Error(`uncaught ${(e as Error)?.stack ?? e} after ${described.join('; ')}`);
            expect(e.code, e.message).toMatch(/^BK\d{3}$/);
            expect(e.code, `${e.message}\n(after ${described.join('; ')})`).not.toBe('BK900');
            expect(e.message).toMatch(/\S/);
            codes.add(e.code);
            errors++;
            expect(fs.readFileSync(path.join(out, 'briefing-basic.pdf'), 'utf8')).toBe('previous good PDF');
          }
          expect(fs.readdirSync(out).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: SEED, examples: REGRESSIONS },
    );
    // the corpus of outcomes is not degenerate: both successes and several kinds of errors occur
    // (successes are fewer since chart specs are checked against Vega-Lite's JSON Schema: a
    // mutated key or a wrong type in the spec is now BK202 where Vega-Lite used to ignore it)
    expect(pdfs).toBeGreaterThan(RUNS / 40);
    expect(errors).toBeGreaterThan(RUNS / 20);
    expect(codes.size).toBeGreaterThan(5);
  }, 1_500_000);
});
