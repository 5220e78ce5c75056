/**
 * Widow and orphan control for paragraphs and list items, decided from where pdfmake actually
 * set each line (node.positions, each carrying its line's text; see write/pdf.ts), inside
 * pdfmake's pageBreakBefore hook, so every fix is laid out again before the next is decided:
 *
 *   orphan  one line left at the foot of a page        → the paragraph starts on the next page
 *   widow   one line carried to the top of a page      → a short paragraph (≤ MAX_MOVED_LINES on
 *           the page before) moves whole; a longer one is split before its last two lines, so
 *           the page before ends one line early and the next page starts with two lines
 *
 * A bulleted list item splits like a paragraph: its tail becomes an item without a bullet.
 */
import type { Inline, Node } from './types.js';

/** Fewest lines of a paragraph left at the foot of a page or carried to the top of the next. */
export const MIN_LINES = 2;
/** Most lines a paragraph leaves blank at a page's foot when it moves on whole. */
export const MAX_MOVED_LINES = 4;

type Line = { pageNumber: number; text?: string };

/**
 * Whether `paragraph` should start on the next page (pdfmake then moves it and lays out again):
 * false, true (moved whole), or where it was split. For a long paragraph with a widow,
 * `paragraph` becomes its last two lines and its head is inserted before it in `root`'s
 * content, so moving it on fixes the widow.
 */
export function keepLines(paragraph: Node, root: Node[]): boolean | { splitAt: number } {
  const lines = (paragraph.positions as Line[] | undefined) ?? [];
  if (lines.length === 0) return false;
  const first = lines[0]!.pageNumber;
  const last = lines.at(-1)!.pageNumber;
  if (first === last) return false;
  const onFirst = lines.filter((l) => l.pageNumber === first).length;
  const onLast = lines.filter((l) => l.pageNumber === last).length;
  if (onFirst < MIN_LINES) return true;
  if (onLast >= MIN_LINES) return false;
  if (onFirst <= MAX_MOVED_LINES) return true;
  return splitBeforeLastLines(paragraph, lines, root);
}

/** Splits a paragraph's inlines before its last MIN_LINES lines; false if that cannot be done exactly. */
function splitBeforeLastLines(paragraph: Node, lines: Line[], root: Node[]): false | { splitAt: number } {
  if (!Array.isArray(paragraph.text)) return false;
  const headText = lines.slice(0, -MIN_LINES).map((l) => l.text);
  if (headText.some((t) => t === undefined)) return false;
  const head = headText.join('');
  // the lines must be exactly the paragraph's text, in order (no tab expansion, no line breaks)
  if (!plain(paragraph.text as Inline[]).startsWith(head)) return false;
  return splitParagraph(paragraph, root, head.length) ? { splitAt: head.length } : false;
}

/**
 * Splits `paragraph` after `chars` characters: its head is inserted before it in `root` (in the
 * array that holds it) and the paragraph itself, now its tail, starts a page. False when the
 * paragraph is not directly in content or a stack (a list item cannot be split).
 */
export function splitParagraph(paragraph: Node, root: Node[], chars: number): boolean {
  const siblings = parentArray(root, paragraph);
  if (!siblings || !Array.isArray(paragraph.text)) return false;
  const [before, after] = splitInlines(paragraph.text as Inline[], chars);
  if (after.length === 0 || before.length === 0) return false;
  const margin = (paragraph.margin as number[] | undefined) ?? [0, 0, 0, 0];
  // the head keeps the paragraph's own settings, not what pdfmake recorded on it
  const settings = Object.fromEntries(Object.entries(paragraph).filter(([k]) => !k.startsWith('_') && !['text', 'margin', 'positions', 'nodeInfo', 'pageBreak', 'pageBreakCalculated'].includes(k)));
  siblings.splice(siblings.indexOf(paragraph), 0, { ...settings, text: before, margin: [margin[0], margin[1], margin[2], 0] });
  // the tail of a bulleted item continues it: no second bullet
  if (bulleted.has(siblings)) paragraph.listType = 'none';
  paragraph.text = after;
  paragraph.margin = [margin[0], 0, margin[2], margin[3]];
  paragraph.pageBreak = 'before';
  return true;
}

/** A remembered paragraph break, as kept between layout passes with the headings' ids. */
export const paragraphKey = (index: number, splitAt?: number) => `\u00b6${index}${splitAt === undefined ? '' : `@${splitAt}`}`;
export function paragraphBreak(key: string): { index: number; splitAt?: number } | undefined {
  const m = /^\u00b6(\d+)(?:@(\d+))?$/.exec(key);
  return m ? { index: Number(m[1]), ...(m[2] ? { splitAt: Number(m[2]) } : {}) } : undefined;
}

/** Item arrays of bulleted lists met by parentArray. */
const bulleted = new WeakSet<object>();

/** The array that holds `node` directly, searching content, stacks and bulleted lists (not numbered lists or tables). */
export function parentArray(items: Node[], node: Node): Node[] | undefined {
  if (items.includes(node)) return items;
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    if (Array.isArray(item.ul)) bulleted.add(item.ul);
    for (const key of ['stack', 'ul'] as const) {
      if (!Array.isArray(item[key])) continue;
      const found = parentArray(item[key] as Node[], node);
      if (found) return found;
    }
  }
  return undefined;
}

/** The text of an inline array, as pdfmake sets it. */
export function plain(inlines: Inline[] | string): string {
  if (typeof inlines === 'string') return inlines;
  return inlines.map((i) => (typeof i === 'string' ? i : plain((i.text as Inline[] | string | undefined) ?? ''))).join('');
}

/** Splits inlines after `at` characters, keeping every run's style on both sides (an id stays with the first part). */
export function splitInlines(inlines: Inline[], at: number): [Inline[], Inline[]] {
  const before: Inline[] = [];
  const after: Inline[] = [];
  let left = at;
  for (const i of inlines) {
    const length = plain(typeof i === 'string' ? i : ((i.text as Inline[] | string | undefined) ?? '')).length;
    if (left >= length) {
      before.push(i);
      left -= length;
    } else if (left <= 0) {
      after.push(i);
    } else if (typeof i === 'string') {
      before.push(i.slice(0, left));
      after.push(i.slice(left));
      left = 0;
    } else {
      const text = i.text as Inline[] | string;
      const [a, b] = typeof text === 'string' ? [text.slice(0, left), text.slice(left)] : splitInlines(text, left);
      const { id: _id, ...rest } = i;
      before.push({ ...i, text: a });
      after.push({ ...rest, text: b });
      left = 0;
    }
  }
  return [before, after];
}
