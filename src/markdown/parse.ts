/**
 * Stage 4 — parse Markdown: CommonMark + GFM tables and strikethrough + directives (::figure,
 * :cite, :::callout), with raw HTML switched off (so "<b>" is text, never markup) and no GFM
 * autolink literals (a bare "www.x.org" or "a@b.org" in a data value stays text; links are
 * written [text](url) in templates).
 */
import type { Root } from 'mdast';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { directive } from 'micromark-extension-directive';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';

const safeDefaults = { disable: { null: ['htmlFlow', 'htmlText', 'codeIndented', 'autolink'] } };

/**
 * A note call or reference written straight after a colon ("abroad:{{cite …}}") would read as
 * "::cite", which is no directive; escaping the template's colon keeps it a colon and lets
 * the directive start (micromark allows a text directive after an escaped colon).
 */
export function separateDirectives(markdown: string): string {
  return markdown.replace(/(^|[^\\]):(?=:(?:cite|ref|pageref|src)\{)/gm, '$1\\:');
}

export function parseMarkdown(markdown: string): Root {
  return fromMarkdown(separateDirectives(markdown), {
    extensions: [gfmTable(), gfmStrikethrough(), directive(), safeDefaults],
    mdastExtensions: [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), directiveFromMarkdown()],
  });
}
