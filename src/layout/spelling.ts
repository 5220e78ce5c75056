/**
 * One spelling per word in an edition: finds words printed in two spellings ("utilisation" and
 * "utilization", "centre" and "center", "labour" and "labor", "modelling" and "modeling") in the
 * laid-out document, outside quotations and titles (a quotation or a title keeps its source's
 * spelling). Only spellings that both occur are reported, so no dictionary is needed: "raise"
 * never pairs with a "raize" that is not there.
 *
 * The text is read from the pdfmake tree after it is drawn, so each place carries its page;
 * quoted spans (any curly quotation marks, at any depth), italic runs and the sources' titles
 * (titles of works), links and addresses are left out.
 */
import { lineText, sceneTexts } from '../charts/scene/walk.js';
import { isScene, type Scene } from '../charts/scene/types.js';

export interface Place {
  page: number;
}

export interface Variant {
  /** The spellings (lower case), most frequent first, each with the pages it is printed on. */
  forms: { word: string; pages: number[] }[];
}

/** Words whose two spellings differ in meaning in British English (noun and verb), never reported. */
const DISTINCT = new Set(['licence', 'license', 'practice', 'practise', 'advice', 'advise', 'device', 'devise', 'program', 'programme', 'check', 'cheque', 'meter', 'metre', 'story', 'storey', 'tire', 'tyre', 'draft', 'draught']);

const vowelGroups = (s: string) => (s.match(/[aeiouy]+/g) ?? []).length;

/**
 * The spelling-neutral key of a word: British and American variants of one word share it.
 * -ise/-ize and -isation/-ization (and -yse/-yze), -our/-or, -re/-er, -ence/-ense (defence,
 * offence, pretence), -ogue/-og, a doubled l before a suffix (travelled, modelling), and a few
 * single words (judgement, ageing, grey).
 */
export function spellingKey(word: string): string {
  let w = word.toLowerCase();
  const single: Record<string, string> = { judgement: 'judgment', judgements: 'judgments', ageing: 'aging', grey: 'gray', acknowledgement: 'acknowledgment', acknowledgements: 'acknowledgments', enrolment: 'enrollment', fulfil: 'fulfill', fulfilment: 'fulfillment', towards: 'towards' };
  if (single[w]) return single[w]!;
  // -isation/-ise/-ised/-ising/-ises/-iser, after at least three letters (not "rise", "wise")
  w = w.replace(/^(.{3,})is(ation|ations|e|ed|es|ing|er|ers)$/, '$1iz$2');
  w = w.replace(/^(.{2,})ys(e|ed|es|ing|er|ers)$/, '$1yz$2');
  // -our (colour, labour, favourite), with at least three letters before it (not "four", "pour")
  w = w.replace(/^(.{2,}[^aeiou])our(s|ed|ing|ite|ites|able|ably|er|ers|ful|less)?$/, '$1or$2');
  // -re after a consonant (centre, metre, theatre, fibre)
  w = w.replace(/^(.{2,}[bcdfghklmnpqstvz])re(s|d)?$/, '$1er$2');
  // -ence in defence, offence, pretence
  w = w.replace(/^(def|off|pret)ence(s)?$/, '$1ense$2');
  // -ogue (catalogue, dialogue, analogue)
  w = w.replace(/^(.{3,})ogue(s)?$/, '$1og$2');
  // a doubled l before a suffix in a word of two syllables or more (travelled, labelled, modelling; not "filled")
  const ll = /^(.*[aeiou])ll(ed|ing|er|ers)$/.exec(w);
  if (ll && vowelGroups(ll[1]!) >= 2) w = `${ll[1]}l${ll[2]}`;
  return w;
}

const OPEN = new Set(['\u2018', '\u201c', '\u201e', '\u201a', '\u00ab']);
const CLOSE = new Set(['\u2019', '\u201d', '\u00bb']);
const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** The text outside quotation marks (curly marks of any language, at any depth); apostrophes stay. */
export function unquoted(text: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const apostrophe = c === '\u2019' && isLetter(text[i - 1]) && isLetter(text[i + 1]);
    if (OPEN.has(c) && !isLetter(text[i - 1])) {
      depth++;
      out += ' ';
    } else if (depth > 0 && CLOSE.has(c) && !apostrophe) {
      depth--;
      out += ' ';
    } else if (depth === 0) out += c;
  }
  return out;
}

type TreeNode = { text?: unknown; italics?: boolean; link?: unknown; positions?: { pageNumber?: number }[]; svg?: unknown; [k: string]: unknown };

/** The plain text of a node's `text` (a string or inline runs), without italic runs and links. */
function plainText(t: unknown, italic: boolean): string {
  if (typeof t === 'string') return italic ? ' ' : t;
  if (Array.isArray(t)) return t.map((r) => plainText(r, italic)).join('');
  if (t && typeof t === 'object') {
    const r = t as TreeNode;
    if (r.link !== undefined) return ' ';
    return plainText(r.text, italic || r.italics === true);
  }
  return '';
}

/** The text of a chart's labels. */
const chartText = (scene: Scene) => sceneTexts(scene).map((t) => t.lines.map(lineText).join(' ').replace(/'/g, '\u2019')).join(' ');

/**
 * The printed text of a laid-out pdfmake tree, one entry per paragraph (or chart), each with the
 * page it starts on; quotations, italic runs and links are left out.
 */
export function printedText(tree: unknown, titles: string[] = []): { text: string; page: number }[] {
  const out: { text: string; page: number }[] = [];
  // the titles of works and the names of their authors and publishers (as a note prints them in any
  // case) keep the source's spelling
  const folded = [...new Set(titles.filter((t) => t.length >= 8).map((t) => t.toLowerCase()))].sort((a, b) => b.length - a.length);
  const withoutTitles = (text: string) => {
    if (!folded.length) return text;
    let lower = text.toLowerCase();
    let out = text;
    for (const t of folded) {
      for (let at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + t.length)) {
        out = out.slice(0, at) + ' '.repeat(t.length) + out.slice(at + t.length);
        lower = lower.slice(0, at) + ' '.repeat(t.length) + lower.slice(at + t.length);
      }
    }
    return out;
  };
  const visit = (n: unknown, page: number) => {
    if (Array.isArray(n)) return n.forEach((c) => visit(c, page));
    if (!n || typeof n !== 'object') return;
    const node = n as TreeNode;
    const here = node.positions?.[0]?.pageNumber ?? page;
    if (isScene(node.svg)) return void out.push({ text: unquoted(chartText(node.svg)), page: here });
    if (node.text !== undefined) {
      if (node.italics !== true && node.link === undefined) out.push({ text: withoutTitles(unquoted(plainText(node.text, false))), page: here });
      return;
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'positions' && typeof v === 'object' && v !== null) visit(v, here);
  };
  visit(tree, 0);
  return out;
}

/** Words printed in more than one spelling, over entries of printed text. */
export function spellingVariants(entries: { text: string; page: number }[]): Variant[] {
  const byKey = new Map<string, Map<string, Set<number>>>();
  for (const { text, page } of entries) {
    for (const m of text.matchAll(/\p{L}+(?:[’'-]\p{L}+)*/gu)) {
      const word = m[0];
      // names, titles and abbreviations start with a capital or are in capitals: only lower-case words
      // and sentence-initial capitals are compared (lower-cased)
      if (word.length < 4 || /\p{Lu}/u.test(word.slice(1))) continue;
      for (const part of word.toLowerCase().split(/[-’']/)) {
        if (part.length < 4 || DISTINCT.has(part)) continue;
        const key = spellingKey(part);
        let forms = byKey.get(key);
        if (!forms) byKey.set(key, (forms = new Map()));
        let pages = forms.get(part);
        if (!pages) forms.set(part, (pages = new Set()));
        pages.add(page);
      }
    }
  }
  const out: Variant[] = [];
  for (const forms of byKey.values()) {
    if (forms.size < 2) continue;
    const list = [...forms].map(([word, pages]) => ({ word, pages: [...pages].sort((a, b) => a - b) }));
    list.sort((a, b) => b.pages.length - a.pages.length || (a.word < b.word ? -1 : 1));
    out.push({ forms: list });
  }
  return out.sort((a, b) => (a.forms[0]!.word < b.forms[0]!.word ? -1 : 1));
}
