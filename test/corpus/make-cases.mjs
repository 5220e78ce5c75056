#!/usr/bin/env node
/**
 * Regenerates test/corpus/base/ and test/corpus/cases/ from the project's real data/ and templates/.
 *
 *   npx tsc -p . && node test/corpus/make-cases.mjs                  # cases from the frozen base/
 *   npx tsc -p . && node test/corpus/make-cases.mjs --refresh-base   # re-snapshot base/ first
 *
 * base/ is a frozen, buildable copy of data/ + templates/ (one audience), so the corpus does not
 * break while the real templates are edited; the script fails if base/ does not build.
 *
 * Each case is one small mutation of a real file. A case folder holds the mutated files at their
 * project-relative paths (overlaid onto a temp copy of the project), an optional delete.txt
 * (files to remove, one per line) and expect.json:
 *
 *   { "args": ["build", "-a", "policy"], "exit": 1, "code": "BK010",
 *     "file": "data/invention-grants.json", "line": 8, "column": 16, "field": "rows[0].value",
 *     "contains": ["…"], "setup": "missing-font" | "interrupt", "signalAfterMs": 300 }
 *
 * "line", "column", "field" and "code" may be arrays: any listed value is accepted (used where a
 * parser may fairly point at either the offending token or the line before it).
 * Expected locations are computed here from the mutation itself (where the user's mistake is),
 * never copied from briefkit's output.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CASES = path.join(import.meta.dirname, 'cases');
const BASE = path.join(import.meta.dirname, 'base');
const AUDIENCE = 'policy';
const BUILD = ['build', '-a', AUDIENCE];

// ---------------------------------------------------------------------------------------------
// The base project: a frozen copy of data/ and templates/ that builds, so the corpus does not
// move while the real templates are being edited. Only the one audience the corpus builds is
// kept, and section lists name only sections that have a template.
const refresh = process.argv.includes('--refresh-base') || !fs.existsSync(BASE);
if (refresh) {
  fs.rmSync(BASE, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'data'), path.join(BASE, 'data'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'templates'), path.join(BASE, 'templates'), { recursive: true });
  for (const a of fs.readdirSync(path.join(BASE, 'templates', 'audiences'))) {
    if (a !== AUDIENCE) fs.rmSync(path.join(BASE, 'templates', 'audiences', a), { recursive: true });
  }
  const hasSection = (name) =>
    ['templates/sections', `templates/audiences/${AUDIENCE}/sections`].some((d) => fs.existsSync(path.join(BASE, d, `${name}.md.hbs`)));
  for (const rel of ['templates/profile.yaml', `templates/audiences/${AUDIENCE}/profile.yaml`]) {
    const file = path.join(BASE, rel);
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8').replace(/^sections: \[(.*)\]\s*$/m, (_, list) => {
      const all = list.split(',').map((x) => x.trim());
      const dropped = all.filter((x) => !hasSection(x));
      if (dropped.length) console.log(`base: ${rel}: dropped sections without a template: ${dropped.join(', ')}`);
      return `sections: [${all.filter(hasSection).join(', ')}]`;
    });
    fs.writeFileSync(file, text);
  }
}

const read = (rel) => fs.readFileSync(path.join(BASE, rel), 'utf8');

/** Replaces the first occurrence of `from` (must exist) with `to`. */
function sub(text, from, to) {
  if (from instanceof RegExp) {
    const m = from.exec(text);
    if (!m) throw new Error(`make-cases: ${from} not found`);
    return text.slice(0, m.index) + to + text.slice(m.index + m[0].length);
  }
  const i = text.indexOf(from);
  if (i < 0) throw new Error(`make-cases: "${from}" not found`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}
/** `"data": {"name": "<name>"}` however the spec is formatted. */
const dataName = (name) => new RegExp(`"data":\\s*\\{\\s*"name":\\s*"${name}"\\s*\\}`);
/** Replaces the n-th (1-based) occurrence. */
function subNth(text, from, to, n) {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = text.indexOf(from, i + 1);
    if (i < 0) throw new Error(`make-cases: occurrence ${n} of "${from}" not found`);
  }
  return text.slice(0, i) + to + text.slice(i + from.length);
}
/** 1-based line and column of the first occurrence of `needle` (after `after`, if given). */
function pos(text, needle, after = '') {
  const start = after ? text.indexOf(after) : 0;
  if (start < 0) throw new Error(`make-cases: "${after}" not found`);
  const i = text.indexOf(needle, start);
  if (i < 0) throw new Error(`make-cases: "${needle}" not found`);
  const head = text.slice(0, i);
  const line = head.split('\n').length;
  return { line, column: i - (head.lastIndexOf('\n') + 1) + 1 };
}
/** Replaces line `n` (1-based) of text. */
function setLine(text, n, fn) {
  const lines = text.split('\n');
  lines[n - 1] = fn(lines[n - 1]);
  return lines.join('\n');
}
const lineOfLine = (text, exact) => {
  const i = text.split('\n').indexOf(exact);
  if (i < 0) throw new Error(`make-cases: line "${exact}" not found`);
  return i + 1;
};

const cases = [];
/** files: { rel: string | Buffer }, expect: see header. */
function add(name, files, expect, del = []) {
  cases.push({ name, files, expect: { args: BUILD, exit: 1, ...expect }, del });
}

// ---------------------------------------------------------------------------------------------
// data: JSON syntax
const G_REL = 'data/invention-grants.json';
const G = read(G_REL);
const g = JSON.parse(G);
const row0 = g.rows[0];
// The text of row 0's "value" line, e.g. `      "value": 135100,`
const v0 = `"value": ${row0.value}`;
const v1 = `"value": ${g.rows[1].value}`;

{
  // trailing comma after the last property of row 0 ("note")
  const last = Object.keys(row0).at(-1);
  const lastLine = pos(G, `"${last}": `).line;
  const t = setLine(G, lastLine, (l) => l + ',');
  add('01-json-trailing-comma', { [G_REL]: t }, { code: 'BK010', file: G_REL, line: [lastLine, lastLine + 1] });
}
{
  const p = pos(G, v0);
  const t = sub(G, v0 + ',', v0);
  add('02-json-missing-comma', { [G_REL]: t }, { code: 'BK010', file: G_REL, line: [p.line, p.line + 1] });
}
{
  const t = sub(G, v0, v0.replace('"value"', 'value'));
  const p = pos(t, 'value: ');
  add('03-json-unquoted-key', { [G_REL]: t }, { code: 'BK010', file: G_REL, line: p.line, column: p.column });
}
{
  // truncated right after row 1's value line
  const p = pos(G, v1);
  const t = G.split('\n').slice(0, p.line).join('\n') + '\n';
  add('04-json-truncated', { [G_REL]: t }, { code: 'BK010', file: G_REL, line: [p.line, p.line + 1] });
}
{
  const t = sub(G, v0, '"value": NaN');
  const p = pos(t, 'NaN');
  add('05-json-nan', { [G_REL]: t }, { code: 'BK010', file: G_REL, line: p.line, column: p.column });
}
{
  const t = sub(G, v1, '"value": Infinity');
  const p = pos(t, 'Infinity');
  add('06-json-infinity', { [G_REL]: t }, { code: 'BK010', file: G_REL, line: p.line, column: p.column });
}
add('07-json-bom', { [G_REL]: '\ufeff' + G }, { code: 'BK004', file: G_REL, line: 1, column: 1 });
{
  // one invalid byte (0xFF) inside row 0's note
  const needle = `"note": "`;
  const { line } = pos(G, needle);
  const i = Buffer.from(G.slice(0, G.indexOf(needle) + needle.length), 'utf8').length;
  const buf = Buffer.from(G, 'utf8');
  const bad = Buffer.concat([buf.subarray(0, i), Buffer.from([0xff]), buf.subarray(i)]);
  add('08-json-non-utf8', { [G_REL]: bad }, { code: 'BK003', file: G_REL, line });
}

// ---------------------------------------------------------------------------------------------
// data: CSV
const P_REL = 'data/pct-by-origin.csv';
const P = read(P_REL);
const pLines = P.split('\n');
{
  // line 4: drop the last (empty) field → one field short
  const t = setLine(P, 4, (l) => l.replace(/,$/, '').replace(/,[^,]*$/, ''));
  add('09-csv-wrong-field-count', { [P_REL]: t }, { code: 'BK011', file: P_REL, line: 4 });
}
{
  // line 5: a quoted field whose quote never closes
  const cells = pLines[4].split(',');
  cells[5] = '"' + (cells[5] || 'note');
  const t = setLine(P, 5, () => cells.join(','));
  add('10-csv-unclosed-quote', { [P_REL]: t }, { code: 'BK011', file: P_REL, line: 5 });
}
{
  const cells = pLines[2].split(',');
  cells[2] = 'NaN';
  const t = setLine(P, 3, () => cells.join(','));
  add('11-csv-nan', { [P_REL]: t }, { code: 'BK013', file: P_REL, line: 3, field: ['row[1].value', 'rows[1].value'], contains: ['NaN'] });
}
{
  const cells = pLines[3].split(',');
  cells[2] = 'Infinity';
  const t = setLine(P, 4, () => cells.join(','));
  add('12-csv-infinity', { [P_REL]: t }, { code: 'BK013', file: P_REL, line: 4, field: ['row[2].value', 'rows[2].value'], contains: ['Infinity'] });
}
{
  // remove the "value" column everywhere (header and rows; no quoted commas before it)
  const col = pLines[0].split(',').indexOf('value');
  const t = pLines.map((l) => (l ? l.split(',').filter((_, i) => i !== col).join(',') : l)).join('\n');
  add('13-csv-missing-column', { [P_REL]: t }, { code: 'BK013', file: P_REL, line: 1, field: 'value', contains: ['"value"'] });
}
add('14-csv-bom', { [P_REL]: '\ufeff' + P }, { code: 'BK004', file: P_REL, line: 1, column: 1 });
{
  const buf = Buffer.from(P, 'utf8');
  const lineStart = Buffer.from(pLines.slice(0, 5).join('\n') + '\n', 'utf8').length; // start of line 6
  const at = lineStart + Buffer.from(pLines[5].slice(0, pLines[5].lastIndexOf(',') + 1), 'utf8').length;
  const bad = Buffer.concat([buf.subarray(0, at), Buffer.from([0xc3, 0x28]), buf.subarray(at)]); // invalid 2-byte sequence
  add('15-csv-non-utf8', { [P_REL]: bad }, { code: 'BK003', file: P_REL, line: 6 });
}
{
  // wrong type in a CSV cell: a year that is not a number
  const cells = pLines[1].split(',');
  cells[0] = 'year-2009';
  const t = setLine(P, 2, () => cells.join(','));
  add('16-csv-wrong-type', { [P_REL]: t }, { code: 'BK013', file: P_REL, line: 2, field: ['row[0].year', 'rows[0].year'] });
}

// ---------------------------------------------------------------------------------------------
// profiles (YAML)
const BP_REL = 'templates/profile.yaml';
const BP = read(BP_REL);
{
  const { line } = pos(BP, '\ndateStyle:');
  const t = sub(BP, '\ndateStyle:', '\n\tdateStyle:');
  add('17-yaml-profile-tab-indent', { [BP_REL]: t }, { code: 'BK012', file: BP_REL, line: line + 1 });
}
const AP_REL = 'templates/audiences/policy/profile.yaml';
const AP = read(AP_REL);
{
  // the last line holding a quoted value loses its closing quote (no later quote can close it)
  const lines = AP.split('\n');
  const n = lines.findLastIndex((l) => /^\w+: ".*"\s*$/.test(l));
  if (n < 0) throw new Error('make-cases: audience profile has no quoted value');
  const t = setLine(AP, n + 1, (l) => l.replace(/"\s*$/, ''));
  const line = n + 1;
  add('18-yaml-audience-unclosed-quote', { [AP_REL]: t }, { code: 'BK012', file: AP_REL, line });
}

// ---------------------------------------------------------------------------------------------
// data: schema and integrity
{
  const t = sub(G, v0, `"value": "${row0.value}"`);
  add('19-json-wrong-type', { [G_REL]: t }, { code: 'BK013', file: G_REL, line: pos(t, '"value"').line, field: 'rows[0].value', contains: [`"${row0.value}"`] });
}
{
  const t = sub(G, v0, `"value": -${row0.value}`);
  add('20-json-negative-count', { [G_REL]: t }, { code: 'BK013', file: G_REL, line: pos(t, '"value"').line, field: 'rows[0].value' });
}
{
  const y1 = `"year": ${g.rows[1].year}`;
  const t = sub(G, y1, `"year": ${row0.year}`);
  const yl = pos(G, y1).line;
  // the row's opening brace or its "year" line
  add('21-json-duplicate-year', { [G_REL]: t }, { code: 'BK015', file: G_REL, line: [yl - 1, yl], field: 'rows[1]', contains: [String(row0.year)] });
}
{
  const t = JSON.stringify({ ...g, rows: [] }, null, 2) + '\n';
  add('22-json-empty-dataset', { [G_REL]: t }, { code: 'BK016', file: G_REL, field: 'rows' });
}
{
  const id = row0.source[0];
  const t = sub(G, `"${id}"`, '"no-such-source-0"');
  add('23-json-unknown-source', { [G_REL]: t }, { code: 'BK014', file: G_REL, line: pos(t, 'no-such-source-0').line, field: 'rows[0].source[0]', contains: ['no-such-source-0'] });
}
{
  const { source: _s, ...rest } = row0;
  const t = JSON.stringify({ ...g, rows: [rest, ...g.rows.slice(1)] }, null, 2) + '\n';
  const line = pos(t, '"rows": [').line + 1; // row 0 opens on the next line
  add('24-json-missing-source', { [G_REL]: t }, { code: 'BK018', file: G_REL, line: [line, line + 1], field: 'rows[0].source' });
}
{
  const t = sub(G, v0, v0.replace('"value"', '"vaule"'));
  add('25-json-unknown-field-typo', { [G_REL]: t }, { code: 'BK013', file: G_REL, line: pos(t, '"vaule"').line, field: ['rows[0].vaule', 'rows[0]'], contains: ['vaule'] });
}
add('26-unregistered-data-file', { 'data/invention-grant.json': G }, { code: 'BK019', file: 'data/invention-grant.json' });
{
  const S_REL = 'data/sources.json';
  const S = JSON.parse(read(S_REL));
  const dup = { ...S, sources: [S.sources[0], ...S.sources] };
  const t = JSON.stringify(dup, null, 2) + '\n';
  add('27-sources-duplicate-id', { [S_REL]: t }, { code: 'BK015', file: S_REL, field: 'sources[1].id', contains: [S.sources[0].id] });
}
add('28-missing-sources-registry', {}, { code: 'BK001', file: 'data/sources.json' }, ['data/sources.json']);

// ---------------------------------------------------------------------------------------------
// templates
const SUM_REL = 'templates/sections/summary.md.hbs';
const SUM = read(SUM_REL);
const TRA_REL = 'templates/sections/trajectory.md.hbs';
const TRA = read(TRA_REL);

/** Body lines start after the front matter; the first blank body line, as a 1-based file line. */
function firstBlankBodyLine(text) {
  const lines = text.split('\n');
  let i = 0;
  if (lines[0] === '---') i = lines.indexOf('---', 1) + 1;
  for (; i < lines.length - 1; i++) if (lines[i] === '' && i > 0 && lines[i - 1] !== '---') return i + 1;
  throw new Error('make-cases: no blank line in template body');
}
const append = (text, line) => text.replace(/\n*$/, `\n\n${line}\n`);
const firstCall = (text, helper) => {
  const m = new RegExp(`\\{\\{${helper} "([^"]+)"`).exec(text);
  if (!m) throw new Error(`make-cases: no {{${helper} "…"}} call`);
  return m;
};
const gYears = g.rows.map((r) => r.year).sort((a, b) => a - b);

{
  // drop one closing brace of the last mustache
  const idx = SUM.lastIndexOf('}}');
  const t = SUM.slice(0, idx) + SUM.slice(idx + 1);
  add('29-tpl-syntax-error', { [SUM_REL]: t }, { code: 'BK101', file: SUM_REL, line: SUM.slice(0, idx).split('\n').length });
}
{
  // an {{#each}} opened early in the file and never closed
  const line = firstBlankBodyLine(SUM);
  const t = setLine(SUM, line, () => '{{#each (rows "invention-grants")}}');
  add('30-tpl-unclosed-each', { [SUM_REL]: t }, { code: 'BK101', file: SUM_REL, line, contains: ['each'] });
}
{
  const line = firstBlankBodyLine(SUM);
  const t = setLine(SUM, line, () => '{{#each (rows "invention-grants")}}{{year}}{{/with}}');
  add('31-tpl-mismatched-close', { [SUM_REL]: t }, { code: 'BK101', file: SUM_REL, line });
}
{
  const t = sub(SUM, '{{fig "', '{{figg "');
  const p = pos(t, '{{figg');
  add('32-tpl-unknown-helper', { [SUM_REL]: t }, { code: 'BK102', file: SUM_REL, line: p.line, column: [p.column, p.column + 2], contains: ['figg'] });
}
{
  const t = append(SUM, '{{> no-such-partial}}');
  add('33-tpl-unknown-partial', { [SUM_REL]: t }, { code: 'BK103', file: SUM_REL, line: pos(t, '{{> no-such-partial').line, column: 1, contains: ['no-such-partial'] });
}
{
  const t = append(SUM, 'Edition for {{audiance}}.');
  const p = pos(t, '{{audiance');
  add('34-tpl-unknown-variable', { [SUM_REL]: t }, { code: 'BK104', file: SUM_REL, line: p.line, column: [p.column, p.column + 2], contains: ['audiance'] });
}
{
  const t = append(SUM, 'Published by {{profile.publsher}}.');
  add('35-tpl-unknown-variable-path', { [SUM_REL]: t }, { code: 'BK104', file: SUM_REL, line: pos(t, '{{profile.publsher').line, contains: ['publsher'] });
}
{
  const m = firstCall(TRA, 'chart');
  const bad = m[1] + '-nope';
  const t = sub(TRA, m[0], `{{chart "${bad}"`);
  add('36-tpl-unknown-chart', { [TRA_REL]: t }, { code: 'BK201', file: TRA_REL, line: pos(t, `{{chart "${bad}"`).line, contains: [bad] });
}
{
  const C_REL = 'templates/charts/invention-grants.vl.json';
  const t = sub(read(C_REL), /"name":\s*"invention-grants"/, '"name": "invention-grant"');
  add('37-chart-spec-unknown-dataset', { [C_REL]: t }, { code: 'BK017', file: C_REL, field: 'data.name', contains: ['invention-grant'] });
}
{
  const m = firstCall(SUM, 'fig');
  const bad = m[1] + '-nope';
  const t = sub(SUM, m[0], `{{fig "${bad}"`);
  add('38-tpl-fig-unknown-dataset', { [SUM_REL]: t }, { code: 'BK017', file: SUM_REL, line: pos(t, `{{fig "${bad}"`).line, contains: [bad] });
}
{
  const t = append(SUM, `Grants grew by {{cagr "invention-grants" ${gYears.at(-1)} ${gYears[0]}}} a year.`);
  add('39-tpl-cagr-reversed', { [SUM_REL]: t }, { code: 'BK105', file: SUM_REL, line: pos(t, 'Grants grew by {{cagr').line, contains: ['cagr'] });
}
{
  const t = append(SUM, 'Grants: {{fig "invention-grants" 1899}}.');
  add('40-tpl-fig-no-match', { [SUM_REL]: t }, { code: 'BK105', file: SUM_REL, line: pos(t, '1899').line, contains: ['fig'] });
}
{
  const t = append(SUM, 'Grants: {{fig}}.');
  add('41-tpl-fig-no-arguments', { [SUM_REL]: t }, { code: 'BK105', file: SUM_REL, line: pos(t, '{{fig}}').line, contains: ['fig'] });
}

// ---------------------------------------------------------------------------------------------
// chart and table specs
const PC_REL = 'templates/charts/pct-by-origin.vl.json';
const PC = read(PC_REL);
{
  const t = sub(PC, /"type":\s*"line"/, '"type": "bogus"');
  add('42-chart-bogus-mark', { [PC_REL]: t }, { code: 'BK202', file: PC_REL, contains: ['bogus'] });
}
{
  const t = sub(PC, dataName('pct-by-origin'), '"data": { "url": "https://example.com/pct.csv" }');
  add('43-chart-http-url', { [PC_REL]: t }, { code: 'BK203', file: PC_REL, field: 'data.url', contains: ['https://example.com/pct.csv'] });
}
{
  const t = sub(PC, dataName('pct-by-origin'), '"data": { "url": "../../etc/passwd" }');
  add('44-chart-passwd-url', { [PC_REL]: t }, { code: 'BK203', file: PC_REL, field: 'data.url', contains: ['../../etc/passwd'] });
}
{
  const C_REL = 'templates/charts/invention-grants.vl.json';
  const C = read(C_REL);
  const h = /"height":\s*\d+,/.exec(C)[0];
  const p = pos(C, h);
  const t = sub(C, h, h.slice(0, -1));
  add('45-chart-json-syntax', { [C_REL]: t }, { code: 'BK010', file: C_REL, line: [p.line, p.line + 1] });
}
{
  const T_REL = 'templates/tables/invention-grants.yaml';
  const T = read(T_REL);
  const t = sub(T, 'format: number', 'format: numbr');
  // columns index of the mutated column
  const cols = T.split('\n').filter((l) => /^\s*- \{/.test(l));
  const ci = cols.findIndex((l) => l.includes('format: number'));
  add('46-table-spec-bad-format', { [T_REL]: t }, { code: 'BK013', file: T_REL, line: pos(t, 'numbr').line, field: `columns[${ci}].format` });
}

// ---------------------------------------------------------------------------------------------
// profiles, structure, figures, references
add('47-unknown-audience', {}, { args: ['build', '-a', 'nobody'], exit: 2, code: 'BK501', contains: ['nobody', 'policy'] });
{
  const m = /^sections: \[(.*)\]$/m.exec(AP);
  if (!m) throw new Error('make-cases: audience profile has no sections list');
  const t = sub(AP, m[0], `sections: [${m[1]}, outlook]`);
  add('48-section-without-template', { [AP_REL]: t }, { code: 'BK112', file: AP_REL, field: 'sections', contains: ['outlook'] });
}
add('49-section-template-deleted', {}, { code: 'BK112', file: AP_REL, field: 'sections', contains: ['trajectory'] }, [TRA_REL]);
{
  // a typed figure in prose right after a standalone block close ({{/callout}} on its own line),
  // where Handlebars strips the newline; falls back to the end of the file
  const lines = SUM.split('\n');
  const close = lines.findIndex((l) => /^\{\{\/\w+\}\}$/.test(l));
  const sentence = 'Some 600 examiners were hired.';
  const t = close >= 0 ? [...lines.slice(0, close + 1), '', sentence, ...lines.slice(close + 1)].join('\n') : append(SUM, sentence);
  const p = pos(t, '600 examiners');
  add('50-hand-typed-figure', { [SUM_REL]: t }, { code: 'BK107', file: SUM_REL, line: p.line, column: p.column, contains: ['600'] });
}
{
  const m = firstCall(SUM, 'cite');
  const t = sub(SUM, m[0], '{{cite "no-such-source-0"');
  add('51-cite-unknown-source', { [SUM_REL]: t }, { code: 'BK108', file: SUM_REL, line: pos(t, 'no-such-source-0').line, contains: ['no-such-source-0'] });
}
{
  const t = append(TRA, 'As {{ref "fig-nowhere"}} shows.');
  add('52-ref-unknown-id', { [TRA_REL]: t }, { code: 'BK109', file: TRA_REL, line: pos(t, 'fig-nowhere').line, contains: ['fig-nowhere'] });
}
{
  const m = /\{\{chart "([^"]+)" id="([^"]+)"/.exec(TRA);
  if (!m) throw new Error('make-cases: no {{chart … id=…}} in trajectory');
  const t = append(TRA, `{{chart "${m[1]}" id="${m[2]}" caption="The same chart again"}}`);
  add('53-duplicate-figure-id', { [TRA_REL]: t }, { code: 'BK110', file: TRA_REL, line: pos(t, 'caption="The same chart again"').line, contains: [m[2]] });
}
{
  // a CSV row naming a source that data/sources.json does not list
  const cells = pLines[2].split(',');
  cells[4] = 'no-such-source-0';
  const t = setLine(P, 3, () => cells.join(','));
  add('54-csv-unknown-source', { [P_REL]: t }, { code: 'BK014', file: P_REL, line: 3, field: ['row[1].source[0]', 'rows[1].source[0]'], contains: ['no-such-source-0'] });
}
{
  const t = sub(SUM, /^numbered: \w+$/m, 'numbered: maybe');
  add('55-front-matter-bad-value', { [SUM_REL]: t }, { code: ['BK106', 'BK013'], file: SUM_REL, line: pos(t, 'numbered: maybe').line, contains: ['numbered', 'maybe'] });
}

// ---------------------------------------------------------------------------------------------
// environment: fonts, output, signals
add('56-missing-font', {}, { setup: 'missing-font', code: 'BK301', file: 'pdfmake/fonts/Roboto/Roboto-Regular.ttf', contains: ['Roboto'] });
add('57-out-parent-is-file', { blocker: 'a regular file where a folder is expected\n' }, { args: [...BUILD, '--out', 'blocker/out'], code: 'BK401', file: 'blocker/out' });
add('58-interrupted-build', {}, { setup: 'interrupt', signalAfterMs: 300, exit: 1, code: 'BK402', contains: ['SIGTERM'] });
{
  // `check` reports the same errors and never writes
  const t = sub(G, v0, '"value": NaN');
  const p = pos(t, 'NaN');
  add('59-check-json-nan', { [G_REL]: t }, { args: ['check', '-a', 'policy'], code: 'BK010', file: G_REL, line: p.line, column: p.column });
}
{
  const t = sub(PC, dataName('pct-by-origin'), '"data": { "url": "/etc/passwd" }');
  add('60-check-chart-absolute-path', { [PC_REL]: t }, { args: ['check'], code: 'BK203', file: PC_REL, field: 'data.url', contains: ['/etc/passwd'] });
}

{
  // an invalid value in the BASE profile must be reported in the base profile, not the overlay
  const m = /^language: .*$/m.exec(BP);
  if (!m) throw new Error('make-cases: base profile has no language');
  const t = sub(BP, m[0], 'language: English');
  add('61-base-profile-bad-value', { [BP_REL]: t }, { code: ['BK503', 'BK013'], file: BP_REL, line: pos(t, 'language: English').line, field: 'language' });
}
{
  // an invalid value in the audience overlay, with its line
  const t = AP.replace(/\n*$/, '\nmaxPages: many\n');
  add('62-audience-profile-bad-value', { [AP_REL]: t }, { code: ['BK503', 'BK013'], file: AP_REL, line: pos(t, 'maxPages: many').line, field: 'maxPages' });
}

// ---------------------------------------------------------------------------------------------
fs.rmSync(CASES, { recursive: true, force: true });
for (const c of cases) {
  const dir = path.join(CASES, c.name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(c.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  if (c.del.length) fs.writeFileSync(path.join(dir, 'delete.txt'), c.del.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'expect.json'), JSON.stringify(c.expect, null, 2) + '\n');
}
console.log(`${cases.length} cases written to ${path.relative(process.cwd(), CASES) || '.'}`);

// The base must build, or no case can be judged: check it with the built CLI when there is one.
const cli = path.join(ROOT, 'dist', 'src', 'cli.js');
if (fs.existsSync(cli)) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-base-'));
  fs.cpSync(BASE, tmp, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'));
  if (fs.existsSync(path.join(ROOT, 'fonts'))) fs.symlinkSync(path.join(ROOT, 'fonts'), path.join(tmp, 'fonts'));
  const r = spawnSync(process.execPath, [cli, '--root', tmp, ...BUILD], { encoding: 'utf8' });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(`base project does not build (fix templates/ or rerun later):\n${r.stderr}`);
    process.exit(1);
  }
  console.log('base project builds');
}
