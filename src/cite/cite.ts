/**
 * Citations in a standard style: the sources file becomes CSL-JSON, and citeproc-js (the CSL
 * processor Zotero and Mendeley use) sets each entry in the Chicago Manual of Style
 * (notes-bibliography, 17th edition) with the vendored style and the locale of the profile's
 * language next to this file: en-GB ("5 March 2024", ‘title’ with “inner” quotes, punctuation
 * outside them), de-DE, fr-FR or es-ES for those languages, or en-US ("March 5, 2024", “title,”)
 * for any other language.
 *
 *   source { publisher, author?, unsigned?, title, container?, reprintedBy?, date?, accessed?, url?, kind }
 *     → CSL item { author: author ?? publisher, title, container-title: container ?? publisher
 *                  (left out when it repeats the author), issued, accessed, type }
 *     → runs of text with italics, "Reprinted by <reprintedBy>." for a reprint, then the address
 *       (laid out by the caller so it breaks well); a description for a title stands in [brackets]
 *
 * Only reader-facing fields are mapped: a source's `note` (an editor's remark) and `article`
 * (the file kept on record) never print.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Source } from '../config/blocks.js';
import { BUNDLED } from '../io/code-digest.js';
import { CHICAGO_NOTE_BIBLIOGRAPHY } from './chicago-note-bibliography.js';
import { LOCALE_EN_GB } from './locales-en-gb.js';
import { LOCALE_EN_US } from './locales-en-us.js';
import { LOCALE_DE_DE } from './locales-de-de.js';
import { LOCALE_FR_FR } from './locales-fr-fr.js';
import { LOCALE_ES_ES } from './locales-es-es.js';

const require = createRequire(import.meta.url);

/** A piece of a formatted entry. */
export interface Run {
  text: string;
  italics?: boolean;
  bold?: boolean;
}

export interface Citation {
  /** The entry without its address, ending in a full stop. */
  runs: Run[];
  /** The source's address, if it has one (printed after the runs). */
  url?: string;
}

type CslDate = { 'date-parts': number[][] };
const cslDate = (iso: string): CslDate => ({ 'date-parts': [iso.split('-').map(Number)] });

const TYPES: Record<Source['kind'], string> = { web: 'webpage', article: 'article-newspaper', report: 'report', dataset: 'dataset' };

/** The CSL-JSON item of a source (exported for tests). */
/**
 * citeproc-js reads "<", ">" and "&" in its input as rich-text markup (<b>, <i>, entities), so a
 * value from data could set bold or italics: they travel as private-use stand-ins and come back
 * as the characters they were (htmlRuns).
 */
const GUARD: Record<string, string> = { '<': '\ue000', '>': '\ue001', '&': '\ue002' };
const UNGUARD: Record<string, string> = Object.fromEntries(Object.entries(GUARD).map(([k, v]) => [v, k]));
const guard = (v: string) => v.replace(/[<>&]/g, (c) => GUARD[c]!);
const unguard = (v: string) => v.replace(/[\ue000-\ue002]/g, (c) => UNGUARD[c]!);

export function cslItem(raw: Source): Record<string, unknown> {
  const s = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? guard(v) : v])) as Source;
  const author = s.author ?? s.publisher;
  const container = s.container ?? s.publisher;
  const item: Record<string, unknown> = {
    id: s.id,
    type: TYPES[s.kind],
    // a description is never title-cased, and stands in square brackets (Chicago 14.xx)
    title: s.descriptive ? `<span class="nocase">[${s.title}]</span>` : s.title,
    // an unsigned item (no author, no original publisher named) begins with its title (Chicago 14.75)
    ...(s.unsigned ? {} : { author: [{ literal: author }] }),
  };
  if ((s.kind === 'web' || s.kind === 'article') && container.toLowerCase() !== author.toLowerCase() && !(s.unsigned && !s.container)) item['container-title'] = container;
  if ((s.kind === 'report' || s.kind === 'dataset') && s.publisher.toLowerCase() !== author.toLowerCase()) item.publisher = s.publisher;
  if (s.date) item.issued = cslDate(s.date);
  if (s.accessed) item.accessed = cslDate(s.accessed);
  return item;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (s: string) =>
  s.replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
  );

/** citeproc-js's HTML output → runs: <i>, <b> and its "font-style:normal" spans are kept, other tags dropped. */
export function htmlRuns(html: string): Run[] {
  const runs: Run[] = [];
  const stack: ('i' | 'b' | 'n' | 'x')[] = [];
  for (const part of html.split(/(<[^>]+>)/)) {
    if (!part) continue;
    if (part.startsWith('<')) {
      const close = part.startsWith('</');
      if (close) stack.pop();
      else if (!part.endsWith('/>')) stack.push(/^<i\b/.test(part) ? 'i' : /^<b\b/.test(part) ? 'b' : /font-style:\s*normal/.test(part) ? 'n' : 'x');
      continue;
    }
    let italics = false;
    for (const s of stack) italics = s === 'i' ? true : s === 'n' ? false : italics;
    const text = unguard(decode(part));
    const run: Run = { text, ...(italics ? { italics } : {}), ...(stack.includes('b') ? { bold: true } : {}) };
    const last = runs.at(-1);
    if (last && Boolean(last.italics) === italics && Boolean(last.bold) === Boolean(run.bold)) last.text += text;
    else runs.push(run);
  }
  if (runs[0]) runs[0].text = runs[0].text.trimStart();
  const end = runs.at(-1);
  if (end) end.text = end.text.trimEnd();
  return runs.filter((r) => r.text);
}

interface CiteprocEngine {
  updateItems(ids: string[]): void;
  makeBibliography(): [{ entry_ids: string[][] }, string[]];
}

/**
 * The bundled CSL locales: British English for en-GB, German, French and Spanish for those
 * languages (dates, "o. J." for no date, quotation marks), American English for any other.
 */
export const noteLocale = (language: string): 'en-GB' | 'en-US' | 'de-DE' | 'fr-FR' | 'es-ES' => {
  if (language === 'en-GB') return 'en-GB';
  const primary = language.split('-')[0]!.toLowerCase();
  return primary === 'de' ? 'de-DE' : primary === 'fr' ? 'fr-FR' : primary === 'es' ? 'es-ES' : 'en-US';
};
const LOCALES = { 'en-GB': LOCALE_EN_GB, 'en-US': LOCALE_EN_US, 'de-DE': LOCALE_DE_DE, 'fr-FR': LOCALE_FR_FR, 'es-ES': LOCALE_ES_ES };

type CslEngine = CiteprocEngine & { setOutputFormat(f: string): void };

/**
 * The style as the bibliography engine reads it: the entries are what is asked for, and two parts
 * of the style never reach them, yet citeproc-js runs both for every item it registers (about a
 * third of its time on the flagship's 157 sources):
 * - the bibliography's <sort>: the entries are mapped by id, so their order is never used;
 * - the <citation> (short notes, chicagoShortNotes, keep the whole style): citeproc-js sets each
 *   item's citation to find ambiguous ones and disambiguates them, which changes only citations
 *   (the bibliography has no `disambiguate` or `position` condition, and its names are literal).
 *   A citation of the title alone keeps citeproc's registry as it expects one.
 * test/unit/cite/cite.test.ts checks that every entry is the same as the whole style's.
 */
export const BIBLIOGRAPHY_STYLE = CHICAGO_NOTE_BIBLIOGRAPHY.replace(/(<bibliography[^>]*>)<sort>.*?<\/sort>/s, '$1').replace(
  /<citation[^>]*>.*<\/citation>/s,
  '<citation><layout><text variable="title"/></layout></citation>',
);

/**
 * One bibliography engine per locale and process (building one parses the style and the locale:
 * tens of milliseconds), with the items it is asked for next. Each call clears its registry when
 * done, so an item changed under the same id (an edited source in --watch) is read again.
 */
const engines = new Map<string, { engine: CslEngine; items: Map<string, Record<string, unknown>> }>();

/** cslParsed() as JSON, written next to the bundle by scripts/bundle.mjs. */
export const CSL_PARSED_FILE = 'csl-parsed.json';

/**
 * The bibliography style and the locales as citeproc-js parses them from XML (its JSON form,
 * serialised): citeproc takes either, and parsing the style and two locales (the one asked for
 * and en-US, which it always reads) took about 30 ms of every engine. The bundle has them parsed
 * next to it (CSL_PARSED_FILE, by scripts/bundle.mjs; a file, so that neither the worker's code
 * nor its code cache carries them); test/unit/cite/cite.test.ts checks the entries are the same.
 */
export function cslParsed(): Record<string, string> {
  const CSL = require('citeproc') as { parseXml(xml: string): unknown };
  const xml: [string, string][] = [['style', BIBLIOGRAPHY_STYLE], ...Object.entries(LOCALES)];
  return Object.fromEntries(xml.map(([k, text]) => [k, JSON.stringify(CSL.parseXml(text))]));
}
let parsedOnce: Record<string, string> | null | undefined;
/** The bundle's parsed style and locales (read when the first engine is made), or undefined (not the bundle, or no file: the XML is parsed). */
function parsedCsl(): Record<string, string> | undefined {
  if (parsedOnce === undefined) {
    try {
      parsedOnce = BUNDLED ? (JSON.parse(fs.readFileSync(fileURLToPath(new URL(`./${CSL_PARSED_FILE}`, import.meta.url)), 'utf8')) as Record<string, string>) : null;
    } catch {
      parsedOnce = null;
    }
  }
  return parsedOnce ?? undefined;
}

function bibliographyEngine(lang: ReturnType<typeof noteLocale>): { engine: CslEngine; items: Map<string, Record<string, unknown>> } {
  let e = engines.get(lang);
  if (!e) {
    const CSL = require('citeproc') as { Engine: new (sys: unknown, style: string, lang: string, force?: boolean) => CslEngine };
    const items = new Map<string, Record<string, unknown>>();
    const parsed = parsedCsl();
    const sys = { retrieveLocale: (l: string) => parsed?.[noteLocale(l)] ?? LOCALES[noteLocale(l)], retrieveItem: (id: string) => items.get(id) };
    const engine = new CSL.Engine(sys, parsed?.style ?? BIBLIOGRAPHY_STYLE, lang, true);
    engine.setOutputFormat('html');
    engines.set(lang, (e = { engine, items }));
  }
  return e;
}

/**
 * Chicago bibliography entries of the given sources, by id, in the locale of `language` (a BCP 47
 * tag such as the profile's "en-GB"). Deterministic: no date or random value enters, and the
 * order of `sources` does not matter.
 */
export function chicagoEntries(sources: Source[], language: string, style?: string, locales: Record<string, string> = LOCALES): Map<string, Citation> {
  const lang = noteLocale(language);
  let engine: CslEngine;
  let items: Map<string, Record<string, unknown>>;
  if (style === undefined) {
    ({ engine, items } = bibliographyEngine(lang));
    // (empty unless the last call failed half-way)
    engine.updateItems([]);
    items.clear();
  } else {
    // another style or locales (tests compare the bibliography style with the whole one, the parsed forms with the XML): an engine of its own
    const CSL = require('citeproc') as { Engine: new (sys: unknown, style: string, lang: string, force?: boolean) => CslEngine };
    items = new Map();
    const own = items;
    engine = new CSL.Engine({ retrieveLocale: (l: string) => locales[noteLocale(l)], retrieveItem: (id: string) => own.get(id) }, style, lang, true);
    engine.setOutputFormat('html');
  }
  for (const s of sources) items.set(s.id, cslItem(s));
  engine.updateItems([...items.keys()]);
  const [meta, entries] = engine.makeBibliography();
  // the kept engine holds no item between calls (its registry would stay in memory through the layout)
  engine.updateItems([]);
  items.clear();
  const byId = new Map<string, Source>();
  for (const s of sources) if (!byId.has(s.id)) byId.set(s.id, s);
  const out = new Map<string, Citation>();
  meta.entry_ids.forEach(([id], i) => {
    const s = id === undefined ? undefined : byId.get(id);
    if (!s || id === undefined) return;
    const runs = htmlRuns(entries[i] ?? '');
    if (s.descriptive) unquote(runs, `[${s.title}]`);
    // a reprint names the site that keeps it after the original publisher's entry
    if (s.reprintedBy) runs.push({ text: ` Reprinted by ${s.reprintedBy}.` });
    out.set(id, { runs, ...(s.url ? { url: s.url } : {}) });
  });
  return out;
}

const fold = (t: string) => t.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"');
const CLOSE: Record<string, string> = { '\u201c': '\u201d', '\u2018': '\u2019' };

/** Removes the quotation marks the style puts around a title that is a description (“…” or, in en-GB, ‘…’). */
function unquote(runs: Run[], title: string): void {
  const head = fold(title.slice(0, 12));
  for (const r of runs) {
    const at = fold(r.text).indexOf(head);
    const open = at > 0 && CLOSE[r.text[at - 1]!] ? at - 1 : -1;
    if (open < 0) continue;
    // the closing mark after the whole title (an apostrophe inside it is the same character in en-GB)
    const close = r.text.indexOf(CLOSE[r.text[open]!]!, at + Math.max(head.length, title.length - 3));
    if (close < 0) return;
    r.text = r.text.slice(0, open) + r.text.slice(open + 1, close) + r.text.slice(close + 1);
    return;
  }
}

/** The entry as plain text (for tests and glyph checks). */
export function plain(c: Citation): string {
  return c.runs.map((r) => r.text).join('') + (c.url ? ` ${c.url}.` : '');
}

/**
 * The short form of each source's note (Chicago 14.29–14.31), for a source cited again after its
 * full note: citeproc-js sets the style's citation — the author (or publisher) and the title in
 * the style's marks and capitals — with the source's `shortTitle`, else its title up to a colon or
 * semicolon; a description stands in square brackets, without quotation marks, as in full.
 */
export function chicagoShortNotes(sources: Source[], language: string): Map<string, Run[]> {
  const CSL = require('citeproc') as { Engine: new (sys: unknown, style: string, lang: string, force?: boolean) => CiteprocEngine & { setOutputFormat(f: string): void; makeCitationCluster(items: { id: string }[]): string } };
  const shortTitle = (s: Source) => s.shortTitle ?? s.title.replace(/\s*(?:[:;]|\s[–—])\s.*$/s, '');
  const items = new Map(sources.map((s) => [s.id, cslItem({ ...s, title: shortTitle(s) })]));
  const parsed = parsedCsl();
  const engine = new CSL.Engine({ retrieveLocale: (l: string) => parsed?.[noteLocale(l)] ?? LOCALES[noteLocale(l)], retrieveItem: (id: string) => items.get(id) }, CHICAGO_NOTE_BIBLIOGRAPHY, noteLocale(language), true);
  engine.setOutputFormat('html');
  engine.updateItems([...items.keys()]);
  return new Map(
    sources.map((s) => {
      const runs = htmlRuns(engine.makeCitationCluster([{ id: s.id }]));
      if (s.descriptive) unquote(runs, `[${shortTitle(s)}]`);
      return [s.id, runs];
    }),
  );
}
