/**
 * Formatting helpers for values already in hand (e.g. inside {{#each}}):
 *   {{num value}}  {{pct growthStated}}  {{ordinal rank}}  {{date date}}  {{date date "d MMM yyyy"}}
 *   {{money value currency scale}}  {{qualified value qualifier}}  {{eq a b}}  {{upper text}}
 *   {{sourceTitle "seed-000"}}  a source's title as its note sets it: ‘Headline Case’ in quotes in
 *     en-GB (“…” otherwise), a description (`descriptive: true`) plain — for titles in running prose
 */
import { citations } from '../../cite/cache.js';
import { isRealIsoDate } from '../../format/date.js';
import * as msg from '../../log/message.js';
import { argsOf, lineOf, type RenderContext } from '../context.js';
import { formatIsoDate, formatMoney, formatNumber, formatOrdinal, formatPercent, numberStyle, qualify } from '../../format/format.js';

export function formatHelpers(ctx: RenderContext) {
  const need = (helper: string, args: unknown[], usage: string, check: (v: unknown[]) => boolean) => {
    const { pos, opts } = argsOf(args);
    if (!check(pos)) throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, `wrong arguments (${pos.map((p) => JSON.stringify(p) ?? 'undefined').join(', ')})`, usage);
    return pos;
  };
  const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    num(...args: unknown[]) {
      const [v] = need('num', args, '{{num value}}', (p) => isNum(p[0]));
      return formatNumber(v as number, ctx.profile.locale);
    },
    pct(...args: unknown[]) {
      const [v] = need('pct', args, '{{pct value}} (value already in percent, e.g. 15.3)', (p) => isNum(p[0]));
      return formatPercent(v as number, ctx.profile.locale, argsOf(args).opts.hash.signed === true);
    },
    ordinal(...args: unknown[]) {
      const [v] = need('ordinal', args, '{{ordinal rank}}', (p) => isNum(p[0]) && Number.isInteger(p[0]));
      return formatOrdinal(v as number, ctx.profile.locale);
    },
    money(...args: unknown[]) {
      const [v, c, s] = need('money', args, '{{money value "USD" "bn"}}', (p) => isNum(p[0]) && typeof p[1] === 'string' && typeof p[2] === 'string');
      return formatMoney(v as number, c as string, s as string, numberStyle(ctx.profile));
    },
    qualified(...args: unknown[]) {
      const [v, q] = need('qualified', args, '{{qualified value qualifier}}', (p) => isNum(p[0]));
      return qualify(formatNumber(v as number, ctx.profile.locale), q);
    },
    date(...args: unknown[]) {
      const [d, pattern] = need('date', args, '{{date "2024-01-16"}} or {{date date "d MMM yyyy"}}', (p) => typeof p[0] === 'string' && isRealIsoDate(p[0]) && (p[1] === undefined || typeof p[1] === 'string'));
      return formatIsoDate(d as string, (pattern as string) ?? ctx.profile.dateStyle, ctx.profile.locale);
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
