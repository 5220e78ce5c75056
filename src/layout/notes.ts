/** Notes and sources: every source in order of first use, numbered; note calls link here. */
import { formatIsoDate, NBSP } from '../format/format.js';
import { anchor, type LayoutContext, type Node } from './types.js';
import { sectionHeading } from './blocks/heading.js';

export function notesSection(ctx: LayoutContext, first: boolean): Node[] {
  const t = ctx.theme;
  const rows = ctx.model.notes.order.map((id, i) => {
    const s = ctx.data.sources.get(id);
    const n = i + 1;
    const parts: Node[] = [];
    if (s) {
      // titles that already begin with the publisher ("Lexology: …") do not repeat it
      if (!s.title.toLowerCase().startsWith(s.publisher.toLowerCase())) parts.push({ text: s.publisher + ', ' });
      parts.push({ text: s.title, italics: true });
      // the date never breaks across lines (or pages)
      if (s.date) parts.push({ text: ', ' + formatIsoDate(s.date, 'd MMM yyyy').replace(/ /g, NBSP) });
      parts.push({ text: '. ' });
      if (s.url) parts.push({ text: s.url, link: s.url, color: t.palette.accent });
      // a supplied source article with no public address is named by its file in data/
      else if (s.article) parts.push({ text: `No public address found; the text is kept on file (${s.article}).` });
      if (s.note) parts.push({ text: ` ${s.note}` });
    }
    return { role: 'Note', columns: [anchor(ctx, `note-${n}`, { width: 18, text: `${n}.`, alignment: 'right' }), { width: '*', text: parts }], columnGap: 6, margin: [0, 0, 0, 2.5] };
  });
  return [
    sectionHeading(undefined, 'Notes and sources', 'notes', ctx, true),
    {
      text: 'Each numbered note names a source behind a figure, table or statement in this briefing; numbers follow the order in which sources are first used.',
      fontSize: t.scale.caption,
      color: t.palette.muted,
      margin: [0, 0, 0, 8],
    },
    { stack: rows, fontSize: t.scale.small },
  ].map((n, i) => (i === 0 && first ? { ...n } : n));
}
