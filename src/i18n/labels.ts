/**
 * The words the engine itself prints (not the author's): one catalogue per language, each a data
 * file beside this one (en.ts, de.ts, fr.ts, es.ts, zh.ts) of the one shape `Labels`, so a
 * catalogue missing a word does not compile. `{name}` in a label is filled in where it prints
 * ("Page {page} of {pages}"). The profile's `language` picks the catalogue (its primary subtag:
 * de-AT takes de); a language with none takes English, with warning BK360; the profile's
 * `labels:` replaces single labels (an unknown key is BK361 with a did-you-mean).
 */

/** Intl.PluralRules ordinal categories, each a template of `{n}`: en one "{n}st", fr one "{n}er". */
export type OrdinalForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Labels {
  /** The contents page's title and its two lists. */
  contents: string;
  listOfFigures: string;
  listOfTables: string;
  /** Captions and cross-references: "Figure 3", "Table 2", "Section 4", "Appendix B". */
  figure: string;
  table: string;
  section: string;
  appendix: string;
  /** A cross-reference to a section: "Section 3, ‘Institutions’". */
  sectionReference: string;
  /** The running header of an appendix: "Appendix B: Method". */
  appendixHeader: string;
  /** After a table's label on the pages it runs onto: "Table 5 (continued)", with its leading space. */
  continued: string;
  /** The page footer. */
  pageOfPages: string;
  /** The notes page: heading, the line under it (full and compact), and the cover's key figures. */
  notesAndSources: string;
  notesIntro: string;
  notesIntroCompact: string;
  /** "{notes}" is where the note numbers print. */
  coverNote: string;
  coverNotes: string;
  /** Source lines under figures and tables: "Source: CNIPA (note 3)." */
  source: string;
  sources: string;
  note: string;
  /** The colon after "Source" and "Note", with its spaces: ": ", in French "\u202f: ", in Chinese "：". */
  colon: string;
  noteCall: string;
  noteCalls: string;
  andOther: string;
  andOthers: string;
  /** The cover. */
  keyFigures: string;
  dataAsOf: string;
  edition: string;
  preparedBy: string;
  /** What the engine calls the document when the profile's `documentNoun` is not set. */
  document: string;
  /** The DRAFT watermark. */
  draft: string;
  /** Qualifiers of a figure the source words loosely: "about 1.6 million". */
  about: string;
  nearly: string;
  moreThan: string;
  upTo: string;
  /** Ordinals by Intl.PluralRules (type ordinal) category. */
  ordinal: OrdinalForms;
  /** Quotation marks: outer [open, close] and inner [open, close]. */
  quotes: { outer: [string, string]; inner: [string, string] };
  /** Alt text of charts (src/charts/alt.ts). */
  chart: ChartWords;
}

export interface ChartWords {
  kinds: { line: string; area: string; bar: string; heatmap: string; scatter: string; strip: string; text: string; pie: string; box: string; errorbar: string; map: string; picture: string; chart: string };
  /** Fragments of a description, each with its own spaces: " by {d}", ", by {s}", " for {n} {s} series". */
  byDimension: string;
  bySeries: string;
  forSeries: string;
  /** What the measure and dimension are called when the spec names neither. */
  values: string;
  position: string;
  rose: string;
  fell: string;
  unchanged: string;
  /** "{verb} from {a} in {at} to {b} in {bt}", and a series of one point "{a} in {at}". */
  change: string;
  single: string;
  eachHigher: string;
  eachLower: string;
  peak: string;
  low: string;
  withExtremes: string;
  and: string;
  more: string;
  categories: string;
  extremes: string;
}

/** A label with its `{name}`s filled in (a name not given stays as written). */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
