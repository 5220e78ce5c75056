/**
 * The claims register: every figure from data an edition prints — in prose ({{fig}}, {{growth}},
 * {{cagr}}, {{times}}), key figures, the cover, data-table cells and charts — with the rows it
 * comes from and the sources that back it.
 *
 * It is filled by the stages that make the text, so it cannot drift from it:
 *   templates  a helper that prints a figure registers it here and marks it in the Markdown
 *              (:src{ids claim}); tables register each cell, charts their rows
 *   citations  the sentence the figure is printed in and the note call that carries its sources
 *   drawing    the page the note call (or the value itself) is drawn on (src/pdf/engine/draw-marks.ts)
 * and written as out/claims.json beside the PDFs (src/build-host.ts).
 */
import type { DataBundle, Row } from '../data/load.js';

export type ClaimKind = 'figure' | 'growth' | 'cagr' | 'times' | 'difference' | 'count' | 'date' | 'quoted' | 'key figure' | 'cover' | 'table cell' | 'chart';

/** One row value a claim rests on. */
export interface ClaimRow {
  dataset: string;
  /** The row's key as the dataset declares it ("year 2024, origin China"). */
  key: string;
  field: string;
  value: unknown;
}

export interface Claim {
  id: string;
  kind: ClaimKind;
  /** The figure as printed ("1.045 million", "+15.4%"); for a chart, its caption. */
  text: string;
  rows: ClaimRow[];
  /** Every source of the rows, in order. */
  sources: string[];
  /** Template (or table spec) that printed it. */
  file: string;
  line?: number;
  /** Where it is read: the sentence, "Table 3, row …", "Figure 2", "cover". Set by the citations stage or the layout. */
  context?: string;
  /** Not printed: a key figure of the first section that repeats one on the cover (src/markdown/citations.ts). */
  dropped?: boolean;
  /** A chart's figure id (its claim is drawn with the figure). */
  figure?: string;
  /** The sentence as printed, with ⟦ref:id⟧ / ⟦page:id⟧ for cross-references resolved once pages are known. */
  sentence?: string;
  /** The note numbers that carry its sources, as printed ("3,4"). */
  note?: string;
  /** In prose: every source the sentence's note call lists, in order (its figures' and its citations'). */
  call?: string[];
  /** The printed page label and the physical page of the PDF, known when it is drawn. */
  page?: string;
  pdfPage?: number;
}

/** The claims of one edition, in the order they were printed in the templates. */
export class Claims {
  readonly list: Claim[] = [];
  add(c: Omit<Claim, 'id'>): Claim {
    const claim = { id: `c${this.list.length + 1}`, ...c };
    this.list.push(claim);
    return claim;
  }
  get(id: string): Claim | undefined {
    return this.list[Number(id.slice(1)) - 1];
  }
}

/** A row's key as its dataset declares it, else its year, id, period or date, else its position. */
export function rowKey(data: DataBundle, dataset: string, row: Row): string {
  const def = data.defs.find((d) => d.name === dataset);
  if (def?.key) return def.key(row);
  for (const f of ['year', 'id', 'period', 'date', 'month']) if (row[f] !== undefined) return `${f} ${String(row[f])}`;
  return `row ${(data.datasets.get(dataset)?.rows.indexOf(row) ?? -1) + 1}`;
}

export function claimRow(data: DataBundle, dataset: string, row: Row, field: string): ClaimRow {
  return { dataset, key: rowKey(data, dataset, row), field, value: row[field] };
}

const MONTHS = /^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/**
 * Whether a text (a sentence of a data text) states a figure: a number other than a year, a range
 * of years ("2017–2022", "2020s") or the day of a date ("15 June 2018"), which date it, and other
 * than one inside a name ("14th Five-Year Plan", "G20").
 */
export function holdsFigure(text: string): boolean {
  const words = text.split(/\s+/);
  return words.some((w, i) => {
    const bare = w.replace(/^[(“‘'"[]+|[)”’'"\].,;:!?]+$/g, '');
    if (!/\d/.test(bare)) return false;
    if (/^(?:19|20)\d\d(?:[–-](?:\d\d(?:\d\d)?)?)?s?$/.test(bare)) return false;
    // a name with a number in it ("14th Five-Year Plan", "G20", "DS611"); a currency is not a name
    if (/\p{L}/u.test(bare.replace(/^(?:US|HK|NT)?\$|^(?:CNY|RMB|USD|EUR)/, ''))) return false;
    return !(/^\d{1,2}$/.test(bare) && MONTHS.test(words[i + 1] ?? ''));
  });
}

interface RowIndex {
  /** The dataset a row object belongs to. */
  datasetOf: WeakMap<object, string>;
  /** Text fields that hold a figure, by their text: the first row and field holding it. */
  byText: Map<string, { dataset: string; row: Row; field: string }>;
}
const indexes = new WeakMap<DataBundle, RowIndex>();

/** Where rows and the figures in their text fields come from (built once per data bundle). */
export function rowIndex(data: DataBundle): RowIndex {
  let index = indexes.get(data);
  if (!index) {
    index = { datasetOf: new WeakMap(), byText: new Map() };
    for (const [name, ds] of data.datasets) {
      for (const row of ds.rows) {
        index.datasetOf.set(row, name);
        for (const [field, v] of Object.entries(row)) if (typeof v === 'string' && /\d/.test(v) && !index.byText.has(v)) index.byText.set(v, { dataset: name, row, field });
      }
    }
    indexes.set(data, index);
  }
  return index;
}

/** An edition's register: its notes (source ids by note number, from 1) and its claims in page order. */
export interface Register {
  notes: string[];
  claims: ClaimEntry[];
  /** The text alternative of every chart, for editors to review (also out/alt.json). */
  alt?: AltEntry[];
}

/** One chart's text alternative: what a screen reader says for it. */
export interface AltEntry {
  /** Its label ("Figure 3") and id. */
  figure: string;
  id: string;
  /** The page it is printed on (as numbered in the PDF). */
  page?: string;
  caption: string;
  /** What a screen reader says; empty for a decorative chart (an artifact it skips). */
  alt: string;
  /** Written in the template, said from the chart's data, or none (decorative=true). */
  from: 'template' | 'data' | 'decorative';
  /** Said from data and saying what the chart shows (false: only the kind of chart). */
  complete: boolean;
  template: string;
}

/** One entry of out/claims.json. */
export interface ClaimEntry {
  /** The template (or profile) and line that printed it. */
  template: string;
  page: string;
  pdfPage: number;
  kind: ClaimKind;
  text: string;
  /** The sentence (or "Table 3: …", "Figure 2: …", "cover") as printed. */
  context: string;
  rows: ClaimRow[];
  sources: string[];
  /** Note numbers that carry the sources ("" when the claim has no source). */
  note: string;
  /** In prose: every source the sentence's note call lists (its figures' and the citations written there). */
  call?: string[];
}

/**
 * The register entries of an edition once it is drawn. Cross-references in sentences are
 * resolved with `label` (Figure 3) and `pageOf` (the printed page of an anchor); `polish` sets
 * quotes, dashes and spaces as the text prints them.
 */
export function registerEntries(claims: Claims, label: (id: string) => string, pageOf: (id: string) => string | undefined, polish: (text: string) => string = (t) => t): ClaimEntry[] {
  const resolve = (s: string) => polish(s.replace(/⟦(ref|page):([^⟧]*)⟧/g, (_, kind: string, id: string) => (kind === 'ref' ? label(id) : pageOf(id) ?? '?')));
  return claims.list
    .filter((c) => !c.dropped && c.pdfPage !== undefined)
    // in page order; within a page, in the order the templates printed them (the cover's last)
    .sort((a, b) => a.pdfPage! - b.pdfPage!)
    .map((c) => ({
      template: c.line === undefined ? c.file : `${c.file}:${c.line}`,
      page: c.page ?? String(c.pdfPage),
      pdfPage: c.pdfPage!,
      kind: c.kind,
      text: c.text,
      context: resolve(c.sentence ?? c.context ?? ''),
      rows: c.rows,
      sources: c.sources,
      note: c.note ?? '',
      ...(c.call ? { call: c.call } : {}),
    }));
}
