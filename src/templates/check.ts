/**
 * Static checks on a template's Handlebars syntax tree, before it runs:
 * every helper and partial it names exists, and no figure is typed by hand.
 *
 * The figure rule: in literal template text (and in caption/title/label strings given to
 * helpers), a number is allowed only when it is
 *   - a year, 1900–2099 (headings and prose may name years);
 *   - part of a word or name, i.e. touching a letter ("14th", "G20", "DS611");
 *   - an ordered-list marker at the start of a line ("1. ");
 *   - inside a phrase the template's front matter lists under allowNumbers ("Section 301").
 * The same holds for numbers typed as arguments of helpers that print them ({{num 987654321}},
 * {{pct "12.5"}}, {{upper 42}}): only a year may be given there. Arguments that select rows
 * ({{fig "grants" 2023}}, {{growth "grants" 2010 2024}}) or compare ({{eq rank 1}}) are keys,
 * not printed figures, and options given by name (digits=2, id=7) are not figures either.
 * Everything else — counts, amounts, percentages, ranks — must come from data through a helper.
 */
/// <reference types="handlebars" />

import * as msg from '../log/message.js';

type Node = hbs.AST.Node & Record<string, unknown>;

export interface CheckOptions {
  file: string;
  lineOffset: number;
  helpers: Set<string>;
  partials: Set<string>;
  allowNumbers: string[];
  /** Data-context names that are not helpers (e.g. this, @index, fields of rows). */
}

const BUILTIN_BLOCKS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

/**
 * Names every JavaScript object inherits: Handlebars refuses to resolve them and prints nothing, so
 * {{constructor}} or {{lookup this "__proto__"}} is an error (BK047), never a silent blank.
 */
export const FORBIDDEN_PROPERTIES = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function forbidden(node: Node, name: string, o: CheckOptions): never {
  const loc = node.loc as hbs.AST.SourceLocation;
  throw msg.forbiddenProperty(o.file, loc.start.line + o.lineOffset, loc.start.column + 1, name);
}

export function checkTemplate(ast: hbs.AST.Program, o: CheckOptions): void {
  walk(ast as unknown as Node, o);
}

function walk(node: Node | undefined | null, o: CheckOptions): void {
  if (!node || typeof node !== 'object') return;
  switch (node.type) {
    case 'Program':
      for (const s of node.body as Node[]) walk(s, o);
      return;
    case 'ContentStatement':
      // `original` is the text as written (Handlebars trims standalone lines from `value` but keeps the location).
      checkText(String(node.original ?? node.value), node.loc as hbs.AST.SourceLocation, o, true, 0);
      return;
    case 'MustacheStatement':
    case 'SubExpression':
    case 'BlockStatement':
    case 'DecoratorBlock': {
      if (node.type === 'MustacheStatement' && node.escaped === false) {
        const loc = node.loc as hbs.AST.SourceLocation;
        throw msg.unescapedOutput(o.file, loc.start.line + o.lineOffset, loc.start.column + 1);
      }
      const path = node.path as Node;
      const params = (node.params as Node[]) ?? [];
      const hash = node.hash as Node | undefined;
      walk(path, o);
      const key = params[1];
      if (path.type === 'PathExpression' && path.original === 'lookup' && key?.type === 'StringLiteral' && FORBIDDEN_PROPERTIES.has(String(key.value))) forbidden(key, String(key.value), o);
      const isCall = params.length > 0 || (hash && ((hash.pairs as Node[]) ?? []).length > 0) || node.type === 'SubExpression' || node.type === 'BlockStatement';
      if (path.type === 'PathExpression' && isCall) {
        const name = String(path.original);
        const simple = (path.parts as string[]).length === 1 && !path.data && !(path as { this?: boolean }).this;
        if (simple && !o.helpers.has(name) && !BUILTIN_BLOCKS.has(name)) {
          const loc = path.loc as hbs.AST.SourceLocation;
          throw msg.unknownHelper(o.file, loc.start.line + o.lineOffset, loc.start.column + 1, name, [...o.helpers].sort());
        }
      }
      for (const p of params) {
        checkArgument(p, o, path.type === 'PathExpression' ? String(path.original) : '');
        walk(p, o);
      }
      if (hash) {
        for (const pair of hash.pairs as Node[]) {
          const v = pair.value as Node;
          if (v.type === 'StringLiteral' && ['caption', 'title', 'label'].includes(String(pair.key))) {
            checkText(String(v.value), v.loc as hbs.AST.SourceLocation, o, false, 1); // +1: the opening quote
          }
          walk(v, o);
        }
      }
      walk(node.program as Node, o);
      walk(node.inverse as Node, o);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const name = node.name as Node;
      if (name.type === 'PathExpression' || name.type === 'StringLiteral') {
        const n = String(name.type === 'PathExpression' ? name.original : name.value);
        if (!o.partials.has(n)) {
          const loc = node.loc as hbs.AST.SourceLocation;
          throw msg.unknownPartial(o.file, loc.start.line + o.lineOffset, loc.start.column + 1, n, [...o.partials].sort());
        }
      }
      walk(node.program as Node, o);
      return;
    }
    case 'PathExpression': {
      const bad = (node.parts as string[]).find((p) => FORBIDDEN_PROPERTIES.has(p));
      if (bad !== undefined) forbidden(node, bad, o);
      return;
    }
    default:
      return;
  }
}

const FORMATTERS = new Set(['num', 'pct', 'money', 'ordinal', 'qualified']);
/** Helpers whose positional arguments select rows or compare values; nothing prints them. */
const SELECTORS = new Set(['fig', 'val', 'growth', 'cagr', 'times', 'difference', 'firstYear', 'lastYear', 'count', 'rows', 'keyfigure', 'chart', 'table', 'eq', 'lookup', ...BUILTIN_BLOCKS]);

/** A figure typed as a printed helper argument: a number literal (not a year), or a numeric string given to a formatter. */
function checkArgument(p: Node, o: CheckOptions, helper: string): void {
  if (SELECTORS.has(helper)) return;
  const loc = p.loc as hbs.AST.SourceLocation | undefined;
  const at = (text: string) => msg.handTypedFigure(o.file, (loc?.start.line ?? 1) + o.lineOffset, (loc?.start.column ?? 0) + 1, text);
  if (p.type === 'NumberLiteral') {
    const v = Number(p.value);
    if (!(Number.isInteger(v) && v >= 1900 && v <= 2099)) throw at(String(p.original ?? p.value));
  } else if (p.type === 'StringLiteral' && FORMATTERS.has(helper) && /^\s*[-+]?\d/.test(String(p.value))) {
    throw at(String(p.value));
  }
}

const NUMBER = /\d+(?:[.,]\d+)*/g;

function checkText(text: string, loc: hbs.AST.SourceLocation, o: CheckOptions, atLineStarts: boolean, shift: number): void {
  // Blank out allowed phrases first so their digits are not seen.
  let t = text;
  for (const phrase of o.allowNumbers) t = t.split(phrase).join(' '.repeat(phrase.length));
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(t); m; m = NUMBER.exec(t)) {
    const s = m[0];
    const before = t[m.index - 1] ?? '';
    const after = t[m.index + s.length] ?? '';
    if (/\p{L}/u.test(before) || /\p{L}/u.test(after)) continue;
    if (/^(19|20)\d\d$/.test(s) && after !== '%') continue;
    if (atLineStarts && /^\.\s/.test(t.slice(m.index + s.length, m.index + s.length + 2)) && /(^|\n)[ \t]*$/.test(t.slice(0, m.index)) && !(m.index === 0 && loc.start.column > 0)) continue;
    // Position of the match in the file.
    const head = text.slice(0, m.index);
    const nl = head.lastIndexOf('\n');
    const line = loc.start.line + (head.match(/\n/g)?.length ?? 0) + o.lineOffset;
    const column = nl < 0 ? loc.start.column + shift + m.index + 1 : m.index - nl;
    throw msg.handTypedFigure(o.file, line, column, s);
  }
}
