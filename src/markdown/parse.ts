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

/**
 * A note call or reference written straight after a colon ("abroad:{{cite …}}") would read as
 * "::cite", which is no directive; escaping the template's colon keeps it a colon and lets
 * the directive start (micromark allows a text directive after an escaped colon).
 */
export function separateDirectives(markdown: string): string {
  return markdown.replace(/(^|[^\\]):(?=:(?:cite|ref|pageref)\{)/gm, '$1\\:');
}

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(separateDirectives(markdown), {
    extensions: [gfm(), directive(), noHtml],
    mdastExtensions: [gfmFromMarkdown(), directiveFromMarkdown()],
  });
}
