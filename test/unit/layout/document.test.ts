import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FontMetrics } from '../../../src/charts/metrics.js';
import type { DataBundle } from '../../../src/data/load.js';
import { Project } from '../../../src/io/project.js';
import { layoutDocument, type LayoutInput } from '../../../src/layout/document.js';
import type { Node } from '../../../src/layout/types.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { profileSchema } from '../../../src/profile/schema.js';
import { sectionMeta } from '../../../src/templates/front-matter.js';
import { emptyModel } from '../../../src/model/document.js';
import { makeTheme } from '../../../src/theme/theme.js';
import { loadFonts, renderPdf } from '../../../src/write/pdf.js';
import { pageCount } from '../../../src/write/output.js';
import { render as engine } from '../../../src/pdf/engine/index.js';
import { ROOT, pageTexts, tempDir } from '../../support.js';

let metrics: FontMetrics;
beforeAll(() => {
  metrics = new FontMetrics(loadFonts(new Project(ROOT)), 'Roboto');
});

const data: DataBundle = {
  sources: new Map([
    ['src-a', { id: 'src-a', title: 'Alpha report', publisher: 'Alpha Office', date: '2024-01-16', url: 'https://example.org/a', kind: 'report' as const }],
    ['src-b', { id: 'src-b', title: 'Beta article', publisher: 'Beta News', article: 'b.txt', kind: 'article' as const }],
  ]),
  datasets: new Map(),
  defs: [],
  digest: '0'.repeat(64),
  asOf: '2024-01-16',
};

/** Paragraphs enough to fill most of a page (so a chapter's last page is not a few lines: src/pdf/engine/page-fill.ts). */
const FILL_TEXT = Array.from({ length: 14 }, (_, i) => `Filler paragraph ${i + 1} of a section long enough to fill most of its page, so that the page is not left a few lines short and the next chapter starts a page of its own.`).join('\n\n');

function input(profileExtra: Record<string, unknown> = {}, full = false): LayoutInput {
  const profile = profileSchema.parse({ title: 'Tiny briefing', publisher: 'Tiny Press', author: 'Test Desk', sections: ['summary', 'trend'], ...profileExtra });
  const model = emptyModel();
  model.notes.number('src-b');
  model.notes.number('src-a');
  const sections = [
    { id: 'summary', title: 'Executive summary', meta: sectionMeta.parse({ numbered: false }), file: 'templates/sections/summary.md.hbs', tree: parseMarkdown('A "quoted" claim -- with a dash:cite{n="1"}.' + (full ? `\n\n${FILL_TEXT}` : '')) },
    { id: 'trend', title: 'The trend', short: 'Trend', meta: sectionMeta.parse({}), file: 'templates/sections/trend.md.hbs', tree: parseMarkdown('## A sub-heading\n\nGrants reached 1.045 million:cite{n="2"}.\n\n| Year | Value |\n|---|--:|\n| 2023 | 921,000 |\n' + (full ? Array.from({ length: 8 }, (_, i) => `\n## Part ${i + 1}\n\n${FILL_TEXT}\n`).join('') : '')) },
  ];
  return {
    theme: makeTheme(profile),
    profile,
    data,
    model,
    charts: new Map(),
    sections,
    version: '9.8.7',
    asOf: '2024-01-16',
    measure: (text: string, size: number, bold?: boolean) => metrics.width(text, size, 'Roboto', bold ? 'bold' : 'normal'),
    outline: (text: string, o: { cx: number; cy: number; angle: number; width: number }) => metrics.outline(text, o),
  };
}

type HF = (page: number, pages?: number) => Node | null;
const hf = (dd: Node, key: 'header' | 'footer') => dd[key] as HF;
// text as read: the non-breaking spaces that tie words (src/layout/breaks.ts) read as spaces
const flat = (v: unknown): string => (v == null ? '' : typeof v === 'string' ? v.replace(/\u00a0/g, ' ') : Array.isArray(v) ? v.map(flat).join('') : typeof v === 'object' ? Object.entries(v as object).filter(([k]) => ['text', 'stack', 'columns'].includes(k)).map(([, x]) => flat(x)).join(' ') : '');

/** One layout and one drawing, as the build does, then the rendered PDF written to a temp file. */
async function renderOnce(inp: LayoutInput): Promise<{ file: string; pages: number; doc: ReturnType<typeof layoutDocument> }> {
  const doc = layoutDocument(inp);
  const [layouts, draws] = [engine.layouts, engine.draws];
  const pdf = await renderPdf(doc.dd, new Date('2024-01-16T00:00:00Z'));
  expect([engine.layouts - layouts, engine.draws - draws]).toEqual([1, 1]);
  const file = path.join(tempDir('briefkit-layout-'), 'doc.pdf');
  fs.writeFileSync(file, pdf);
  return { file, pages: pageCount(pdf), doc };
}

describe('layoutDocument', () => {
  it('calls the document a "report" in the notes’ own words, or what the profile’s documentNoun says', () => {
    const words = (extra: Record<string, unknown>) => flat(layoutDocument(input(extra)).dd.content).replace(/\s+/g, ' ');
    expect(words({})).toContain('statement in this report;');
    expect(words({})).not.toContain('briefing;');
    expect(words({ documentNoun: 'briefing' })).toContain('statement in this briefing;');
  });
  it('lists the printed section headings, numbering only numbered sections, ending with the notes', () => {
    const { headings } = layoutDocument(input());
    expect(headings).toEqual(['Executive summary', '1 The trend', 'Notes and sources']);
  });

  it('collects contents entries for every section and sub-heading in order', () => {
    const { toc } = layoutDocument(input());
    const sections = toc.filter((e) => e.list === 'sections');
    expect(sections.map((e) => e.title)).toEqual(['Executive summary', 'The trend', 'A sub-heading', 'Notes and sources']);
  });

  it('keeps each contents entry whole at a page break: title, dot leader and page number are columns pdfmake would split', () => {
    const { dd } = layoutDocument(input());
    const entries: Node[] = [];
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      if ((n as Node).role === 'TOCI') entries.push(n as Node);
      for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
    };
    walk(dd.content);
    expect(entries.length).toBeGreaterThanOrEqual(4);
    expect(entries.every((e) => e.unbreakable === true && Array.isArray(e.columns))).toBe(true);
  });

  it('has no running header or footer on the cover and contents pages, and both after them', () => {
    const { dd } = layoutDocument(input());
    expect(hf(dd, 'header')(1)).toBeNull();
    expect(hf(dd, 'header')(2)).toBeNull();
    expect(hf(dd, 'footer')(1, 6)).toBeNull();
    expect(hf(dd, 'footer')(2, 6)).toBeNull();
    expect(flat(hf(dd, 'header')(3))).toContain('Tiny briefing');
    expect(flat(hf(dd, 'footer')(3, 6))).toContain('Tiny Press');
  });

  it('without a contents page, only the cover has no header or footer', () => {
    const { dd } = layoutDocument(input({ contents: { enabled: false } }));
    expect(hf(dd, 'header')(1)).toBeNull();
    expect(hf(dd, 'footer')(1, 5)).toBeNull();
    expect(hf(dd, 'header')(2)).not.toBeNull();
    expect(hf(dd, 'footer')(2, 5)).not.toBeNull();
  });

  it('numbers pages after the front matter or physically, as numbering.startAfterFrontMatter says', () => {
    const after = layoutDocument(input({ numbering: { startAfterFrontMatter: true } })).dd;
    expect(flat(hf(after, 'footer')(3, 7))).toContain('Page 1 of 5');
    const physical = layoutDocument(input({ numbering: { startAfterFrontMatter: false } })).dd;
    expect(flat(hf(physical, 'footer')(3, 7))).toContain('Page 3 of 7');
  });

  it('without a numbering block, numbers pages as the schema default for startAfterFrontMatter says', () => {
    const schemaDefault = profileSchema.parse({ title: 't', publisher: 'p', author: 'a', sections: ['s'], numbering: {} }).numbering!.startAfterFrontMatter;
    const { dd } = layoutDocument(input());
    expect(flat(hf(dd, 'footer')(3, 7))).toContain(schemaDefault ? 'Page 1 of 5' : 'Page 3 of 7');
  });

  it('sets document metadata from the profile and the version', () => {
    const { dd } = layoutDocument(input());
    expect(dd.info).toMatchObject({ title: 'Tiny briefing', author: 'Test Desk', creator: 'briefkit 9.8.7' });
  });

  it('renders to a PDF whose contents page gives each section the page number printed on its first page', async () => {
    // sections long enough that the contents and each chapter fill their pages (a short one runs on)
    const { file, pages } = await renderOnce(input({ numbering: { startAfterFrontMatter: true } }, true));
    const texts = pageTexts(file);
    expect(texts).toHaveLength(pages);
    // cover: title, no footer
    expect(texts[0]).toContain('Tiny briefing');
    expect(texts[0]).not.toMatch(/Page \d+ of/);
    expect(texts[1]).toContain('Contents');
    expect(texts[1]).not.toMatch(/Page \d+ of/);
    for (const title of ['Executive summary', 'The trend', 'Notes and sources']) {
      const physical = texts.findIndex((t, i) => i >= 2 && t.includes(title)) + 1;
      expect(physical).toBeGreaterThan(2);
      const printed = physical - 2;
      expect(texts[physical - 1]).toContain(`Page ${printed} of ${pages - 2}`);
      expect(texts[1]).toMatch(new RegExp(`${title}[ .]*\\s+${printed}\\b`));
    }
    // Notes list sources in order of first use.
    const notes = texts[pages - 1]!;
    expect(notes.indexOf('Beta News')).toBeGreaterThan(-1);
    expect(notes.indexOf('Beta News')).toBeLessThan(notes.indexOf('Alpha Office'));
  });
});

describe('widow and orphan control', () => {
  // The paragraph under test and two list items sit after k one-line paragraphs; as k grows they
  // cross the page foot at every offset. Read where pdfmake set each line (node.positions).
  it('never strands a single line of a paragraph or list item at a page break, across every offset', async () => {
    const long = 'The long paragraph under test runs over several lines so that, as the filler above it grows, the page break falls after each of its lines in turn; '.repeat(6).trim();
    const item = 'A long list item that wraps over two lines at this width, because the filler above it keeps pushing it further down the page, towards the foot of the page where the break falls.';
    let split = 0;
    let moved = 0;
    for (let k = 56; k <= 70; k++) {
      // (and a page of filler after them, so they are not a chapter's short last page, which page-fill.ts pulls back)
      const body = Array.from({ length: k }, (_, i) => `Filler ${i + 1}.`).join('\n\n') + `\n\n${long}\n\n* ${item}\n* ${item}\n\n` + Array.from({ length: 60 }, (_, i) => `Filler after ${i + 1}.`).join('\n\n');
      const inp = input();
      inp.sections = [{ id: 'only', title: 'Only section', meta: sectionMeta.parse({}), file: 'templates/sections/only.md.hbs', tree: parseMarkdown(body) }];
      inp.profile = { ...inp.profile, sections: ['only'] };
      const { doc, file } = await renderOnce(inp);
      // every node that sets the paragraph or an item, in document order: never split into parts
      const parts: Node[] = [];
      const walk = (n: unknown): void => {
        if (Array.isArray(n)) n.forEach(walk);
        else if (n && typeof n === 'object') {
          const o = n as Node;
          const text = Array.isArray(o.text) ? flat(o.text) : '';
          if (text && !text.startsWith('Filler') && (long.includes(text) || item.includes(text))) parts.push(o);
          for (const key of ['content', 'stack', 'ul', 'ol']) if (key in o) walk(o[key]);
        }
      };
      walk(doc.dd);
      expect(parts.map((p) => flat(p.text)).join('|'), `k=${k}`).toBe(`${long}|${item}|${item}`);
      // the page's footer and the next page's running header stand between the lines of a page break
      const text = pageTexts(file).join(' ').replace(/\s+/g, ' ').replace(/ ?Tiny Press · 16 January 2024 Page \d+ of \d+ Tiny briefing Only section/g, '');
      expect(text).toContain(long);
      let previousEnd = 0;
      for (const n of parts) {
        const pages = (n.positions as { pageNumber: number }[]).map((p) => p.pageNumber);
        const first = pages.filter((p) => p === pages[0]).length;
        const last = pages.filter((p) => p === pages.at(-1)).length;
        if (pages[0] !== pages.at(-1)) {
          split++;
          expect(first, `k=${k}: ${flat(n.text).slice(0, 20)} lines per page ${pages}`).toBeGreaterThanOrEqual(2);
          expect(last, `k=${k}: ${flat(n.text).slice(0, 20)} lines per page ${pages}`).toBeGreaterThanOrEqual(2);
        }
        if (previousEnd && pages[0]! > previousEnd) moved++;
        previousEnd = pages.at(-1)!;
      }
    }
    // the sweep really crossed the page foot: paragraphs split 2 + 2 or more, and an item moved on
    expect(split).toBeGreaterThan(0);
    expect(moved).toBeGreaterThan(0);
  }, 120_000);
});

describe('the claims register on a table’s lettered notes', () => {
  it('gives a number a row’s note prints (an asNote column) the page the note is drawn on, as a cell’s', async () => {
    const inp = input();
    const claims = inp.model.claims;
    const rows = (v: string) => [{ dataset: 'trade', key: 'year 2019', field: 'growth', value: v }];
    const cell = claims.add({ kind: 'table cell', text: '22.0', rows: rows('22'), sources: ['src-a'], file: 'templates/sections/trend.md.hbs' });
    const noted = claims.add({ kind: 'table cell', text: '†24.0%', rows: rows('24'), sources: ['src-a'], file: 'templates/sections/trend.md.hbs' });
    inp.model.tables.set('tbl-trade', { id: 'tbl-trade', spec: 'trade', caption: 'Trade', header: ['Year', 'Value'], align: ['left', 'right'], numeric: [false, true], rows: [['2019', '22.0']], rowNotes: ['Growth as stated: †24.0%'], sources: ['src-a'], cellClaims: [{ row: 0, col: 1, claim: cell.id }], noteClaims: [{ row: 0, claim: noted.id, label: 'Growth as stated' }], file: 'templates/sections/trend.md.hbs' });
    inp.sections[1] = { ...inp.sections[1]!, tree: parseMarkdown('Some text.\n\n::table{id="tbl-trade"}\n') };
    const { file } = await renderOnce(inp);
    const texts = pageTexts(file);
    const page = texts.findIndex((t) => t.includes('Growth as stated: †24.0%')) + 1;
    expect(page).toBeGreaterThan(2);
    expect([cell.pdfPage, noted.pdfPage]).toEqual([page, page]);
  });
});

describe('an edition without a cover, contents or notes page (notes as footnotes)', () => {
  const bare = { cover: { enabled: false }, contents: { enabled: false }, notes: { placement: 'footnotes' } };

  it('opens its first page with the title and the first section, and lists no notes section', () => {
    const doc = layoutDocument(input(bare));
    expect(doc.headings).toEqual(['Executive summary', '1 The trend']);
    const first = flat((doc.dd.content as Node[]).slice(0, 2)).replace(/\s+/g, ' ');
    expect(first).toContain('Tiny briefing');
    expect(first).toContain('Data as of 16 January 2024');
    expect(first).toContain('Executive summary');
    // no cover artwork, no running header over the title; the footer names no page count on one page
    expect((doc.dd.background as (p: number) => unknown)(1)).toBeNull();
    expect(hf(doc.dd, 'header')(1, 1)).toBeNull();
    expect(flat(hf(doc.dd, 'footer')(1, 1))).not.toContain('Page');
    expect(typeof doc.dd.footnotes).toBe('function');
  });

  it('prints each note at the foot of the page that calls it: in full first, by author and short title after', async () => {
    const inp = input(bare, true);
    // src-b (note 1) is called again on the last page of the trend section
    inp.sections[1] = { ...inp.sections[1]!, tree: parseMarkdown(`Grants reached 1.045 million:cite{n="2"}.\n\n${FILL_TEXT}\n\n${FILL_TEXT}\n\nAs reported before:cite{n="1"}.`) };
    const doc = layoutDocument(inp);
    const pdf = await renderPdf(doc.dd, new Date('2024-01-16T00:00:00Z'));
    const file = path.join(tempDir('briefkit-layout-'), 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const texts = pageTexts(file).map((t) => t.replace(/\s+/g, ' '));
    expect(texts[0]).toContain('Tiny briefing');
    expect(texts[0]).toContain('Executive summary');
    expect(texts.join(' ')).not.toContain('Notes and sources');
    // note 1: in full where first called (page 1), short on the last page, nowhere else
    expect(texts[0]).toContain('1. Beta News. ‘Beta Article’, n.d.');
    const last = texts.length - 1;
    expect(last).toBeGreaterThan(1);
    expect(texts[last]).toContain('1. Beta News, ‘Beta Article’.');
    expect(texts[last]).not.toContain('1. Beta News. ‘Beta');
    // note 2 in full on the page of its call
    const call2 = texts.findIndex((t) => t.includes('Grants reached 1.045 million'));
    expect(texts[call2]).toMatch(/2\. Alpha Office\. .*Alpha Report/);
    texts.forEach((t, i) => { if (i !== 0 && i !== last) expect(t).not.toMatch(/\b1\. Beta News/); });
  }, 60_000);
});
