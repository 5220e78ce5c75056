/**
 * What every mark's drawing shares: Vega's mark definitions (their SVG attribute emitters are
 * the geometry), the links and images resolved by the chart's loader, and the opacity of the
 * groups around the mark.
 */
import * as vega from 'vega';
import { clampNumber, type Item } from './style.js';
import type { Matrix, SceneNode } from './types.js';

export interface MarkDef {
  attr(emit: (name: string, value: unknown) => void, item: Item, renderer?: unknown): void;
  background?(emit: (name: string, value: unknown) => void, item: Item): void;
  foreground?(emit: (name: string, value: unknown) => void, item: Item): void;
  nested: boolean;
}

export const marks = (vega as unknown as { Marks: Record<string, MarkDef> }).Marks;

export interface DrawContext {
  /** http(s) link of an item's `href`, as the loader kept it (others are dropped). */
  links: Map<string, string>;
  /** data: URI of an image mark's `url`, as the loader read it. */
  images: Map<string, string>;
  /** Opacity of the enclosing groups. */
  opacity: number;
  /** Draws a mark (a scenegraph node with `marktype`), for groups. */
  mark(scene: Item, ctx: DrawContext): SceneNode[];
}

/** The SVG attributes Vega's renderer writes for an item (d, transform, x2, ...). */
export function attributes(def: MarkDef['attr'], item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  def((name, value) => {
    out[name] = value;
  }, item);
  return out;
}

const multiply = (a: Matrix, b: Matrix): Matrix => [a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3], a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5]];

/** An SVG transform list of translate, rotate and scale (what Vega's renderer writes) as one matrix; undefined when it is the identity. */
export function matrixOf(transform: unknown): Matrix | undefined {
  if (typeof transform !== 'string' || !transform) return undefined;
  let m: Matrix = [1, 0, 0, 1, 0, 0];
  for (const [, op, args] of transform.matchAll(/(translate|rotate|scale)\(([^)]*)\)/g)) {
    const n = args!.split(/[\s,]+/).filter(Boolean).map(Number).map((v) => (Number.isFinite(v) ? v : 0));
    if (op === 'translate') m = multiply(m, [1, 0, 0, 1, n[0] ?? 0, n[1] ?? 0]);
    else if (op === 'scale') m = multiply(m, [n[0] ?? 1, 0, 0, n[1] ?? n[0] ?? 1, 0, 0]);
    else {
      const a = ((n[0] ?? 0) * Math.PI) / 180;
      m = multiply(m, [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a), 0, 0]);
    }
  }
  const clamp = (v: number) => (Math.abs(v) >= 1e15 ? Math.sign(v) * 1e15 : Math.abs(v) < 1e-12 ? 0 : v);
  m = m.map(clamp) as Matrix;
  return m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && m[4] === 0 && m[5] === 0 ? undefined : m;
}

/** Each item of a mark in drawing order (a nested mark, line or area, is one path over all its items: its first). */
export const itemsOf = (scene: Item): Item[] => {
  const items = (scene.items ?? []) as Item[];
  return marks[scene.marktype as string]?.nested ? items.slice(0, 1) : items;
};

/** A link over the item's bounds (in its group's coordinates), when its `href` was kept. */
export function linkOf(item: Item, ctx: DrawContext): SceneNode[] {
  const href = typeof item.href === 'string' ? ctx.links.get(item.href) : undefined;
  const b = item.bounds as { x1: number; y1: number; x2: number; y2: number } | undefined;
  if (!href || !b || !(b.x2 >= b.x1) || !(b.y2 >= b.y1)) return [];
  const [x1, y1, x2, y2] = [b.x1, b.y1, b.x2, b.y2].map(clampNumber) as [number, number, number, number];
  return [{ k: 'a', href, box: [x1, y1, x2 - x1, y2 - y1] }];
}
