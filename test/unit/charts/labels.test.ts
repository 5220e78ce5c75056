/**
 * Chart labels never collide: the placer moves a label off a line, a point or another label
 * (unit cases), and in every flagship chart, rendered with its data through the report's chart
 * path, no two mark labels' boxes overlap in the SVG (boxes from the fontkit metrics the PDF uses).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/build.js';
import { overlaps, placeLabels, segmentHits, type Box } from '../../../src/charts/labels.js';
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

/** Boxes of the mark labels (text in role-mark groups) of a Vega SVG, in absolute px. */
function markLabelBoxes(svg: string): { text: string; box: Box }[] {
  const out: { text: string; box: Box }[] = [];
  const stack: { x: number; y: number; mark: boolean }[] = [{ x: 0, y: 0, mark: false }];
  for (const m of svg.matchAll(/<(\/?)(g|text)\b([^>]*)>([^<]*)/g)) {
    const [, close, tag, attrs, content] = m;
    const top = stack[stack.length - 1]!;
    if (tag === 'g') {
      if (close) stack.pop();
      else {
        const t = /transform="translate\(([-\d.e]+),\s*([-\d.e]+)\)"/.exec(attrs!);
        const cls = /class="([^"]*)"/.exec(attrs!)?.[1] ?? '';
        stack.push({ x: top.x + Number(t?.[1] ?? 0), y: top.y + Number(t?.[2] ?? 0), mark: cls.includes('mark-text') ? cls.includes('role-mark') : top.mark });
        if (/\/$/.test(attrs!)) stack.pop();
      }
      continue;
    }
    if (tag !== 'text' || close || !top.mark) continue;
    const t = /transform="translate\(([-\d.e]+),\s*([-\d.e]+)\)"/.exec(attrs!);
    if (/rotate\(/.test(attrs!)) continue;
    const size = Number(/font-size="([\d.]+)(?:px)?"/.exec(attrs!)?.[1] ?? 11);
    const anchor = /text-anchor="(\w+)"/.exec(attrs!)?.[1] ?? 'start';
    const bold = /font-weight="(bold|[6-9]00)"/.test(attrs!);
    const label = content!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&#x27;|&apos;/g, "'").replace(/&quot;/g, '"');
    if (!label.trim()) continue;
    const w = FontMetrics.installed!.width(label, size, 'Roboto', bold ? 'bold' : 'normal');
    const x = top.x + Number(t?.[1] ?? 0);
    const y = top.y + Number(t?.[2] ?? 0); // the baseline
    const x1 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
    out.push({ text: label, box: { x1, y1: y - size * 0.72, x2: x1 + w, y2: y + size * 0.2 } });
  }
  return out;
}

describe('flagship charts', () => {
  const specs = fs.readdirSync(path.join(ROOT, 'templates', 'charts')).filter((f) => f.endsWith('.vl.json'));
  for (const file of specs) {
    it(`${file}: no two mark labels overlap`, async () => {
      const name = file.replace(/\.vl\.json$/, '');
      const { spec, text } = inputs.assets.specs.get(name)!;
      const names = new Set<string>();
      JSON.stringify(spec, (k, v) => (k === 'name' && typeof v === 'string' ? (names.add(v), v) : v));
      const datasets = new Map([...names].filter((n) => inputs.data.datasets.has(n)).map((n) => [n, inputs.data.datasets.get(n)!.rows.filter((r) => r.excluded !== true)]));
      const theme = makeTheme();
      const out = await renderChart({ file: `templates/charts/${file}`, spec, text, datasets, dataArea: inputs.project.data, config: chartConfig(theme), width: theme.contentWidth / PX_TO_PT, height: 250 } as never);
      const boxes = markLabelBoxes(out.svg);
      if (name === 'invention-grants' || name === 'reactions-timeline') expect(boxes.length).toBeGreaterThan(3); // the parser finds the labels
      const clashes: string[] = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!.box, boxes[j]!.box, -0.5)) clashes.push(`"${boxes[i]!.text}" × "${boxes[j]!.text}"`);
      expect(clashes).toEqual([]);
    });
  }
});
