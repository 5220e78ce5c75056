/**
 * Label placement for chart text marks, done on Vega's scenegraph before the SVG is written
 * (Vega's own `label` transform needs a canvas to rasterise line and area marks, which briefkit
 * runs without). Every text mark's box is computed with the fontkit metrics the PDF uses; a
 * label that overlaps a line, point or rule of the chart, or a label placed before it, is moved
 * to the first free place around its anchor (above, below, the four diagonals, right, left, at
 * growing distances), inside the plot. Labels that collide with nothing stay where the spec put
 * them. A label the spec set inside or on its bar stays there unless it touches another bar; a moved label keeps off bars too;
 * areas are never obstacles. Places above the anchor are tried first.
 */
import { FontMetrics } from './metrics.js';

export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

type SceneItem = {
  x?: number; y?: number; x2?: number; y2?: number; width?: number; height?: number; size?: number;
  text?: unknown; font?: string; fontSize?: number; fontWeight?: unknown; fontStyle?: string;
  align?: string; baseline?: string; dx?: number; dy?: number; angle?: number; opacity?: number; fillOpacity?: number;
  items?: SceneMark[];
};
type SceneMark = { marktype: string; role?: string; name?: string; items: SceneItem[] };

const textOf = (t: unknown) => (Array.isArray(t) ? t.join(' ') : t === undefined || t === null ? '' : String(t));

/** The box of a text item at absolute offset (ox, oy), measured with the PDF's fonts. */
export function textBox(it: SceneItem, ox: number, oy: number, over: { dx?: number; dy?: number; align?: string; baseline?: string } = {}): Box {
  const size = it.fontSize ?? 11;
  const bold = it.fontWeight === 'bold' || Number(it.fontWeight) >= 600;
  const w = FontMetrics.installed ? FontMetrics.installed.width(textOf(it.text), size, it.font, bold ? 'bold' : 'normal', it.fontStyle) : textOf(it.text).length * size * 0.55;
  const h = size * 1.0;
  const x = ox + (it.x ?? 0) + (over.dx ?? it.dx ?? 0);
  const y = oy + (it.y ?? 0) + (over.dy ?? it.dy ?? 0);
  const align = over.align ?? it.align ?? 'left';
  const baseline = over.baseline ?? it.baseline ?? 'alphabetic';
  const x1 = align === 'center' ? x - w / 2 : align === 'right' ? x - w : x;
  const top = baseline === 'top' ? y : baseline === 'middle' ? y - h / 2 : baseline === 'bottom' ? y - h : y - h * 0.78;
  return { x1, y1: top, x2: x1 + w, y2: top + h };
}

export const overlaps = (a: Box, b: Box, pad = 0) => a.x1 < b.x2 + pad && b.x1 < a.x2 + pad && a.y1 < b.y2 + pad && b.y1 < a.y2 + pad;

/** Does the segment (x1,y1)–(x2,y2) cross the box? */
export function segmentHits(b: Box, x1: number, y1: number, x2: number, y2: number): boolean {
  // Liang–Barsky clipping
  let t0 = 0;
  let t1 = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  for (const [p, q] of [[-dx, x1 - b.x1], [dx, b.x2 - x1], [-dy, y1 - b.y1], [dy, b.y2 - y1]] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return false;
    }
  }
  return true;
}

type Obstacle = { box?: Box; seg?: [number, number, number, number] };

const hits = (b: Box, o: Obstacle) => (o.box ? overlaps(b, o.box, 1.5) : o.seg ? segmentHits({ x1: b.x1 - 1.5, y1: b.y1 - 1.5, x2: b.x2 + 1.5, y2: b.y2 + 1.5 }, ...o.seg) : false);

/** A moved label this far (px) or more from its anchor gets a leader line back to it. */
export const LEADER_FROM = 10;
/** Distances (px) from the anchor tried for a moved label in each direction; then the far ones in each. */
const NEAR = [8, 12, 17, 23, 30];
const FAR = [38, 46, 55];
/** How far (px) above and below its anchor a label keeps the column of another label's anchor open, when it can. */
const COLUMN = 30;

/** The point of box b nearest to (x, y). */
const nearest = (b: Box, x: number, y: number): [number, number] => [Math.min(Math.max(x, b.x1), b.x2), Math.min(Math.max(y, b.y1), b.y2)];

/** A row band [y1, y2] of the chart's y band scale, in the coordinates of its plot group. */
export type Row = [number, number];

export interface LeaderStyle {
  stroke: string;
  strokeWidth: number;
}

/**
 * Moves colliding labels in every group of the scenegraph; returns how many were moved. A label
 * set down away from its anchor (LEADER_FROM or more) gets a leader: a thin rule from the edge of
 * the mark at its anchor to the nearest point of the label, which crosses no other label or mark
 * (a place whose leader would is not taken), and later labels keep off it.
 */
export function placeLabels(root: { items: SceneItem[] }, leader: LeaderStyle = { stroke: '#8a929c', strokeWidth: 0.6 }, rows: Row[] = []): number {
  let moved = 0;
  const visitGroup = (group: SceneItem, ox: number, oy: number, top: boolean) => {
    const gx = ox + (group.x ?? 0);
    const gy = oy + (group.y ?? 0);
    // the row band (absolute) of an anchor at absolute y, in the chart's top group
    const rowOf = (y: number): Row | undefined => (top ? rows.find(([a, b]) => y - gy >= a && y - gy <= b)?.map((v) => v + gy) as Row | undefined : undefined);
    const marks = group.items ?? [];
    const obstacles: Obstacle[] = [];
    const symbols: Box[] = [];
    const rects: Obstacle[] = [];
    const labels: SceneItem[] = [];
    for (const m of marks) {
      const role = m.role ?? '';
      if (m.marktype === 'group') continue;
      if (m.marktype === 'line') {
        for (let i = 1; i < m.items.length; i++) {
          const a = m.items[i - 1]!;
          const b = m.items[i]!;
          obstacles.push({ seg: [gx + (a.x ?? 0), gy + (a.y ?? 0), gx + (b.x ?? 0), gy + (b.y ?? 0)] });
        }
      } else if (m.marktype === 'symbol') {
        for (const it of m.items) {
          const r = Math.sqrt(it.size ?? 64) / 2;
          const box = { x1: gx + (it.x ?? 0) - r, y1: gy + (it.y ?? 0) - r, x2: gx + (it.x ?? 0) + r, y2: gy + (it.y ?? 0) + r };
          obstacles.push({ box });
          symbols.push(box);
        }
      } else if (m.marktype === 'rect') {
        for (const it of m.items) {
          const [x1, x2] = [it.x ?? 0, it.x2 ?? (it.x ?? 0) + (it.width ?? 0)].sort((a, b) => a - b);
          const [y1, y2] = [it.y ?? 0, it.y2 ?? (it.y ?? 0) + (it.height ?? 0)].sort((a, b) => a - b);
          rects.push({ box: { x1: gx + x1!, y1: gy + y1!, x2: gx + x2!, y2: gy + y2! } });
        }
      } else if (m.marktype === 'rule') {
        for (const it of m.items) obstacles.push({ seg: [gx + (it.x ?? 0), gy + (it.y ?? 0), gx + (it.x2 ?? it.x ?? 0), gy + (it.y2 ?? it.y ?? 0)] });
      } else if (m.marktype === 'text' && (role === 'mark' || role === '')) {
        for (const it of m.items) if (textOf(it.text) && !it.angle && (it.opacity ?? 1) > 0) labels.push(it);
      }
    }
    const bounds: Box = { x1: gx, y1: gy, x2: gx + (group.width ?? Infinity), y2: gy + (group.height ?? Infinity) };
    const inside = (b: Box) => b.x1 >= bounds.x1 && b.x2 <= bounds.x2 && b.y1 >= bounds.y1 - 8 && b.y2 <= bounds.y2;
    const placed: Obstacle[] = [];
    const leaders: [number, number, number, number][] = [];
    // the column above and below each label's anchor, where its leader would run if it had to
    // move: a moved label first looks for a place that leaves the others' columns open
    const anchors = labels.map((l) => [gx + (l.x ?? 0), gy + (l.y ?? 0)] as const);
    const columns = anchors.map(([x, y]): Obstacle[] => [{ seg: [x, y - COLUMN, x, y - 5] }, { seg: [x, y + 5, x, y + COLUMN] }]);
    for (const [n, it] of labels.entries()) {
      const current = textBox(it, gx, gy);
      // the anchor: the mark the label belongs to sits there
      const [ax, ay] = anchors[n]!;
      // a label stays in the row (band) of its mark, when the chart has rows
      const row = rowOf(ay);
      const inRow = (b: Box) => !row || (b.y1 >= row[0] && b.y2 <= row[1]);
      const free = (b: Box) => !obstacles.some((o) => hits(b, o)) && !placed.some((o) => hits(b, o));
      // the bar its anchor is on (a label set above or inside its bar) is its own; another bar is in its way
      const bar = rects.find((o) => o.box && ax >= o.box.x1 - 0.5 && ax <= o.box.x2 + 0.5 && ay >= o.box.y1 - 0.5 && ay <= o.box.y2 + 0.5);
      const offBars = (b: Box) => !rects.some((o) => o !== bar && hits(b, o));
      if (free(current) && inRow(current) && offBars(current)) {
        placed.push({ box: current });
        continue;
      }
      // its own symbol is not in the way of its leader
      const own = symbols.find((b) => ax >= b.x1 && ax <= b.x2 && ay >= b.y1 && ay <= b.y2);
      const leaderTo = (box: Box): [number, number, number, number] | undefined => {
        const [bx, by] = nearest(box, ax, ay);
        const len = Math.hypot(bx - ax, by - ay);
        if (len < LEADER_FROM) return undefined;
        const r = own ? (own.x2 - own.x1) / 2 + 1 : 1.5;
        return [ax + ((bx - ax) * r) / len, ay + ((by - ay) * r) / len, bx, by];
      };
      // a leader crosses no placed label, no other point mark and no other leader
      const leaderClear = (seg: [number, number, number, number]) =>
        !placed.some((o) => o.box && segmentHits(o.box, ...seg)) && !symbols.some((b) => b !== own && segmentHits(b, ...seg)) && !leaders.some((l) => segmentsCross(l, seg));
      // a moved label also keeps off bars (one set there by the spec may sit inside its bar), and off leaders
      const clear = (b: Box) => free(b) && !rects.some((o) => hits(b, o)) && !leaders.some((l) => hits(b, { seg: l }));
      let best: { box: Box; over: { dx: number; dy: number; align: string; baseline: string }; leader?: [number, number, number, number] } | undefined;
      // above first (at growing distances), then above and set to one side of the anchor (the
      // label's end or start over it, as a timeline's labels stand), the upper diagonals, the
      // sides, and below; then all of them farther out
      const directions = [
        (d: number) => ({ dx: 0, dy: -d, align: 'center', baseline: 'bottom' }),
        (d: number) => ({ dx: -1, dy: -d, align: 'left', baseline: 'bottom' }),
        (d: number) => ({ dx: 1, dy: -d, align: 'right', baseline: 'bottom' }),
        (d: number) => ({ dx: d * 0.7, dy: -d * 0.7, align: 'left', baseline: 'bottom' }),
        (d: number) => ({ dx: -d * 0.7, dy: -d * 0.7, align: 'right', baseline: 'bottom' }),
        (d: number) => ({ dx: d, dy: 0, align: 'left', baseline: 'middle' }),
        (d: number) => ({ dx: -d, dy: 0, align: 'right', baseline: 'middle' }),
        (d: number) => ({ dx: 0, dy: d, align: 'center', baseline: 'top' }),
        (d: number) => ({ dx: -1, dy: d, align: 'left', baseline: 'top' }),
        (d: number) => ({ dx: 1, dy: d, align: 'right', baseline: 'top' }),
        (d: number) => ({ dx: d * 0.7, dy: d * 0.7, align: 'left', baseline: 'top' }),
        (d: number) => ({ dx: -d * 0.7, dy: d * 0.7, align: 'right', baseline: 'top' }),
      ];
      const open = (b: Box) => !columns.some((cs, i) => i !== n && !(anchors[i]![0] === ax && anchors[i]![1] === ay) && cs.some((o) => hits(b, o)));
      search: for (const round of [open, () => true]) for (const ds of [NEAR, FAR]) for (const dir of directions) {
        for (const d of ds) {
          const c = dir(d);
          const box = textBox(it, gx, gy, c);
          if (!inside(box) || !inRow(box) || !clear(box) || !round(box)) continue;
          const seg = leaderTo(box);
          if (seg && !leaderClear(seg)) continue;
          best = { box, over: c, ...(seg ? { leader: seg } : {}) };
          break search;
        }
      }
      if (best) {
        Object.assign(it, best.over);
        placed.push({ box: best.box });
        if (best.leader) leaders.push(best.leader);
        moved++;
      } else placed.push({ box: current });
    }
    if (leaders.length) {
      // drawn under the labels and marks of the group, in the group's coordinates
      const items = leaders.map(([x1, y1, x2, y2]) => ({ x: x1 - gx, y: y1 - gy, x2: x2 - gx, y2: y2 - gy, stroke: leader.stroke, strokeWidth: leader.strokeWidth }));
      const mark = { marktype: 'rule', role: 'mark', name: 'label-leaders', interactive: false, items } as SceneMark;
      for (const i of mark.items) (i as { mark?: SceneMark }).mark = mark;
      marks.splice(0, 0, mark);
    }
    for (const m of marks) if (m.marktype === 'group') for (const g of m.items) visitGroup(g, gx, gy, false);
  };
  for (const g of root.items) visitGroup(g, 0, 0, true);
  return moved;
}

/** Do two segments cross (touching ends count as crossing)? */
function segmentsCross(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  const o = (px: number, py: number, qx: number, qy: number, rx: number, ry: number) => Math.sign((qx - px) * (ry - py) - (qy - py) * (rx - px));
  const [ax1, ay1, ax2, ay2] = a;
  const [bx1, by1, bx2, by2] = b;
  return o(ax1, ay1, ax2, ay2, bx1, by1) !== o(ax1, ay1, ax2, ay2, bx2, by2) && o(bx1, by1, bx2, by2, ax1, ay1) !== o(bx1, by1, bx2, by2, ax2, ay2);
}
