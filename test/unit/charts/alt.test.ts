/** Alt text said from a chart's spec and data, one kind of chart at a time (src/charts/alt/). */
import { describe, expect, it } from 'vitest';
import { chartAlt, DEFAULT_STYLE } from '../../../src/charts/alt/index.js';
import { renderChart } from '../../../src/charts/render.js';

const grants = [
  { year: 2010, value: 135100 },
  { year: 2015, value: 359000 },
  { year: 2020, value: 530000 },
  { year: 2024, value: 1045000 },
];
const alt = (spec: Record<string, unknown>) => chartAlt(spec).text;

describe('series over years and dates', () => {
  it('describes a single rising series: kind, measure, range and trend', () => {
    const spec = { data: { values: grants }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative', title: 'Invention patents granted' } } };
    expect(chartAlt(spec)).toEqual({ text: 'Line chart. Invention patents granted rose from 135,100 in 2010 to 1.045 million in 2024, each value higher than the one before.', complete: true });
  });

  it('names peaks and lows that are not at the ends, and falling series', () => {
    const values = [
      { year: 2018, n: 10 },
      { year: 2019, n: 30 },
      { year: 2020, n: 5 },
      { year: 2021, n: 8 },
    ];
    const spec = { data: { values }, mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'n', type: 'quantitative', title: 'Cases' } } };
    expect(alt(spec)).toBe('Bar chart. Cases fell from 10 in 2018 to 8 in 2021, with a peak of 30 in 2019 and a low of 5 in 2020.');
  });

  it('describes every series of a multi-series chart, however many', () => {
    const values = ['A', 'B', 'C', 'D', 'E', 'F'].flatMap((origin, i) => [
      { year: 2020, origin, v: i + 1 },
      { year: 2021, origin, v: i + 2 },
    ]);
    const text = alt({ data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'v', type: 'quantitative', title: 'Filings' }, color: { field: 'origin', type: 'nominal', title: 'Origin' } } });
    expect(text).toMatch(/^Line chart: filings by year, 6 series by origin\. A rose from 1 in 2020 to 2 in 2021/);
    expect(text).toContain('F rose from 6 in 2020 to 7 in 2021');
    expect(text).not.toContain('more');
  });

  it('names each layer of a two-dataset chart by its legend and reads each its own rows', () => {
    const layer = (name: string, values: object[]) => ({ data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', title: 'Patents' }, color: { datum: name, type: 'nominal' } } });
    const text = alt({ layer: [layer('Applications', [{ year: 2010, value: 5 }, { year: 2011, value: 7 }]), layer('Grants', [{ year: 2010, value: 1 }, { year: 2011, value: 2 }])] });
    expect(text).toBe('Line chart: patents by year, 2 series. Applications rose from 5 in 2010 to 7 in 2011; Grants rose from 1 in 2010 to 2 in 2011.');
  });

  it('says a measure on a reversed scale in its direction (a rank: lower is better)', () => {
    const values = [
      { year: 2012, rank: 34 },
      { year: 2013, rank: 35 },
      { year: 2022, rank: 11 },
      { year: 2024, rank: 12 },
    ];
    const text = alt({ data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'rank', type: 'quantitative', title: 'Position', scale: { reverse: true } } } });
    expect(text).toBe('Line chart. Position improved from 34 in 2012 to 12 in 2024, with a best of 11 in 2022 and a worst of 35 in 2013 (lower is better).');
    expect(text).not.toMatch(/fell|peak/);
  });

  it('says dates in the profile style, at the precision the data have', () => {
    const values = [
      { d: '2020-09-01', n: 36 },
      { d: '2024-08-01', n: 73 },
    ];
    const spec = { data: { values }, mark: 'point', encoding: { x: { field: 'd', type: 'temporal', title: null }, y: { field: 'n', type: 'quantitative', title: 'Centres' } } };
    expect(alt(spec)).toBe('Scatter plot. Centres rose from 36 in September 2020 to 73 in August 2024.');
    const days = [{ d: '2021-03-04', n: 1 }, { d: '2021-05-09', n: 2 }];
    expect(chartAlt({ ...spec, data: { values: days } }, [], { ...DEFAULT_STYLE, dateStyle: 'MMMM d, yyyy', numbers: { locale: 'en-US', large: 'word' } }).text).toContain('from 1 on March 4, 2021 to 2 on May 9, 2021');
  });
});

describe('categories, stacks and slices', () => {
  it('lists every category, largest first (horizontal bars too)', () => {
    const values = [
      { country: 'X', n: 3 },
      { country: 'Y', n: 9 },
      { country: 'Z', n: 1 },
    ];
    expect(alt({ data: { values }, mark: { type: 'bar' }, encoding: { y: { field: 'country', type: 'nominal', title: 'Country' }, x: { field: 'n', type: 'quantitative', title: 'Offices' } } })).toBe('Bar chart: offices by country. Y 9, X 3 and Z 1.');
  });

  it('says stacked bars by component, a normalised stack in shares of its bar', () => {
    const values = [
      { city: 'North', part: 'Day', h: 12 },
      { city: 'North', part: 'Night', h: 4 },
      { city: 'South', part: 'Day', h: 6 },
      { city: 'South', part: 'Night', h: 6 },
    ];
    const spec = { data: { values }, mark: 'bar', encoding: { y: { field: 'city', type: 'nominal', title: null }, x: { field: 'h', type: 'quantitative', stack: 'normalize', title: 'Share of hours' }, color: { field: 'part', type: 'nominal' } } };
    expect(alt(spec)).toBe('Stacked bar chart: share of hours by city, in 2 parts (Day and Night). North: Day 75% and Night 25%; South: Day 50% and Night 50%.');
  });

  it('says a pie by its shares', () => {
    const values = [
      { k: 'a', v: 1 },
      { k: 'b', v: 3 },
    ];
    expect(alt({ data: { values }, mark: 'arc', encoding: { theta: { field: 'v', type: 'quantitative', title: 'Votes' }, color: { field: 'k', type: 'nominal', title: 'Party' } } })).toBe('Pie chart: votes by party. Shares: b 75% and a 25%.');
  });
});

describe('facets, timelines and heat maps', () => {
  it('describes each panel of a faceted chart on its own, never merged', () => {
    const values = [
      { panel: 'Old count', year: 2015, v: 35844 },
      { panel: 'Old count', year: 2016, v: 40000 },
      { panel: 'New count', year: 2015, v: 14202 },
      { panel: 'New count', year: 2016, v: 15000 },
    ];
    const text = alt({ data: { values }, facet: { field: 'panel', type: 'nominal', title: 'Measure' }, spec: { mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'v', type: 'quantitative', title: 'Filings' } } } });
    expect(text).toBe('Bar chart, in 2 panels by measure, each read on its own. Old count: filings rose from 35,844 in 2015 to 40,000 in 2016. New count: filings rose from 14,202 in 2015 to 15,000 in 2016.');
  });

  it('says a timeline as counts per group and kind, with its first and last events', () => {
    const values = [
      { date: '2008-06-05', who: 'China', kind: 'Law', event: 'A strategy was issued.' },
      { date: '2018-03-01', who: 'United States', kind: 'Report', event: 'A report named China.' },
      { date: '2025-07-21', who: 'WTO', kind: 'Ruling', event: 'Arbitrators ruled.' },
      { date: '2019-05-15', who: 'United States', kind: 'Sanction', event: 'A listing.' },
    ];
    const text = alt({ data: { values }, mark: 'point', encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { field: 'who', type: 'nominal', title: null }, color: { field: 'kind', type: 'nominal', title: null } } });
    expect(text).toBe('Timeline. 4 events from 5 June 2008 to 21 July 2025; by who: China 1, United States 2 and WTO 1; by kind: Law 1, Report 1, Sanction 1 and Ruling 1. The first is China, A strategy was issued (on 5 June 2008); the last, WTO, Arbitrators ruled (on 21 July 2025).');
  });

  it('says a category heat map as each row\'s runs, and a numeric one by its extremes', () => {
    const values = [2006, 2007, 2008, 2009, 2010].map((year) => ({ year, status: 'Watch', evidence: year === 2008 ? 'Inferred' : 'Source' }));
    expect(alt({ data: { values }, mark: 'rect', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'status', type: 'nominal' }, color: { field: 'evidence', type: 'nominal' } } })).toBe('Heat map: evidence by year and status. Watch: 2006–2010; by evidence: Source 2006–2007 and 2009–2010; Inferred 2008.');
    const cells = [
      { x: 'a', y: 'r1', t: 1 },
      { x: 'b', y: 'r1', t: 9 },
      { x: 'a', y: 'r2', t: 4 },
      { x: 'b', y: 'r2', t: 5 },
    ];
    expect(alt({ data: { values: cells }, mark: 'rect', encoding: { x: { field: 'x', type: 'nominal' }, y: { field: 'y', type: 'nominal' }, color: { field: 't', type: 'quantitative', title: 'Heat' } } })).toBe('Heat map: heat by x and y. 4 cells in 2 rows; highest 9 (r1, b), lowest 1 (r1, a); the highest row on average is r1.');
  });
});

describe('in the edition\'s language', () => {
  it('says the chart in the catalogue\'s words and the locale\'s numbers (German nouns keep their capitals)', () => {
    const spec = { data: { values: [{ year: 2019, v: 1200000 }, { year: 2020, v: 900000 }, { year: 2021, v: 2500000 }] }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal', title: 'Jahr' }, y: { field: 'v', type: 'quantitative', title: 'Umsatz' } } };
    const say = (language: string, locale: string) => chartAlt(spec, [], { ...DEFAULT_STYLE, language, numbers: { locale, large: 'word' } }).text;
    expect(say('de', 'de-DE')).toBe('Liniendiagramm. Umsatz stieg von 1,2 Millionen (2019) auf 2,5 Millionen (2021), mit einem Tiefstwert von 900.000 (2020).');
    expect(say('fr', 'fr-FR')).toBe('Graphique linéaire. Umsatz a augmenté de 1,2 million (2019) à 2,5 millions (2021), avec un minimum de 900 000 (2020).');
    expect(say('zh', 'zh-CN')).toBe('折线图。Umsatz 从120万（2019）上升至250万（2021），其中最低900,000（2020）。');
  });
});

describe('what cannot be said from data', () => {
  it('is marked incomplete: no data, no encodings, an image mark', () => {
    expect(chartAlt({ mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } })).toEqual({ text: 'Scatter plot: b by a.', complete: false });
    expect(chartAlt({ title: 'Empty' })).toEqual({ text: 'Chart: Empty.', complete: false });
    expect(chartAlt({})).toEqual({ text: 'Chart.', complete: false });
    const values = [{ x: 1, y: 2, img: 'a.png' }, { x: 2, y: 3, img: 'b.png' }];
    expect(chartAlt({ data: { values }, layer: [{ mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } }, { mark: 'image', encoding: { url: { field: 'img' } } }] }).complete).toBe(false);
  });
});

describe('renderChart', () => {
  it('reads the rows the chart drew (after filters) and puts the alt text into the SVG', async () => {
    const spec = {
      data: { name: 'd' },
      transform: [{ filter: "datum.kind == 'keep'" }],
      mark: 'line',
      encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative', title: 'Grants' } },
    };
    const rows = [...grants.map((g) => ({ ...g, kind: 'keep' })), { year: 2030, value: 1, kind: 'drop' }];
    const out = await renderChart({ file: 'x.vl.json', spec, datasets: new Map([['d', rows]]), config: {}, width: 300, height: 150 });
    expect(out.alt).toBe('Line chart. Grants rose from 135,100 in 2010 to 1.045 million in 2024, each value higher than the one before.');
    expect(out.altComplete).toBe(true);
    expect(out.svg).toMatch(/^<svg[^>]* role="img" aria-label="Line chart. Grants rose[^"]*"><title>Line chart. Grants rose/);
  });
});
