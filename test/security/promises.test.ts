/**
 * Issue 11, items 6–8: internal errors that are user errors, promises kept everywhere, and
 * specific messages. Each case breaks a copy of the frozen base project and renders it in-process
 * (the errors all come before charts and layout, so each takes a second or two).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { renderEditions } from '../../src/build.js';
import { thrown, runCliAsync } from '../support.js';
import { addSection, AUDIENCE, summaryOnly, tempBase } from './support.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function failure(edit: (dir: string) => void) {
  const dir = tempBase(edit);
  dirs.push(dir);
  return thrown(() => renderEditions({ root: dir, audiences: [AUDIENCE] }));
}
const section = (body: string, fm: Record<string, unknown> = {}) => (d: string) => addSection(d, 'extra', body, fm);
const editJson = (file: string, fn: (text: string) => string) => (d: string) => {
  const p = path.join(d, 'data', file);
  fs.writeFileSync(p, fn(fs.readFileSync(p, 'utf8')));
};
const FIG = '{{chart "invention-grants" id="fig-extra" caption="Grants"}}';

describe('internal errors that are user errors (BK110, BK041)', () => {
  test('a chart id equal to a section id: BK110 naming both places', async () => {
    const e = await failure(section('Text.\n\n{{chart "invention-grants" id="trajectory" caption="Grants"}}'));
    expect(e.code).toBe('BK110');
    expect(e.message).toContain('templates/sections/trajectory.md.hbs');
    expect(e.message).toContain('templates/sections/extra.md.hbs');
  });

  test('a figure directive repeated ("Node id already exists"): BK110 naming both places', async () => {
    const e = await failure(section(`${FIG}\n\nMore text.\n\n::figure{id="fig-extra"}`));
    expect(e.code).toBe('BK110');
    expect(e.summary).toMatch(/fig-extra.*placed/);
  });

  test('the same chart id twice: BK110 naming the first call\'s line', async () => {
    const e = await failure(section(`${FIG}\n\n{{chart "invention-grants" id="fig-extra" caption="Again"}}`));
    expect(e.code).toBe('BK110');
    expect(e.message).toMatch(/extra\.md\.hbs:\d+/);
  });

  test('a data file nested 100,000 deep: BK041 naming the file', async () => {
    const e = await failure(editJson('invention-grants.json', (t) => t.replace('"unit":', `"deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}, "unit":`)));
    expect(e.code).toBe('BK041');
    expect(e.message).toContain('data/invention-grants.json:');
  });

  test('a chart spec nested 100,000 deep: BK041 naming the spec', async () => {
    const e = await failure((d) => {
      const p = path.join(d, 'templates', 'charts', 'gii-rank.vl.json');
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(/^\{/, `{"x": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},`));
    });
    expect(e.code).toBe('BK041');
    expect(e.message).toContain('templates/charts/gii-rank.vl.json');
  });
});

describe('promises kept (BK120–BK122, BK107, BK307)', () => {
  test.each(['javascript:alert(document.cookie)', 'file:///etc/passwd', 'smb://host/share', 'notes.html'])('a link to %s: BK120', async (url) => {
    const e = await failure(section(`See [this](${url}).`));
    expect(e.code).toBe('BK120');
    expect(e.message).toContain('templates/sections/extra.md.hbs');
  });

  test('http(s) and mailto links are fine', async () => {
    // the summary and the section: the whole edition is rendered, and the links are all in the section
    const dir = tempBase((d) => {
      summaryOnly(d);
      section('See [a](https://example.org/x), [b](http://example.org) and [c](mailto:a@example.org).')(d);
    });
    dirs.push(dir);
    await expect(renderEditions({ root: dir, audiences: [AUDIENCE] })).resolves.toBeTruthy();
  }, 120_000);

  test('a source address with another scheme: BK120 naming data/sources.json', async () => {
    const e = await failure(editJson('sources.json', (t) => t.replace(/"url": "https?:[^"]*"/, '"url": "javascript:alert(1)"')));
    expect(['BK120', 'BK013']).toContain(e.code);
    expect(e.message).toContain('data/sources.json');
  });

  test('an unknown :::warning container: BK121, not silently dropped', async () => {
    const e = await failure(section(':::warning\nThis text must not vanish.\n:::'));
    expect(e.code).toBe('BK121');
    expect(e.summary).toContain(':::warning');
  });

  test('a Markdown image: BK122', async () => {
    const e = await failure(section('Look: ![a chart](chart.png)'));
    expect(e.code).toBe('BK122');
  });

  test('a number typed as a helper argument: BK107 at its line', async () => {
    const e = await failure(section('Intro.\n\nTotal: {{num 987654321}}.'));
    expect(e.code).toBe('BK107');
    expect(e.summary).toContain('987654321');
  });

  test('a character missing from the font in a cited source title: BK307 naming data/sources.json', async () => {
    const e = await failure((d) => {
      const summary = fs.readFileSync(path.join(d, 'templates', 'sections', 'summary.md.hbs'), 'utf8');
      const cited = /\{\{cite "([^"]+)"/.exec(summary)![1]!;
      const p = path.join(d, 'data', 'sources.json');
      const j = JSON.parse(fs.readFileSync(p, 'utf8'));
      const src = j.sources.find((s: { id: string }) => s.id === cited);
      src.title = `${src.title} \u0F00`;
      fs.writeFileSync(p, JSON.stringify(j, null, 2));
    });
    expect(e.code).toBe('BK307');
    expect(e.message).toContain('data/sources.json');
  });

  test('a character missing from the font in a figure caption: BK307', async () => {
    const e = await failure(section('{{chart "invention-grants" id="fig-extra" caption="Grants \u0F00"}}'));
    expect(e.code).toBe('BK307');
  });
});

describe('specific messages (BK103, BK105, BK042, BK043, BK502)', () => {
  test('a runtime helper error carries the line of the call, not the section\'s first line', async () => {
    const e = await failure(section('One.\n\nTwo.\n\nThree {{date "2024-01-16" "jjj"}}.'));
    // front matter: 6 lines (---, id, title, numbered, newPage, ---), body line 5
    expect(e.where.line).toBe(11);
  });

  test('firstYear with a filter no row matches: BK105 naming the filter, not "Infinity"', async () => {
    const e = await failure(section('Since {{firstYear "invention-grants" year=1800}}.'));
    expect(e.code).toBe('BK105');
    expect(e.summary).toContain('year=1800');
    expect(e.message).not.toContain('Infinity');
  });

  test.each(['/etc/passwd', 'x/../y', '../../etc/passwd'])('a partial named by a path (%s): BK103', async (name) => {
    const e = await failure(section(`{{> ${name}}}`));
    expect(e.code).toBe('BK103');
  });

  test('1e400 in data: BK042 with its line, not "got null"', async () => {
    const e = await failure(editJson('invention-grants.json', (t) => t.replace('"value": 135100', '"value": 1e400')));
    expect(e.code).toBe('BK042');
    expect(e.message).toContain('1e400');
    expect(e.where.line).toBeGreaterThan(1);
  });

  test('a duplicate key in JSON data: BK043, as in YAML', async () => {
    const e = await failure(editJson('invention-grants.json', (t) => t.replace('"value": 135100,', '"value": 135100, "value": 1,')));
    expect(e.code).toBe('BK043');
    expect(e.message).toContain('"value"');
  });

  test.each([
    [['build', '--bogus'], /unknown option '--bogus'/],
    [['chart'], /missing required argument|required option/],
    [['frobnicate'], /unknown command/],
  ])('usage error %j: exit 2 with BK502', async (args, text) => {
    const r = await runCliAsync(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error BK502: /m);
    expect(r.stderr).toMatch(text);
  });
});
