/** The tagged-PDF extension (src/pdf/engine/tagging.ts): the structure tree poppler reads back. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../../src/io/project.js';
import { loadFonts, renderPdf } from '../../../../src/write/pdf.js';
import { tagReport } from '../../../../src/pdf/engine/tagging.js';
import { ROOT, tempDir, thrown, tool } from '../../../support.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect x="0" y="0" width="200" height="100" fill="#eee"/><text x="10" y="50" font-family="Roboto" font-size="10" transform="rotate(-90 10 50)">Axis label</text><text x="50" y="90" font-family="Roboto" font-size="10">2024</text></svg>';

function fixture(o: { alt?: string | null; image?: boolean } = {}): Record<string, unknown> {
  return {
    tagged: true,
    language: 'en-GB',
    displayTitle: true,
    info: { title: 'Fixture report' },
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    pageMargins: [40, 60, 40, 60],
    header: () => ({ text: 'RUNNING HEADER', margin: [40, 20, 40, 0] }),
    footer: (page: number, pages: number) => ({ text: `Page ${page} of ${pages}`, margin: [40, 10, 40, 0] }),
    background: () => ({ canvas: [{ type: 'rect', x: 0, y: 0, w: 595, h: 30, color: '#003366' }] }),
    content: [
      { text: 'Main title', role: 'H1' },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 500, y2: 0, lineWidth: 1 }] },
      { text: ['First paragraph with a ', { text: 'link', link: 'https://example.org/' }, ' and a note', { text: '1', sup: true, linkToDestination: 'note-1' }, '.'], role: 'P' },
      { text: 'Sub heading', role: 'H2' },
      { ul: [{ text: 'Apple item' }, { text: 'Banana item' }] },
      { ol: [{ text: 'First step' }, { text: 'Second step' }] },
      { text: 'Table 1 Fruit', role: 'Caption' },
      { role: 'Table', table: { headerRows: 1, body: [[{ text: 'Fruit' }, { text: 'Count' }], [{ text: 'Apple' }, { text: '3' }], [{ text: 'Pear' }, { text: '5' }]] } },
      { text: 'Figure 1 A chart', role: 'Caption' },
      o.alt === null ? { svg: SVG, width: 200 } : { svg: SVG, width: 200, role: 'Figure', alt: o.alt ?? 'Bar chart: fruit rose from 3 in 2023 to 5 in 2024.' },
      { text: 'Text after the figure.' },
      { role: 'Note', id: 'note-1', text: '1. A source, https://example.org/' },
    ],
  };
}

let dir: string;
let file: string;
beforeAll(async () => {
  loadFonts(new Project(ROOT));
  dir = tempDir('briefkit-tagging-');
  file = path.join(dir, 'fixture.pdf');
  fs.writeFileSync(file, await renderPdf(fixture(), new Date('2024-01-01T00:00:00Z')));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tagged PDF', () => {
  it('is tagged, marked, with a language, a displayed title and tab order by structure', () => {
    expect(tool('pdfinfo', [file]).stdout).toMatch(/^Tagged:\s+yes$/m);
    expect(tool('qpdf', ['--check', file]).code).toBe(0);
    const qdf = path.join(dir, 'q.pdf');
    tool('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
    const raw = fs.readFileSync(qdf, 'latin1');
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toMatch(/\/Tabs \/S/);
    expect(raw).toMatch(/\/StructParents 0/);
    expect(raw).toMatch(/\/ParentTree/);
    expect(raw).toMatch(/\/Artifact <<\s*\/Type \/Pagination\s*>> BDC/);
    expect(raw).toMatch(/\/Type \/OBJR/);
  });

  it('has the expected structure tree: headings in order, lists, a table with header cells, a figure with alt text, no furniture', () => {
    const tree = tool('pdfinfo', ['-struct-text', file]).stdout;
    const roles = [...tree.matchAll(/^ *([A-Za-z][A-Za-z0-9]*)(?: <[^>]*>)?(?: \((?:block|inline)\))?:?$/gm)].map((m) => m[1]);
    expect(roles.filter((r) => /^H\d$/.test(r!))).toEqual(['H1', 'H2']);
    expect(roles.indexOf('H1')).toBeLessThan(roles.indexOf('P'));
    expect(roles.filter((r) => r === 'L')).toHaveLength(2);
    expect(roles.filter((r) => r === 'LI')).toHaveLength(4);
    expect(roles.filter((r) => r === 'LBody')).toHaveLength(4);
    expect(roles.filter((r) => r === 'Lbl').length).toBeGreaterThanOrEqual(2); // the numbers of the ordered list
    expect(roles.filter((r) => r === 'Table')).toHaveLength(1);
    expect(roles.filter((r) => r === 'TR')).toHaveLength(3);
    expect(roles.filter((r) => r === 'TH')).toHaveLength(2);
    expect(roles.filter((r) => r === 'TD')).toHaveLength(4);
    expect(tree).toMatch(/\/Scope \/Column/);
    expect(roles).toContain('Caption');
    expect(roles).toContain('Figure');
    expect(roles).toContain('Link');
    expect(roles).toContain('Reference');
    expect(roles).toContain('Note');
    // a note carries its ID (PDF/UA 7.9)
    expect(tree).toMatch(/^ *Note <note-1>/m);
    // heading, paragraph and table text in reading order
    const order = ['Main title', 'First paragraph', 'Sub heading', 'Apple item', 'Second step', 'Fruit', 'Pear', 'Text after the figure.'];
    const at = order.map((s) => tree.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // page furniture is an artifact, not content
    expect(tree).not.toContain('RUNNING HEADER');
    expect(tree).not.toMatch(/Page 1 of 1/);
    // the figure's alt text
    const qdf = path.join(dir, 'q2.pdf');
    tool('qpdf', ['--qdf', '--object-streams=disable', file, qdf]);
    expect(fs.readFileSync(qdf, 'latin1')).toContain('/Alt (Bar chart: fruit rose from 3 in 2023 to 5 in 2024.)');
  });

  it('keeps extraction order: the text after a figure with rotated labels comes after it', () => {
    const text = tool('pdftotext', [file, '-']).stdout;
    expect(text.indexOf('Figure 1 A chart')).toBeLessThan(text.indexOf('Text after the figure.'));
    expect(text.indexOf('Main title')).toBeLessThan(text.indexOf('First paragraph'));
  });

  it('reports an image without a text alternative, and --pdfua refuses it with BK330', async () => {
    await renderPdf(fixture({ alt: null }), new Date('2024-01-01T00:00:00Z'));
    expect(tagReport().map((p) => p.kind)).toEqual(['image-without-alt']);
    const e = await thrown(() => renderPdf(fixture({ alt: null }), new Date('2024-01-01T00:00:00Z'), () => {}, { pdfua: { file: 'fixture' } }));
    expect(e?.code).toBe('BK330');
    const e2 = await thrown(() => renderPdf(fixture({ alt: '' }), new Date('2024-01-01T00:00:00Z'), () => {}, { pdfua: { file: 'fixture' } }));
    expect(e2?.code).toBe('BK330');
    expect(e2?.message).toMatch(/no alt text/);
  });

  it('--pdfua writes pdfuaid:part 1 into the XMP when the checks hold, and is deterministic', async () => {
    const a = await renderPdf(fixture(), new Date('2024-01-01T00:00:00Z'), () => {}, { pdfua: { file: 'fixture' } });
    const b = await renderPdf(fixture(), new Date('2024-01-01T00:00:00Z'), () => {}, { pdfua: { file: 'fixture' } });
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(fs.readFileSync(file, 'latin1')).not.toMatch(/pdfuaid/);
  });

  it('leaves an untagged document untagged', async () => {
    const dd = { ...fixture(), tagged: false };
    const out = path.join(dir, 'untagged.pdf');
    fs.writeFileSync(out, await renderPdf(dd, new Date('2024-01-01T00:00:00Z')));
    expect(tool('pdfinfo', [out]).stdout).toMatch(/^Tagged:\s+no$/m);
  });
});
