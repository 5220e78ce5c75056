/**
 * Chart labels never collide: the placer moves a label off a line, a point or another label
 * (unit cases), and in every flagship chart, rendered with its data through the report's chart
 * path, no two mark labels' boxes overlap in the SVG (boxes from the fontkit metrics the PDF uses).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/build.js';
import { LEADER_FROM, overlaps, placeLabels, segmentHits, type Box } from '../../../src/charts/labels.js';
import { FontMetrics } from '../../../src/charts/metrics.js';
import { renderChart } from '../../../src/charts/render.js';
import { PX_TO_PT, chartConfig, makeTheme } from '../../../src/theme/theme.js';
import { ROOT } from '../../support.js';

let inputs: Awaited<ReturnType<typeof loadInputs>>;
beforeAll(async () => {
  inputs = await loadInputs({ root: ROOT } as never);
}, 120_000);

describe('placeLabels', () => {
  const text = (t: string, x: number, y: number) => ({ text: t, x, y, fontSize: 11, align: 'center', baseline: 'middle', font: 'Roboto' });
  it('moves a label that sits on a line, and one that overlaps another label', () => {
    const a = text('≈135,100', 100, 100);
    const b = text('207,688', 104, 100);
    const root = { items: [{ x: 0, y: 0, width: 400, height: 200, items: [
      { marktype: 'line', role: 'mark', items: [{ x: 20, y: 100 }, { x: 200, y: 100 }] },
      { marktype: 'text', role: 'mark', items: [a, b] },
    ] }] };
    expect(placeLabels(root as never)).toBe(2);
    const box = (it: typeof a & { dx?: number; dy?: number }) => {
      const w = FontMetrics.installed!.width(it.text, 11, 'Roboto');
      const x = it.x + (it.dx ?? 0);
      const y = it.y + (it.dy ?? 0);
      const x1 = it.align === 'center' ? x - w / 2 : it.align === 'right' ? x - w : x;
      const y1 = it.baseline === 'top' ? y : it.baseline === 'bottom' ? y - 11 : y - 5.5;
      return { x1, y1, x2: x1 + w, y2: y1 + 11 };
    };
    expect(segmentHits(box(a), 20, 100, 200, 100)).toBe(false);
    expect(segmentHits(box(b), 20, 100, 200, 100)).toBe(false);
    expect(overlaps(box(a), box(b))).toBe(false);
  });
});

describe('bars', () => {
  it('move a label set on its own bar off a taller neighbouring bar it touches, and leave one clear of other bars', () => {
    // two 12 px bars side by side; the short one's label (wider than its bar) reaches over the tall one
    const short = { text: '34k', x: 106, y: 150, fontSize: 8, align: 'center', baseline: 'bottom', dy: -5, font: 'Roboto' };
    const tall = { text: '39k', x: 120, y: 120, fontSize: 8, align: 'center', baseline: 'bottom', dy: -5, font: 'Roboto' };
    const root = { items: [{ x: 0, y: 0, width: 200, height: 200, items: [
      { marktype: 'rect', role: 'mark', items: [{ x: 100, y: 150, width: 12, height: 50 }, { x: 114, y: 120, width: 12, height: 80 }] },
      { marktype: 'text', role: 'mark', items: [short, tall] },
    ] }] };
    expect(placeLabels(root as never)).toBe(1);
    expect((tall as { dy: number }).dy).toBe(-5);
    const w = FontMetrics.installed!.width('34k', 8, 'Roboto');
    const it = short as typeof short & { dx?: number };
    const x = it.x + (it.dx ?? 0);
    const x1 = it.align === 'center' ? x - w / 2 : it.align === 'right' ? x - w : x;
    const y = it.y + it.dy;
    const y2 = it.baseline === 'top' ? y + 8 : it.baseline === 'middle' ? y + 4 : y;
    // clear of the tall bar (x 114–126 from y 120 down)
    expect(x1 + w <= 114 || y2 <= 120).toBe(true);
  });
});

describe('leaders', () => {
  const text = (t: string, x: number, y: number) => ({ text: t, x, y, fontSize: 10, align: 'center', baseline: 'bottom', dy: -6, font: 'Roboto' });
  it('draw a rule from a point to a label moved away from it, and none for a label left in place', () => {
    // five markers close together in one row, each with a label above it: they cannot all sit above their own
    const xs = [100, 110, 120, 130, 140];
    const labels = xs.map((x, i) => text(`Event number ${i + 1}`, x, 100));
    const group = { x: 0, y: 0, width: 400, height: 200, items: [
      { marktype: 'symbol', role: 'mark', items: xs.map((x) => ({ x, y: 100, size: 55 })) },
      { marktype: 'text', role: 'mark', items: labels },
    ] as { marktype: string; role?: string; name?: string; items: Record<string, number>[] }[] };
    expect(placeLabels({ items: [group] } as never, { stroke: '#8a929c', strokeWidth: 0.6 })).toBeGreaterThan(2);
    const leaders = group.items.find((m) => m.name === 'label-leaders');
    expect(leaders?.marktype).toBe('rule');
    expect(leaders!.items.length).toBeGreaterThan(0);
    const boxes = labels.map((l) => {
      const it = l as typeof l & { dx?: number };
      const w = FontMetrics.installed!.width(it.text, 10, 'Roboto');
      const x = it.x + (it.dx ?? 0);
      const y = it.y + it.dy;
      const x1 = it.align === 'center' ? x - w / 2 : it.align === 'right' ? x - w : x;
      const y1 = it.baseline === 'top' ? y : it.baseline === 'bottom' ? y - 10 : it.baseline === 'middle' ? y - 5 : y - 7.8;
      return { x1, y1, x2: x1 + w, y2: y1 + 10 };
    });
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${i} × ${j}`).toBe(false);
    for (const l of leaders!.items) {
      // it starts at a marker's edge, not inside it, and ends on the edge of one label only
      expect(xs.some((x) => Math.hypot(l.x! - x, l.y! - 100) > 3.7 && Math.hypot(l.x! - x, l.y! - 100) < 6)).toBe(true);
      const inner = boxes.filter((b) => segmentHits({ x1: b.x1 + 0.5, y1: b.y1 + 0.5, x2: b.x2 - 0.5, y2: b.y2 - 0.5 }, l.x!, l.y!, l.x2!, l.y2!));
      expect(inner).toEqual([]);
    }
  });
});

/**
 * The marks a reader sees in a Vega SVG, in absolute px: mark labels (text in role-mark groups)
 * with their boxes, point marks (symbols) with theirs, and rules (leaders among them) as segments.
 */
function markShapes(svg: string): { labels: { text: string; box: Box }[]; symbols: Box[]; rules: [number, number, number, number][]; rows: number[] } {
  const labels: { text: string; box: Box }[] = [];
  const rows: number[] = [];
  const symbols: Box[] = [];
  const rules: [number, number, number, number][] = [];
  const stack: { x: number; y: number; mark: string }[] = [{ x: 0, y: 0, mark: '' }];
  for (const m of svg.matchAll(/<(\/?)(g|text|path|line)\b([^>]*)>([^<]*)/g)) {
    const [, close, tag, attrs, content] = m;
    const top = stack[stack.length - 1]!;
    const t = /transform="translate\(([-\d.e]+),\s*([-\d.e]+)\)"/.exec(attrs!);
    const x = top.x + Number(t?.[1] ?? 0);
    const y = top.y + Number(t?.[2] ?? 0);
    if (tag === 'g') {
      if (close) stack.pop();
      else {
        const cls = /class="([^"]*)"/.exec(attrs!)?.[1] ?? '';
        const kind = /\bmark-(\w+)\b/.exec(cls)?.[1];
        stack.push({ x, y, mark: kind ? (cls.includes('role-mark') ? kind : cls.includes('role-axis-label') ? 'axis-label' : '') : top.mark });
        if (/\/$/.test(attrs!)) stack.pop();
      }
      continue;
    }
    if (close) continue;
    if (tag === 'text' && top.mark === 'axis-label' && /text-anchor="end"/.test(attrs!)) rows.push(y); // the y axis's labels stand at their rows' centres
    else if (tag === 'path' && top.mark === 'symbol') {
      const b = pathBox(/ d="([^"]*)"/.exec(attrs!)?.[1] ?? '');
      if (b) symbols.push({ x1: x + b.x1, y1: y + b.y1, x2: x + b.x2, y2: y + b.y2 });
    } else if (tag === 'line' && top.mark === 'rule') {
      rules.push([x, y, x + Number(/x2="([-\d.e]+)"/.exec(attrs!)?.[1] ?? 0), y + Number(/y2="([-\d.e]+)"/.exec(attrs!)?.[1] ?? 0)]);
    } else if (tag === 'text' && top.mark === 'text' && !/rotate\(/.test(attrs!)) {
      const size = Number(/font-size="([\d.]+)(?:px)?"/.exec(attrs!)?.[1] ?? 11);
      const anchor = /text-anchor="(\w+)"/.exec(attrs!)?.[1] ?? 'start';
      const bold = /font-weight="(bold|[6-9]00)"/.test(attrs!);
      const label = content!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&#x27;|&apos;/g, "'").replace(/&quot;/g, '"');
      if (!label.trim()) continue;
      const w = FontMetrics.installed!.width(label, size, 'Roboto', bold ? 'bold' : 'normal');
      const x1 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
      // y is the baseline
      labels.push({ text: label, box: { x1, y1: y - size * 0.72, x2: x1 + w, y2: y + size * 0.2 } });
    }
  }
  return { labels, symbols, rules, rows };
}

/** The box of a symbol's path (the M, L, H, V, A and Z commands Vega writes; an arc counts as its circle). */
function pathBox(d: string): Box | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  let [cx, cy] = [0, 0];
  const at = (x: number, y: number) => (xs.push(x), ys.push(y), ([cx, cy] = [x, y]));
  for (const [, cmd, args] of d.matchAll(/([MLHVAZmlhvaz])([^MLHVAZmlhvaz]*)/g)) {
    const n = [...args!.matchAll(/-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g)].map((v) => Number(v[0]));
    const rel = cmd === cmd!.toLowerCase();
    const c = cmd!.toUpperCase();
    if (c === 'M' || c === 'L') for (let i = 0; i + 1 < n.length; i += 2) at(n[i]! + (rel ? cx : 0), n[i + 1]! + (rel ? cy : 0));
    else if (c === 'H') for (const v of n) at(v + (rel ? cx : 0), cy);
    else if (c === 'V') for (const v of n) at(cx, v + (rel ? cy : 0));
    else if (c === 'A')
      for (let i = 0; i + 6 < n.length; i += 7) {
        const [x0, y0] = [cx, cy];
        const [x1, y1] = [n[i + 5]! + (rel ? cx : 0), n[i + 6]! + (rel ? cy : 0)];
        const r = Math.max(n[i]!, n[i + 1]!);
        const [mx, my] = [(x0 + x1) / 2, (y0 + y1) / 2];
        xs.push(mx - r, mx + r);
        ys.push(my - r, my + r);
        at(x1, y1);
      }
  }
  return xs.length ? { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) } : undefined;
}

/** Does the segment cross the box, other than touching it at one of its ends? */
const crosses = (b: Box, [x1, y1, x2, y2]: [number, number, number, number]) => {
  const inner = { x1: b.x1 + 0.5, y1: b.y1 + 0.5, x2: b.x2 - 0.5, y2: b.y2 - 0.5 };
  return inner.x1 < inner.x2 && inner.y1 < inner.y2 && segmentHits(inner, x1, y1, x2, y2);
};

describe('flagship charts', () => {
  const specs = fs.readdirSync(path.join(ROOT, 'templates', 'charts')).filter((f) => f.endsWith('.vl.json'));
  for (const file of specs) {
    it(`${file}: no two mark labels overlap, no label sits on a point mark, no two timeline markers overlap, no leader crosses a label`, async () => {
      const name = file.replace(/\.vl\.json$/, '');
      const { spec, text } = inputs.assets.specs.get(name)!;
      const names = new Set<string>();
      JSON.stringify(spec, (k, v) => (k === 'name' && typeof v === 'string' ? (names.add(v), v) : v));
      const datasets = new Map([...names].filter((n) => inputs.data.datasets.has(n)).map((n) => [n, inputs.data.datasets.get(n)!.rows.filter((r) => r.excluded !== true)]));
      const numbers = new Map([...datasets.keys()].map((n) => [n, inputs.data.datasets.get(n)!.numbers]));
      const fields = new Map([...datasets.keys()].map((n) => [n, inputs.data.datasets.get(n)!.fields]));
      const theme = makeTheme();
      const out = await renderChart({ file: `templates/charts/${file}`, spec, text, datasets, fields, numbers, dataArea: inputs.project.data, config: chartConfig(theme), width: theme.contentWidth / PX_TO_PT, height: 250 } as never);
      const { labels, symbols, rules, rows } = markShapes(out.svg);
      if (name === 'invention-grants' || name === 'reactions-timeline') expect(labels.length).toBeGreaterThan(3); // the parser finds the labels
      if (name === 'reactions-timeline') {
        expect(symbols.length).toBeGreaterThan(30); // and the markers
        expect(rules.length).toBeGreaterThan(0); // and the leaders
      }
      const clashes: string[] = [];
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) if (overlaps(labels[i]!.box, labels[j]!.box, -0.5)) clashes.push(`"${labels[i]!.text}" × "${labels[j]!.text}"`);
      for (const l of labels) for (const s of symbols) if (overlaps(l.box, s, -0.5)) clashes.push(`"${l.text}" × a point at ${s.x1.toFixed(0)},${s.y1.toFixed(0)}`);
      // markers of one row of a timeline never hide each other (in a line chart, two series may meet at a point)
      if (name === 'reactions-timeline') for (let i = 0; i < symbols.length; i++) for (let j = i + 1; j < symbols.length; j++) if (overlaps(symbols[i]!, symbols[j]!, -0.5)) clashes.push(`two points at ${symbols[i]!.x1.toFixed(0)},${symbols[i]!.y1.toFixed(0)}`);
      for (const r of rules) for (const l of labels) if (crosses(l.box, r)) clashes.push(`a rule from ${r[0].toFixed(0)},${r[1].toFixed(0)} × "${l.text}"`);
      if (name === 'reactions-timeline') clashes.push(...rowFaults(labels, symbols, rules, rows));
      expect(clashes).toEqual([]);
    });
  }
});

/** A label this far (px) or less from its mark's box needs no leader: the placer's LEADER_FROM from its centre, less the half-height (3.2 px) of the smallest 55 px² point. */
const TOUCH = LEADER_FROM - 3.2;
const gap = (a: Box, b: Box) => Math.hypot(Math.max(0, a.x1 - b.x2, b.x1 - a.x2), Math.max(0, a.y1 - b.y2, b.y1 - a.y2));
const centre = (b: Box): [number, number] => [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];

/**
 * In a chart of rows (the y axis's labels stand at their centres; a row reaches halfway to the
 * next): every mark lies inside one row, centred on it (lanes symmetric about the centre line);
 * every label touches its mark (within TOUCH px) or has a leader from it; a leader, and the label
 * it leads to, stay inside the mark's row.
 */
function rowFaults(labels: { text: string; box: Box }[], symbols: Box[], rules: [number, number, number, number][], rows: number[]): string[] {
  const faults: string[] = [];
  const sorted = [...rows].sort((a, b) => a - b);
  const step = sorted.length > 1 ? (sorted[sorted.length - 1]! - sorted[0]!) / (sorted.length - 1) : Infinity;
  // the axis label's y is its baseline; its centre is a third of the font size above (10 px labels)
  const centres = sorted.map((y) => y - 10 * 0.28);
  const rowOf = (y: number) => centres.findIndex((c) => Math.abs(y - c) <= step / 2);
  const inRow = (b: Box, r: number) => r >= 0 && b.y1 >= centres[r]! - step / 2 - 0.5 && b.y2 <= centres[r]! + step / 2 + 0.5;
  const lanes = new Map<number, number[]>();
  for (const s of symbols) {
    const r = rowOf(centre(s)[1]);
    if (!inRow(s, r)) faults.push(`a point at ${s.x1.toFixed(0)},${s.y1.toFixed(0)} outside its row`);
    else lanes.set(r, [...(lanes.get(r) ?? []), centre(s)[1] - centres[r]!]);
  }
  // the lanes of every row are symmetric about its centre line: the first lane on it, the others
  // as far above as below (±1.5 px for the baseline estimate)
  for (const [r, ds] of lanes) {
    if (Math.min(...ds.map(Math.abs)) > 1.5) faults.push(`no mark of row ${r} sits on its centre line`);
    const up = Math.max(0, ...ds.map((d) => -d));
    const down = Math.max(0, ...ds.map((d) => d));
    if (up > 1.5 && down > 1.5 && Math.abs(up - down) > 1.5) faults.push(`the lanes of row ${r} are ${up.toFixed(1)} px above and ${down.toFixed(1)} px below its centre line`);
  }
  for (const l of labels) {
    const near = symbols.filter((s) => gap(l.box, s) <= TOUCH);
    const leader = rules.find(([x1, y1, x2, y2]) => gap(l.box, { x1: x2, y1: y2, x2, y2 }) <= 2 && symbols.some((s) => gap(s, { x1, y1, x2: x1, y2: y1 }) <= 1.5));
    const mark = leader ? symbols.find((s) => gap(s, { x1: leader[0], y1: leader[1], x2: leader[0], y2: leader[1] }) <= 1.5)! : near.sort((a, b) => gap(l.box, a) - gap(l.box, b))[0];
    if (!mark) {
      faults.push(`"${l.text}" neither touches a mark nor has a leader`);
      continue;
    }
    const r = rowOf(centre(mark)[1]);
    if (!inRow(l.box, r)) faults.push(`"${l.text}" leaves the row of its mark`);
    if (leader && !inRow({ x1: Math.min(leader[0], leader[2]), y1: Math.min(leader[1], leader[3]), x2: Math.max(leader[0], leader[2]), y2: Math.max(leader[1], leader[3]) }, r)) faults.push(`the leader of "${l.text}" leaves its row`);
  }
  return faults;
}
