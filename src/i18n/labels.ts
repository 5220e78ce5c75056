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

/** A count said in a language: the form for one and for any other number, each with `{n}`. */
export interface Count {
  one: string;
  other: string;
}

/**
 * The words of a chart's alt text (src/charts/alt/): templates with `{names}` filled in where
 * they are said. `{at}` is a position on the chart's dimension as `at` says it ("in 2010").
 */
export interface ChartWords {
  kinds: { line: string; area: string; bar: string; heatmap: string; scatter: string; strip: string; text: string; pie: string; box: string; errorbar: string; map: string; picture: string; chart: string; timeline: string; stackedBar: string; stackedArea: string };
  /** A position: a year or month ("in 2010"), a day ("on 5 June 2008"). */
  at: { in: string; on: string };
  /** "{kind}: {measure} by {dimension}", and the parts it is made of. */
  head: string;
  byDimension: string;
  bySeries: string;
  series: Count;
  parts: Count;
  /** Words for what the spec leaves unnamed. */
  values: string;
  value: string;
  column: string;
  row: string;
  group: string;
  kind: string;
  year: string;
  month: string;
  date: string;
  /** One series: "{subject}{verb} from {a} {at} to {b} {bt}" ({subject} ends with its space). */
  rose: string;
  fell: string;
  improved: string;
  worsened: string;
  change: string;
  same: string;
  single: string;
  /** A series of one point at a position that is no date ("Target 2025"). */
  singleNamed: string;
  eachHigher: string;
  eachLower: string;
  eachBetter: string;
  eachWorse: string;
  peak: string;
  low: string;
  best: string;
  worst: string;
  withExtremes: string;
  lowerIsBetter: string;
  /** Lists: "A, B and C". */
  listSeparator: string;
  listAnd: string;
  /** Categories: "{name} {value}", and more than can be listed. */
  item: string;
  manyCategories: string;
  total: string;
  /** A stack by category: "{category}: {parts}". */
  stack: string;
  shares: string;
  /** Facets: ", in {n} panels by {facet}, each read on its own". */
  panels: Count;
  panel: string;
  /** Timelines. */
  events: Count;
  byGroup: string;
  firstLast: string;
  event: string;
  /** The end of a sentence, and what comes before the next one: ". " in English, "。" in Chinese. */
  stop: string;
  /** Between clauses of one sentence (one series, one category, one row after another): "; ", in Chinese "；". */
  clause: string;
  /** Heat maps. */
  cells: string;
  hottestRow: string;
  runs: string;
}

/** A label with its `{name}`s filled in (a name not given stays as written). */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
