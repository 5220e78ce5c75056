import fc from 'fast-check';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { escapeAttribute, escapeMarkdown } from '../../../src/templates/escape.js';

/** The only node a value may become: one paragraph holding one text node. Returns its text. */
function soleText(tree: Root): string | undefined {
  if (tree.children.length !== 1) return undefined;
  const p = tree.children[0]!;
  if (p.type !== 'paragraph' || p.children.length !== 1) return undefined;
  const t = p.children[0]!;
  return t.type === 'text' ? t.value : undefined;
}

const roundTrip = (s: string) => soleText(parseMarkdown(escapeMarkdown(s)));

describe('escapeMarkdown', () => {
  it.each([
    '**x** [a](http://e) :cite{n=1} # h | a | <b>',
    '# heading',
    '1. not a list',
    '- not a list',
    '> not a quote',
    '::figure{id="x"}',
    ':::callout',
    '`code` and ~~strike~~ and _em_',
    '![img](x.png)',
    '[^1] footnote',
    '| a | b |',
    'a\\b \\* ends with a backslash\\',
    '&amp; &#65; &copy;',
    '<script>alert(1)</script>',
    '=== and ---',
    '$5 + 10% = ?',
  ])('leaves %j as one text node equal to the input', (s) => {
    expect(roundTrip(s)).toBe(s);
  });

  it('folds line breaks into spaces, so a value cannot start a new block', () => {
    expect(roundTrip('first\n# second\r\n- third\u2028fourth')).toBe('first # second - third fourth');
  });

  it('renders null and undefined as nothing', () => {
    expect(escapeMarkdown(null)).toBe('');
    expect(escapeMarkdown(undefined)).toBe('');
    expect(escapeMarkdown(0)).toBe('0');
  });

  // GFM turns bare URLs, www. addresses and e-mail addresses in text into links; a data value must not.
  it.each(['see http://example.com now', 'www.example.com', 'write to a@example.com', '<https://example.org>'])('does not let %j become a link', (s) => {
    expect(roundTrip(s)).toBe(s);
  });

  it('property: any single-line value round-trips to one text node', () => {
    // Printable ASCII (all the punctuation Markdown cares about), letters, digits, spaces and some non-ASCII.
    const char = fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ abcxyzABC0129 é—中\u00a0'.split(''));
    const value = fc
      .array(char, { minLength: 1, maxLength: 40 })
      .map((a) => a.join(''))
      .filter((s) => s.trim() === s && s.trim().length > 0);
    fc.assert(
      fc.property(value, (s) => {
        expect(roundTrip(s)).toBe(s);
      }),
      { numRuns: 600 },
    );
  });
});

describe('escapeAttribute', () => {
  it('keeps a value inside its directive attribute', () => {
    const v = 'a" id="evil} & more\nline';
    const tree = parseMarkdown(`::keyfigure{label="${escapeAttribute(v)}"}`);
    const d = tree.children[0] as unknown as { type: string; attributes: Record<string, string> };
    expect(d.type).toBe('leafDirective');
    expect(d.attributes).toEqual({ label: 'a" id="evil} & more line' });
  });
});
