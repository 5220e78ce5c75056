/**
 * Alt text a reader can rely on, through the whole pipeline (issue "Accessible for real"): every
 * chart's text alternative is listed in out/alt.json (in the manifest with its digest) and by
 * `check --alt`; an empty alt is an error unless the chart is marked decorative (then it is an
 * artifact a screen reader skips); a chart its data cannot describe is a warning, and an error
 * under --pdfua.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibility, runCliInProcess, tempDir } from '../support.js';

let dir = '';
let section = '';
let original = '';
const setCall = (call: string) => fs.writeFileSync(section, original.replace(/\{\{chart "tai-utc"[^}]*\}\}/, call));
const build = (...extra: string[]) => runCliInProcess(['build', '--root', dir, '--quiet', ...extra]);
const altJson = () => JSON.parse(fs.readFileSync(path.join(dir, 'out', 'alt.json'), 'utf8'));

beforeAll(async () => {
  dir = path.join(tempDir('briefkit-alt-'), 'report');
  expect((await runCliInProcess(['init', dir])).code).toBe(0);
  section = path.join(dir, 'templates', 'sections', 'overview.md.hbs');
  original = fs.readFileSync(section, 'utf8');
  expect(original).toMatch(/\{\{chart "tai-utc"/);
});

describe('alt text of charts', () => {
  it('lists every chart\'s alt text in out/alt.json, in the manifest with its digest, and in check --alt', async () => {
    const r = await build();
    expect(r.code, r.stderr).toBe(0);
    const alt = altJson();
    const [fig] = alt.editions.general.figures;
    expect(fig).toMatchObject({ figure: 'Figure 1', id: 'fig-tai-utc', from: 'data', complete: true, template: 'templates/sections/overview.md.hbs:10' });
    // said from the data: the series' range with its years
    expect(fig.alt).toMatch(/rose from 10 in 1972 to 37 in 20\d\d/);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.alt).toEqual({ file: 'alt.json', sha256: crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, 'out', 'alt.json'))).digest('hex') });
    const c = await runCliInProcess(['check', '--root', dir, '--alt']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain(`Figure 1, page ${fig.page} (said from its data): ${fig.alt}`);
    // the PDF's Figure carries the same words
    expect(accessibility(path.join(dir, 'out', 'briefing-general.pdf')).figureAlts).toEqual([fig.alt]);
  });

  it('refuses an empty alt (BK390) and an alt on a decorative chart (BK391), naming the template line', async () => {
    setCall('{{chart "tai-utc" id="fig-tai-utc" caption="TAI−UTC" alt=""}}');
    let r = await build();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BK390[\s\S]*overview\.md\.hbs:10[\s\S]*decorative=true/);
    setCall('{{chart "tai-utc" id="fig-tai-utc" caption="TAI−UTC" decorative=true alt="Steps"}}');
    r = await build();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/BK391[\s\S]*overview\.md\.hbs:10/);
  });

  it('makes a decorative chart an artifact: no Figure, nothing said, listed as decorative', async () => {
    setCall('{{chart "tai-utc" id="fig-tai-utc" caption="TAI−UTC" decorative=true}}');
    const r = await build();
    expect(r.code, r.stderr).toBe(0);
    expect(accessibility(path.join(dir, 'out', 'briefing-general.pdf')).figureAlts).toEqual([]);
    expect(altJson().editions.general.figures[0]).toMatchObject({ from: 'decorative', alt: '', complete: false });
  });

  it('warns on a chart its data cannot describe (BK392) and refuses it under --pdfua, until the template describes it', async () => {
    const spec = path.join(dir, 'templates', 'charts', 'tai-utc.vl.json');
    const kept = fs.readFileSync(spec, 'utf8');
    try {
      // a mark with no encodings: nothing in the data can say what it shows
      fs.writeFileSync(spec, JSON.stringify({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { name: 'tai-utc' }, mark: 'point' }));
      setCall('{{chart "tai-utc" id="fig-tai-utc" caption="TAI−UTC"}}');
      let r = await runCliInProcess(['build', '--root', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/BK392[\s\S]*overview\.md\.hbs:10[\s\S]*"Chart\."/);
      r = await build('--pdfua');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/BK392/);
      setCall('{{chart "tai-utc" id="fig-tai-utc" caption="TAI−UTC" alt="Dots, one for each leap second table entry."}}');
      r = await build('--pdfua');
      expect(r.code, r.stderr).toBe(0);
      expect(altJson().editions.general.figures[0]).toMatchObject({ from: 'template', complete: true, alt: 'Dots, one for each leap second table entry.' });
    } finally {
      fs.writeFileSync(spec, kept);
      fs.writeFileSync(section, original);
    }
  });
});
