import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { numberCitations } from '../../../src/markdown/citations.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { emptyModel } from '../../../src/model/document.js';

/** Every :cite of a tree as "n" strings, in order, and whether any :src marker is left. */
function calls(tree: Root): { n: string[]; src: number } {
  const n: string[] = [];
  let src = 0;
  const walk = (node: unknown): void => {
    const d = node as { type?: string; name?: string; attributes?: Record<string, string>; children?: unknown[] };
    if (d.type === 'textDirective' && d.name === 'cite') n.push(d.attributes?.n ?? '?');
    if (d.type === 'textDirective' && d.name === 'src') src++;
    d.children?.forEach(walk);
  };
  walk(tree);
  return { n, src };
}

describe('numberCitations', () => {
  it('numbers the cover first, then calls, figures and key figures in reading order', () => {
    const model = emptyModel();
    model.figures.set('fig-a', { id: 'fig-a', chart: 'c', caption: 'C', datasets: [], sources: ['fig-src', 'b'], file: 'f' });
    const one = parseMarkdown('First:cite{ids="b"} then:cite{ids="a,b"}.\n\n::figure{id="fig-a"}\n\n::keyfigure{value="1" label="L" ids="k"}\n');
    const two = parseMarkdown('Later:cite{ids="cover"}. And:cite{ids="z"}.');
    numberCitations(model, ['cover'], [{ file: 'a', tree: one }, { file: 'b', tree: two }], () => true);
    expect(model.notes.order).toEqual(['cover', 'b', 'a', 'fig-src', 'k', 'z']);
    // one sentence, one call: its two calls become one, where the last one was
    expect(calls(one).n).toEqual(['2,3']);
    expect(toString(one.children[0]!)).toBe('First then.');
    expect(calls(two).n).toEqual(['1', '6']);
    const kf = one.children.find((c) => (c as { name?: string }).name === 'keyfigure') as unknown as { attributes: Record<string, string> };
    expect(kf.attributes.n).toBe('5');
  });

  it('cites a figure\'s sources in its own sentence: merged into its call, or a new call after its punctuation', () => {
    const model = emptyModel();
    const tree = parseMarkdown([
      // no call: one is added after the full stop of the figure's sentence, not at the paragraph's end
      'Grants were 921,000:src{ids="g23"} and 1.045 million:src{ids="g24,g23"} in all. Nothing else is claimed here.',
      '',
      'Applications were *1.5 million:src{ids="apps"}*:cite{ids="x"}, later more:cite{ids="y"}.', // one call, sources in the order used
      '',
      'Already cited 12:src{ids="x"}:cite{ids="x"}.',
      '',
      '| Year | Value |',
      '|---|---|',
      '| 2023 | 5:src{ids="cell"} |',
    ].join('\n'));
    numberCitations(model, [], [{ file: 'f', tree }], () => true);
    expect(calls(tree)).toEqual({ n: ['1,2', '3,4,5', '4', '6'], src: 0 });
    expect(model.notes.order).toEqual(['g23', 'g24', 'apps', 'x', 'y', 'cell']);
    const first = tree.children[0] as unknown as { children: { type: string; value?: string; attributes?: Record<string, string> }[] };
    expect(first.children.map((c) => c.value ?? `[${c.attributes?.n}]`).join('')).toBe('Grants were 921,000 and 1.045 million in all.[1,2] Nothing else is claimed here.');
    expect(toString(tree.children[1]!)).toBe('Applications were 1.5 million, later more.');
  });

  it('never moves a figure\'s source to another sentence of the paragraph (issue 25\'s examples)', () => {
    const model = emptyModel();
    const tree = parseMarkdown([
      'In 2024 it reached CNY 398.71 billion:src{ids="cnipa-2024"}, up 5.9%:src{ids="cnipa-2024,cnipa-2023"}. The 2023 level was high.:cite{ids="menafn"}',
      '',
      'It recognised 13:src{ids="gi"} products. That is 29.1% below 2022:src{ids="hpa"}.:cite{ids="hpa-note"}',
    ].join('\n'));
    numberCitations(model, [], [{ file: 'f', tree }], () => true);
    const cites = (p: number) => (tree.children[p] as unknown as { children: { type: string; value?: string; attributes?: Record<string, string> }[] }).children.map((c) => (c.type === 'text' ? c.value : `[${c.attributes?.ids}]`)).join('');
    expect(cites(0)).toBe('In 2024 it reached CNY 398.71 billion, up 5.9%.[cnipa-2024,cnipa-2023] The 2023 level was high.[menafn]');
    expect(cites(1)).toBe('It recognised 13 products.[gi] That is 29.1% below 2022.[hpa,hpa-note]');
  });

  it('moves a sentence\'s call to its end when a figure follows its last citation', () => {
    const model = emptyModel();
    const tree = parseMarkdown('The office said so:cite{ids="a"}, and grants reached 921,000:src{ids="g"}. Next.');
    numberCitations(model, [], [{ file: 'f', tree }], () => true);
    const p = tree.children[0] as unknown as { children: { type: string; value?: string; attributes?: Record<string, string> }[] };
    expect(p.children.map((c) => (c.type === 'text' ? c.value : `[${c.attributes?.ids}]`)).join('')).toBe('The office said so, and grants reached 921,000.[a,g] Next.');
  });

  it('reads abbreviations, initials, decimals, quotes and brackets as inside a sentence, and puts a call after emphasis, not in it', () => {
    const model = emptyModel();
    const tree = parseMarkdown('Under Art. 22 of the law, the U.S. Trade Representative (see No. 3, e.g. the 1.5 ratio of J. Smith) counted 17:src{ids="a"}. *It fell to 9:src{ids="b"}.* “It rose to 4:src{ids="c"}.” Then none.');
    numberCitations(model, [], [{ file: 'f', tree }], () => true);
    const p = tree.children[0] as unknown as { children: { type: string; value?: string; attributes?: Record<string, string>; children?: unknown[] }[] };
    expect(p.children.map((c) => (c.type === 'text' ? c.value : c.type === 'emphasis' ? `*${toString(c as never)}*` : `[${c.attributes?.ids}]`)).join('')).toBe(
      'Under Art. 22 of the law, the U.S. Trade Representative (see No. 3, e.g. the 1.5 ratio of J. Smith) counted 17.[a] *It fell to 9.*[b] “It rose to 4.”[c] Then none.',
    );
  });

  it('tells each figure\'s claim its sentence and the note that carries its sources', () => {
    const model = emptyModel();
    const a = model.claims.add({ kind: 'figure', text: '17', rows: [], sources: ['s1'], file: 'f' });
    const b = model.claims.add({ kind: 'figure', text: '9', rows: [], sources: ['s2'], file: 'f' });
    const tree = parseMarkdown(`There were 17:src{ids="s1" claim="${a.id}"} (:ref{id="fig-x"}).:cite{ids="s0"} Then 9:src{ids="s2" claim="${b.id}"}.`);
    numberCitations(model, [], [{ file: 'f', tree }], () => true);
    expect(a).toMatchObject({ sentence: 'There were 17 (⟦ref:fig-x⟧).', note: '1,2' });
    expect(b).toMatchObject({ sentence: 'Then 9.', note: '3' });
  });

  it('drops a key figure of the first section that the cover shows already, or the same value printed alike', () => {
    const model = emptyModel();
    const row = { dataset: 'd', key: 'year 2024', field: 'value', value: 1 };
    const k1 = model.claims.add({ kind: 'key figure', text: '1', rows: [row], sources: ['s'], file: 'f' });
    const k2 = model.claims.add({ kind: 'key figure', text: '2', rows: [{ ...row, key: 'year 2023' }], sources: ['t'], file: 'f' });
    const md = `::keyfigure{value="1" label="A" ids="s" claim="${k1.id}"}\n::keyfigure{value="2" label="B" ids="t" claim="${k2.id}"}\n`;
    const first = parseMarkdown(md);
    const second = parseMarkdown(md);
    const cover = [model.claims.add({ kind: 'cover', text: '1', rows: [row], sources: ['s'], file: 'p' }), model.claims.add({ kind: 'cover', text: '2', rows: [{ ...row, dataset: 'other' }], sources: ['u'], file: 'p' })];
    const dropped = numberCitations(model, ['s'], [{ file: 'a', tree: first }, { file: 'b', tree: second }], () => true, cover);
    const labels = (t: Root) => t.children.map((c) => (c as unknown as { attributes: Record<string, string> }).attributes.label);
    // k1 shows the cover's row, k2 the same value printed alike from another dataset
    expect(labels(first)).toEqual([]);
    expect(labels(second)).toEqual(['A', 'B']);
    expect(k1.dropped).toBe(true);
    expect(dropped).toEqual([k1, k2]);
  });

  it('refuses a note call typed as Markdown that names no known source', () => {
    const known = (id: string) => id === 'ok';
    const run = (md: string) => () => numberCitations(emptyModel(), [], [{ file: 'templates/sections/s.md.hbs', tree: parseMarkdown(md) }], known);
    expect(run('Fine:cite{ids="ok"}.')).not.toThrow();
    expect(run('Typed:cite{n="3"}.')).toThrow(/BK108|unknown source/);
    expect(run('Typed:cite{ids="nope"}.')).toThrow(/nope/);
  });
});
