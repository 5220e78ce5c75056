/**
 * One layout, one drawing: the flagship policy edition is laid out by pdfmake once and drawn
 * once, with widows, orphans and headings at a page foot handled while the lines are placed and
 * page numbers filled in as pages are drawn. Read from where pdfmake set every line
 * (node.positions) of the same build.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEdition, loadInputs, type Edition } from '../../src/build.js';
import { render } from '../../src/pdf/engine/index.js';
import { pdfmakeInternals } from '../../src/pdf/engine/internals.js';
import { MIN_LINES } from '../../src/layout/widows.js';
import { ROOT } from '../support.js';

type Pos = { pageNumber: number; top: number };
type Laid = Record<string, unknown> & { positions: Pos[]; keepLines?: unknown; keepWithNext?: unknown };

let edition: Edition;
let counts: { layouts: number; draws: number };
const body: Laid[] = [];
const headings: Laid[] = [];
const all: Laid[] = [];

beforeAll(async () => {
  const inputs = await loadInputs({ root: ROOT, isolate: false });
  // note the nodes under widow/orphan and keep-with-next control as pdfmake processes them
  const proto = pdfmakeInternals().LayoutBuilder.prototype as Record<string, unknown>;
  const processNode = proto.processNode as (this: unknown, node: Laid, ...a: unknown[]) => unknown;
  const furniture = proto.addHeadersAndFooters as (this: unknown, ...a: unknown[]) => unknown;
  let content = true;
  proto.processNode = function (this: unknown, node: Laid, ...a: unknown[]) {
    if (node?.keepLines) body.push(node);
    if (node?.keepWithNext) headings.push(node);
    if (node && content) all.push(node);
    return processNode.call(this, node, ...a);
  };
  // running headers and footers are not what follows a heading
  proto.addHeadersAndFooters = function (this: unknown, ...a: unknown[]) {
    content = false;
    try {
      return furniture.apply(this, a);
    } finally {
      content = true;
    }
  };
  try {
    const before = { layouts: render.layouts, draws: render.draws };
    edition = await buildEdition(inputs, 'policy');
    counts = { layouts: render.layouts - before.layouts, draws: render.draws - before.draws };
  } finally {
    proto.processNode = processNode;
    proto.addHeadersAndFooters = furniture;
  }
}, 300_000);

describe('the policy edition', () => {
  it('is laid out once and drawn once', () => {
    expect(edition.entry.pages).toBeGreaterThan(20);
    expect(counts).toEqual({ layouts: 1, draws: 1 });
  });

  it('leaves no paragraph or list item with one line at a page foot or one line atop a page', () => {
    const split = [...new Set(body)].filter((n) => n.positions[0]!.pageNumber !== n.positions.at(-1)!.pageNumber);
    expect(split.length).toBeGreaterThan(0);
    for (const n of split) {
      const pages = n.positions.map((p) => p.pageNumber);
      const text = JSON.stringify(n.text).slice(0, 60);
      expect(pages.filter((p) => p === pages[0]).length, text).toBeGreaterThanOrEqual(MIN_LINES);
      expect(pages.filter((p) => p === pages.at(-1)).length, text).toBeGreaterThanOrEqual(MIN_LINES);
    }
  });

  it('sets something below every heading on its page', () => {
    const laid = [...new Set(all)];
    expect(headings.length).toBeGreaterThan(10);
    for (const h of new Set(headings)) {
      const own = new Set<unknown>([h, ...((h.stack as unknown[] | undefined) ?? [])]);
      const end = h.positions.at(-1)!;
      const below = laid.some((n) => !own.has(n) && n.positions?.some((p) => p.pageNumber === end.pageNumber && p.top > end.top));
      expect(below, JSON.stringify(h.stack ?? h.text).slice(0, 80)).toBe(true);
    }
  });
});
