/** The state a template render shares with its helpers. */
import type { DataBundle, Dataset } from '../data/load.js';
import type { Profile } from '../profile/schema.js';
import * as msg from '../log/message.js';
import type { DocModel } from '../model/document.js';
import type { Claim } from '../model/claims.js';
import type { TableSpec } from './table-spec.js';

export interface RenderContext {
  data: DataBundle;
  profile: Profile;
  /** Chart names available under templates/charts/ → datasets each spec binds. */
  charts: Map<string, string[]>;
  tables: Map<string, TableSpec>;
  model: DocModel;
  /** Names and ids of the sections this edition contains (for {{#ifSection}}). */
  sections: Set<string>;
  /** The template being rendered and its front-matter line offset. */
  file: string;
  lineOffset: number;
  /** Every helper a template may call (briefkit's and the project's), for suggestions. */
  helperNames?: string[];
  /** Line (in the file) of the helper call running now, for errors that do not carry their own. */
  callLine?: number | undefined;
  /**
   * A figure a helper returned as a plain value ({{count}}): registered as a claim when it is
   * printed right away (src/templates/render.ts), not when it feeds another helper.
   */
  pending?: { value: unknown; claim: () => Omit<Claim, 'id'> } | undefined;
  /**
   * The number {{val}} returned last, until the next helper call (`rawValue`), and while that
   * call runs (`argValue`, when it was handed the number): printed, it would carry no source.
   */
  rawValue?: RawValue | undefined;
  argValue?: RawValue | undefined;
}

/** A value {{val}} read: the value, and the {{val}} and {{fig}} calls that name its row. */
export interface RawValue {
  value: unknown;
  call: string;
  fig: string;
  /** The project helper that returned it (src/templates/helpers/project.ts), when not {{val}}. */
  helper?: string;
}

/** Throws BK116 when `v` is the number {{val}} returned (`raw`), printed by `printedBy` ("num", or "val" itself). */
export function refuseUnsourced(ctx: RenderContext, raw: RawValue | undefined, v: unknown, printedBy: string): void {
  if (raw?.helper !== undefined) {
    if (raw.value === v) throw msg.helperUnsourced(ctx.file, ctx.callLine, raw.helper, typeof v === 'string' ? `the text ${JSON.stringify(v)}, which states a figure,` : `the number ${String(v)}`);
    return;
  }
  if (raw && typeof v === 'number' && raw.value === v) throw msg.unsourcedValue(ctx.file, ctx.callLine, printedBy, raw.call, raw.fig);
}

export interface HelperOptions {
  hash: Record<string, unknown>;
  loc?: { start: { line: number; column: number } };
  fn?: (ctx: unknown) => string;
  inverse?: (ctx: unknown) => string;
  data?: unknown;
}

export function isOptions(v: unknown): v is HelperOptions {
  return !!v && typeof v === 'object' && 'hash' in v && 'name' in v;
}

/** Splits Handlebars helper arguments into positional args and the options object. */
export function argsOf(args: unknown[]): { pos: unknown[]; opts: HelperOptions } {
  const opts = args[args.length - 1] as HelperOptions;
  return { pos: args.slice(0, -1), opts };
}

export function lineOf(ctx: RenderContext, opts: HelperOptions): number | undefined {
  return opts.loc ? opts.loc.start.line + ctx.lineOffset : undefined;
}

export function dataset(ctx: RenderContext, name: unknown, opts: HelperOptions, helper: string): Dataset {
  if (typeof name !== 'string') {
    throw msg.helperArguments(ctx.file, lineOf(ctx, opts), helper, 'the first argument must be a dataset name in quotes', `{{${helper} "dataset-name" …}}`);
  }
  const ds = ctx.data.datasets.get(name);
  if (!ds) {
    const line = lineOf(ctx, opts);
    throw msg.unknownDataset(name, [...ctx.data.datasets.keys()], { file: ctx.file, ...(line !== undefined ? { line } : {}) });
  }
  return ds;
}

/**
 * Hash arguments that name row fields (filters such as origin="China", and `field="…"`) must be
 * fields of the dataset: a typo is an error listing the fields, not "no row matches".
 */
export function checkFields(ctx: RenderContext, ds: Dataset, hash: Record<string, unknown>, opts: HelperOptions, options: string[] = []): void {
  for (const [k, v] of Object.entries(hash)) {
    const name = k === 'field' ? v : options.includes(k) ? undefined : k;
    if (typeof name === 'string' && !ds.fields.includes(name)) {
      const line = lineOf(ctx, opts);
      throw msg.unknownField({ file: ctx.file, ...(line !== undefined ? { line } : {}), field: k === 'field' ? 'field=' : `${k}=` }, ds.name, name, ds.fields);
    }
  }
}

