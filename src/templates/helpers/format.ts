/**
 * Formatting helpers for values already in hand (e.g. inside {{#each}}):
 *   {{num value}}  {{pct growthStated}}  {{ordinal rank}}  {{date date}}  {{date date "d MMM yyyy"}}
 *   {{money value currency scale}}  {{qualified value qualifier}}  {{eq a b}}  {{upper text}}
 *   {{sourceTitle "seed-000"}}  a source's title as its note sets it: ‘Headline Case’ in quotes in
 *     en-GB (“…” otherwise), a description (`descriptive: true`) plain — for titles in running prose
 */
import { citations } from '../../cite/cache.js';
import { Sourced } from '../../config/helpers.js';
import { printSourced } from './project.js';
import { isRealIsoDate } from '../../format/date.js';
import * as msg from '../../log/message.js';
import { argsOf, lineOf, refuseUnsourced, type RenderContext } from '../context.js';
import type Handlebars from 'handlebars';
import type { Row } from '../../data/load.js';
import { escapeMarkdown, safe } from '../escape.js';
import { sentenceRanges, trimmedEnd } from '../../model/sentences.js';
import { claimRow, holdsFigure, rowIndex, type ClaimKind, type ClaimRow } from '../../model/claims.js';
import { formatIsoDate, formatMoney, formatNumber, formatOrdinal, formatPercent, numberStyle, qualify } from '../../format/format.js';

/**
 * The claims register's marker for a value of a data row printed by a format helper inside
 * {{#each (rows …)}} (`row` is the helper's `this`): the text, escaped, then :src{ids claim}.
 * Anything else prints as before.
 */
function fromRow(ctx: RenderContext, row: unknown, value: unknown, text: string, kind: ClaimKind): string | Handlebars.SafeString {
  if (!row || typeof row !== 'object') return text;
  const dataset = rowIndex(ctx.data).datasetOf.get(row);
  const r = row as Row;
  const field = dataset === undefined ? undefined : Object.keys(r).find((f) => r[f] === value);
  if (dataset === undefined || field === undefined) return text;
  return marked(ctx, kind, text, claimRow(ctx.data, dataset, r, field), r.source ?? []);
}

function marked(ctx: RenderContext, kind: ClaimKind, text: string, row: ClaimRow, sources: string[]): Handlebars.SafeString {
  const ids = [...new Set(sources)];
  const line = ctx.callLine;
  const claim = ctx.model.claims.add({ kind, text, rows: [row], sources: ids, file: ctx.file, ...(line !== undefined ? { line } : {}) });
  return safe(escapeMarkdown(text) + `:src{ids="${ids.join(',')}" claim="${claim.id}"}`);
}

/**
 * A value a template prints with {{…}}, escaped, with the claims register's markers: a figure a
 * helper left pending ({{count}}) is registered; a data text printed as it is ({{event}},
 * {{note}}) is registered sentence by sentence, each sentence that holds a figure a quoted claim
 * of its row with its marker after it (so its sources are cited in that sentence). Undefined for
 * any other value (escaped as usual).
 */
export function printedFigure(ctx: RenderContext, v: unknown): string | undefined {
  if (v instanceof Sourced) {
    ctx.pending = ctx.rawValue = undefined;
    return printSourced(ctx, v);
  }
  const pending = ctx.pending;
  ctx.pending = undefined;
  const raw = ctx.rawValue;
  ctx.rawValue = undefined;
  refuseUnsourced(ctx, raw, v, 'val');
  const line = ctx.callLine;
  const at = { file: ctx.file, ...(line !== undefined ? { line } : {}) };
  if (pending && pending.value === v) {
    const claim = ctx.model.claims.add(pending.claim());
    return `${escapeMarkdown(v)}:src{ids="${claim.sources.join(',')}" claim="${claim.id}"}`;
  }
  if (typeof v !== 'string' || !holdsFigure(v)) return undefined;
  const found = rowIndex(ctx.data).byText.get(v);
  if (!found) return undefined;
  const ids = [...new Set(found.row.source ?? [])];
  const row = claimRow(ctx.data, found.dataset, found.row, found.field);
  return sentenceRanges(v)
    .map((r) => {
      const end = trimmedEnd(v, r);
      const sentence = v.slice(r[0], end);
      if (!holdsFigure(sentence)) return escapeMarkdown(v.slice(r[0], r[1]));
      const claim = ctx.model.claims.add({ kind: 'quoted', text: sentence, rows: [row], sources: ids, ...at });
      return `${escapeMarkdown(sentence)}:src{ids="${ids.join(',')}" claim="${claim.id}"}${escapeMarkdown(v.slice(end, r[1]))}`;
    })
    .join('');
}

export function formatHelpers(ctx: RenderContext) {
  const need = (helper: string, args: unknown[], usage: string, check: (v: unknown[]) => boolean) => {
    const { pos, opts } = argsOf(args);
    if (!check(pos)) throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, `wrong arguments (${pos.map((p) => JSON.stringify(p) ?? 'undefined').join(', ')})`, usage);
    // a number {{val}} read is printed through {{fig}}, with its sources
    refuseUnsourced(ctx, ctx.argValue, pos[0], helper);
    return pos;
  };
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    // a value of the row {{#each}} is on is a claim of the register (fromRow)
    num(this: unknown, ...args: unknown[]) {
      const [v] = need('num', args, '{{num value}}', (p) => isNum(p[0]));
      return fromRow(ctx, this, v, formatNumber(v as number, ctx.profile.locale), 'figure');
    },
    pct(this: unknown, ...args: unknown[]) {
      const [v] = need('pct', args, '{{pct value}} (value already in percent, e.g. 15.3)', (p) => isNum(p[0]));
      return fromRow(ctx, this, v, formatPercent(v as number, ctx.profile.locale, argsOf(args).opts.hash.signed === true), 'figure');
    },
    ordinal(this: unknown, ...args: unknown[]) {
      const [v] = need('ordinal', args, '{{ordinal rank}}', (p) => isNum(p[0]) && Number.isInteger(p[0]));
      return fromRow(ctx, this, v, formatOrdinal(v as number, ctx.profile.locale), 'figure');
    },
    money(this: unknown, ...args: unknown[]) {
      const [v, c, s] = need('money', args, '{{money value "USD" "bn"}}', (p) => isNum(p[0]) && typeof p[1] === 'string' && typeof p[2] === 'string');
      return fromRow(ctx, this, v, formatMoney(v as number, c as string, s as string, numberStyle(ctx.profile)), 'figure');
    },
    qualified(this: unknown, ...args: unknown[]) {
      const [v, q] = need('qualified', args, '{{qualified value qualifier}}', (p) => isNum(p[0]));
      return fromRow(ctx, this, v, qualify(formatNumber(v as number, ctx.profile.locale), q, ctx.profile.language), 'figure');
    },
    date(this: unknown, ...args: unknown[]) {
      const [d, pattern] = need('date', args, '{{date "2024-01-16"}} or {{date date "d MMM yyyy"}}', (p) => typeof p[0] === 'string' && isRealIsoDate(p[0]) && (p[1] === undefined || typeof p[1] === 'string'));
      return fromRow(ctx, this, d, formatIsoDate(d as string, (pattern as string) ?? ctx.profile.dateStyle, ctx.profile.locale), 'date');
    },
    sourceTitle(...args: unknown[]) {
      const [id] = need('sourceTitle', args, '{{sourceTitle "source-id"}}', (p) => typeof p[0] === 'string' && ctx.data.sources.has(p[0]));
      return sourceTitle(ctx, id as string);
    },
    eq(...args: unknown[]) {
      const { pos } = argsOf(args);
      return pos[0] === pos[1];
    },
    upper(...args: unknown[]) {
      const { pos } = argsOf(args);
      return String(pos[0] ?? '').toUpperCase();
    },
  };
}

/**
 * A source's title as its Chicago note sets it (citeproc-js's headline case), so prose and notes
 * agree: the title is found in the note's text by its letters, whatever their case.
 */
function sourceTitle(ctx: RenderContext, id: string): string {
  const source = ctx.data.sources.get(id)!;
  if (source.descriptive) return source.title;
  const [open, close] = ctx.profile.language === 'en-GB' ? ['\u2018', '\u2019'] : ['\u201c', '\u201d'];
  const note = (citations(ctx.data.sources, [id], ctx.profile.language).get(id)?.runs ?? []).map((r) => r.text).join('');
  const fold = (t: string) => t.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
  const at = fold(note).indexOf(fold(source.title));
  return open + (at < 0 ? source.title : note.slice(at, at + source.title.length)) + close;
}
