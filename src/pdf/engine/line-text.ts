/**
 * Each laid-out line records its text. pdfmake records where each line of a text went
 * (node.positions) but not what it held; the position now carries the line's text
 * (non-enumerable), so widow control can split a paragraph exactly where pdfmake broke it
 * (see src/layout/widows.ts).
 */
import type { Internals } from './internals.js';

type Line = { inlines: { text: string; sourceText?: string }[] };

export function installLineText({ ElementWriter }: Internals): void {
  const addLine = ElementWriter.prototype.addLine as (this: unknown, line: Line, ...rest: unknown[]) => unknown;
  ElementWriter.prototype.addLine = function (this: unknown, line: Line, ...rest: unknown[]) {
    const position = addLine.call(this, line, ...rest);
    // the text as written (a soft hyphen, not the "-" drawn at a break: see justify.ts)
    if (position && typeof position === 'object') Object.defineProperty(position, 'text', { value: line.inlines.map((i) => i.sourceText ?? i.text).join(''), enumerable: false });
    return position;
  };
}
