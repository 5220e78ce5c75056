/**
 * Text → values for the three structured formats, with precise locations on failure.
 * JSON is parsed by the platform and located with jsonc-parser (which, unlike JSON.parse on
 * Node 20, always reports an offset); CSV by csv-parse; YAML by yaml.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import * as jsonc from 'jsonc-parser';
import YAML from 'yaml';
import * as msg from '../log/message.js';

export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Deepest nesting of arrays and objects a JSON file may have (data and chart specs need far less). */
export const MAX_JSON_DEPTH = 1000;

/**
 * Parses JSON, refusing what JSON.parse lets through or cannot survive: nesting deeper than
 * MAX_JSON_DEPTH (BK041, checked before parsing, so no parser recursion overflows the stack),
 * a number too large for a double ("1e400" would become Infinity; BK042) and a key repeated in
 * one object (JSON.parse keeps the last silently; BK043) — each with its line and column.
 */
export function parseJson(text: string, file: string): unknown {
  checkDepth(text, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return jsonSyntaxError(text, file, e);
  }
  checkKeysAndNumbers(text, file);
  return value;
}

/** End (index of the closing quote) of the JSON string starting at `i` (its opening quote). */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) j++;
    else if (c === 34) return j;
  }
  return text.length;
}

function checkDepth(text: string, file: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) i = stringEnd(text, i);
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) {
        const { line, column } = lineColumnAt(text, i);
        throw msg.nestingTooDeep(file, MAX_JSON_DEPTH, line, column);
      }
    } else if (c === 125 || c === 93) depth--;
  }
}

function checkKeysAndNumbers(text: string, file: string): void {
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  const at = (i: number) => lineColumnAt(text, i);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = stringEnd(text, i);
      const top = stack.at(-1);
      if (top && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.has(key)) {
          const { line, column } = at(i);
          throw msg.duplicateJsonKey(file, line, column, key);
        }
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === 123) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 91) {
      stack.push(null);
      expectKey = false;
    } else if (c === 125 || c === 93) stack.pop();
    else if (c === 44) expectKey = stack.at(-1) instanceof Set;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      const m = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      m.lastIndex = i;
      const tok = m.exec(text)?.[0] ?? '';
      if (tok && !Number.isFinite(Number(tok))) {
        const { line, column } = at(i);
        throw msg.numberOutOfRange(file, line, column, tok);
      }
      i += Math.max(0, tok.length - 1);
    }
  }
}

function jsonSyntaxError(text: string, file: string, e: unknown): never {
  {
    const errors: jsonc.ParseError[] = [];
    jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (first) {
      const { line, column } = lineColumnAt(text, first.offset);
      throw msg.invalidJson(file, line, column, describeJsonError(first.error));
    }
    // JSON.parse rejected something jsonc accepts (e.g. NaN never gets here; lone surrogates): report at start.
    throw msg.invalidJson(file, 1, 1, (e as Error).message);
  }
}

function describeJsonError(code: jsonc.ParseErrorCode): string {
  switch (code) {
    case jsonc.ParseErrorCode.InvalidSymbol: return 'unexpected character (NaN, Infinity, comments and unquoted words are not JSON)';
    case jsonc.ParseErrorCode.InvalidNumberFormat: return 'invalid number';
    case jsonc.ParseErrorCode.PropertyNameExpected: return 'expected a quoted property name (is there a trailing comma?)';
    case jsonc.ParseErrorCode.ValueExpected: return 'expected a value (is there a trailing comma?)';
    case jsonc.ParseErrorCode.ColonExpected: return 'expected ":" after the property name';
    case jsonc.ParseErrorCode.CommaExpected: return 'expected "," between values';
    case jsonc.ParseErrorCode.CloseBraceExpected: return 'expected "}" (an object is not closed)';
    case jsonc.ParseErrorCode.CloseBracketExpected: return 'expected "]" (an array is not closed)';
    case jsonc.ParseErrorCode.EndOfFileExpected: return 'unexpected content after the end of the JSON value';
    case jsonc.ParseErrorCode.InvalidCommentToken: return 'comments are not allowed in JSON';
    case jsonc.ParseErrorCode.UnexpectedEndOfComment: return 'unterminated comment';
    case jsonc.ParseErrorCode.UnexpectedEndOfString: return 'unterminated string';
    case jsonc.ParseErrorCode.UnexpectedEndOfNumber: return 'unterminated number';
    case jsonc.ParseErrorCode.InvalidUnicode: return 'invalid unicode escape';
    case jsonc.ParseErrorCode.InvalidEscapeCharacter: return 'invalid escape character in a string';
    case jsonc.ParseErrorCode.InvalidCharacter: return 'invalid character in a string (control characters must be escaped)';
    default: return 'syntax error';
  }
}

/** Line (1-based) of the value at a field path such as ["rows", 3, "value"] in JSON text. */
export function jsonLineOf(text: string, fieldPath: (string | number)[]): number | undefined {
  const tree = jsonc.parseTree(text);
  if (!tree) return undefined;
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = jsonc.findNodeAtLocation(tree, fieldPath.slice(0, n));
    if (node) return lineColumnAt(text, node.offset).line;
  }
  return undefined;
}

export interface CsvTable {
  header: string[];
  /** Records keyed by header, with the 1-based line each record starts on. */
  records: { line: number; values: Record<string, string> }[];
}

export function parseCsv(text: string, file: string): CsvTable {
  let rows: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    rows = parseCsvSync(text, { info: true, raw: true, relax_column_count: false, skip_empty_lines: true, trim: false, bom: false }) as never;
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    const reason = (err.message ?? 'syntax error').replace(/\s+at line \d+$/i, '');
    // An unclosed quote is reported where the parser gave up; the user needs the line it opened on.
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') throw msg.invalidCsv(file, unclosedQuoteLine(text) ?? err.lines ?? 1, 'a quoted field is never closed');
    if (err.code === 'CSV_INVALID_CLOSING_QUOTE') {
      // A field quoted on an earlier line ran on until a later quote: report where it opened.
      const opened = unclosedQuoteLine(text, err.lines);
      if (opened !== undefined && opened !== err.lines) throw msg.invalidCsv(file, opened, `a quoted field opened here runs on to line ${err.lines} (missing closing quote?)`);
    }
    throw msg.invalidCsv(file, err.lines ?? 1, reason);
  }
  const first = rows[0];
  if (!first) throw msg.emptyDataset(file);
  const header = first.record.map((h) => h.trim());
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    const j = at.get(h);
    if (j !== undefined) throw msg.duplicateCsvColumn(file, h, j + 1, i + 1);
    at.set(h, i);
  });
  // info.lines is the line a record ends on; a quoted field may span lines, so count back.
  const records = rows.slice(1).map((r) => ({
    line: r.info.lines - (r.raw.replace(/^(\r?\n)+|(\r?\n)+$/g, '').match(/\n/g)?.length ?? 0),
    values: Object.fromEntries(header.map((h, i) => [h, r.record[i] ?? ''])),
  }));
  return { header, records };
}

/**
 * Line of the quote that opens a field still open at the end of the text, or at the start of
 * line `until` when given (RFC 4180: "" inside quotes is a quote).
 */
export function unclosedQuoteLine(text: string, until?: number): number | undefined {
  let inQuotes = false;
  let openLine = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      if (until !== undefined && line === until) break;
    }
    if (c !== '"') continue;
    if (inQuotes && text[i + 1] === '"') {
      i++;
      continue;
    }
    inQuotes = !inQuotes;
    if (inQuotes) openLine = line;
  }
  return inQuotes ? openLine : undefined;
}

export function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const e = doc.errors[0];
  if (e) {
    const lp = e.linePos?.[0];
    const pos = lp ? { line: lp.line, column: lp.col } : lineColumnAt(text, e.pos[0]);
    throw msg.invalidYaml(file, pos.line, pos.column, e.message.split('\n')[0] ?? 'syntax error');
  }
  refuseTagsAndNonFinite(doc, text, file);
  // aliases are resolved only here: an alias to no anchor (`*name` with no `&name` before it) or
  // an alias bomb throws from toJS, so it is reported like any other syntax error
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const alias = firstUnresolvedAlias(doc);
    const pos = lineColumnAt(text, alias?.range?.[0] ?? 0);
    const why = alias
      ? `the alias *${alias.source} names no anchor defined before it (a YAML alias starts with "*"; quote the value if the "*" is meant as text)`
      : (String((err as Error).message ?? err).split('\n')[0] ?? 'bad alias');
    throw msg.invalidYaml(file, pos.line, pos.column, why);
  }
}

/**
 * Explicit YAML tags (`!!js/function`, `!!binary`, `!custom`, even `!!str`) are refused, naming
 * the tag: a tag asks the reader to build a value of some type, and briefkit's files hold plain
 * text, numbers, booleans, lists and maps only (the yaml library keeps an unknown tag's value as
 * text, silently). `.nan`, `.inf` and `-.inf` are refused too: they are no number a report can print.
 */
function refuseTagsAndNonFinite(doc: YAML.Document, text: string, file: string): void {
  YAML.visit(doc, {
    Node(_, node) {
      const start = (node as { range?: [number, number, number] }).range?.[0] ?? 0;
      const at = () => lineColumnAt(text, start);
      // the library sets .tag only for a tag written in the source
      const tag = (node as { tag?: string }).tag;
      if (tag !== undefined) {
        const written = text.lastIndexOf(shortTag(tag), start);
        const p = lineColumnAt(text, written >= 0 ? written : start);
        throw msg.yamlTag(file, p.line, p.column, shortTag(tag));
      }
      if (YAML.isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
        const p = at();
        throw msg.yamlNotFinite(file, p.line, p.column, String(node.source ?? text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0)));
      }
      return undefined;
    },
  });
}

const shortTag = (tag: string) => tag.replace(/^tag:yaml\.org,2002:/, '!!');

function firstUnresolvedAlias(doc: YAML.Document): YAML.Alias | undefined {
  let found: YAML.Alias | undefined;
  YAML.visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        found = node;
        return YAML.visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Line (1-based) of the value at a field path in YAML text (the nearest existing ancestor if absent). */
export function yamlLineOf(text: string, fieldPath: (string | number)[]): number | undefined {
  const doc = YAML.parseDocument(text);
  for (let n = fieldPath.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(fieldPath.slice(0, n), true) as { range?: [number, number, number] } | undefined);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineColumnAt(text, range[0]).line;
  }
  return undefined;
}
