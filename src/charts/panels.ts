/**
 * Small multiples a reader can follow: how full the panels of a faceted chart are, read from the
 * scenegraph Vega drew. A panel's fill is the share of the shared x axis's categories it has a
 * mark at; small multiples whose panels are mostly empty (one or two bars in a row of nine
 * years) read better as a table.
 */

type SceneNode = { marktype?: string; role?: string; name?: string; items?: SceneNode[]; datum?: unknown };

/** Below this mean panel fill, a faceted chart is mostly empty. */
export const PANEL_FILL_MIN = 0.5;

/**
 * The faceted chart's panels and their mean fill (0..1) over `categories` x-axis categories;
 * undefined for a chart without facet cells, or with fewer than two panels.
 */
export function panelFill(root: unknown, categories: number): { panels: number; fill: number } | undefined {
  if (!(categories > 0)) return undefined;
  let cells: SceneNode | undefined;
  const find = (n: SceneNode | undefined) => {
    if (!n || cells) return;
    if (n.marktype === 'group' && n.role === 'scope' && n.name === 'cell') cells = n;
    else for (const it of n.items ?? []) find(it);
  };
  find(root as SceneNode);
  const panels = cells?.items ?? [];
  if (panels.length < 2) return undefined;
  // a panel's marks: the most data items any one of its mark layers draws (a bar and its label count once)
  const marks = (p: SceneNode) => Math.max(0, ...(p.items ?? []).filter((m) => m.role === 'mark').map((m) => (m.items ?? []).filter((i) => i.datum !== undefined).length));
  const fill = panels.reduce((s, p) => s + Math.min(1, marks(p) / categories), 0) / panels.length;
  return { panels: panels.length, fill };
}
