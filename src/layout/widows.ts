/**
 * Widow and orphan control for paragraphs and list items: the rule, which the layout sets on
 * each body paragraph (`keepLines`) and pdfmake applies while it places the lines, looking ahead
 * inside the paragraph (src/pdf/engine/keep-lines.ts) — no second layout:
 *
 *   orphan  one line left at the foot of a page        → the paragraph starts on the next page
 *   widow   one line carried to the top of a page      → a short paragraph (≤ MAX_MOVED_LINES on
 *           the page before) moves whole; a longer one breaks a line earlier, so the next page
 *           starts with two lines (the paragraph stays one paragraph; the line before the break
 *           stays justified)
 *
 * Paragraphs in tables, callouts and other unbreakable blocks are never split by pdfmake, so
 * the rule does not apply there.
 */

/** Fewest lines of a paragraph left at the foot of a page or carried to the top of the next. */
export const MIN_LINES = 2;
/** Most lines a paragraph leaves blank at a page's foot when it moves on whole. */
export const MAX_MOVED_LINES = 4;

/** The `keepLines` property of a paragraph or list item under widow/orphan control. */
export const KEEP_LINES = { min: MIN_LINES, maxMoved: MAX_MOVED_LINES } as const;
