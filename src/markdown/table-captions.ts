/**
 * Stage 4a — captions for tables written in Markdown (GFM): every table is numbered, captioned
 * and sourced like a data table, or explicitly unnumbered. The template says which with a
 * caption line, a paragraph of its own directly above the table:
 *
 *   Table: Invention patents granted abroad, 2021 {#tbl-abroad}
 *
 *   | Measure | Patents |
 *   |:--|--:|
 *
 * numbers it ("Table 4"), captions it, lists it in the contents and gives it a source line from
 * the notes its cells cite; an optional {#id} names its anchor (else table-<section>-<n>). "Table:
 * unnumbered" sets the table as part of the text (a glossary, an index of figures). A table
 * without either is set unnumbered with a warning (BK320); a caption line with no table under
 * it is an error (BK321).
 */
import type { Paragraph, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import * as msg from '../log/message.js';
import type { BriefkitError } from '../log/error.js';

export interface TableCaption {
  id: string;
  caption: string;
}
/** What the layout reads from a captioned Markdown table's `data`. */
export type CaptionedTableData = { briefkitCaption?: TableCaption; briefkitUnnumbered?: boolean };

const LINE = /^Table:\s*(.*?)\s*(?:\{#([A-Za-z][\w-]*)\})?\s*$/s;

export function captionLine(p: RootContent): { caption: string; id?: string } | undefined {
  if (p.type !== 'paragraph') return undefined;
  const m = LINE.exec(toString(p as Paragraph).trim());
  return m ? { caption: m[1]!, ...(m[2] ? { id: m[2] } : {}) } : undefined;
}

/** Applies caption lines in one section's tree; returns the warnings (BK320). */
export function captionTables(tree: Root, section: { id: string; file: string }): BriefkitError[] {
  const warnings: BriefkitError[] = [];
  let n = 0;
  const walk = (children: RootContent[]) => {
    for (let i = 0; i < children.length; i++) {
      const node = children[i]!;
      const line = captionLine(node);
      if (line) {
        const next = children[i + 1];
        if (next?.type !== 'table') throw msg.captionWithoutTable(section.file, undefined, toString(node as Paragraph));
        const data = (next.data ??= {}) as CaptionedTableData;
        if (/^unnumbered$/i.test(line.caption)) data.briefkitUnnumbered = true;
        else data.briefkitCaption = { id: line.id ?? `table-${section.id}-${++n}`, caption: line.caption };
        children.splice(i, 1);
        i--;
        continue;
      }
      if (node.type === 'table') {
        const data = (node.data ?? {}) as CaptionedTableData;
        if (!data.briefkitCaption && !data.briefkitUnnumbered) {
          warnings.push(msg.tableWithoutCaption(section.file, undefined, toString((node as Table).children[0] ?? node)));
          node.data = { ...(node.data ?? {}), briefkitUnnumbered: true } as Table['data'];
        }
        continue;
      }
      if ('children' in node && Array.isArray(node.children)) walk(node.children as RootContent[]);
    }
  };
  walk(tree.children);
  return warnings;
}
