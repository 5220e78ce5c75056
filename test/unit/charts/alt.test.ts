/** Alt text generated from a chart's spec and data (src/charts/alt.ts). */
import { describe, expect, it } from 'vitest';
import { chartAlt, formatNumber } from '../../../src/charts/alt.js';
import { renderChart } from '../../../src/charts/render.js';

const grants = [
  { year: 2010, value: 135100 },
  { year: 2015, value: 359000 },
  { year: 2020, value: 530000 },
  { year: 2024, value: 1045000 },
];

describe('chartAlt', () => {
  it('describes a single rising series: kind, measure, range and trend', () => {
    const spec = { data: { values: grants }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative', title: 'Invention patents granted' } } };
    expect(chartAlt(spec)).toBe('Line chart: invention patents granted rose from 135,100 in 2010 to 1.045 million in 2024, each value higher than the one before.');
  });

  it('names peaks and lows that are not at the ends, and falling series', () => {
    const values = [
      { year: 2018, n: 10 },
      { year: 2019, n: 30 },
      { year: 2020, n: 5 },
      { year: 2021, n: 8 },
    ];
    const spec = { data: { values }, mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'n', type: 'quantitative', title: 'Cases' } } };
    expect(chartAlt(spec)).toBe('Bar chart: cases fell from 10 in 2018 to 8 in 2021, with a peak of 30 in 2019 and a low of 5 in 2020.');
  });

  it('describes a reversed scale (a rank) in its direction: a fall is an improvement, the highest value the worst (issue 27)', () => {
    const values = [
      { year: 2013, rank: 34 },
      { year: 2014, rank: 35 },
      { year: 2019, rank: 14 },
      { year: 2024, rank: 11 },
    ];
    const spec = { data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'rank', type: 'quantitative', title: 'GII rank', scale: { reverse: true } } } };
    expect(chartAlt(spec)).toBe('Line chart: GII rank (lower is better) improved from 34 in 2013 to 11 in 2024, with a worst of 35 in 2014.');
  });

  it('names no peak that only ties the last value', () => {
    const values = [
      { year: 1972, s: 10 },
      { year: 2017, s: 37 },
      { year: 2025, s: 37 },
      { year: 2000, s: 32 },
    ];
    const spec = { data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 's', type: 'quantitative', title: 'Seconds' } } };
    expect(chartAlt(spec)).toBe('Line chart: seconds rose from 10 in 1972 to 37 in 2025.');
  });

  it('describes each series of a multi-series chart', () => {
    const values = [
      { year: 2020, origin: 'A', v: 1 },
      { year: 2021, origin: 'A', v: 2 },
      { year: 2020, origin: 'B', v: 5 },
      { year: 2021, origin: 'B', v: 4 },
    ];
    const spec = { data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal', title: 'Year' }, y: { field: 'v', type: 'quantitative', title: 'Filings' }, color: { field: 'origin', type: 'nominal', title: 'Origin' } } };
    expect(chartAlt(spec)).toBe('Line chart: filings by year for 2 origin series. A rose from 1 in 2020 to 2 in 2021, each value higher than the one before; B fell from 5 in 2020 to 4 in 2021, each value lower than the one before.');
  });

  it('describes categories by their highest and lowest values (horizontal bars too)', () => {
    const values = [
      { country: 'X', n: 3 },
      { country: 'Y', n: 9 },
      { country: 'Z', n: 1 },
    ];
    const spec = { data: { values }, mark: { type: 'bar' }, encoding: { y: { field: 'country', type: 'nominal', title: 'Country' }, x: { field: 'n', type: 'quantitative', title: 'Offices' } } };
    expect(chartAlt(spec)).toBe('Bar chart: offices by country (3 categories): highest Y at 9, lowest Z at 1.');
  });

  it('says what it can when the data are not at hand, and never fails', () => {
    expect(chartAlt({ mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } })).toBe('Scatter plot: b by a.');
    expect(chartAlt({ title: 'Empty' })).toBe('Chart: Empty.');
    expect(chartAlt({})).toBe('Chart.');
  });

  it('formats numbers as a reader says them', () => {
    expect(formatNumber(135100)).toBe('135,100');
    expect(formatNumber(1045000)).toBe('1.045 million');
    expect(formatNumber(2.5e9)).toBe('2.5 billion');
    expect(formatNumber(0.153)).toBe('0.153');
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
    expect(out.alt).toBe('Line chart: grants rose from 135,100 in 2010 to 1.045 million in 2024, each value higher than the one before.');
    expect(out.svg).toMatch(/^<svg[^>]* role="img" aria-label="Line chart: grants rose[^"]*"><title>Line chart: grants rose/);
    expect(out.svg).toContain('<desc>Line chart: grants rose from 135,100');
  });
});

describe('dates in the alt text (issue 27)', () => {
  it('are written in the profile’s style when one is given, ISO otherwise', () => {
    const values = [
      { date: '2025-03-20', h: 12.1 },
      { date: '2025-06-21', h: 18.8 },
    ];
    const spec = { data: { values }, mark: 'line', encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { field: 'h', type: 'quantitative', title: 'Day length' } } };
    expect(chartAlt(spec)).toBe('Line chart: day length rose from 12.1 on 2025-03-20 to 18.8 on 2025-06-21, each value higher than the one before.');
    const long = (d: Date) => d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(chartAlt(spec, [], { date: long })).toBe('Line chart: day length rose from 12.1 on 20 March 2025 to 18.8 on 21 June 2025, each value higher than the one before.');
  });
});

describe('multi-series charts (issue 27)', () => {
  it('describe every series, not the first four and "1 more"', () => {
    const cities = ['Reykjavík', 'Oslo', 'London', 'Madrid', 'Singapore'];
    const values = cities.flatMap((city, i) => [
      { year: 2024, city, h: 10 + i },
      { year: 2025, city, h: 11 + i },
    ]);
    const spec = { data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'h', type: 'quantitative', title: 'Hours' }, color: { field: 'city', type: 'nominal', title: 'City' } } };
    const alt = chartAlt(spec);
    for (const c of cities) expect(alt).toContain(`${c} rose from`);
    expect(alt).not.toMatch(/more\.$/);
  });
});

describe('a series per layer (issue 27: policy Fig. 2 described one of its two)', () => {
  it('describes each layer’s series by the name its colour gives it', () => {
    const layer = (name: string, values: object[]) => ({ data: { values }, mark: 'line', encoding: { x: { field: 'year', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', title: 'Invention patents' }, color: { datum: name, type: 'nominal' } } });
    const spec = {
      layer: [
        layer('Applications filed', [{ year: 2010, value: 391177 }, { year: 2022, value: 1619268 }]),
        layer('Patents granted', [{ year: 2010, value: 135110 }, { year: 2022, value: 798347 }]),
      ],
    };
    // the drawn rows of each layer (a line and its points each): each layer reads its own
    const drawn = spec.layer.flatMap((l) => [[...l.data.values], [...l.data.values]]) as Record<string, unknown>[][];
    for (const alt of [chartAlt(spec), chartAlt(spec, drawn)]) {
      expect(alt).toContain('Applications filed (invention patents) rose from 391,177 in 2010 to 1.619 million in 2022');
      expect(alt).toContain('Patents granted (invention patents) rose from 135,110 in 2010 to 798,347 in 2022');
    }
    const alt = chartAlt(spec);
    expect(alt).toContain('Applications filed (invention patents) rose from 391,177 in 2010 to 1.619 million in 2022');
    expect(alt).toContain('Patents granted (invention patents) rose from 135,110 in 2010 to 798,347 in 2022');
  });
});

describe('a timeline of events (issue 27: "Scatter plot: actorGroup by date, by kind." said nothing)', () => {
  it('counts the events per group and names the first and the last', () => {
    const values = [
      { date: '2008-03-01', actorGroup: 'US government', kind: 'report' },
      { date: '2018-03-22', actorGroup: 'US government', kind: 'tariffs' },
      { date: '2022-02-18', actorGroup: 'European Union', kind: 'WTO case' },
      { date: '2025-01-10', actorGroup: 'China', kind: 'plan' },
    ];
    const spec = { data: { values }, mark: 'point', encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { field: 'actorGroup', type: 'nominal', title: 'Actor' }, shape: { field: 'kind' }, color: { field: 'kind', type: 'nominal' } } };
    expect(chartAlt(spec)).toBe('Scatter plot: 4 events by actor, 2008-03-01 to 2025-01-10: US government 2, China 1, European Union 1. The first, US government (report) on 2008-03-01; the last, China (plan) on 2025-01-10.');
  });
});

describe('a heat map (issue 27: "Heat map: status by year, by evidence." said nothing)', () => {
  it('gives the cells per row with their span, and the cells per colour', () => {
    const values = [2006, 2007, 2008].map((year) => ({ year, status: 'Priority Watch List', Evidence: year === 2007 ? 'Inferred' : 'Year-specific source' }));
    const spec = { data: { values }, mark: 'rect', encoding: { x: { field: 'year', type: 'ordinal', title: null }, y: { field: 'status', type: 'nominal', title: null }, color: { field: 'Evidence', type: 'nominal', title: null } } };
    expect(chartAlt(spec)).toBe('Heat map: status by year (3 cells): Priority Watch List in 3 (2006 to 2008). By evidence: Year-specific source 2, Inferred 1.');
  });
  it('names the highest and lowest cells of a measure', () => {
    const values = [
      { m: 'Jan', city: 'Oslo', h: 7 },
      { m: 'Jun', city: 'Oslo', h: 18.8 },
      { m: 'Jan', city: 'Madrid', h: 9.5 },
      { m: 'Jun', city: 'Madrid', h: 15 },
    ];
    const spec = { data: { values }, mark: 'rect', encoding: { x: { field: 'm', type: 'ordinal', title: 'Month' }, y: { field: 'city', type: 'nominal', title: 'City' }, color: { field: 'h', type: 'quantitative', title: 'Day length' } } };
    expect(chartAlt(spec)).toBe('Heat map: city by month (4 cells), coloured by day length: highest 18.8 for Oslo in Jun, lowest 7 for Oslo in Jan.');
  });
});

describe('drawn rows with dates parsed by Vega', () => {
  it('are still read (the rows a filter kept), not the bound rows', () => {
    const values = [
      { date: '2020-09-01', n: 36 },
      { date: '2021', n: 25 },
      { date: '2024-08-01', n: 73 },
    ];
    const spec = { data: { values }, mark: 'point', encoding: { x: { field: 'date', type: 'temporal', title: null }, y: { field: 'n', type: 'quantitative', title: 'Centres' } } };
    const drawn = [[{ date: Date.UTC(2020, 8, 1), n: 36 }, { date: Date.UTC(2024, 7, 1), n: 73 }]];
    expect(chartAlt(spec, drawn)).toBe('Scatter plot: centres rose from 36 on 2020-09-01 to 73 on 2024-08-01, each value higher than the one before.');
  });
});

describe('stacked bars (issue 27: daylight Fig. 2 mixed daylight and twilight shares)', () => {
  it('describe each category by its components', () => {
    const values = [
      { city: 'Reykjavík', category: 'Daylight', share: 52.14 },
      { city: 'Reykjavík', category: 'Civil twilight', share: 9.5 },
      { city: 'Singapore', category: 'Daylight', share: 50.6 },
      { city: 'Singapore', category: 'Civil twilight', share: 3 },
    ];
    const spec = { data: { values }, mark: 'bar', encoding: { y: { field: 'city', type: 'nominal', title: null }, x: { field: 'share', type: 'quantitative', stack: 'normalize', title: 'Share of the year’s hours' }, color: { field: 'category', type: 'nominal', title: null } } };
    expect(chartAlt(spec)).toBe('Bar chart: share of the year’s hours by city, by category: Reykjavík: Daylight 52.14, Civil twilight 9.5; Singapore: Daylight 50.6, Civil twilight 3.');
  });
});

describe('facets (issue 27: seven panels "not comparable" were merged into one series)', () => {
  it('describe each panel apart', () => {
    const values = [
      { source: 'CNIPA', year: 2015, n: 35844 },
      { source: 'CNIPA', year: 2020, n: 40000 },
      { source: 'Xinhua', year: 2015, n: 14202 },
      { source: 'Xinhua', year: 2020, n: 12000 },
    ];
    const spec = { data: { values }, facet: { row: { field: 'source', type: 'nominal' } }, spec: { mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'n', type: 'quantitative', title: 'Cases' } } } };
    const alt = chartAlt(spec);
    expect(alt).toBe('CNIPA: cases rose from 35,844 in 2015 to 40,000 in 2020, each value higher than the one before. Xinhua: cases fell from 14,202 in 2015 to 12,000 in 2020, each value lower than the one before.');
  });
});
