/**
 * Inputs checked, not guessed (issue 28, deliverable 7): what was silently dropped or printed as
 * nothing is now a catalogued error naming the file and the field.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../src/data/load.js';
import { Area } from '../../src/io/project.js';
import { resolveProfile } from '../../src/profile/resolve.js';
import { loadTemplateAssets, renderTemplates } from '../../src/templates/render.js';
import { configForDir, tempDir, thrownSync, writeTree } from '../support.js';

const SOURCES = JSON.stringify({ sources: ['a', 'b'].map((id) => ({ id, title: id, publisher: 'P', date: '2024-01-16', url: `https://example.org/${id}`, kind: 'web' })) });

function loadCsv(csv: string) {
  const dir = tempDir('briefkit-inputs-');
  writeTree(dir, { 'sources.json': SOURCES, 'pct-by-origin.csv': csv });
  return () => loadData(new Area(dir, 'data'), configForDir(dir));
}

describe('CSV', () => {
  it('a column named twice is BK045, naming the column (one of them was silently dropped)', () => {
    const e = thrownSync(loadCsv('year,origin,value,source,value\n2019,China,58990,a,1\n'));
    expect(e.code).toBe('BK045');
    expect(e.where).toMatchObject({ file: 'data/pct-by-origin.csv', line: 1, field: 'value' });
    expect(e.summary).toContain('columns 3 and 5');
  });

  it.each(['a; ; ', 'a;', '; a', 'a;;b'])('the source list "%s" (an empty item) is BK046', (list) => {
    const e = thrownSync(loadCsv(`year,origin,value,source\n2019,China,58990,"${list}"\n`));
    expect(e.code).toBe('BK046');
    expect(e.where).toMatchObject({ file: 'data/pct-by-origin.csv', field: 'row[0].source', line: 2 });
  });

  it('a well-formed list still loads', () => {
    const b = loadCsv('year,origin,value,source\n2019,China,58990,a; b\n')();
    expect(b.datasets.get('pct-by-origin')!.rows[0]!.source).toEqual(['a', 'b']);
  });
});

/** One section `body` rendered over a grants dataset whose 2022 row has the note `note`. */
function renderSection(body: string, note = 'a note') {
  const root = tempDir('briefkit-inputs-');
  const rows = [{ year: 2022, value: 1, source: ['a'], note }, { year: 2023, value: 2, source: ['b'] }];
  writeTree(root, {
    'data/sources.json': SOURCES,
    'data/invention-grants.json': JSON.stringify({ title: 'G', unit: 'u', rows }),
    'templates/profile.yaml': 'title: T\npublisher: P\nauthor: A\nsections: [s]\n',
    'templates/audiences/a/profile.yaml': 'label: A\n',
    'templates/sections/s.md.hbs': `---\nid: s\ntitle: S\n---\n${body}`,
  });
  const templates = new Area(path.join(root, 'templates'), 'templates');
  const data = loadData(new Area(path.join(root, 'data'), 'data'), configForDir(path.join(root, 'data')));
  return () => renderTemplates(templates, resolveProfile(templates, 'a'), data, loadTemplateAssets(templates));
}

describe('templates', () => {
  it.each(['{{constructor}}', '{{__proto__}}', '{{this.constructor}}', '{{lookup this "constructor"}}', '{{#each (rows "invention-grants")}}{{constructor.name}}{{/each}}'])(
    '%s is BK047 at its line (it printed nothing)',
    (expr) => {
      const e = thrownSync(renderSection(`Line one.\n${expr}\n`));
      expect(e.code).toBe('BK047');
      expect(e.where).toMatchObject({ file: 'templates/sections/s.md.hbs', line: 6 });
    },
  );

  it('a lookup key from the data naming a built-in property is BK047 too', () => {
    const e = thrownSync(renderSection('{{#each (rows "invention-grants" 2022)}}\n{{lookup this note}}\n{{/each}}\n', 'constructor'));
    expect(e.code).toBe('BK047');
    expect(e.where.file).toBe('templates/sections/s.md.hbs');
  });

  it('{{#each}} over a text is BK048 (it printed nothing)', () => {
    const e = thrownSync(renderSection('Intro.\n{{#each (rows "invention-grants" 2022)}}\n{{#each note}}x{{/each}}\n{{/each}}\n'));
    expect(e.code).toBe('BK048');
    expect(e.summary).toContain('"a note"');
    expect(e.where).toMatchObject({ file: 'templates/sections/s.md.hbs', line: 7 });
  });

  it('lookup and each still work on what they are for', () => {
    const r = renderSection('{{#each (rows "invention-grants")}}[{{lookup this "note"}}]{{#each source}}<{{this}}>{{/each}}{{/each}}')();
    expect(r.sections[0]!.markdown).toContain('[a note]<a>[]<b>');
  });
});
