/**
 * Notes and sources: every source in order of first use, numbered; note calls link here.
 *
 * Each note is a Chicago bibliography entry set by citeproc-js (src/cite/cite.ts) in the
 * profile's language (en-GB: author or publisher, ‘title’, site, 5 March 2024, address). Editors' remarks (`note`) and the file a source
 * article is kept in (`article`) never print. The profile's `notes.style: compact` prints the
 * entry with the site's host name as its link instead of the whole address.
 */
import { citations } from '../cite/cache.js';
import { chicagoShortNotes, type Citation } from '../cite/cite.js';
import type { FootnoteBlock } from '../pdf/engine/footnotes.js';
import { anchor, type Inline, type LayoutContext, type Node } from './types.js';
import { sectionHeading } from './blocks/heading.js';
import { noteRefs } from './blocks/caption.js';
import { fill, profileLabels } from '../i18n/index.js';

/** Shortest tail of an address kept on the line before it ("p/324620.html" never stands alone). */
export const MIN_URL_TAIL = 24;
/** Longest unbreakable piece of an address (about two thirds of a line of notes). */
const MAX_PIECE = 60;

/**
 * An address as unbreakable pieces, so a line may break only between two of them, where the
 * Chicago Manual (14.18) suggests: after a "/", before a ".", "?", "#", "&" or "=", and inside a
 * segment too long for a line, before a "-" (a hyphen ending a line would read as a word break).
 * No hyphen is added. The last piece is at least MIN_URL_TAIL characters, and the scheme and
 * host stay whole. Each piece after the first allows a break before it (src/pdf/engine/line-breaks.ts),
 * where Unicode line breaking alone would not ("business/" | "2020-…", "…affiliates" | "-to-…").
 */
export function urlPieces(url: string): string[] {
  const host = /^[a-z]+:\/\/[^/]*\/?/i.exec(url)?.[0] ?? '';
  const pieces = [host, ...url.slice(host.length).split(/(?<=\/)|(?=[.?#&=])/)]
    .filter(Boolean)
    .flatMap((p) => (p.length > MAX_PIECE ? pack(p.split(/(?=-)/), MAX_PIECE) : [p]));
  // fold a short tail into the piece before it
  while (pieces.length > 1 && pieces[pieces.length - 1]!.length < MIN_URL_TAIL && pieces[pieces.length - 2]!.length + pieces[pieces.length - 1]!.length <= MAX_PIECE + MIN_URL_TAIL) {
    const tail = pieces.pop()!;
    pieces[pieces.length - 1] += tail;
  }
  return pieces;
}

/** Joins tokens into pieces of at most `max` characters (a longer token stays whole). */
function pack(tokens: string[], max: number): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (out.length && out[out.length - 1]!.length + t.length <= max) out[out.length - 1] += t;
    else out.push(t);
  }
  return out;
}

export function urlInlines(url: string, style: Node): Inline[] {
  return urlPieces(url).map((p, i) => ({ text: p, link: url, noWrap: true, ...(i > 0 ? { lineBreakBefore: 'allow' } : {}), ...style }));
}

/** A source's note in full: its Chicago entry, then its address (or, compact, a link on the site's name). */
function entryInlines(c: Citation, compact: boolean, ctx: LayoutContext): Inline[] {
  const t = ctx.theme;
  const parts: Inline[] = [];
  for (const r of c.runs) parts.push({ text: r.text, ...(r.italics ? { italics: true } : {}), ...(r.bold ? { bold: true } : {}) });
  if (c.url && compact) {
    const host = /^[a-z]+:\/\/(?:www\.)?([^/:]+)/i.exec(c.url)?.[1] ?? c.url;
    // a note that already ends with the site's name ("Reprinted by sbzl.com.") links that name
    // rather than printing it twice
    const last = parts.at(-1) as Exclude<Inline, string> | undefined;
    const ending = typeof last?.text === 'string' ? last.text : '';
    const at = ending.lastIndexOf(host);
    if (last && at >= 0 && /^\)?\.?\s*$/.test(ending.slice(at + host.length))) {
      parts.splice(-1, 1, { ...last, text: ending.slice(0, at) }, { text: host, link: c.url, color: t.palette.accent, noWrap: true }, { ...last, text: ending.slice(at + host.length) });
    } else parts.push({ text: ' ' }, { text: host, link: c.url, color: t.palette.accent, noWrap: true }, { text: '.' });
  } else if (c.url) {
    parts.push({ text: ' ' }, ...urlInlines(c.url, { color: t.palette.accent }), { text: '.' });
  }
  return parts;
}

/** Length of the rule above the footnotes, in pt (about an inch and a half). */
const FOOTNOTE_RULE = 108;

/**
 * The notes at the foot of a page (profile `notes: { placement: footnotes }`), set by
 * src/pdf/engine/footnotes.ts: a short rule, then each note called on the page, in smaller type,
 * numbered as its calls. A source prints in full the first time (with the anchor its calls link
 * to), then by author and short title.
 */
export function footnoteBlock(ctx: LayoutContext): FootnoteBlock {
  const t = ctx.theme;
  const compact = ctx.profile.notes?.style === 'compact';
  const entries = citations(ctx.data.sources, ctx.model.notes.order, ctx.profile.language);
  const cited = ctx.model.notes.order.map((id) => ctx.data.sources.get(id)).filter((s) => s !== undefined);
  const short = chicagoShortNotes(cited, ctx.profile.language);
  return (notes) => ({
    margin: [0, t.space.block, 0, 0],
    fontSize: t.scale.small - 0.5,
    lineHeight: 1.1,
    stack: [
      { role: 'Artifact', canvas: [{ type: 'line', x1: 0, y1: 0, x2: FOOTNOTE_RULE, y2: 0, lineWidth: 0.4, lineColor: t.palette.rule }], margin: [0, 0, 0, 3] },
      ...notes.map(({ n, first }) => {
        const id = ctx.model.notes.order[n - 1];
        const c = id === undefined ? undefined : entries.get(id);
        const runs = id === undefined ? undefined : short.get(id);
        const text: Inline[] = first ? (c ? entryInlines(c, compact, ctx) : []) : (runs ?? []).map((r) => ({ text: r.text, ...(r.italics ? { italics: true } : {}) }));
        const num = { width: 12, text: `${n}.`, alignment: 'right' };
        return { role: 'Note', columns: [first ? anchor(ctx, `note-${n}`, num) : num, { width: '*', text }], columnGap: 4, margin: [0, 0, 0, 1.2], unbreakable: true };
      }),
    ],
  });
}

export function notesSection(ctx: LayoutContext, first: boolean): Node[] {
  const t = ctx.theme;
  const compact = ctx.profile.notes?.style === 'compact';
  const entries = citations(ctx.data.sources, ctx.model.notes.order, ctx.profile.language);
  const rows = ctx.model.notes.order.map((id, i) => {
    const c = entries.get(id);
    const n = i + 1;
    const parts = c ? entryInlines(c, compact, ctx) : [];
    return {
      // tagged as a Note with an ID, its number a label (Lbl) read apart from its text
      role: 'Note',
      tagId: `note-${n}`,
      columns: [anchor(ctx, `note-${n}`, { width: compact ? 14 : 18, text: `${n}.`, alignment: 'right', role: 'Lbl' }), { width: '*', text: parts }],
      columnGap: 4,
      margin: [0, 0, 0, compact ? 1 : 1.8],
      // a note is a few lines: it moves to the next page whole rather than leave part of its address behind
      unbreakable: true,
    };
  });
  // the cover carries no note calls: its key figures' sources are the first notes, and this says so
  const coverNotes = [...new Set(ctx.model.claims.list.filter((c) => c.kind === 'cover').flatMap((c) => (c.note ?? '').split(',').filter(Boolean)))];
  const words = profileLabels(ctx.profile);
  // the label's "{notes}" is where the linked note numbers print
  const [before = '', after = ''] = (coverNotes.length > 1 ? words.coverNotes : words.coverNote).split('{notes}');
  const coverLine: Inline[] = coverNotes.length ? [{ text: ` ${before}` }, ...(noteRefs(coverNotes, ctx) as Inline[]), { text: after }] : [];
  return [
    sectionHeading(undefined, words.notesAndSources, 'notes', ctx, true),
    {
      text: [
        {
          text: compact ? words.notesIntroCompact : fill(words.notesIntro, { document: ctx.profile.documentNoun ?? words.document }),
        },
        ...coverLine,
      ],
      fontSize: t.scale.caption,
      color: t.palette.muted,
      margin: [0, 0, 0, compact ? 4 : 8],
    },
    { stack: rows, fontSize: compact ? t.scale.small - 0.5 : t.scale.small, ...(compact ? { lineHeight: 1.1 } : {}) },
  ].map((n, i) => (i === 0 && first ? { ...n } : n));
}
