/**
 * The catalogue of the engine's own words for a profile's language (see labels.ts): English,
 * German, French, Spanish and Chinese, picked by the language's primary subtag, with the
 * profile's `labels:` over it. A language with no catalogue takes the English one (BK360).
 */
import { de } from './de.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { zh } from './zh.js';
import type { Labels } from './labels.js';

export { fill, type Labels, type ChartWords, type Count, type OrdinalForms } from './labels.js';

export const CATALOGUES: Readonly<Record<string, Labels>> = { en, de, fr, es, zh };

/** The labels a profile's `labels:` may set (the others are objects: ordinal forms, quotes, chart words). */
export const LABEL_KEYS = (Object.keys(en) as (keyof Labels)[]).filter((k) => typeof en[k] === 'string') as string[];

/** Quotation marks outer ‘…’ and inner “…” for English as written in these regions (en-GB); “…” and ‘…’ elsewhere. */
const SINGLE_OUTER = new Set(['en-GB', 'en-AU', 'en-NZ', 'en-IE', 'en-ZA', 'en-IN']);

/** Whether a language has a catalogue of its own (else English is used). */
export const hasCatalogue = (language: string): boolean => Object.hasOwn(CATALOGUES, primary(language));

const primary = (language: string) => language.split('-')[0]!.toLowerCase();

const cache = new Map<string, Labels>();

/** The labels of a language (BCP 47), with the profile's overrides of single labels. */
export function labelsFor(language: string, overrides: Readonly<Record<string, string>> = {}): Labels {
  const key = `${language}\0${JSON.stringify(overrides)}`;
  let out = cache.get(key);
  if (!out) {
    const base = CATALOGUES[primary(language)] ?? en;
    const quotes = primary(language) === 'en' && SINGLE_OUTER.has(language) ? { outer: en.quotes.inner, inner: en.quotes.outer } : base.quotes;
    out = { ...base, quotes, ...overrides } as Labels;
    if (cache.size > 100) cache.clear();
    cache.set(key, out);
  }
  return out;
}

/** The labels of a profile: its language's catalogue with its own `labels:` over it. */
export const profileLabels = (p: { language: string; labels?: Readonly<Record<string, string>> | undefined }): Labels => labelsFor(p.language, p.labels ?? {});
