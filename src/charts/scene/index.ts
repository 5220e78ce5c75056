/**
 * Vega's scenegraph as a display list (./types.ts), one file per mark kind beside this one, in
 * the order and with the geometry Vega's SVG renderer would write, without writing SVG: the PDF
 * step (src/pdf/engine/vector-node.ts) draws the list with pdfkit operators, so a chart costs
 * no XML serialising and parsing (three parses per chart in pdfmake's SVG path).
 */
import type * as vega from 'vega';
import { arc } from './arc.js';
import { area } from './area.js';
import type { DrawContext } from './context.js';
import { group } from './group.js';
import { clipOf } from './group.js';
import { image } from './image.js';
import { line } from './line.js';
import { path } from './path.js';
import { rect } from './rect.js';
import { rule } from './rule.js';
import { shape } from './shape.js';
import { parseColor, type Item } from './style.js';
import { symbol } from './symbol.js';
import { text } from './text.js';
import { trail } from './trail.js';
import type { Scene, SceneNode } from './types.js';

export type { Scene } from './types.js';
export { isScene } from './types.js';
export { lineText, mapSceneText, sceneTexts } from './walk.js';

const MARKS: Record<string, (scene: Item, ctx: DrawContext) => SceneNode[]> = { arc, area, group, image, line, path, rect, rule, shape, symbol, text, trail };

/** One mark (a scenegraph node with `marktype`), in a group of its own when it is clipped to its group. */
function mark(scene: Item, ctx: DrawContext): SceneNode[] {
  const draw = MARKS[scene.marktype as string];
  if (!draw) return [];
  const nodes = draw(scene, ctx);
  if (!scene.clip || !nodes.length) return nodes;
  return [{ k: 'g', clip: clipOf(scene.clip, (scene.group ?? {}) as Item), c: nodes }];
}

type Loader = { sanitize(uri: string, options: { context: string }): Promise<{ href?: string }> };
type ViewInternals = { _viewWidth: number; _viewHeight: number; _origin: [number, number]; scenegraph(): { root: Item }; loader(): Loader };

/**
 * The view's drawing (after `runAsync`) as a display list the size Vega's SVG renderer gives
 * it (the view plus its padding). Links and images are resolved through the view's loader, as
 * the SVG renderer resolves them.
 */
export async function buildScene(view: vega.View): Promise<Scene> {
  const v = view as unknown as ViewInternals;
  const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
  const width = Math.max(0, v._viewWidth + pad.left + pad.right);
  const height = Math.max(0, v._viewHeight + pad.top + pad.bottom);
  const origin: [number, number] = [pad.left + v._origin[0], pad.top + v._origin[1]];
  const root = v.scenegraph().root;
  const loader = v.loader();
  const links = new Map<string, string>();
  const images = new Map<string, string>();
  const hrefs = new Set<string>();
  const urls = new Set<string>();
  const collect = (node: Item) => {
    for (const item of (node.items ?? []) as Item[]) {
      if (typeof item.href === 'string' && item.href) hrefs.add(item.href);
      if (node.marktype === 'image' && typeof item.url === 'string' && item.url) urls.add(item.url);
      if (item.items) collect(item);
    }
  };
  collect(root);
  for (const href of hrefs) {
    const r = await loader.sanitize(href, { context: 'href' });
    if (r?.href) links.set(href, r.href);
  }
  for (const url of urls) {
    const r = await loader.sanitize(url, { context: 'image' }).catch(() => undefined);
    if (r?.href) images.set(url, r.href);
  }
  const ctx: DrawContext = { links, images, opacity: 1, mark };
  const c: SceneNode[] = [];
  const bg = parseColor(view.background());
  if (bg && bg[1] > 0) c.push({ k: 'p', d: `M0,0h${width}v${height}h${-width}Z`, s: { fill: bg[0], ...(bg[1] < 1 ? { fo: bg[1] } : {}) } });
  const content = mark(root, ctx);
  if (content.length) c.push({ k: 'g', m: [1, 0, 0, 1, origin[0], origin[1]], c: content });
  return { scene: 1, width, height, c };
}

