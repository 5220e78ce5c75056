/** The cover page: title, subtitle, edition and as-of date, audience, publisher, key-figure band. */
import { formatIsoDate, numberStyle } from '../format/format.js';
import type { LayoutContext, LayoutInput, Node } from './types.js';
import { keyFigureBand } from './blocks/keyfigures.js';
import { claimMark } from './claims.js';
import { fieldFormat, formatValue, valueField } from '../format/value.js';
import { distinguishingField, keyFieldsOf, matchRows } from '../data/query.js';
import { qualifierSymbol } from '../format/format.js';
import * as msg from '../log/message.js';
import type { DataBundle, Row } from '../data/load.js';
import type { Profile } from '../profile/schema.js';

/** A cover key figure, resolved against the data: its row, value field and formatted value. */
export interface CoverFigure {
  label: string;
  dataset: string;
  field: string;
  row: Row;
  /** The value as formatted (without the qualifier's symbol). */
  value: string;
}

/** The profile's cover key figures, each resolved to exactly one row (else a clear error). */
export function coverFigures(profile: Profile, data: DataBundle): CoverFigure[] {
  return (profile.cover?.keyFigures ?? []).map((k) => {
    const ds = data.datasets.get(k.dataset);
    if (!ds) throw msg.unknownDataset(k.dataset, [...data.datasets.keys()], { file: 'templates/profile.yaml', field: 'cover.keyFigures' });
    const where = k.where ?? {};
    const unknown = Object.keys(where).find((f) => !ds.fields.includes(f));
    if (unknown) throw msg.unknownField({ file: 'templates/profile.yaml', field: 'cover.keyFigures.where' }, ds.name, unknown, ds.fields);
    if (k.field !== undefined && !ds.fields.includes(k.field)) throw msg.unknownField({ file: 'templates/profile.yaml', field: 'cover.keyFigures.field' }, ds.name, k.field, ds.fields);
    const rows = matchRows(ds, k.key, where);
    const row = rows[0];
    const filtered = Object.keys(where).length ? ` with ${Object.entries(where).map(([f, v]) => `${f} ${JSON.stringify(v)}`).join(', ')}` : '';
    if (!row) throw msg.profileInvalid('templates/profile.yaml', 'cover.keyFigures', `no row "${k.key}"${filtered} in ${k.dataset}`, `a value of its key (${keyFieldsOf(ds).join(', ') || 'year, id, period, date or month'}) present in the dataset`);
    if (rows.length > 1) {
      const apart = distinguishingField(rows);
      throw msg.profileInvalid('templates/profile.yaml', 'cover.keyFigures', `${rows.length} rows of ${k.dataset} match "${k.key}"`,
        `one row: add where: { ${apart ?? 'field'}: ${JSON.stringify(apart ? row[apart] : '…')} } to the key figure`);
    }
    const f = valueField(row, k.field);
    if (!f || typeof row[f] !== 'number') {
      const numeric = ds.fields.filter((x) => typeof row[x] === 'number');
      throw msg.profileInvalid('templates/profile.yaml', 'cover.keyFigures', `row "${k.key}" of ${k.dataset} has no numeric field ${f ? `"${f}"` : '(value, rank, received or count)'}`,
        numeric.length ? `field: one of its numeric fields (${numeric.join(', ')})` : 'a row with a number to print');
    }
    const fmt = fieldFormat(ds, row, f, { style: k.style, digits: k.digits, unit: k.unit });
    return { label: k.label, dataset: k.dataset, field: f, row, value: formatValue(row, f, fmt.style, numberStyle(profile), fmt.unit, fmt.digits) };
  });
}

export function cover(input: LayoutInput, ctx: LayoutContext): Node[] {
  const t = ctx.theme;
  const p = input.profile;
  const c = p.cover ?? {};
  // No note calls on the cover: the key figures' sources are the first notes, and the notes
  // section says so (src/layout/notes.ts). Each value records its page for the claims register.
  const claims = input.model.claims.list.filter((c) => c.kind === 'cover');
  const figs = coverFigures(p, input.data).map(({ label, row, value }, i) => {
    const q = typeof row.qualifier === 'string' ? qualifierSymbol[row.qualifier] ?? '' : '';
    const mark = claims[i] && claimMark(ctx, [claims[i].id]);
    return { value: q + value, label, notes: [], ...(mark ? { onDraw: mark } : {}) };
  });
  const bandHeight = 280;
  return [
    {
      margin: [0, 18, 0, 0],
      stack: [
        ...(c.kicker ? [{ text: c.kicker.toUpperCase(), color: 'white', bold: true, fontSize: 9, characterSpacing: 1.2, margin: [0, 0, 0, 8] }] : []),
        { text: p.title, role: 'H1', color: 'white', bold: true, fontSize: t.scale.cover, lineHeight: 1.08 },
      ],
    },
    {
      // Everything below the band starts at a fixed distance from the top of the page.
      absolutePosition: { x: t.page.margins[0], y: bandHeight + 28 },
      width: t.contentWidth,
      stack: [
        ...(p.subtitle ? [{ text: p.subtitle, fontSize: t.scale.coverSub, color: t.palette.text, margin: [0, 0, 0, 8] }] : []),
        {
          text: [
            { text: p.edition ?? (p.label ? `${p.label} edition` : ''), bold: true },
            ...(input.asOf ? [{ text: `${p.edition || p.label ? ' \u00b7 ' : ''}Data as of ${formatIsoDate(input.asOf, p.dateStyle, p.locale)}` }] : []),
          ],
          fontSize: 10,
          color: t.palette.muted,
        },
        ...(figs.length ? [{ text: 'Key figures', role: 'H2', bold: true, color: t.palette.accent, margin: [0, 34, 0, 8] }, keyFigureBand(figs, ctx)] : []),
        ...(c.note ? [{ text: c.note, fontSize: 8.5, italics: true, color: t.palette.muted, margin: [0, 22, 0, 0] }] : []),
      ],
    },
  ];
}

/** The cover's artwork and foot line, drawn behind page 1. */
export function coverBackground(input: LayoutInput, ctx: LayoutContext): Node[] {
  const t = ctx.theme;
  const p = input.profile;
  const y = t.page.height - 26 * (72 / 25.4);
  return [
    { canvas: [{ type: 'rect', x: 0, y: 0, w: t.page.width, h: 280, color: t.palette.accent }, { type: 'rect', x: 0, y: 280, w: t.page.width, h: 4, color: t.palette.series[1] ?? t.palette.accent }] },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: t.contentWidth, y2: 0, lineWidth: 0.5, lineColor: t.palette.rule }], absolutePosition: { x: t.page.margins[0], y } },
    {
      absolutePosition: { x: t.page.margins[0], y: y + 6 },
      columns: [
        { text: p.publisher ?? '', fontSize: 9, color: t.palette.muted, width: t.contentWidth / 2 },
        { text: p.author ? `Prepared by ${p.author}` : '', fontSize: 9, color: t.palette.muted, alignment: 'right', width: t.contentWidth / 2 },
      ],
      width: t.contentWidth,
    },
  ];
}
