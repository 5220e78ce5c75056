/** The cover page: title, subtitle, edition and as-of date, audience, publisher, key-figure band. */
import { formatIsoDate, numberStyle } from '../format/format.js';
import type { LayoutContext, LayoutInput, Node } from './types.js';
import { keyFigureBand } from './blocks/keyfigures.js';
import { claimMark } from './claims.js';
import { fieldFormat, formatValue, valueField } from '../format/value.js';
import { distinguishingField, keyFieldsOf, matchRows } from '../data/query.js';
import { qualifierSymbol } from '../format/format.js';
import * as msg from '../log/message.js';
import { fill, profileLabels } from '../i18n/index.js';
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
  // an edition without a cover prints no key figures
  if (profile.cover?.enabled === false) return [];
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
  const c: NonNullable<Profile['cover']> = p.cover ?? { enabled: true };
  const words = profileLabels(p);
  if (c.enabled === false) return masthead(input, ctx);
  // With a page of notes, no note calls on the cover: the key figures' sources are the first
  // notes, and the notes section says so (src/layout/notes.ts); with footnotes, the key figures
  // call them, at the cover's foot. Each value records its page for the claims register.
  const claims = input.model.claims.list.filter((c) => c.kind === 'cover');
  const figs = coverFigures(p, input.data).map(({ label, row, value }, i) => {
    const q = typeof row.qualifier === 'string' ? qualifierSymbol[row.qualifier] ?? '' : '';
    const mark = claims[i] && claimMark(ctx, [claims[i].id]);
    // notes at the foot of the page need a call on it: the cover calls its key figures' notes then
    const notes = p.notes?.placement === 'footnotes' && claims[i]?.note ? claims[i].note.split(',') : [];
    return { value: q + value, label, notes, ...(mark ? { onDraw: mark } : {}) };
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
            { text: p.edition ?? (p.label ? fill(words.edition, { label: p.label }) : ''), bold: true },
            ...(input.asOf ? [{ text: `${p.edition || p.label ? ' \u00b7 ' : ''}${fill(words.dataAsOf, { date: formatIsoDate(input.asOf, p.dateStyle, p.locale) })}` }] : []),
          ],
          fontSize: 10,
          color: t.palette.muted,
        },
        ...(figs.length ? [{ text: words.keyFigures, role: 'H2', bold: true, color: t.palette.accent, margin: [0, 34, 0, 8] }, keyFigureBand(figs, ctx)] : []),
        ...(c.note ? [{ text: c.note, fontSize: 8.5, italics: true, color: t.palette.muted, margin: [0, 22, 0, 0] }] : []),
      ],
    },
  ];
}

/**
 * An edition without a cover opens its first page with this: the title and subtitle, the edition
 * and as-of date, who publishes and prepared it, and the cover's note (what the data are).
 */
function masthead(input: LayoutInput, ctx: LayoutContext): Node[] {
  const t = ctx.theme;
  const p = input.profile;
  const edition = p.edition ?? (p.label ? `${p.label} edition` : '');
  const dated = input.asOf ? `Data as of ${formatIsoDate(input.asOf, p.dateStyle, p.locale)}` : '';
  const by = [p.publisher, p.author && `prepared by ${p.author}`].filter(Boolean).join(', ');
  return [
    {
      role: 'Div',
      margin: [0, 0, 0, 4],
      stack: [
        { text: p.title, fontSize: t.scale.h1 + 4, bold: true, color: t.palette.accent, lineHeight: 1.08 },
        ...(p.subtitle ? [{ text: p.subtitle, fontSize: t.scale.h2, color: t.palette.text, margin: [0, 4, 0, 0] }] : []),
        ...(edition || dated || by ? [{ text: [edition, dated, by && by[0]!.toUpperCase() + by.slice(1)].filter(Boolean).join(' \u00b7 '), fontSize: t.scale.small, color: t.palette.muted, margin: [0, 5, 0, 0] }] : []),
        ...(p.cover?.note ? [{ text: p.cover.note, fontSize: t.scale.caption, italics: true, color: t.palette.muted, margin: [0, 4, 0, 0] }] : []),
      ],
    },
  ];
}

/** How far above the foot of the page the cover's foot line stands, in pt (26 mm). */
export const COVER_FOOT = 26 * (72 / 25.4);

/** The cover's artwork and foot line, drawn behind page 1. */
export function coverBackground(input: LayoutInput, ctx: LayoutContext): Node[] {
  const t = ctx.theme;
  const p = input.profile;
  const words = profileLabels(p);
  const y = t.page.height - COVER_FOOT;
  return [
    { canvas: [{ type: 'rect', x: 0, y: 0, w: t.page.width, h: 280, color: t.palette.accent }, { type: 'rect', x: 0, y: 280, w: t.page.width, h: 4, color: t.palette.series[1] ?? t.palette.accent }] },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: t.contentWidth, y2: 0, lineWidth: 0.5, lineColor: t.palette.rule }], absolutePosition: { x: t.page.margins[0], y } },
    {
      absolutePosition: { x: t.page.margins[0], y: y + 6 },
      columns: [
        { text: p.publisher ?? '', fontSize: 9, color: t.palette.muted, width: t.contentWidth / 2 },
        { text: p.author ? fill(words.preparedBy, { author: p.author }) : '', fontSize: 9, color: t.palette.muted, alignment: 'right', width: t.contentWidth / 2 },
      ],
      width: t.contentWidth,
    },
  ];
}
