/**
 * Stage 4 — parse Markdown: CommonMark + GFM tables + directives (::figure, :cite, :::callout),
 * with raw HTML switched off (so "<b>" is text, never markup).
 */
import type { Root } from 'mdast';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { directive } from 'micromark-extension-directive';
import { gfm } from 'micromark-extension-gfm';

const noHtml = { disable: { null: ['htmlFlow', 'htmlText', 'codeIndented'] } };

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(markdown, {
    extensions: [gfm(), directive(), noHtml],
    mdastExtensions: [gfmFromMarkdown(), directiveFromMarkdown()],
  });
}
