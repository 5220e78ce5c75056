/** Bullet and numbered lists (nested lists allowed). */
import type { List, ListItem } from 'mdast';
import type { LayoutContext, Node } from '../types.js';

export function list(n: List, ctx: LayoutContext): Node {
  const items = n.children.map((li: ListItem) => {
    const content = ctx.blocks(li.children, ctx);
    if (content.length !== 1) return { stack: content };
    // the item's own paragraph (under widow/orphan control), with a list item's spacing
    const only = content[0]!;
    only.margin = [0, 0, 0, 2];
    return only;
  });
  const key = n.ordered ? 'ol' : 'ul';
  return { [key]: items, margin: [6, 0, 0, ctx.theme.space.paragraph], markerColor: ctx.theme.palette.accent, ...(n.ordered && n.start && n.start !== 1 ? { start: n.start } : {}) };
}
