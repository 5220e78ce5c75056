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
    const two = parseMarkdown('Later:cite{ids="cover"} and:cite{ids="z"}.');
    numberCitations(model, ['cover'], [{ file: 'a', tree: one }, { file: 'b', tree: two }], () => true);
    expect(model.notes.order).toEqual(['cover', 'b', 'a', 'fig-src', 'k', 'z']);
    expect(calls(one).n).toEqual(['2', '2,3']);
    expect(calls(two).n).toEqual(['1', '6']);
    const kf = one.children.find((c) => (c as { name?: string }).name === 'keyfigure') as unknown as { attributes: Record<string, string> };
    expect(kf.attributes.n).toBe('5');
  });

  it('cites a figure\'s sources in its own paragraph: added to the last call, or as a new call at the end', () => {
    const model = emptyModel();
    const tree = parseMarkdown([
      'Grants were 921,000:src{ids="g23"} and 1.045 million:src{ids="g24,g23"} in all.', // no call: one is added
      '',
      'Applications were *1.5 million:src{ids="apps"}*:cite{ids="x"}, later more:cite{ids="y"}.', // appended to the last call
      '',
      'Already cited 12:src{ids="x"}:cite{ids="x"}.',
      '',
      '| Year | Value |',
      '|---|---|',
      '| 2023 | 5:src{ids="cell"} |',
    ].join('\n'));
    numberCitations(model, [], [{ file: 'f', tree }], () => true);
    expect(calls(tree)).toEqual({ n: ['1,2', '3', '4,5', '3', '6'], src: 0 });
    expect(model.notes.order).toEqual(['g23', 'g24', 'x', 'y', 'apps', 'cell']);
    expect(toString(tree.children[1]!)).toBe('Applications were 1.5 million, later more.');
  });

  it('refuses a note call typed as Markdown that names no known source', () => {
    const known = (id: string) => id === 'ok';
    const run = (md: string) => () => numberCitations(emptyModel(), [], [{ file: 'templates/sections/s.md.hbs', tree: parseMarkdown(md) }], known);
    expect(run('Fine:cite{ids="ok"}.')).not.toThrow();
    expect(run('Typed:cite{n="3"}.')).toThrow(/BK108|unknown source/);
    expect(run('Typed:cite{ids="nope"}.')).toThrow(/nope/);
  });
});
