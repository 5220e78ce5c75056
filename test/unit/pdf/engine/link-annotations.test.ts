/**
 * Links and the structure briefkit's layout asks for, in a tagged PDF (src/pdf/engine/link-annotations.ts
 * and tagging.ts): one described link per contents entry, note calls, notes, headings, tables, lists.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPdfUa, describeFailure } from '../../../../src/accessibility/check.js';
import { readPdf, type PdfModel, type StructNode } from '../../../../src/accessibility/read.js';
import { Project } from '../../../../src/io/project.js';
import { linkContents, tocLabel } from '../../../../src/pdf/engine/link-annotations.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { ROOT } from '../../../support.js';
import { taggedDoc } from './support.js';

describe('linkContents', () => {
  it('describes a contents entry by its label, title and page', () => {
    expect(linkContents({ kind: 'toc', label: '3', title: 'Enforcement' }, ['3', 'Enforcement', '12'])).toBe('Section 3, Enforcement, page 12');
    expect(linkContents({ kind: 'toc', label: 'Figure 2', title: 'Grants by year' }, ['Figure 2', 'Grants ', 'by ', 'year', '7'])).toBe('Figure 2, Grants by year, page 7');
    expect(linkContents({ kind: 'toc', title: 'Main findings' }, ['Main ', 'findings', 'iv'])).toBe('Main findings, page iv');
  });
  it('describes a note call as the note, and any other link by its whole text', () => {
    expect(linkContents({ kind: 'note' }, ['4'])).toBe('Note 4');
    expect(linkContents({ kind: 'note' }, ['4–6'])).toBe('Notes 4–6');
    expect(linkContents({ kind: 'text' }, ['https://example.org/', 'a/b.html'])).toBe('https://example.org/a/b.html');
  });
  it('says "Section" only for a bare number', () => {
    expect(tocLabel('2')).toBe('Section 2');
    expect(tocLabel('Appendix B')).toBe('Appendix B');
    expect(tocLabel('')).toBeUndefined();
  });
});

const ROW = (label: string, title: string, page: string) => ({
  role: 'TOCI',
  tocTitle: title,
  ...(label ? { tocLabel: label } : {}),
  columns: [
    { width: 40, text: label, linkToDestination: 'sec' },
    { width: '*', text: title, linkToDestination: 'sec' },
    { width: 30, text: page, linkToDestination: 'sec' },
  ],
});

let m: PdfModel;
beforeAll(async () => {
  loadFonts(new Project(ROOT));
  const dd = taggedDoc([
    { text: 'Cover title', role: 'H1' },
    { role: 'TOC', stack: [ROW('1', 'The trajectory of filings and grants', '2'), ROW('', 'Main findings', '2')] },
    { text: 'Summary', role: 'H1', id: 'sec' },
    // an H3 straight after an H1 (a template's ### under a chapter heading)
    { text: 'Points for counsel', role: 'H3' },
    { text: ['A finding', { text: '4', sup: true, linkToDestination: 'note-4' }, ' and ', { text: 'a link to a page', link: 'https://example.org/' }, '.'], role: 'P' },
    { ul: [{ text: 'First point' }, { text: 'Second point' }] },
    {
      role: 'Table',
      table: {
        headerRows: 1,
        body: [
          [{ text: 'Year' }, { text: 'Count' }],
          [{ text: '2023', role: 'TH' }, { text: '3' }],
          [{ text: '2024', role: 'TH' }, { text: '5' }],
          [{ text: 'Source: a yearbook (note 4).', role: 'TableNote', colSpan: 2 }, {}],
        ],
      },
    },
    { role: 'Note', tagId: 'note-4', columns: [{ width: 18, text: '4.', role: 'Lbl' }, { width: '*', text: ['A source, ', { text: 'https://example.org/a/very/long/address/that/wraps/over/two/lines/of/the/note.html', link: 'https://example.org/x' }] }] },
  ]);
  m = await readPdf(await renderPdf(dd, new Date('2024-01-01T00:00:00Z')));
});

const kids = (n: StructNode) => n.children.map((c) => c.type);
const find = (type: string) => m.nodes.filter((n) => n.type === type);

describe('the tagged structure of briefkit’s layout', () => {
  it('meets every condition the check decides', () => {
    expect(checkPdfUa(m).map(describeFailure)).toEqual([]);
  });
  it('gives a contents entry one Link, in a Reference, with one annotation per line, described', () => {
    for (const toci of find('TOCI')) expect(kids(toci)).toEqual(['Reference']);
    const links = find('TOCI').map((t) => t.children[0]!.children.filter((c) => c.type === 'Link'));
    expect(links.map((l) => l.length)).toEqual([1, 1]);
    const contents = m.annots.map((a) => a.contents);
    expect(contents).toContain('Section 1, The trajectory of filings and grants, page 2');
    expect(contents).toContain('Main findings, page 2');
    // no annotation per word
    expect(contents.filter((c) => c?.startsWith('Section 1'))).toHaveLength(1);
  });
  it('describes a note call as "Note 4" and a link over two lines by its whole text', () => {
    const contents = m.annots.map((a) => a.contents);
    expect(contents).toContain('Note 4');
    const long = contents.filter((c) => c?.includes('very/long'));
    expect(long.length).toBeGreaterThanOrEqual(1);
    for (const c of long) expect(c).toBe('https://example.org/a/very/long/address/that/wraps/over/two/lines/of/the/note.html');
  });
  it('never skips a heading level', () => {
    expect(find('H1').length + find('H2').length + find('H3').length).toBe(3);
    expect(m.nodes.filter((n) => /^H\d$/.test(n.type)).map((n) => n.type)).toEqual(['H1', 'H1', 'H2']);
  });
  it('gives a note its ID and its number as a label', () => {
    const [note] = find('Note');
    expect(note!.id).toBe('note-4');
    expect(kids(note!)[0]).toBe('Lbl');
  });
  it('reads a list item’s bullet (Lbl) before its body', () => {
    for (const li of find('LI')) expect(kids(li)).toEqual(['Lbl', 'LBody']);
    expect(find('Lbl').filter((l) => l.actualText === '\u2022')).toHaveLength(2);
  });
  it('sets a table’s source line after the table, and row headers with Scope Row', () => {
    const [table] = find('Table');
    expect(kids(table!)).toEqual(['TR', 'TR', 'TR']);
    const after = table!.parent!.children[table!.parent!.children.indexOf(table!) + 1]!;
    expect(after.type).toBe('P');
    expect(find('TH').filter((t) => t.attrs.Scope === 'Row')).toHaveLength(2);
  });
});
