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

/** Trees by Markdown text: a section whose text did not change is not parsed again (editions, --watch). */
const trees = new Map<string, Root>();
/** Texts kept before the map is emptied (memory stays bounded). */
const MAX_TREES = 256;

/** The mdast of `markdown`; a copy of its own each call (later stages change the tree). */
export function parseMarkdown(markdown: string): Root {
  let tree = trees.get(markdown);
  if (!tree) {
    tree = fromMarkdown(separateDirectives(markdown), {
      extensions: [gfmTable(), gfmStrikethrough(), directive(), safeDefaults],
      mdastExtensions: [gfmTableFromMarkdown(), gfmStrikethroughFromMarkdown(), directiveFromMarkdown()],
    });
    if (trees.size >= MAX_TREES) trees.clear();
    trees.set(markdown, tree);
  }
  return structuredClone(tree);
}
