import { Claims } from './claims.js';

/**
 * What the template stage hands to the later stages besides Markdown: the figures, tables and
 * notes the helpers declared, in document order.
 */
export interface FigureEntry {
  id: string;
  chart: string;
  caption: string;
  datasets: string[];
  sources: string[];
  /** Only the rows whose fields equal these values are plotted and cited (from the chart helper's hash). */
  filter?: Record<string, unknown>;
  /** Alt text from the template (`alt="…"`); else the chart's generated one. */
  alt?: string;
  /** `decorative=true`: the chart adds nothing to its caption and text, and is not read (an artifact). */
  decorative?: boolean;
  /** Template file that declared it, and the line of the call. */
  file: string;
  line?: number;
}

export type Align = 'left' | 'right' | 'center';

export interface TableEntry {
  id: string;
  spec: string;
  caption: string;
  header: string[];
  align: Align[];
  /** Per column: true when the column holds numbers (tabular figures, decimal alignment). */
  numeric: boolean[];
  rows: string[][];
  /** Per row, what the spec's `asNote` columns hold for it (printed as a lettered note under the table), if anything. */
  rowNotes?: (string | undefined)[];
  sources: string[];
  /** The claims (src/model/claims.ts) of the cells that print a number: body row, column, claim id. */
  cellClaims?: { row: number; col: number; claim: string }[];
  /** The claims of the numbers a row's lettered note prints (`rowNotes`): body row, claim id, the column's label. */
  noteClaims?: { row: number; claim: string; label: string }[];
  note?: string;
  /** Spans the text width (the spec's `width: full`). */
  full?: boolean;
  file: string;
  line?: number;
}

/** Sources are numbered once, in order of first use (citation, figure or table). */
export class Notes {
  readonly order: string[] = [];
  number(id: string): number {
    let i = this.order.indexOf(id);
    if (i < 0) {
      this.order.push(id);
      i = this.order.length - 1;
    }
    return i + 1;
  }
}

export interface DocModel {
  figures: Map<string, FigureEntry>;
  tables: Map<string, TableEntry>;
  notes: Notes;
  /** Ids referenced with {{ref}}/{{pageref}}, with the file that referenced them. */
  references: { id: string; file: string; line?: number }[];
  /** Every figure from data the edition prints (src/model/claims.ts). */
  claims: Claims;
}

export function emptyModel(): DocModel {
  return { figures: new Map(), tables: new Map(), notes: new Notes(), references: [], claims: new Claims() };
}
