/** The audience profile: what a base profile and its per-audience overlays may say. */
import { z } from 'zod';
import { isRealIsoDate } from '../format/date.js';

const fontFile = z
  .string()
  .regex(/^[\w.-]+(\/[\w.-]+)*\.ttf$/i, 'a .ttf file inside fonts/, like "brand/Brand-Regular.ttf"')
  .refine((p) => !p.split('/').some((part) => part === '.' || part === '..'), 'a path inside fonts/ (no "." or ".." parts)');
const fontSpec = z.strictObject({
  family: z.string().regex(/^[A-Za-z][A-Za-z0-9 ]{0,40}$/, 'a family name of letters, digits and spaces, like "Source Serif"'),
  normal: fontFile,
  bold: fontFile.optional(),
  italics: fontFile.optional(),
  bolditalics: fontFile.optional(),
});
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f4e79');

export const themeOverrides = z
  .strictObject({
    palette: z
      .strictObject({
        accent: color.optional(),
        accentSoft: color.optional(),
        text: color.optional(),
        muted: color.optional(),
        rule: color.optional(),
        calloutFill: color.optional(),
        tableStripe: color.optional(),
        series: z.array(color).min(3).optional(),
      })
      .optional(),
    /**
     * The body font: TrueType files in the project's fonts/ folder. Faces left out fall back
     * (bold → normal, italics → normal, bolditalics → bold).
     */
    font: fontSpec.optional(),
    /**
     * Fonts tried, in order, for a character the body font lacks (before the bundled Chinese,
     * Arabic and emoji fonts): TrueType files in the project's fonts/ folder, like `font`.
     */
    fallbacks: z.array(fontSpec).max(8).optional(),
    fontSize: z.number().min(7).max(14).optional(),
    lineHeight: z.number().min(1).max(2).optional(),
    justify: z.boolean().optional(),
    /** Hyphenate body text with the patterns of the profile's language (default: when justified; see hyphenation). */
    hyphenate: z.boolean().optional(),
  })
  .optional();

/** Whether Intl accepts `tag` as a locale (getCanonicalLocales throws a RangeError otherwise). */
function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && Intl.NumberFormat.supportedLocalesOf([tag]).length <= 1;
  } catch {
    return false;
  }
}

export const profileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Set by overlays: the audience's own name is the folder name. */
  audience: z.string().optional(),
  label: z.string().min(1).optional(),
  title: z.string().min(1),
  subtitle: z.string().optional(),
  /** Who publishes the report (the cover's foot and the page footers); left out, neither prints it. */
  publisher: z.string().min(1).optional(),
  /** Who prepared it ("Prepared by …" on the cover, the PDF's author); left out, neither prints it. */
  author: z.string().min(1).optional(),
  subject: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  /**
   * The language of the edition (BCP 47: en-GB, de, fr-CH, zh-Hans-CN): it picks the catalogue of
   * the engine's own words (src/i18n/), the quotation marks, ordinals and hyphenation patterns.
   */
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$/, 'a BCP 47 tag like en-GB, de, fr-CH or zh-Hans-CN').default('en-GB'),
  /** The locale numbers, dates and currencies are formatted in (Intl); default: the language. */
  // a tag Intl can read (an invalid one failed later, as a template error at the first number printed)
  locale: z.string().min(2).refine(isLocale, 'a locale tag such as en-GB, de-DE or fr-CH').default('en-GB'),
  /**
   * The engine's own words, one by one, over the language's catalogue: `contents: "Overview"`,
   * `pageOfPages: "p. {page}/{pages}"` (src/i18n/labels.ts lists them and their `{names}`).
   */
  labels: z.record(z.string(), z.string().min(1)).optional(),
  /**
   * How dates print everywhere (prose, tables, cover): a pattern whose parts say what shows — "d"
   * a day, "MMMM" the month in full ("MMM" short, "MM" numeric), "yyyy" the year; the order is the
   * locale's (Intl.DateTimeFormat).
   */
  dateStyle: z.string().regex(/^(?:d{1,2}|M{1,4}|y{1,4}|[^A-Za-z])+$/, 'a pattern of d (day), M to MMMM (month) and yyyy (year), like "d MMMM yyyy"').default('d MMMM yyyy'),
  /**
   * How numbers print everywhere (prose, tables, charts, cover): `large: word` writes "1.045
   * million" and "37.19 billion", `large: abbrev` the house abbreviation "1.045m" and "37.19bn".
   */
  numbers: z.strictObject({ large: z.enum(['word', 'abbrev']).default('word') }).default({ large: 'word' }),
  edition: z.string().optional(),
  /** What the engine's own words call the document ("… in this report" above the notes); default the language's word for "report". */
  documentNoun: z.string().min(1).optional(),
  /** The as-of date printed on the cover; default: the latest dated source. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD').refine(isRealIsoDate, 'a day that exists, written YYYY-MM-DD, in the years 1000–9999').optional(),
  /**
   * The as-of dates this edition accepts (BK049 outside them): a date far from it is a typo in a
   * source's date or in `asOf`, not a report. Default 1900-01-01 to 2100-12-31.
   */
  asOfRange: z
    .strictObject({
      earliest: z.string().refine(isRealIsoDate, 'an existing date written YYYY, YYYY-MM or YYYY-MM-DD').default('1900-01-01'),
      latest: z.string().refine(isRealIsoDate, 'an existing date written YYYY, YYYY-MM or YYYY-MM-DD').default('2100-12-31'),
    })
    .default({ earliest: '1900-01-01', latest: '2100-12-31' }),
  sections: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1),
  maxPages: z.number().int().positive().optional(),
  tone: z.string().optional(),
  cover: z
    .strictObject({
      /**
       * `false`: no cover page; the first page opens with the title, subtitle, edition and as-of
       * date (and the cover's note) above the first section, and key figures are not printed.
       */
      enabled: z.boolean().default(true),
      kicker: z.string().optional(),
      note: z.string().optional(),
      keyFigures: z
        .array(
          z.strictObject({
            dataset: z.string(),
            /** The row's key: a value of a field of the dataset's declared key (or its year, id, period, date or month). */
            key: z.union([z.string(), z.number()]),
            /** Filters on row fields when the key alone matches several rows, e.g. { city: Oslo }. */
            where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
            /** The numeric field printed (default: value, rank, received or count), as {{fig … field="revenue"}}. */
            field: z.string().min(1).optional(),
            /** Decimals printed, 0–6 (the author's choice: 1268860 with style compact and digits 2 prints "1.27 million"); default: as many as the value states. */
            digits: z.number().int().min(0).max(6).optional(),
            /** The value's unit, over the data's ("%" prints a percentage). */
            unit: z.string().min(1).optional(),
            label: z.string(),
            style: z.enum(['number', 'compact', 'percent', 'rank', 'duration']).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  contents: z.strictObject({ enabled: z.boolean().default(true), figures: z.boolean().default(true), tables: z.boolean().default(true) }).optional(),
  numbering: z.strictObject({ figures: z.enum(['document', 'section']).default('document'), startAfterFrontMatter: z.boolean().default(false) }).optional(),
  /**
   * How sources print: `full` (default) sets each note as a Chicago bibliography entry with its
   * address; `compact` keeps the entry to author, title and date with a link on the site's name,
   * for short editions. `placement` says where.
   */
  notes: z
    .strictObject({
      style: z.enum(['full', 'compact']).default('full'),
      /**
       * Where the notes print: `endnotes` (default) on a page of notes and sources after the last
       * section; `footnotes` at the foot of each page that calls them, under a short rule, in
       * smaller type — a source in full the first time, by author and short title after.
       */
      placement: z.enum(['endnotes', 'footnotes']).default('endnotes'),
    })
    .optional(),
  /**
   * Print production: `bleed` (e.g. 3mm) enlarges every page by that much on each side, runs
   * full-bleed elements (the cover band) into it and sets the TrimBox and BleedBox a printer reads.
   */
  print: z.strictObject({ bleed: z.string().regex(/^\d+(?:\.\d+)?\s*(?:mm|pt|in)$/, 'a length such as 3mm, 8.5pt or 0.125in') }).optional(),
  draft: z.boolean().default(false),
  pdfa: z.boolean().default(false),
  /**
   * Hyphenation of body text (on with `theme.hyphenate`, by default when justified): the
   * patterns follow `language`; `exceptions` lists words that break only where their hyphens
   * stand ("in-ves-ti-gate") or, written without one, never ("priority").
   */
  hyphenation: z
    .strictObject({
      exceptions: z
        .array(z.string().regex(/^[a-z\u00df-\u00ff\u0101-\u017f]+(-[a-z\u00df-\u00ff\u0101-\u017f]+)*$/, 'a lower-case word with a hyphen at each allowed break, like "in-ves-ti-gate" (capitalised words are never broken)'))
        .optional(),
    })
    .optional(),
  theme: themeOverrides,
  /** Free values templates can read as profile.vars.<name>. */
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export type Profile = z.infer<typeof profileSchema>;

/** A length such as "3mm", "8.5pt" or "0.125in", in pt. */
export function printLength(text: string): number {
  const [, n, unit] = /^(\d+(?:\.\d+)?)\s*(mm|pt|in)$/.exec(text.trim())!;
  return Number(n) * (unit === 'mm' ? 72 / 25.4 : unit === 'in' ? 72 : 1);
}
