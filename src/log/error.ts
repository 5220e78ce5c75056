/**
 * The one error type a user can cause. Every instance is created by a function in
 * ./message.ts, so codes, wording and fixes live in one catalogue.
 */
import { safeName, safeText } from './safe.js';
export interface Location {
  /** Project-relative path of the file at fault. */
  file?: string;
  line?: number;
  column?: number;
  /** Field path inside a structured file, e.g. `rows[3].value`. */
  field?: string;
}

export type ExitCode = 1 | 2 | 3;

/** Further errors of the same stage, reported with the first (see message.ts, errorsOfStage). */
export interface FurtherErrors {
  /** The errors after the first, up to the stage's limit. */
  others: BriefkitError[];
  /** The closing line: how many errors the stage found and how many are shown (BK117). */
  tally: string;
}

export class BriefkitError extends Error {
  override readonly name = 'BriefkitError';
  /** The further errors of its stage, when it found several; their messages follow the first's. */
  readonly further?: FurtherErrors;
  readonly summary: string;
  readonly where: Location;
  readonly expected?: string;
  readonly fix?: string;
  /**
   * Every text is made safe for a terminal here, once for all messages (./safe.ts): whatever a
   * message echoes from a file or the data is escaped and cut to a few hundred characters.
   */
  constructor(
    readonly code: string,
    summary: string,
    where: Location = {},
    expected?: string,
    fix?: string,
    readonly exitCode: ExitCode = 1,
    options?: { cause?: unknown; further?: FurtherErrors },
  ) {
    const further = options?.further;
    const safe = { summary: safeText(summary), where: safeLocation(where), expected: expected === undefined ? undefined : safeText(expected), fix: fix === undefined ? undefined : safeText(fix) };
    const first = formatMessage(code, safe.summary, safe.where, safe.expected, safe.fix);
    // printed as "error <message>", like the first: each further error on lines of its own
    super(further ? [first, ...further.others.map((e) => `error ${e.message}`), `error ${safeText(further.tally)}`].join('\n') : first, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.summary = safe.summary;
    this.where = safe.where;
    if (safe.expected !== undefined) this.expected = safe.expected;
    if (safe.fix !== undefined) this.fix = safe.fix;
    if (further) this.further = further;
  }

  /** Every error it reports: itself, then the further errors of its stage. */
  all(): BriefkitError[] {
    return [this, ...(this.further?.others ?? [])];
  }
}

export interface SerializedError {
  code: string;
  summary: string;
  where: Location;
  expected?: string | undefined;
  fix?: string | undefined;
  exitCode: ExitCode;
  /** The further errors of its stage, and the line that counts them. */
  further?: { others: SerializedError[]; tally: string } | undefined;
}

/** An error as a worker sends it (a structured clone keeps no class). */
export function serializeError(e: BriefkitError): SerializedError {
  return { code: e.code, summary: e.summary, where: e.where, expected: e.expected, fix: e.fix, exitCode: e.exitCode, ...(e.further ? { further: { others: e.further.others.map(serializeError), tally: e.further.tally } } : {}) };
}

/** The error a worker sent, as it was thrown there. */
export function deserializeError(e: SerializedError): BriefkitError {
  const further = e.further ? { further: { others: e.further.others.map(deserializeError), tally: e.further.tally } } : {};
  return new BriefkitError(e.code, e.summary, e.where, e.expected, e.fix, e.exitCode, further);
}

function safeLocation(where: Location): Location {
  const out: Location = { ...where };
  if (where.file !== undefined) out.file = safeName(where.file);
  if (where.field !== undefined) out.field = safeName(where.field);
  return out;
}

export function formatLocation(where: Location): string {
  let s = where.file ?? '';
  if (where.line !== undefined) {
    s += `:${where.line}`;
    if (where.column !== undefined) s += `:${where.column}`;
  }
  if (where.field) s += s ? ` (at ${where.field})` : `at ${where.field}`;
  return s;
}

function formatMessage(code: string, summary: string, where: Location, expected?: string, fix?: string): string {
  const loc = formatLocation(where);
  const lines = [`${code}: ${loc ? loc + ': ' : ''}${summary}`];
  if (expected) lines.push(`  expected: ${expected}`);
  if (fix) lines.push(`  fix: ${fix}`);
  return lines.join('\n');
}

export function isBriefkitError(e: unknown): e is BriefkitError {
  return e instanceof BriefkitError;
}
