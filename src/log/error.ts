/**
 * The one error type a user can cause. Every instance is created by a function in
 * ./message.ts, so codes, wording and fixes live in one catalogue.
 */
export interface Location {
  /** Project-relative path of the file at fault. */
  file?: string;
  line?: number;
  column?: number;
  /** Field path inside a structured file, e.g. `rows[3].value`. */
  field?: string;
}

export type ExitCode = 1 | 2 | 3;

export class BriefkitError extends Error {
  override readonly name = 'BriefkitError';
  constructor(
    readonly code: string,
    readonly summary: string,
    readonly where: Location = {},
    readonly expected?: string,
    readonly fix?: string,
    readonly exitCode: ExitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(formatMessage(code, summary, where, expected, fix), options);
  }
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
