/**
 * Values from data can never inject Markdown or markup: every {{value}} is escaped for
 * CommonMark by backslash-escaping all ASCII punctuation (CommonMark treats "\\" + any ASCII
 * punctuation as that literal character) and folding line breaks into spaces, so a value can
 * neither open a construct (emphasis, link, directive, heading, list, table cell) nor start a
 * new block. Helpers that build Markdown on purpose return SafeString and escape their own inputs.
 */
import Handlebars from 'handlebars';

const PUNCT = /[!-/:-@[-`{-~]/g;

export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(PUNCT, (c) => '\\' + c);
}

/** For values placed inside a directive attribute: "…". */
export function escapeAttribute(value: unknown): string {
  return String(value ?? '').replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

export function safe(markdown: string): Handlebars.SafeString {
  return new Handlebars.SafeString(markdown);
}

/**
 * Called with every value a template prints through `{{x}}` while a template renders; what it
 * returns is printed instead of the escaped value (which it must contain, escaped the same way):
 * the claims register's source markers for figures in a data text (src/templates/render.ts).
 */
let escapeHook: ((v: unknown) => string | undefined) | undefined;
export function withEscapeHook<T>(hook: (v: unknown) => string | undefined, run: () => T): T {
  const prev = escapeHook;
  escapeHook = hook;
  try {
    return run();
  } finally {
    escapeHook = prev;
  }
}

let installed = false;
/**
 * Handlebars compiles `{{x}}` to a call of Utils.escapeExpression (the module object shared
 * by every environment); briefkit replaces it once with the Markdown escaper above.
 */
export function installMarkdownEscaping(): void {
  if (installed) return;
  const utils = Handlebars.Utils as unknown as { escapeExpression: (v: unknown) => string };
  utils.escapeExpression = (v: unknown) => {
    if (v instanceof Handlebars.SafeString) return v.toHTML();
    if (v && typeof v === 'object' && typeof (v as { toHTML?: unknown }).toHTML === 'function') return String((v as { toHTML: () => string }).toHTML());
    return escapeHook?.(v) ?? escapeMarkdown(v);
  };
  installed = true;
}
