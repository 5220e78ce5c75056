/** Bullet and numbered lists (nested lists allowed). */
import type { List, ListItem } from 'mdast';
import type { LayoutContext, Node } from '../types.js';
import { blocks } from './index.js';

export function list(n: List, ctx: LayoutContext): Node {
  const items = n.children.map((li: ListItem) => {
    const content = blocks(li.children, ctx);
    return content.length === 1 ? { ...content[0], margin: [0, 0, 0, 2] } : { stack: content };
  });
  const key = n.ordered ? 'ol' : 'ul';
  return { [key]: items, margin: [6, 0, 0, ctx.theme.space.paragraph], markerColor: ctx.theme.palette.accent, ...(n.ordered && n.start && n.start !== 1 ? { start: n.start } : {}) };
}
