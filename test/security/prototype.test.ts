/**
 * (a) Prototype pollution and prototype access from templates, profiles and data. Runs in-process
 * (renderTemplates, resolveProfile, loadData from src/) so a successful attack would be visible
 * on this process's Object.prototype. Every attempt must either fail with a catalogued error
 * (BriefkitError, code BKnnn other than the internal BK900) or render nothing dangerous; the
 * prototypes of Object and Function must stay exactly as they were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadData } from '../../src/data/load.js';
import { Project } from '../../src/io/project.js';
import { BriefkitError } from '../../src/log/error.js';
import { resolveProfile } from '../../src/profile/resolve.js';
import { loadTemplateAssets, renderTemplates } from '../../src/templates/render.js';
import { tempBase } from './support.js';
import { configForDir } from '../support.js';

const objectKeys = Object.getOwnPropertyNames(Object.prototype).sort();
const functionKeys = Object.getOwnPropertyNames(Function.prototype).sort();
const arrayKeys = Object.getOwnPropertyNames(Array.prototype).sort();

function assertPrototypesClean() {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectKeys);
  expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(functionKeys);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayKeys);
  expect(typeof Object.prototype.toString).toBe('function');
  expect(Object.prototype.toString.call({})).toBe('[object Object]');
}

/** Output that shows a prototype or function leaked into the document. */
const DANGEROUS = /\[native code\]|function\s*\w*\s*\(|\[object (?:process|Object|Function)\]|polluted|process\.version|v\d+\.\d+\.\d+/;

let dir = '';
beforeAll(() => {
  dir = tempBase();
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  assertPrototypesClean();
});

/** A tiny templates folder (tiny-<n>/) with one section and optional partials and profile extras. */
let n = 0;
function tinyTemplates(section: string, opts: { partials?: Record<string, string>; profileExtra?: string; audienceExtra?: string } = {}): string {
  const rel = `tiny-${++n}`;
  const t = path.join(dir, rel);
  fs.mkdirSync(path.join(t, 'sections'), { recursive: true });
  fs.mkdirSync(path.join(t, 'partials'), { recursive: true });
  fs.mkdirSync(path.join(t, 'audiences', 'a'), { recursive: true });
  fs.writeFileSync(path.join(t, 'profile.yaml'), `title: T\npublisher: P\nauthor: A\nsections: [attack]\n${opts.profileExtra ?? ''}`);
  fs.writeFileSync(path.join(t, 'audiences', 'a', 'profile.yaml'), `label: A\n${opts.audienceExtra ?? ''}`);
  fs.writeFileSync(path.join(t, 'sections', 'attack.md.hbs'), `---\nid: attack\ntitle: Attack\n---\n${section}\n`);
  for (const [name, body] of Object.entries(opts.partials ?? { ok: 'partial text' })) fs.writeFileSync(path.join(t, 'partials', `${name}.md.hbs`), body);
  return rel;
}

type Outcome = { ok: true; markdown: string } | { ok: false; error: unknown };

function render(templatesDir: string): Outcome {
  const project = new Project(dir, { templatesDir });
  try {
    const data = loadData(project.data, configForDir(project.data.dir));
    const assets = loadTemplateAssets(project.templates);
    const resolved = resolveProfile(project.templates, 'a');
    const out = renderTemplates(project.templates, resolved, data, assets);
    return { ok: true, markdown: out.sections.map((s) => s.markdown).join('\n') };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Fails unless the outcome is a catalogued error or harmless output. */
function expectContained(o: Outcome, label: string) {
  if (o.ok) {
    expect(o.markdown, `${label}: rendered something dangerous`).not.toMatch(DANGEROUS);
  } else {
    expect(o.error, `${label}: threw a non-catalogued error: ${String((o.error as Error)?.stack ?? o.error)}`).toBeInstanceOf(BriefkitError);
    const code = (o.error as BriefkitError).code;
    expect(code, `${label}: ${String((o.error as Error).message)}`).toMatch(/^BK\d{3}$/);
    expect(code, `${label}: internal error instead of a user error: ${(o.error as Error).message}`).not.toBe('BK900');
  }
  assertPrototypesClean();
}

describe('templates cannot reach prototypes', () => {
  const attacks: [string, string][] = [
    ['constructor.constructor call', '{{constructor.constructor "return process"}}'],
    ['constructor.constructor via this', '{{this.constructor.constructor "return process"}}'],
    ['with __proto__', '{{#with this.__proto__}}{{polluted}}{{/with}}'],
    ['with __proto__ and assignment-like hash', '{{#with this.__proto__}}{{fig "invention-grants" 2024 polluted=true}}{{/with}}'],
    ['lookup constructor', '{{lookup this "constructor"}}'],
    ['lookup __proto__', '{{lookup (lookup this "__proto__") "toString"}}'],
    ['with lookup constructor', '{{#with (lookup this "constructor")}}{{name}}{{/with}}'],
    ['each over constructor.prototype', '{{#each this.constructor.prototype}}{{@key}}{{/each}}'],
    ['__proto__ path', '{{__proto__.polluted}}'],
    ['__defineGetter__ as helper', '{{__defineGetter__ "polluted" "x"}}'],
    ['toString of a row', '{{#each (rows "invention-grants")}}{{this.constructor.name}}{{/each}}'],
    ['row __proto__', '{{#each (rows "invention-grants")}}{{this.__proto__.constructor}}{{/each}}'],
    ['profile constructor', '{{profile.constructor.name}}'],
    ['sources __proto__', '{{#with sources.__proto__}}{{constructor}}{{/with}}'],
    ['hash key __proto__', '{{#each (rows "invention-grants" __proto__=1)}}{{/each}}'],
    ['helper named hasOwnProperty', '{{hasOwnProperty "x"}}'],
    ['helper named constructor', '{{constructor "return process"}}'],
    ['log helper with process', '{{log (lookup this "constructor")}}'],
    ['partial with ../', '{{> ../../package}}'],
    ['partial with ../ string', '{{> "../../../etc/passwd"}}'],
    ['partial named __proto__', '{{> __proto__}}'],
    ['partial named constructor', '{{> constructor}}'],
    ['dynamic partial via lookup', '{{> (lookup this "constructor")}}'],
    ['dynamic partial ../', '{{> (concat "../" "x")}}'],
    ['decorator', '{{* constructor}}'],
    ['inline partial shadowing', '{{#*inline "ok"}}{{constructor.constructor}}{{/inline}}{{> ok}}'],
  ];
  for (const [label, tpl] of attacks) {
    test(label, () => {
      expectContained(render(tinyTemplates(tpl)), label);
    });
  }

  test('partial files whose names try to escape are only ever looked up by name', () => {
    // A partial file is found by listing templates/partials/; a template naming "../x" gets BK103.
    const rel = tinyTemplates('{{> ../ok}}', { partials: { ok: 'inside' } });
    const o = render(rel);
    expectContained(o, 'partial ../ok');
    if (o.ok) expect(o.markdown).not.toContain('inside');
  });
});

describe('profiles and data cannot pollute prototypes', () => {
  test('YAML profile with __proto__ and constructor.prototype keys', () => {
    const rel = tinyTemplates('Plain text.', {
      profileExtra: '__proto__:\n  polluted: base\nconstructor:\n  prototype:\n    polluted: base\n',
      audienceExtra: '__proto__:\n  polluted: overlay\nvars:\n  __proto__:\n    polluted: vars\n',
    });
    expectContained(render(rel), 'profile __proto__');
  });

  test('YAML merge keys and anchors cannot smuggle __proto__', () => {
    const rel = tinyTemplates('{{vars.x}}', {
      audienceExtra: 'base: &b\n  __proto__: { polluted: anchor }\nvars:\n  <<: *b\n  x: ok\n',
    });
    expectContained(render(rel), 'yaml merge key');
  });

  test('JSON dataset rows with "__proto__" and "constructor" keys', () => {
    const file = path.join(dir, 'data', 'invention-grants.json');
    const original = fs.readFileSync(file, 'utf8');
    try {
      const g = JSON.parse(original);
      // JSON.parse makes "__proto__" an own property; a naive merge/assign would pollute.
      const text = original.replace('"rows": [', '"__proto__": {"polluted": "top"}, "rows": [').replace(/("year": \d+,)/, '$1 "__proto__": {"polluted": "row"}, "constructor": {"prototype": {"polluted": "row"}},');
      expect(text).not.toBe(original);
      fs.writeFileSync(file, text);
      expect(g.rows.length).toBeGreaterThan(0);
      const o = render(tinyTemplates('{{fig "invention-grants" 2024}}'));
      expectContained(o, 'json __proto__');
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('template front matter with __proto__', () => {
    const rel = tinyTemplates('Text.');
    const f = path.join(dir, rel, 'sections', 'attack.md.hbs');
    fs.writeFileSync(f, '---\nid: attack\n__proto__:\n  polluted: fm\n---\nText.\n');
    expectContained(render(rel), 'front matter __proto__');
  });

  test('table spec YAML with __proto__ filter', () => {
    const rel = tinyTemplates('{{table "t"}}');
    fs.mkdirSync(path.join(dir, rel, 'tables'));
    fs.writeFileSync(
      path.join(dir, rel, 'tables', 't.yaml'),
      'dataset: invention-grants\ncaption: T\nfilter:\n  __proto__: { polluted: table }\ncolumns:\n  - { field: year, header: Year, format: year }\n',
    );
    expectContained(render(rel), 'table __proto__');
  });
});
