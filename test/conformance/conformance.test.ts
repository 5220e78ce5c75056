/**
 * Chart conformance: a committed sample of valid Vega-Lite 6 specs (test/conformance/specs,
 * written by make-specs.mjs: layer, concat, facet, repeat, params and selections, config, geo,
 * image, text, boxplot, errorband, timeUnit, bin, stack, transforms, links) goes through the
 * `briefkit chart` code path (chartCommand, in this process: the schema is compiled once) to SVG
 * (Vega's SVG renderer) and to PDF (the chart's display list, src/charts/scene, drawn by
 * src/pdf/engine/vector-node.ts, as in a build). Each must render with no warning, and each PDF must be one page, pass
 * `qpdf --check` with no warning, and carry the chart's axis, legend and title texts as text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartCommand } from '../../src/commands/chart.js';
import { ROOT, pdftotext, tempDir, tool } from '../support.js';

const SPECS = path.join(import.meta.dirname, 'specs');
const names = fs.readdirSync(SPECS).filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length)).sort();
const OUT = tempDir('briefkit-conformance-');

interface Result {
  svg?: string;
  pdf?: string;
  stderr: string;
  error?: unknown;
}
const results = new Map<string, Result>();

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** Texts of the SVG's axis titles and labels, legend titles and labels, and chart titles (not those hidden as overlapping: opacity 0). */
const svgLabels = (svg: string) =>
  [...svg.matchAll(/<g class="mark-text role-(?:axis-label|axis-title|legend-label|legend-title|title-text|title-subtitle)"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((g) =>
    [...g[1]!.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)].filter((m) => !/\sopacity="0"/.test(m[1]!)).map((m) => unescape(m[2]!.replace(/<[^>]*>/g, ''))).filter((s) => s.trim()),
  );
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  const write = process.stderr.write;
  for (const name of names) {
    let stderr = '';
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    }) as typeof process.stderr.write;
    const r: Result = { stderr: '' };
    try {
      for (const ext of ['svg', 'pdf'] as const) {
        const out = path.join(OUT, `${name}.${ext}`);
        await chartCommand({ root: ROOT, spec: path.join(SPECS, `${name}.vl.json`), out, width: 640, height: 300 });
        r[ext] = out;
      }
    } catch (e) {
      r.error = e;
    } finally {
      process.stderr.write = write;
    }
    r.stderr = stderr;
    results.set(name, r);
  }
}, 120_000);

afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

describe('the conformance sample', () => {
  it('holds at least 60 specs, covering every kind of view the issue names', () => {
    expect(names.length).toBeGreaterThanOrEqual(60);
    const all = names.map((n) => fs.readFileSync(path.join(SPECS, `${n}.vl.json`), 'utf8')).join('\n');
    for (const needle of ['"layer"', '"hconcat"', '"vconcat"', '"concat"', '"facet"', '"repeat"', '"params"', '"select"', '"config"', '"projection"', '"topojson"', '"geoshape"', '"image"', '"text"', '"boxplot"', '"errorband"', '"timeUnit"', '"bin"', '"stack"', '"href"']) {
      expect(all, needle).toContain(needle);
    }
  });
});

describe.each(names)('%s', (name) => {
  it('renders to SVG and PDF with no error and no warning', () => {
    const r = results.get(name)!;
    expect(r.error, String((r.error as Error)?.message)).toBeUndefined();
    expect(r.stderr).toBe('');
  });

  it('gives a one-page PDF that passes qpdf --check cleanly and carries the SVG labels as text', () => {
    const r = results.get(name)!;
    if (!r.pdf) return expect.fail('no PDF');
    // -raw: in drawing order, so a label set at an angle comes out in one piece; pdftotext ends
    // each page with a form feed, so the text also counts the pages (no pdfinfo run per spec)
    const raw = pdftotext(r.pdf, ['-raw']);
    expect(raw.split('\f').length - 1, 'pages').toBe(1);
    const check = tool('qpdf', ['--check', r.pdf]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toMatch(/WARNING/i);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');
    const svg = fs.readFileSync(r.svg!, 'utf8');
    const labels = svgLabels(svg);
    expect(labels.length, 'the chart has a title at least').toBeGreaterThan(0);
    const text = squash(raw);
    for (const l of labels) expect(text, `"${l}"`).toContain(squash(l));
  });
});
