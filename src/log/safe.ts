/**
 * Text made safe for a terminal: every message briefkit prints passes through here once (the
 * BriefkitError constructor, the reporter, the CLI's usage errors), so a string from a file name,
 * a data value or a template — whatever message echoes it — can neither repaint the terminal nor
 * flood it:
 * - control characters (C0 but line feed and tab, DEL, C1 — so ESC and CSI, the start of every ANSI
 *   sequence), bidi controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and line
 *   separators are written as \u{…} escapes;
 * - a line longer than MAX_LINE characters keeps its start and its end, with the number of
 *   characters cut between them.
 */

/** The longest line printed whole; a longer one keeps HEAD + TAIL characters. */
export const MAX_LINE = 400;
const HEAD = 260;
const TAIL = 100;

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const escape = (c: string) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`;

/** Whether position i splits a surrogate pair (then a cut there moves by one). */
const splitsPair = (s: string, i: number) => i > 0 && i < s.length && /[\uDC00-\uDFFF]/.test(s[i]!) && /[\uD800-\uDBFF]/.test(s[i - 1]!);

function clipLine(line: string): string {
  if (line.length <= MAX_LINE) return line;
  let head = HEAD;
  if (splitsPair(line, head)) head--;
  let tail = line.length - TAIL;
  if (splitsPair(line, tail)) tail++;
  return `${line.slice(0, head)} … [${(tail - head).toLocaleString('en-GB')} characters cut] … ${line.slice(tail)}`;
}

/** Message text (a summary, an expectation, a fix), safe to print: line breaks and tabs are kept. */
export function safeText(s: string): string {
  return s.replace(UNSAFE, escape).split('\n').map(clipLine).join('\n');
}

/** A name on one line (a file name, a field path): line breaks are escaped too. */
export function safeName(s: string): string {
  return clipLine(s.replace(UNSAFE_OR_NEWLINE, escape));
}
