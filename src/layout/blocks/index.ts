/** Block dispatch: one mdast block → one layout function (one file per block type). */
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { LayoutContext, Node } from '../types.js';
import { callout } from './callout.js';
import { figure } from './figure.js';
import { heading } from './heading.js';
import { keyFigureBand, type KeyFigure } from './keyfigures.js';
import { claimMark } from '../claims.js';
import { list } from './list.js';
import { blockquote, code, rule } from './misc.js';
import { paragraph } from './paragraph.js';
import { dataTable, markdownTable } from './table.js';

type Directive = { type: 'leafDirective' | 'containerDirective'; name: string; attributes?: Record<string, string | null | undefined>; children: RootContent[] };

export function blocks(nodes: RootContent[], ctx: LayoutContext): Node[] {
  const out: Node[] = [];
  let band: KeyFigure[] = [];
  const flush = () => {
    if (band.length) out.push(keyFigureBand(band, ctx));
    band = [];
  };
  for (const n of nodes) {
    const d = n as unknown as Directive;
    if (d.type === 'leafDirective' && d.name === 'keyfigure') {
      const a = d.attributes ?? {};
      const mark = claimMark(ctx, String(a.claim ?? '').split(',').filter(Boolean));
      band.push({ value: String(a.value ?? ''), label: String(a.label ?? ''), notes: String(a.n ?? '').split(',').filter(Boolean), ...(mark ? { onDraw: mark } : {}) });
      continue;
    }
    flush();
    const node = block(n, ctx);
    if (node) out.push(node);
  }
  flush();
  return out;
}

function block(n: RootContent, ctx: LayoutContext): Node | undefined {
  switch (n.type) {
    case 'heading':
      // An empty heading ("#" alone) draws nothing (pdfmake cannot anchor an outline entry to it).
      return toString(n).trim() ? heading(n, ctx) : undefined;
    case 'paragraph':
      return paragraph(n, ctx);
    case 'list':
      return list(n, ctx);
    case 'table':
      return markdownTable(n, ctx);
    case 'blockquote':
      return blockquote(n, ctx);
    case 'thematicBreak':
      return rule(ctx);
    case 'code':
      return code(n, ctx);
    default: {
      const d = n as unknown as Directive;
      if (d.type === 'leafDirective' && d.name === 'figure') return figure(String(d.attributes?.id), ctx);
      if (d.type === 'leafDirective' && d.name === 'table') return dataTable(String(d.attributes?.id), ctx);
      if (d.type === 'containerDirective' && d.name === 'callout') return callout(d.children, d.attributes ?? {}, ctx);
      return undefined;
    }
  }
}
