import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../src/markdown/parse.js';

type AnyNode = { type: string; children?: AnyNode[]; value?: string; name?: string; attributes?: Record<string, string>; align?: unknown[] };

function all(tree: Root): AnyNode[] {
  const out: AnyNode[] = [];
  const walk = (n: AnyNode) => {
    out.push(n);
    n.children?.forEach(walk);
  };
  walk(tree as unknown as AnyNode);
  return out;
}
const textOf = (n: AnyNode): string => n.value ?? (n.children ?? []).map(textOf).join('');

describe('parseMarkdown', () => {
  it('parses GFM tables with alignment, header and body cells', () => {
    const tree = parseMarkdown('| Year | Grants |\n|:-----|-------:|\n| 2023 | 921,000 |\n| 2024 | 1.045 million |\n');
    expect(tree.children).toHaveLength(1);
    const table = tree.children[0] as unknown as AnyNode;
    expect(table.type).toBe('table');
    expect(table.align).toEqual(['left', 'right']);
    expect(table.children!.map((row) => row.children!.map(textOf))).toEqual([
      ['Year', 'Grants'],
      ['2023', '921,000'],
      ['2024', '1.045 million'],
    ]);
  });

  it('parses emphasis, strikethrough and lists', () => {
    const tree = parseMarkdown('Some **bold**, *italic* and ~~gone~~.\n\n- one\n- two\n');
    const types = all(tree).map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['strong', 'emphasis', 'delete', 'list', 'listItem']));
  });

  it('parses leaf, text and container directives with their attributes', () => {
    const md = 'Grants rose:cite{n="1,2"} sharply.\n\n::figure{id="fig-grants"}\n\n::::callout{title="Key figures" tone="note"}\nInside the callout.\n::::\n';
    const tree = parseMarkdown(md);
    const [p, fig, callout] = tree.children as unknown as AnyNode[];
    const cite = p!.children!.find((c) => c.type === 'textDirective')!;
    expect(cite).toMatchObject({ name: 'cite', attributes: { n: '1,2' } });
    expect(fig).toMatchObject({ type: 'leafDirective', name: 'figure', attributes: { id: 'fig-grants' } });
    expect(callout).toMatchObject({ type: 'containerDirective', name: 'callout', attributes: { title: 'Key figures', tone: 'note' } });
    expect(textOf(callout!)).toBe('Inside the callout.');
  });

  it('keeps raw HTML as text: no html nodes, inline or block', () => {
    const md = 'Text with <b>bold</b> and <img src=x onerror=alert(1)>.\n\n<div>\nblock\n</div>\n\n<!-- comment -->\n';
    const tree = parseMarkdown(md);
    const nodes = all(tree);
    expect(nodes.some((n) => n.type === 'html')).toBe(false);
    const text = nodes.filter((n) => n.type === 'text').map((n) => n.value).join('|');
    expect(text).toContain('<b>bold</b>');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<div>');
    expect(text).toContain('<!-- comment -->');
  });

  it('does not turn indented lines into code blocks', () => {
    const tree = parseMarkdown('Para.\n\n    indented text\n');
    expect(all(tree).some((n) => n.type === 'code')).toBe(false);
    expect(textOf(tree.children[1] as unknown as AnyNode)).toBe('indented text');
  });

  it('still parses fenced code', () => {
    const tree = parseMarkdown('```\nx = 1\n```\n');
    expect(tree.children[0]).toMatchObject({ type: 'code', value: 'x = 1' });
  });
});
