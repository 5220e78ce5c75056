/**
 * Project helpers: Handlebars helpers a project's config registers (`helpers: { … }` in
 * defineConfig). What a helper may return, and the one way it returns a number that prints:
 * `sourced(value, from)`, a number with the rows (or source ids) it was computed from, so the
 * number rule and the notes treat it as they treat {{fig}} (src/templates/helpers/project.ts
 * prints it; src/templates/render.ts runs the helpers).
 */

/** What a helper is handed after its positional arguments: the named arguments of the call (`digits=2`). */
export interface HelperCall {
  /** The helper's name as the template calls it. */
  readonly name: string;
  /** The call's named arguments (`{{growth a b digits=2}}` → `{ digits: 2 }`). */
  readonly hash: Readonly<Record<string, unknown>>;
}

/** How a sourced number prints: the options of {{fig}}. */
export interface SourcedOptions {
  /** Fixed decimals, 0–6 (default: as the number states them). */
  digits?: number;
  /** The unit printed with it ("%" prints a percentage). */
  unit?: string;
  /** A style of {{fig}}: "number" (default), "compact", "percent", "money", "rank", "ordinal-words", "duration". */
  style?: 'number' | 'compact' | 'percent' | 'money' | 'rank' | 'ordinal-words' | 'duration';
  /** The field of the rows the number is computed from (the claims register names it; default: each row's value field). */
  field?: string;
}

/** What a number is computed from: rows of the project's data (each carries its `source`), other sourced numbers, or source ids; one or a list. */
export type SourcedFrom = object | string | readonly (object | string)[];

/** A number with its sources, as `sourced()` makes it; printed like {{fig}}, with a note citing them. */
export class Sourced {
  /** The helper that returned it (set when it returns). */
  helper?: string;
  constructor(
    readonly value: number,
    readonly from: readonly (object | string)[],
    readonly options: Readonly<SourcedOptions>,
  ) {}
  /** The plain number, for arithmetic in other helpers (`a.value + b.value`). */
  valueOf(): number {
    return this.value;
  }
}

/**
 * A number a helper returns for printing, with what it was computed from:
 *
 *   growth: (rows) => sourced(rows.at(-1).revenue / rows[0].revenue - 1, rows, { style: 'percent', digits: 1 })
 */
export function sourced(value: number, from: SourcedFrom, options: SourcedOptions = {}): Sourced {
  const list = Array.isArray(from) ? [...(from as readonly (object | string)[])] : [from as object | string];
  return new Sourced(value, list, { ...options });
}

/** What a helper may return: a text (escaped when printed), a sourced number, a value for another helper or a block. */
export type HelperResult = string | boolean | number | Sourced | null | undefined | readonly unknown[] | object;

/**
 * A project helper: called with the template's positional arguments, then a {@link HelperCall}.
 * A number it returns may feed another helper or a comparison, but prints only as `sourced(…)`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Helper = (...args: any[]) => HelperResult;

/** A project helper after checking: its name, function and the line of the config that declares it. */
export interface ProjectHelper {
  name: string;
  fn: Helper;
  /** Where it is declared (the config file, and its line when found there). */
  file: string;
  line?: number;
}

/** A helper's name as a template calls it: a letter, then letters, digits, "_" or "-". */
export const HELPER_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
