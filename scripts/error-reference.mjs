#!/usr/bin/env node
/**
 * Writes docs/guide/errors.md, the reference of every message code, from the message catalogue
 * (src/log/message.ts) — so no code can be left out — and the editors' explanations in
 * scripts/error-notes.md (one table row per code: meaning, what to do).
 *
 *   node scripts/error-reference.mjs           write docs/guide/errors.md
 *   node scripts/error-reference.mjs --check   exit 1 if the file is not what it would write
 *
 * Each code's entry gives the explanation (when the notes have one) and every message the
 * catalogue makes with that code, as its function words it: the summary, what was expected and
 * the fix, with the parts filled in at run time shown as ‹name›. A code in the catalogue that the
 * notes lack still gets its entry (from the catalogue's own words); a code in the notes that the
 * catalogue no longer has is an error, so the notes cannot drift.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '..');
const CATALOGUE = 'src/log/message.ts';
const NOTES = 'scripts/error-notes.md';
const OUT = 'docs/guide/errors.md';

const GROUPS = [
  ['0', 'Input files and data (BK0xx)'],
  ['1', 'Templates (BK1xx)'],
  ['2', 'Charts (BK2xx)'],
  ['3', 'Fonts, layout and pages (BK3xx)'],
  ['4', 'Output (BK4xx)'],
  ['5', 'Profiles and the command line (BK5xx)'],
  ['9', 'Internal (BK9xx)'],
];

/** Every message the catalogue makes: code, function, summary, expected, fix, exit code. */
export function readCatalogue(text) {
  const src = ts.createSourceFile(CATALOGUE, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const words = (node) => {
    if (!node) return undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      return node.head.text + node.templateSpans.map((s) => `${placeholder(s.expression)}${s.literal.text}`).join('');
    }
    if (ts.isConditionalExpression(node)) return `${words(node.whenTrue) ?? '…'}`;
    if (ts.isParenthesizedExpression(node)) return words(node.expression);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return `${words(node.left) ?? '…'}${words(node.right) ?? '…'}`;
    if (ts.isIdentifier(node) && node.text === 'undefined') return undefined;
    return placeholder(node);
  };
  const placeholder = (expr) => {
    // the name a reader can make sense of: `file`, `name`, `known.join(', ')` → ‹known›
    let e = expr;
    while (ts.isCallExpression(e) || ts.isPropertyAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
      e = ts.isCallExpression(e) ? e.expression : ts.isPropertyAccessExpression(e) ? (ts.isIdentifier(e.expression) ? e.expression : e.expression) : e.expression;
      if (ts.isIdentifier(e)) break;
    }
    if (ts.isIdentifier(e) && !['JSON', 'String', 'Math', 'Number'].includes(e.text)) return `‹${e.text}›`;
    return '…';
  };
  const owner = (node) => {
    for (let n = node.parent; n; n = n.parent) {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
      if (ts.isFunctionDeclaration(n) && n.name) return n.name.text;
    }
    return '(module)';
  };
  const visit = (node) => {
    const isErr = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'err';
    const isNew = ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'BriefkitError';
    const args = isErr || isNew ? [...(node.arguments ?? [])] : [];
    if (args.length >= 2 && ts.isStringLiteral(args[0]) && /^BK\d{3}$/.test(args[0].text)) {
      const exit = isNew && args[5] && ts.isNumericLiteral(args[5]) ? Number(args[5].text) : undefined;
      found.push({ code: args[0].text, fn: owner(node), summary: words(args[1]), expected: words(args[3]), fix: words(args[4]), exit });
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

/** The notes: code → { meaning, todo }, from the table rows of scripts/error-notes.md. */
export function readNotes(text) {
  const notes = new Map();
  for (const line of text.split('\n')) {
    const m = /^\| (BK\d{3}) \| (.*) \| (.*) \|$/.exec(line);
    if (!m) continue;
    if (notes.has(m[1])) throw new Error(`${NOTES}: ${m[1]} twice`);
    notes.set(m[1], { meaning: m[2], todo: m[3] });
  }
  return notes;
}

const sentence = (s) => (s ? s[0].toUpperCase() + s.slice(1) + (/[.!?]$/.test(s) ? '' : '.') : s);
const quoted = (s) => '`' + s.replace(/`/g, "'").replace(/\s+/g, ' ') + '`';

export function render(catalogueText, notesText) {
  const messages = readCatalogue(catalogueText);
  const notes = readNotes(notesText);
  const codes = [...new Set([...catalogueText.matchAll(/'(BK\d{3})'/g)].map((m) => m[1]))].sort();
  const made = new Set(messages.map((m) => m.code));
  const unread = codes.filter((c) => !made.has(c));
  if (unread.length) throw new Error(`${CATALOGUE}: cannot read the message of ${unread.join(', ')} (not an err(…) or new BriefkitError(…) call with a literal code)`);
  const stale = [...notes.keys()].filter((c) => !codes.includes(c));
  if (stale.length) throw new Error(`${NOTES}: ${stale.join(', ')} no longer in ${CATALOGUE}; remove the row`);

  const out = [
    '<!-- GENERATED by scripts/error-reference.mjs from src/log/message.ts and scripts/error-notes.md: do not edit; run `node scripts/error-reference.mjs` -->',
    '# Message codes',
    '',
    'Every error and warning briefkit prints starts with a stable code (`error BK013 …`, `warning BK205 …`) and names the file, line or field, what was expected and how to fix it. This page lists every code in the message catalogue (`src/log/message.ts`); a test fails when one is missing. For how messages are printed, exit codes and the most common problems, see [Troubleshooting](troubleshooting.md).',
    '',
    'Under each code: what it means and what to do, then the message itself as briefkit words it (‹name› is filled in with the file, field or value at hand).',
    '',
  ];
  for (const [digit, title] of GROUPS) {
    const inGroup = codes.filter((c) => c[2] === digit);
    if (!inGroup.length) continue;
    out.push(`## ${title}`, '');
    for (const code of inGroup) {
      out.push(`### ${code}`, '');
      const note = notes.get(code);
      if (note) out.push(`${sentence(note.meaning)} **What to do:** ${note.todo.replace(/\.?$/, '.')}`, '');
      for (const m of messages.filter((x) => x.code === code)) {
        const parts = [`${quoted(m.summary ?? '…')}`];
        if (m.expected) parts.push(`expected: ${quoted(m.expected)}`);
        if (m.fix) parts.push(`fix: ${quoted(m.fix)}`);
        if (m.exit !== undefined) parts.push(`exit code ${m.exit}`);
        out.push(`* ${parts.join(' — ')} (\`${m.fn}\`)`);
      }
      out.push('');
    }
  }
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = render(fs.readFileSync(path.join(ROOT, CATALOGUE), 'utf8'), fs.readFileSync(path.join(ROOT, NOTES), 'utf8'));
  const file = path.join(ROOT, OUT);
  if (process.argv.includes('--check')) {
    const now = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (now !== text) {
      console.error(`${OUT} is out of date: run node scripts/error-reference.mjs`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(file, text);
    console.log(`wrote ${OUT}`);
  }
}
