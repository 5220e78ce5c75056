/**
 * Golden raster tests: one fixture page per block type (paragraph, heading and list, callout,
 * data table, Markdown table with a caption line, figure), laid out by the engine and rendered
 * by poppler. The normaliser makes them independent of the poppler version: the page is
 * rendered at 36 dpi in grey, binarised (darker than 220 of 255 is ink) and reduced to 3 × 3-pixel
 * cells (a cell is ink when any of its pixels is); a page matches its snapshot when at most 15 %
 * of the ink cells of the two differ (cells that differ / cells inked in either), so a different
 * anti-aliasing moves a few edge cells while a moved line, a lost rule or a changed block fails.
 * On a mismatch `<name>-changed.txt` is written next to the snapshot (rename it over the
 * snapshot after looking at the page).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FontMetrics } from '../../src/charts/metrics.js';
import { renderChart } from '../../src/charts/render.js';
import type { DataBundle } from '../../src/data/load.js';
import { Project } from '../../src/io/project.js';
import { layoutDocument, type LayoutInput } from '../../src/layout/document.js';
import { parseMarkdown } from '../../src/markdown/parse.js';
import { captionTables } from '../../src/markdown/table-captions.js';
import { profileSchema } from '../../src/profile/schema.js';
import { sectionMeta } from '../../src/templates/front-matter.js';
import { emptyModel } from '../../src/model/document.js';
import { chartConfig, makeTheme, PX_TO_PT } from '../../src/theme/theme.js';
import { loadFonts, renderPdf } from '../../src/write/pdf.js';
import { ROOT, tempDir } from '../support.js';

const DIR = path.join(import.meta.dirname, 'raster');
const DPI = 36;
const CELL = 3;
/** At most this share of the ink cells (of either page) may differ. */
const TOLERANCE = 0.15;
const INK = 220;

let metrics: FontMetrics;
beforeAll(() => {
  metrics = new FontMetrics(loadFonts(new Project(ROOT)), 'Roboto');
  metrics.install();
});

const data: DataBundle = {
  sources: new Map([['src-a', { id: 'src-a', title: 'Alpha report', publisher: 'Alpha Office', date: '2024-01-16', url: 'https://example.org/a', kind: 'report' as const }]]),
  datasets: new Map(),
  defs: [],
  digest: '0'.repeat(64),
  asOf: '2024-01-16',
};

const LOREM = 'Applications for invention patents rose steadily over the decade, while the administration reorganised its examination departments and published quarterly statistics on granted, rejected and withdrawn applications, so that analysts could follow the changes year by year.';

const FIXTURES: Record<string, string> = {
  paragraph: `${LOREM} ${LOREM}\n\n${LOREM}`,
  'heading-list': `## A sub-heading\n\n${LOREM}\n\n* First point, long enough to wrap over the line at this width of the text column of the page.\n* Second point.\n\n1. One\n2. Two`,
  callout: `::::callout{title="Where the series break"}\n${LOREM}\n::::`,
  'data-table': '::table{id="tbl-fixture"}',
  'markdown-table': 'Table: Values by year, as the sources state them\n\n| Year | Measure | Value |\n|:--|:--|--:|\n| 2021 | applications:cite{ids="src-a"} | 1,045.5 |\n| 2022 | grants | 921.0 |\n| 2023 | grants | 15.25 |',
  figure: '::figure{id="fig-fixture"}',
};

async function fixtureDoc(markdown: string) {
  const profile = profileSchema.parse({ title: 'Fixture', publisher: 'Fixture Press', author: 'Desk', sections: ['only'], contents: { enabled: false } });
  const model = emptyModel();
  model.notes.number('src-a');
  model.tables.set('tbl-fixture', { id: 'tbl-fixture', spec: 'fixture', caption: 'A data table', header: ['Year', 'Measure', 'Value, %'], align: ['left', 'left', 'right'], numeric: [false, false, true], rows: Array.from({ length: 9 }, (_, i) => [String(2015 + i), i % 2 ? 'grants' : 'applications', (i * 3.25).toFixed(2)]), sources: ['src-a'], file: 'x' });
  model.figures.set('fig-fixture', { id: 'fig-fixture', chart: 'c', caption: 'A figure', datasets: [], sources: ['src-a'], file: 'x' });
  const theme = makeTheme(profile);
  const chart = await renderChart({ file: 'c.vl.json', spec: { data: { values: [{ y: 2020, v: 3 }, { y: 2021, v: 5 }, { y: 2022, v: 4 }] }, mark: 'bar', encoding: { x: { field: 'y', type: 'ordinal' }, y: { field: 'v', type: 'quantitative' } } }, text: '', datasets: new Map(), config: chartConfig(theme), width: theme.contentWidth / PX_TO_PT, height: 200 } as never);
  const tree = parseMarkdown(markdown);
  captionTables(tree, { id: 'only', file: 'only.md.hbs' });
  const input: LayoutInput = {
    theme, profile, data, model, charts: new Map([['fig-fixture', chart]]),
    sections: [{ id: 'only', title: 'The section', meta: sectionMeta.parse({}), file: 'only.md.hbs', tree }],
    version: '0.0.0', asOf: '2024-01-16',
    measure: (text: string, size: number, bold?: boolean) => metrics.width(text, size, 'Roboto', bold ? 'bold' : 'normal'),
    outline: (text: string, o: { cx: number; cy: number; angle: number; width: number }) => metrics.outline(text, o),
  };
  return layoutDocument(input);
}

/** The normalised raster of a PDF page: rows of '#' (ink) and '.' cells. */
export function normalisedPage(pdf: string, page: number): string[] {
  const dir = tempDir('briefkit-raster-');
  const out = path.join(dir, 'p');
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), '-f', String(page), '-l', String(page), '-singlefile', pdf, out]);
  const buf = fs.readFileSync(`${out}.pgm`);
  fs.rmSync(dir, { recursive: true, force: true });
  const header = buf.toString('latin1', 0, 40).split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const px = buf.subarray(buf.length - w * h);
  const rows: string[] = [];
  for (let y = 0; y < h; y += CELL) {
    let row = '';
    for (let x = 0; x < w; x += CELL) {
      let ink = false;
      for (let dy = 0; dy < CELL && !ink; dy++) for (let dx = 0; dx < CELL && !ink; dx++) if (y + dy < h && x + dx < w && px[(y + dy) * w + x + dx]! < INK) ink = true;
      row += ink ? '#' : '.';
    }
    rows.push(row);
  }
  return rows;
}

export function difference(a: string[], b: string[]): number {
  let diff = 0;
  let ink = 0;
  for (let y = 0; y < Math.max(a.length, b.length); y++) {
    const ra = a[y] ?? '';
    const rb = b[y] ?? '';
    for (let x = 0; x < Math.max(ra.length, rb.length); x++) {
      const [ca, cb] = [ra[x] ?? '.', rb[x] ?? '.'];
      if (ca === '#' || cb === '#') ink++;
      if (ca !== cb) diff++;
    }
  }
  return ink ? diff / ink : 0;
}

/** The normalised page 2 (page 1 is the cover) of each fixture, laid out, drawn and rasterised once per run. */
const rendered = new Map<string, Promise<string[]>>();
function fixturePage(name: string): Promise<string[]> {
  let page = rendered.get(name);
  if (!page) {
    page = (async () => {
      const dir = tempDir('briefkit-raster-');
      const file = path.join(dir, `${name}.pdf`);
      fs.writeFileSync(file, await renderPdf((await fixtureDoc(FIXTURES[name]!)).dd, new Date('2024-01-16T00:00:00Z')));
      try {
        return normalisedPage(file, 2);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    })();
    rendered.set(name, page);
  }
  return page;
}

describe('golden rasters, one fixture page per block type', () => {
  it('the normaliser tells block types apart (the tolerance is no blanket)', async () => {
    const pages: string[][] = [];
    for (const name of ['paragraph', 'callout', 'data-table']) pages.push(await fixturePage(name));
    expect(difference(pages[0]!, pages[1]!)).toBeGreaterThan(TOLERANCE * 2);
    expect(difference(pages[1]!, pages[2]!)).toBeGreaterThan(TOLERANCE * 2);
  });

  for (const name of Object.keys(FIXTURES)) {
    it(`${name} matches its snapshot within ${TOLERANCE * 100} % of its ink cells`, async () => {
      const page = await fixturePage(name);
      const snap = path.join(DIR, `${name}.txt`);
      const changed = path.join(DIR, `${name}-changed.txt`);
      if (!fs.existsSync(snap)) fs.writeFileSync(snap, page.join('\n') + '\n');
      const want = fs.readFileSync(snap, 'utf8').trimEnd().split('\n');
      const d = difference(page, want);
      if (d > TOLERANCE) fs.writeFileSync(changed, page.join('\n') + '\n');
      else fs.rmSync(changed, { force: true });
      expect(d, `${name}: ${(d * 100).toFixed(2)} % of cells differ (see ${path.relative(ROOT, changed)})`).toBeLessThanOrEqual(TOLERANCE);
      expect(page.some((r) => r.includes('#'))).toBe(true);
    });
  }
});
