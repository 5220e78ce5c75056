/** Figures: numbered caption, the chart as vector graphics (its display list, src/pdf/engine/vector-node.ts), and its source line, kept on one page; floating to the next page's top when they do not fit. */
import * as msg from '../../log/message.js';
import { smartenScene } from '../typography.js';
import { PX_TO_PT } from '../../theme/theme.js';
import type { LayoutContext, Node } from '../types.js';
import { caption, sourceLine } from './caption.js';
import { claimMark, markText } from '../claims.js';

export function figure(id: string, ctx: LayoutContext): Node {
  const fig = ctx.model.figures.get(id);
  const chart = ctx.charts.get(id);
  if (!fig || !chart) throw msg.unknownReference(ctx.section.file, id, 'figure');
  const t = ctx.theme;
  const width = Math.min(chart.width * PX_TO_PT, t.contentWidth);
  return {
    unbreakable: true,
    // a figure that does not fit in the rest of the page goes to the top of the next, the text after it filling the gap (src/pdf/engine/float.ts)
    float: true,
    margin: [0, t.space.block / 2, 0, t.space.block],
    stack: [caption(id, ctx.numbering.labels.get(id)!, fig.caption, 'figures', ctx), { svg: smartenScene(chart.scene, ctx.profile?.language), width, alignment: 'left', ...(fig.decorative ? { role: 'Artifact' } : { role: 'Figure', alt: fig.alt ?? chart.alt ?? '', tagLabel: id }) }, markText(sourceLine(fig.sources, ctx), claimMark(ctx, ctx.model.claims.list.filter((c) => c.figure === id).map((c) => c.id)))],
  };
}
