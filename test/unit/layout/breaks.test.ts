import { describe, expect, it } from 'vitest';
import { tieBreaks, tieParagraph } from '../../../src/layout/breaks.js';
import { markdownTable } from '../../../src/layout/blocks/table.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { makeTheme } from '../../../src/theme/theme.js';

const N = '\u00a0';
describe('tieBreaks', () => {
  it('keeps "up to", prepositions and figures together', () => {
    expect(tieBreaks('up to US$600 billion')).toBe(`up${N}to${N}US$600 billion`);
    expect(tieBreaks('a deficit of US$30.2 billion')).toBe(`a deficit of${N}US$30.2 billion`);
    expect(tieBreaks('exports at US$6 billion, up 22.4%')).toBe(`exports at${N}US$6 billion, up${N}22.4%`);
    expect(tieBreaks('set up centres')).toBe('set up centres');
  });
  it('ties a short last word to the one before it', () => {
    const runs = tieParagraph(['Tariffs followed.', { text: '12', sup: true }]);
    expect(runs[0]).toBe(`Tariffs${N}followed.`);
  });
});

describe('table cells', () => {
  it('tie text cells as paragraphs are tied, and leave figures alone', () => {
    const tree = parseMarkdown('| Event | Amount |\n|:--|--:|\n| a deficit of US$30.2 billion and tariffs on up to 600 lines followed | 1 234 |\n');
    const ctx = { theme: makeTheme() } as never;
    const node = markdownTable(tree.children[0] as never, ctx) as { table: { body: { text: unknown }[][] } };
    const text = (c: { text: unknown }) => JSON.stringify(c.text);
    const cell = text(node.table.body[1]![0]!);
    expect(cell).toContain(`deficit of${N}US$30.2`);
    expect(cell).toContain(`up${N}to${N}600`);
    expect(cell).toContain(`lines${N}followed`);
    expect(text(node.table.body[1]![1]!)).toContain('1 234');
  });
});
