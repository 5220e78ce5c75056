import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '../../../src/data/load.js';
import { Area } from '../../../src/io/project.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { resolveProfile } from '../../../src/profile/resolve.js';
import { checkTableFields, loadTemplateAssets, namedDatasets, renderTemplates } from '../../../src/templates/render.js';
import { configForDir, tempDir, thrownSync, writeTree } from '../../support.js';

/** An error of a stage, as BriefkitError.all() lists them. */
type Stage = { code: string; where: { file?: string }; summary: string };

const SOURCES = {
  sources: [
    { id: 'src-a', title: 'A', publisher: 'P', date: '2024-01-16', url: 'https://example.org/a', kind: 'web' },
    { id: 'src-b', title: 'B', publisher: 'P', url: 'https://example.org/b', kind: 'web' },
    { id: 'src-c', title: 'C', publisher: 'P', url: 'https://example.org/c', kind: 'web' },
  ],
};
const GRANTS = {
  title: 'Grants',
  unit: 'patents',
  rows: [
    { year: 2022, value: 798347, source: ['src-c'], note: '**bold** [link](http://e) :cite{n=9} # not a heading | cell | <b>' },
    { year: 2023, value: 921000, source: ['src-b'] },
    { year: 2024, value: 1045000, reported: '1.045 million', source: ['src-a'] },
  ],
};
const CHART = { data: { name: 'invention-grants' }, mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' } } };

/**
 * A tiny project in a temp folder: one audience "a" whose sections are `sections` (name → template
 * text, in order). Returns what renderTemplates returns, or throws what it throws.
 */
function render(sections: Record<string, string>, extra: { partials?: Record<string, string>; profile?: string; grants?: typeof GRANTS } = {}) {
  const root = tempDir('briefkit-tpl-');
  const files: Record<string, string> = {
    'data/sources.json': JSON.stringify(SOURCES, null, 2),
    'data/invention-grants.json': JSON.stringify(extra.grants ?? GRANTS, null, 2),
    'templates/profile.yaml': `title: T\npublisher: P\nauthor: A\nsections: [${Object.keys(sections).join(', ')}]\n${extra.profile ?? ''}`,
    'templates/audiences/a/profile.yaml': 'label: A\n',
    'templates/charts/grants.vl.json': JSON.stringify(CHART),
  };
  for (const [name, text] of Object.entries(sections)) files[`templates/sections/${name}.md.hbs`] = text;
  for (const [name, text] of Object.entries(extra.partials ?? {})) files[`templates/partials/${name}.md.hbs`] = text;
  writeTree(root, files);
  const templates = new Area(path.join(root, 'templates'), 'templates');
  const data = loadData(new Area(path.join(root, 'data'), 'data'), configForDir(path.join(root, 'data')));
  return renderTemplates(templates, resolveProfile(templates, 'a'), data, loadTemplateAssets(templates));
}

const FM = '---\nid: s\ntitle: Section\n---\n';
/** Lines the front matter takes: body line n is file line n + FM_LINES. */
const FM_LINES = 4;

describe('renderTemplates: output', () => {
  it('renders data through helpers into Markdown, with section metadata', () => {
    const r = render({ s: FM + 'Grants: {{fig "invention-grants" 2023}}; in {{lastYear "invention-grants"}}: {{fig "invention-grants" 2024}}.' });
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0]).toMatchObject({ name: 's', id: 's', title: 'Section', file: 'templates/sections/s.md.hbs' });
    // Markdown escaping turns "," and "." into "\,", "\."; parse it to compare the text a reader sees.
    const para = parseMarkdown(r.sections[0]!.markdown).children[0] as { children: { value?: string }[] };
    expect(para.children.map((c) => c.value ?? '').join('')).toBe('Grants: 921,000; in 2024: 1.045\u00a0million.');
  });

  it('prints a value whose data states the unit "%" as a percentage, and takes unit= and digits= as the cover does', () => {
    const text = (r: ReturnType<typeof render>) => (parseMarkdown(r.sections[0]!.markdown).children[0] as { children: { value?: string }[] }).children.map((c) => c.value ?? '').join('');
    const rates = { ...GRANTS, unit: '%', rows: [{ year: 2023, value: 12.5, source: ['src-b'] }, { year: 2024, value: 13.25, source: ['src-a'] }] };
    expect(text(render({ s: FM + 'Rate: {{fig "invention-grants" 2023}}.' }, { grants: rates as typeof GRANTS }))).toBe('Rate: 12.5%.');
    expect(text(render({ s: FM + 'Rate: {{fig "invention-grants" 2024 digits=1}}.' }, { grants: rates as typeof GRANTS }))).toBe('Rate: 13.3%.');
    expect(text(render({ s: FM + 'Share: {{fig "invention-grants" 2023 unit="%"}}.' }))).toBe('Share: 921,000%.');
    expect(thrownSync(() => render({ s: FM + '{{fig "invention-grants" 2023 unit=""}}' })).message).toContain('unit must be a text');
    // a key that matches nothing: the message says which fields a key is looked up in
    expect(thrownSync(() => render({ s: FM + '{{fig "invention-grants" 1999}}' })).message).toContain('no row of "invention-grants" matches 1999 (a key is looked up in year)');
  });

  it('refuses a number {{val}} read and a template prints without its sources (BK116), naming the {{fig}} to write', () => {
    const viaNum = thrownSync(() => render({ s: FM + 'Grants: {{num (val "invention-grants" 2023)}}.' }));
    expect(viaNum.code).toBe('BK116');
    expect(viaNum.where).toMatchObject({ file: 'templates/sections/s.md.hbs', line: 1 + FM_LINES });
    expect(viaNum.message).toContain('{{num (val "invention-grants" 2023)}}');
    expect(viaNum.message).toContain('write {{fig "invention-grants" 2023}} instead');
    const bare = thrownSync(() => render({ s: FM + 'Grants: {{val "invention-grants" 2023 field="value"}}.' }));
    expect(bare.code).toBe('BK116');
    expect(bare.message).toContain('{{fig "invention-grants" 2023 field="value"}}');
    expect(thrownSync(() => render({ s: FM + '{{pct (val "invention-grants" 2023)}}' })).code).toBe('BK116');
    // for comparisons val stays: nothing is printed from it
    const r = render({ s: FM + '{{#if (val "invention-grants" 2023)}}Grants: {{fig "invention-grants" 2023}}; {{#each (rows "invention-grants" 2024)}}{{num value}}{{/each}}{{/if}}' });
    expect(r.sections[0]!.markdown).toContain('921');
  });

  it('escapes Markdown in data values so it stays text', () => {
    const r = render({ s: FM + 'Note: {{#each (rows "invention-grants" 2022)}}{{note}}{{/each}} end.' });
    const tree = parseMarkdown(r.sections[0]!.markdown);
    expect(tree.children).toHaveLength(1);
    const para = tree.children[0] as { type: string; children: { type: string; value?: string }[] };
    expect(para.type).toBe('paragraph');
    expect(para.children.map((c) => c.type)).toEqual(['text']);
    expect(para.children[0]!.value).toBe(`Note: ${GRANTS.rows[0]!.note} end.`);
  });

  it('follows each sentence of a data text that states a figure with a source marker of the claims register', () => {
    const withFigure = '**Up** 12% [link](http://e). No figure here. Then 3 :cite{n=9} more';
    const r = render({ s: FM + '{{#each (rows "invention-grants" 2022)}}{{note}}{{/each}}' }, { grants: { ...GRANTS, rows: [{ ...GRANTS.rows[0]!, note: withFigure }, ...GRANTS.rows.slice(1)] as typeof GRANTS.rows } });
    const para = parseMarkdown(r.sections[0]!.markdown).children[0] as { children: { type: string; name?: string; value?: string; attributes?: Record<string, string> }[] };
    // markup in the text stays text; a marker follows the first and the last sentence, not the middle one
    expect(para.children.map((c) => (c.type === 'text' ? c.value : `[${c.name} ${c.attributes?.claim}]`)).join('')).toBe('**Up** 12% [link](http://e).[src c1] No figure here. Then 3 :cite{n=9} more[src c2]');
    expect(r.model.claims.list.map((c) => [c.kind, c.text, c.rows[0]?.field])).toEqual([
      ['quoted', '**Up** 12% [link](http://e).', 'note'],
      ['quoted', 'Then 3 :cite{n=9} more', 'note'],
    ]);
  });

  it('escapes Markdown in profile vars too', () => {
    const r = render({ s: FM + '{{profile.vars.who}}' }, { profile: 'vars:\n  who: "# [x](y) *z*"\n' });
    const tree = parseMarkdown(r.sections[0]!.markdown);
    expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
    expect((tree.children[0] as { children: { value: string }[] }).children[0]!.value).toBe('# [x](y) *z*');
  });

  it('does not let triple-stash {{{…}}} or {{& …}} bypass the escaping of data values', () => {
    for (const tag of ['{{{profile.vars.who}}}', '{{& profile.vars.who}}']) {
      let md: string;
      try {
        md = render({ s: FM + tag }, { profile: 'vars:\n  who: "# [x](y) *z*"\n' }).sections[0]!.markdown;
      } catch (e) {
        // Refusing raw output is fine too, as a template error.
        expect((e as { code?: string }).code).toMatch(/^BK1\d\d$/);
        continue;
      }
      const tree = parseMarkdown(md);
      expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
      expect((tree.children[0] as { children: { type: string; value: string }[] }).children).toEqual([expect.objectContaining({ type: 'text', value: '# [x](y) *z*' })]);
    }
  });

  it('leaves note calls and figure sources as ids for the citations stage, and records each chart\'s sources', () => {
    const r = render({
      s: FM + 'One{{cite "src-b"}}. Both{{cite "src-a" "src-b"}}. {{fig "invention-grants" 2022}}{{cite "src-c"}}',
      t: '---\nid: t\n---\n{{chart "grants" id="fig-g" caption="Grants"}}',
    });
    expect(r.model.notes.order).toEqual([]); // numbered later, in reading order
    expect(r.sections[0]!.markdown).toContain('One:cite{ids="src-b"}');
    expect(r.sections[0]!.markdown).toContain('Both:cite{ids="src-a,src-b"}');
    expect(r.sections[0]!.markdown).toContain('798\\,347:src{ids="src-c" claim="c1"}:cite{ids="src-c"}');
    expect(r.model.figures.get('fig-g')).toMatchObject({ chart: 'grants', caption: 'Grants', datasets: ['invention-grants'], file: 'templates/sections/t.md.hbs' });
    expect(r.model.figures.get('fig-g')!.sources).toEqual(['src-c', 'src-b', 'src-a']);
  });

  it('narrows a chart to the rows its extra hash keys match, for both the plot and the source line', () => {
    const r = render({ s: FM + '{{chart "grants" id="fig-g" caption="Grants" reported="1.045 million"}}' });
    expect(r.model.figures.get('fig-g')).toMatchObject({ sources: ['src-a'], filter: { reported: '1.045 million' } });
    expect(thrownSync(() => render({ s: FM + '{{chart "grants" id="fig-g" caption="Grants" reported="none"}}' })).code).toBe('BK105');
  });

  it('takes a chart\'s alt text from the template (alt="…" is not a row filter)', () => {
    const r = render({ s: FM + '{{chart "grants" id="fig-g" caption="Grants" alt="Grants rose every year."}}' });
    expect(r.model.figures.get('fig-g')).toMatchObject({ alt: 'Grants rose every year.' });
    expect(r.model.figures.get('fig-g')!.filter).toBeUndefined();
  });

  it('resolves references to figures and sections defined anywhere in the report', () => {
    const r = render({ s: FM + 'See {{ref "fig-g"}} and {{ref "t"}}.', t: '---\nid: t\n---\n{{chart "grants" id="fig-g" caption="Grants"}}' });
    expect(r.model.references.map((x) => x.id)).toEqual(['fig-g', 't']);
  });

  it('renders partials', () => {
    const r = render({ s: FM + 'Before {{> foot}} after' }, { partials: { foot: 'the partial' } });
    expect(r.sections[0]!.markdown).toBe('Before the partial after');
  });
});

describe('renderTemplates: errors', () => {
  const fm = (id: string) => `---\nid: ${id}\ntitle: T\n---\n`;

  it('reports the error of every section and partial, not only the first, and counts them (BK117)', () => {
    const e = thrownSync(() =>
      render(
        { a: fm('a') + 'Hello {{nosuch}}.', b: fm('b') + 'Fine: {{fig "invention-grants" 2023}}.', c: fm('c') + 'Broken {{fig "invention-grants" 2023', d: fm('d') + 'Calls {{> foot}}.' },
        { partials: { foot: '{{nohelper "x"}}' } },
      ),
    );
    // the first error stands for the stage (its code and place); the others follow it
    expect(e.code).toBe('BK102');
    expect(e.where.file).toBe('templates/partials/foot.md.hbs');
    expect(e.all().map((x: Stage) => [x.code, x.where.file])).toEqual([
      ['BK102', 'templates/partials/foot.md.hbs'],
      ['BK104', 'templates/sections/a.md.hbs'],
      ['BK101', 'templates/sections/c.md.hbs'],
    ]);
    // printed as the CLI prints it: one "error" line each, then the count
    expect(e.message.split('\n').filter((l: string) => /^(error )?BK\d+:/.test(l))).toEqual([
      expect.stringMatching(/^BK102: templates\/partials\/foot\.md\.hbs/),
      expect.stringMatching(/^error BK104: templates\/sections\/a\.md\.hbs/),
      expect.stringMatching(/^error BK101: templates\/sections\/c\.md\.hbs/),
      'error BK117: 3 errors in the templates, all listed above',
    ]);
  });

  it('lists at most 20 errors of the stage and says how many there are', () => {
    const sections = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`s${i}`, fm(`s${i}`) + `{{missing${i}}}`]));
    const e = thrownSync(() => render(sections));
    expect(e.all()).toHaveLength(20);
    expect(e.all().at(-1)!.summary).toContain('"missing19"');
    expect(e.message).toContain('BK117: 25 errors in the templates; the first 20 are listed');
  });

  it('reports a single error as it is', () => {
    const e = thrownSync(() => render({ a: fm('a') + '{{nosuch}}', b: fm('b') + 'Fine.' }));
    expect(e.all()).toHaveLength(1);
    expect(e.message).not.toContain('BK117');
  });

  it('refuses an unknown variable in strict mode (BK104) with file:line:column', () => {
    const e = thrownSync(() => render({ s: FM + 'Line one.\nHello {{nosuch}} there.' }));
    expect(e.code).toBe('BK104');
    expect(e.summary).toContain('"nosuch"');
    // body line 2; the name "nosuch" starts at column 9 (after "Hello {{")
    expect(e.where).toEqual({ file: 'templates/sections/s.md.hbs', line: 2 + FM_LINES, column: 9 });
    expect(e.message).toContain(`templates/sections/s.md.hbs:${2 + FM_LINES}:9`);
  });

  it('refuses an unknown nested field (BK104)', () => {
    const e = thrownSync(() => render({ s: FM + '{{profile.nosuch}}' }));
    expect(e.code).toBe('BK104');
    expect(e.where.line).toBe(1 + FM_LINES);
  });

  it('reports an unknown variable inside a partial at the partial\'s own file and line', () => {
    const e = thrownSync(() => render({ s: FM + 'x {{> foot}}' }, { partials: { foot: 'a\nb {{missing}}' } }));
    expect(e.code).toBe('BK104');
    expect(e.where).toMatchObject({ file: 'templates/partials/foot.md.hbs', line: 2 });
  });

  it('reports a syntax error (BK101) with its line', () => {
    const e = thrownSync(() => render({ s: FM + 'Fine.\n\nBroken {{fig "invention-grants" 2023\nmore' }));
    expect(e.code).toBe('BK101');
    expect(e.where.file).toBe('templates/sections/s.md.hbs');
    expect(e.where.line).toBe(3 + FM_LINES);
  });

  it('reports an unclosed block (BK101) with the line of the opening tag', () => {
    const e = thrownSync(() => render({ s: FM + 'a\n{{#each (rows "invention-grants")}}\n{{year}}\n{{/with}}\n' }));
    expect(e.code).toBe('BK101');
    expect(e.where.line).toBe(2 + FM_LINES);
  });

  it('refuses wrong helper arguments (BK105) with the line', () => {
    const e = thrownSync(() => render({ s: FM + 'x\n{{num "twelve"}}' }));
    expect(e.code).toBe('BK105');
    expect(e.summary).toMatch(/^num: wrong arguments/);
    expect(e.where).toEqual({ file: 'templates/sections/s.md.hbs', line: 2 + FM_LINES });
  });

  it('refuses a data helper key with no row (BK105)', () => {
    const e = thrownSync(() => render({ s: FM + '{{fig "invention-grants" 1999}}' }));
    expect(e.code).toBe('BK105');
    expect(e.summary).toContain('no row of "invention-grants" matches 1999');
  });

  it('refuses an unknown dataset (BK017), an unknown chart (BK201), a chart without caption (BK105)', () => {
    expect(thrownSync(() => render({ s: FM + '{{fig "nope" 2023}}' })).code).toBe('BK017');
    expect(thrownSync(() => render({ s: FM + '{{chart "nope" caption="c"}}' })).code).toBe('BK201');
    expect(thrownSync(() => render({ s: FM + '{{chart "grants"}}' })).code).toBe('BK105');
  });

  it('refuses a reference to an unknown id (BK109), naming the file', () => {
    const e = thrownSync(() => render({ s: FM + 'See {{ref "fig-missing"}}.' }));
    expect(e.code).toBe('BK109');
    expect(e.summary).toContain('"fig-missing"');
    expect(e.where.file).toBe('templates/sections/s.md.hbs');
  });

  it('refuses a citation of an unknown source (BK108)', () => {
    const e = thrownSync(() => render({ s: FM + 'x\n{{cite "src-zz"}}' }));
    expect(e.code).toBe('BK108');
    expect(e.where.line).toBe(2 + FM_LINES);
  });

  it('refuses a hand-typed figure (BK107) at its file line', () => {
    const e = thrownSync(() => render({ s: FM + 'We had\n42 cases.' }));
    expect(e.code).toBe('BK107');
    expect(e.where).toEqual({ file: 'templates/sections/s.md.hbs', line: 2 + FM_LINES, column: 1 });
  });

  it('refuses an unknown helper (BK102) and an unknown partial (BK103)', () => {
    expect(thrownSync(() => render({ s: FM + '{{shout "x"}}' })).code).toBe('BK102');
    expect(thrownSync(() => render({ s: FM + '{{> nope}}' })).code).toBe('BK103');
  });

  it('refuses two sections with the same id (BK110) and two figures with the same id', () => {
    expect(thrownSync(() => render({ s: FM + 'a', t: FM + 'b' })).code).toBe('BK110');
    expect(thrownSync(() => render({ s: FM + '{{chart "grants" id="f" caption="c"}}{{chart "grants" id="f" caption="d"}}' })).code).toBe('BK110');
  });

  it('does not expose prototype properties of the context', () => {
    const e = thrownSync(() => render({ s: FM + '{{profile.constructor.name}}' }));
    expect(e.code).toBe('BK047');
  });
});

describe('checkTableFields', () => {
  it('reports the field typo of every table spec, not only of the first', () => {
    const root = tempDir('briefkit-tables-');
    const spec = (field: string) => `dataset: invention-grants\ncaption: Grants\ncolumns:\n  - { header: Year, field: year, format: year }\n  - { header: Grants, field: ${field}, format: number }\n`;
    writeTree(root, {
      'data/sources.json': JSON.stringify(SOURCES),
      'data/invention-grants.json': JSON.stringify(GRANTS),
      'templates/tables/a.yaml': spec('valeu'),
      'templates/tables/b.yaml': spec('value'),
      'templates/tables/c.yaml': spec('vlaue'),
    });
    const templates = new Area(path.join(root, 'templates'), 'templates');
    const data = loadData(new Area(path.join(root, 'data'), 'data'), configForDir(path.join(root, 'data')));
    const e = thrownSync(() => checkTableFields(loadTemplateAssets(templates), data));
    expect(e.all().map((x: Stage) => [x.code, x.where.file, x.summary])).toEqual([
      ['BK115', 'templates/tables/a.yaml', 'dataset "invention-grants" has no field "valeu"'],
      ['BK115', 'templates/tables/c.yaml', 'dataset "invention-grants" has no field "vlaue"'],
    ]);
    expect(e.message).toContain('BK117: 2 errors in the table specs, all listed above');
  });
});

describe('namedDatasets', () => {
  it('finds data names in layers, concatenations and lookup transforms, once each', () => {
    const spec = {
      data: { name: 'a' },
      layer: [{ mark: 'line' }, { data: { name: 'b' }, mark: 'point' }],
      hconcat: [{ data: { name: 'a' }, transform: [{ lookup: 'k', from: { data: { name: 'c' }, key: 'k' } }] }],
    };
    expect(namedDatasets(spec)).toEqual(['a', 'b', 'c']);
  });
});
