/** The cover page: title, subtitle, edition and as-of date, audience, publisher, key-figure band. */
import { formatIsoDate } from '../templates/format.js';
import type { LayoutInput } from './document.js';
import type { LayoutContext, Node } from './types.js';
import { keyFigureBand } from './blocks/keyfigures.js';
import { formatValue, valueField } from '../templates/helpers/data.js';
import { matchRows } from '../templates/context.js';
import { qualifierSymbol } from '../templates/format.js';
import * as msg from '../log/message.js';

export function cover(input: LayoutInput, ctx: LayoutContext): Node[] {
  const t = ctx.theme;
  const p = input.profile;
  const c = p.cover ?? {};
  const figs = (c.keyFigures ?? []).map((k) => {
    const ds = input.data.datasets.get(k.dataset);
    if (!ds) throw msg.unknownDataset(k.dataset, [...input.data.datasets.keys()], { file: 'templates/profile.yaml', field: 'cover.keyFigures' });
    const row = matchRows(ds, k.key, {})[0];
    const f = row && valueField(row, undefined);
    if (!row || !f) throw msg.profileInvalid('templates/profile.yaml', 'cover.keyFigures', `no row "${k.key}" in ${k.dataset}`, 'a year or id present in the dataset');
    const q = typeof row.qualifier === 'string' ? qualifierSymbol[row.qualifier] ?? '' : '';
    return { value: q + formatValue(row, f, k.style ?? 'number', p.locale, ds.unit), label: k.label, notes: (row.source ?? []).map((s) => String(input.model.notes.number(s))) };
  });
  const band: Node = {
    canvas: [{ type: 'rect', x: 0, y: 0, w: t.page.width, h: 150, color: t.palette.accent }],
    absolutePosition: { x: 0, y: 0 },
  };
  return [
    band,
    {
      margin: [0, 10, 0, 0],
      stack: [
        ...(c.kicker ? [{ text: c.kicker.toUpperCase(), color: 'white', bold: true, fontSize: 9, characterSpacing: 1.2, margin: [0, 0, 0, 6] }] : []),
        { text: p.title, color: 'white', bold: true, fontSize: t.scale.cover, lineHeight: 1.05 },
      ],
    },
    { text: p.subtitle ?? '', fontSize: t.scale.coverSub, color: t.palette.text, margin: [0, 80, 0, 6] },
    {
      text: [
        { text: p.edition ?? (p.label ? `${p.label} edition` : ''), bold: true },
        { text: `${p.edition || p.label ? ' · ' : ''}Data as of ${formatIsoDate(input.asOf, p.dateStyle)}` },
      ],
      fontSize: 10,
      color: t.palette.muted,
    },
    ...(figs.length ? [{ text: 'Key figures', bold: true, color: t.palette.accent, margin: [0, 36, 0, 8] }, keyFigureBand(figs, ctx)] : []),
    ...(c.note ? [{ text: c.note, fontSize: 8.5, italics: true, color: t.palette.muted, margin: [0, 24, 0, 0] }] : []),
    {
      absolutePosition: { x: t.page.margins[0], y: t.page.height - 26 * (72 / 25.4) },
      stack: [
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: t.contentWidth, y2: 0, lineWidth: 0.5, lineColor: t.palette.rule }] },
        { columns: [{ text: p.publisher, fontSize: 9, color: t.palette.muted }, { text: `Prepared by ${p.author}`, fontSize: 9, color: t.palette.muted, alignment: 'right' }], margin: [0, 4, 0, 0] },
      ],
    },
    { text: '', pageBreak: 'after' },
  ];
}
