/**
 * Good line breaks in body text (paragraphs, list items and the text cells of tables), by
 * non-breaking spaces:
 * - a cross-reference label stays whole ("Figure 1", set in inline.ts);
 * - "up to", "more than", "as much as" stay with the figure that follows, and a short
 *   preposition stays with a figure or amount ("of US$30.2 billion", "to 1.045 million");
 * - a paragraph's last word is tied to the word before it when it is short, so no last line
 *   holds a lone short word.
 * Notes, captions and the cover have their own rules (typography.ts).
 */
const NBSP = '\u00a0';
const FIGURE = String.raw`(?=(?:[≈~<>≤]|about\u00a0|nearly\u00a0)?(?:US\$|CNY|RMB|€|£)?[\d−-])`;

export function tieBreaks(text: string): string {
  return text
    .replace(/\b(up) (to)\b/g, `$1${NBSP}$2`)
    .replace(/\b(more|less|fewer) (than)\b/g, `$1${NBSP}$2`)
    .replace(new RegExp(String.raw`\b(up\u00a0to|more\u00a0than|less\u00a0than|fewer\u00a0than|of|to|at|by|in|on|from|about|nearly|some|over|under|up|down) ${FIGURE}`, 'g'), `$1${NBSP}`);
}

type Inline = string | { text?: unknown; [k: string]: unknown };

/** Applies tieBreaks to every text run, and ties a short last word to the one before it (a paragraph, list item or table cell). */
export function tieParagraph(runs: Inline[]): Inline[] {
  const out = runs.map(function fix(r): Inline {
    if (typeof r === 'string') return tieBreaks(r);
    if (r.link || r.linkToDestination) return r;
    if (typeof r.text === 'string') r.text = tieBreaks(r.text);
    else if (Array.isArray(r.text)) r.text = (r.text as Inline[]).map(fix);
    return r;
  });
  // the last plain run with a space: tie its last word when the paragraph's tail is short
  for (let i = out.length - 1; i >= 0; i--) {
    const r = out[i]!;
    const text = typeof r === 'string' ? r : typeof r.text === 'string' ? r.text : undefined;
    if (text === undefined) continue;
    const m = / (\S{1,10})\s*$/.exec(text);
    if (m) {
      const fixed = text.slice(0, m.index) + NBSP + text.slice(m.index + 1);
      if (typeof r === 'string') out[i] = fixed;
      else r.text = fixed;
    }
    if (/\s/.test(text)) break;
  }
  return out;
}
