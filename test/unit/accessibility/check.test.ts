/**
 * The PDF/UA check (src/accessibility/check.ts) on small PDFs written with pdfkit by hand: one
 * that meets every condition, and one per fault the issue-27 audit found in briefkit's files (and
 * a few more), each failing with its condition.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPdfUa, checkPdfUaBytes, CONDITIONS, describeFailure } from '../../../src/accessibility/check.js';
import { readPdf, type StructNode } from '../../../src/accessibility/read.js';
import { ROOT } from '../../support.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const require = createRequire(import.meta.url);
const PDFDocument = require('pdfkit') as new (o: object) => Any;
const FONT = path.join(ROOT, 'node_modules/pdfmake/fonts/Roboto/Roboto-Regular.ttf');
const CJK_FONT = path.join(ROOT, 'fonts/noto-sans-sc/NotoSansSC-Regular-GB2312.ttf');

/** What the good fixture is made of; each fault changes one thing. */
interface Faults {
  noteId?: string | null;
  duplicateNoteId?: boolean;
  tociLinkDirect?: boolean;
  emptyLink?: boolean;
  skipHeading?: boolean;
  sourceRow?: boolean;
  lblAfterBody?: boolean;
  cjkLang?: string | null;
  linkContents?: string | null;
  untagged?: boolean;
  figureAlt?: string | null;
  thScope?: boolean;
  version?: string;
  lang?: string | null;
  displayTitle?: boolean;
  nonStandard?: boolean;
  identified?: boolean;
}

function pdf(f: Faults = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    tagged: true,
    pdfVersion: f.version ?? '1.7',
    ...(f.lang === null ? {} : { lang: f.lang ?? 'en-GB' }),
    displayTitle: f.displayTitle ?? true,
    info: { Title: 'Fixture' },
    ...(f.identified ? { subset: 'PDF/UA' } : {}),
    autoFirstPage: false,
  });
  doc.addPage({ size: 'A4' });
  doc.registerFont('body', FONT);
  doc.registerFont('cjk', CJK_FONT);
  doc.font('body').fontSize(10);
  const root = doc.struct('Document');
  doc.addStructure(root);
  let y = 50;
  const el = (parent: Any, type: string, options: object = {}) => {
    const e = doc.struct(type, options);
    parent.add(e);
    return e;
  };
  const say = (e: Any, text: string, o: { font?: string; lang?: string } = {}) => {
    e.add(doc.markStructureContent(e.dictionary.data.S));
    if (o.lang) doc.markContent('Span', { lang: o.lang });
    doc.font(o.font ?? 'body').text(text, 50, y, { lineBreak: false });
    if (o.lang) doc.endMarkedContent();
    doc.endMarkedContent();
    y += 16;
  };
  const link = (parent: Any, text: string) => {
    const l = el(parent, 'Link');
    say(l, text);
    if (!f.emptyLink) doc.link(50, y - 16, 80, 12, 'https://example.org/', { structParent: l, ...(f.linkContents === null ? {} : { Contents: new String(f.linkContents ?? 'Example, page 1') }) });
    return l;
  };

  say(el(root, 'H1'), 'Title');
  // contents: TOC > TOCI > Reference > Link
  const toc = el(root, 'TOC');
  const toci = el(toc, 'TOCI');
  link(f.tociLinkDirect ? toci : el(toci, 'Reference'), 'Section 1 Example 3');
  say(el(root, f.skipHeading ? 'H3' : 'H2'), 'Sub heading');
  say(el(root, f.nonStandard ? 'Sidebar' : 'P'), 'A paragraph.');
  // a list item: Lbl, then LBody
  const li = el(el(root, 'L'), 'LI');
  if (f.lblAfterBody) {
    say(el(li, 'LBody'), 'Item');
    say(el(li, 'Lbl'), '1.');
  } else {
    say(el(li, 'Lbl'), '1.');
    say(el(li, 'LBody'), 'Item');
  }
  // a table: header row, a row, and (a fault) a source line as a one-cell row
  const table = el(root, 'Table');
  const head = el(table, 'TR');
  for (const h of ['Year', 'Count']) say(el(head, 'TH', f.thScope === false ? {} : { scope: 'Column' }), h);
  const row = el(table, 'TR');
  say(el(row, 'TH', { scope: 'Row' }), '2024');
  say(el(row, 'TD'), '5');
  if (f.sourceRow) say(el(el(table, 'TR'), 'TD'), 'Source: a yearbook.');
  // a figure
  const fig = el(root, 'Figure', f.figureAlt === null ? {} : { alt: f.figureAlt ?? 'Bar chart: counts rose from 3 to 5.' });
  fig.add(doc.markStructureContent('Figure'));
  doc.rect(50, y, 40, 20).fill('#336699');
  doc.endMarkedContent();
  y += 24;
  // a glossary term in Chinese
  say(el(root, 'P'), '国家知识产权局', { font: 'cjk', ...(f.cjkLang === null ? {} : { lang: f.cjkLang ?? 'zh' }) });
  // a note with its ID
  const note = el(root, 'Note');
  if (f.noteId !== null) note.dictionary.data.ID = new String(f.noteId ?? 'note-1');
  say(el(note, 'Lbl'), '1.');
  say(note, 'A source.');
  if (f.duplicateNoteId) {
    const again = el(root, 'Note');
    again.dictionary.data.ID = new String(f.noteId ?? 'note-1');
    say(again, 'Another source.');
  }
  if (f.untagged) doc.font('body').text('Untagged text', 50, y, { lineBreak: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise((resolve) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

const ids = async (f: Faults, o: { identified?: boolean } = {}) => (await checkPdfUaBytes(await pdf(f), o)).map((x) => x.id);

describe('the PDF/UA check', () => {
  it('finds nothing in a file that meets every condition, and reads its structure', async () => {
    const bytes = await pdf();
    expect((await checkPdfUaBytes(bytes)).map(describeFailure)).toEqual([]);
    const m = await readPdf(bytes);
    expect(m.version).toBe('1.7');
    expect(m.nodes.map((n) => n.type)).toContain('TOCI');
    // text is read through the fonts' ToUnicode maps, and the CJK run carries its language
    expect(m.marks.map((x) => x.text)).toContain('Sub heading');
    expect(m.marks.some((x) => x.lang === 'zh')).toBe(true);
    const term = m.marks.find((x) => x.text === '国家知识产权局')!;
    expect(term.mcid).toBeDefined();
    expect(term.foreign).toBeUndefined();
  });

  // the faults the issue-27 audit counted in briefkit's files
  it.each([
    ['a Note without ID', { noteId: null }, '19-003'],
    ['two Notes with one ID', { duplicateNoteId: true }, '19-004'],
    ['a Link held directly by a TOCI', { tociLinkDirect: true }, '09-006'],
    ['a Link with no annotation', { emptyLink: true }, 'Link'],
    ['an H3 after an H1', { skipHeading: true }, '14-003'],
    ['a source line as a one-cell last row', { sourceRow: true }, 'TableRegular'],
    ['PDF 1.3 (no XMP packet, no room for /Tabs)', { version: '1.3' }, '06-001'],
    ['PDF 1.3 with /Tabs', { version: '1.3' }, 'Version'],
    ['an Lbl after its LBody', { lblAfterBody: true }, '09-005'],
    ['CJK text read in English', { cjkLang: null }, '11-001'],
    ['a link annotation without Contents', { linkContents: null }, '28-012'],
    ['untagged text', { untagged: true }, '01-005'],
    ['a Figure without alt text', { figureAlt: null }, '13-004'],
    ['a TH without Scope', { thScope: false }, '15-003'],
    ['no document language', { lang: null }, '11-006'],
    ['no DisplayDocTitle', { displayTitle: false }, '07-001'],
    ['a non-standard type with no RoleMap', { nonStandard: true }, '02-001'],
  ] as [string, Faults, string][])('fails %s (%s)', async (_name, faults, id) => {
    const found = await ids(faults);
    expect(found).toContain(id);
    expect(CONDITIONS[id]).toBeTruthy();
  });

  it('asks a file that claims PDF/UA for the identification in its XMP (06-002)', async () => {
    expect(await ids({}, { identified: true })).toContain('06-002');
    expect(await ids({ identified: true }, { identified: true })).not.toContain('06-002');
  });

  it('finds a ParentTree that does not match the content, a page without /Tabs and fonts not embedded or without ToUnicode', async () => {
    const m = await readPdf(await pdf());
    const key = m.pages[0]!.structParents!;
    const entry = m.parentTree.get(key) as (StructNode | undefined)[];
    m.parentTree.set(key, entry.slice(1));
    delete m.pages[0]!.tabs;
    m.fonts[0]!.embedded = false;
    m.fonts[0]!.toUnicode = false;
    const found = checkPdfUa(m);
    expect(found.map((x) => x.id)).toEqual(expect.arrayContaining(['ParentTree', '28-007', '31-009', '31-027']));
    // each failure names its page and element
    const pt = found.find((x) => x.id === 'ParentTree')!;
    expect(pt.page).toBe(1);
    expect(describeFailure(pt)).toMatch(/^ParentTree .*page 1: marked content \d+/);
  });

  it('names the condition, the page and the element of a failure', async () => {
    const f = (await checkPdfUaBytes(await pdf({ skipHeading: true })))[0]!;
    expect(describeFailure(f)).toBe('14-003 numbered heading levels skipped, page 1: H3 #6 "Sub heading"');
  });
});

describe('--pdfua on a rendered document', () => {
  it('is refused (BK330) when the written file fails a condition, naming the condition, page and element', async () => {
    const { Project } = await import('../../../src/io/project.js');
    const { loadFonts, renderPdf } = await import('../../../src/write/pdf.js');
    const { thrown } = await import('../../support.js');
    const { taggedDoc } = await import('../pdf/engine/support.js');
    loadFonts(new Project(ROOT));
    // a source line set as a one-cell row of a tagged table (no TableNote role): rows of unequal width
    const dd = taggedDoc([
      { text: 'Title', role: 'H1' },
      { role: 'Table', table: { headerRows: 1, body: [[{ text: 'Year' }, { text: 'Count' }], [{ text: '2024' }, { text: '5' }], [{ text: 'Source: a yearbook.', colSpan: 2 }, {}]] } },
    ]);
    const e = await thrown(() => renderPdf(dd, new Date('2024-01-01T00:00:00Z'), () => {}, { pdfua: { file: 'fixture' } }));
    expect(e?.code).toBe('BK330');
    expect(e?.message).toMatch(/TableRegular table rows of unequal width .*page 1: TR #\d+ "Source: a yearbook\."/);
    // the same document without --pdfua is written (and not identified)
    expect((await renderPdf(dd, new Date('2024-01-01T00:00:00Z'))).toString('latin1')).not.toMatch(/pdfuaid/);
  });
});
