#!/usr/bin/env node
/**
 * Writes the conformance sample: test/conformance/specs/*.vl.json (valid Vega-Lite 6 specs with
 * small inline or local data), plus the local files they use (rows.csv, a PNG and a JPEG made
 * here byte by byte). Run it again after editing a spec below: `node test/conformance/make-specs.mjs`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const OUT = path.join(import.meta.dirname, 'specs');
const S = 'https://vega.github.io/schema/vega-lite/v6.json';

// --- data ------------------------------------------------------------------------------------
const cats = [
  { cat: 'alpha', v: 28, w: 4 }, { cat: 'beta', v: 55, w: 7 }, { cat: 'gamma', v: 43, w: 2 },
  { cat: 'delta', v: 91, w: 9 }, { cat: 'epsilon', v: 81, w: 5 }, { cat: 'zeta', v: 53, w: 3 },
];
const series = [];
for (const [i, year] of [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022].entries())
  for (const [j, group] of ['north', 'south', 'east'].entries()) series.push({ year, group, value: 10 + ((i * 7 + j * 13) % 17) + i * 2 });
const points = [];
for (let i = 0; i < 24; i++) points.push({ x: ((i * 37) % 23) + 1, y: ((i * 53) % 29) + 2, g: ['red team', 'blue team', 'green team'][i % 3], size: (i % 5) + 1 });
const dates = [];
for (let d = 0; d < 36; d++) {
  const t = new Date(Date.UTC(2023, 0, 3) + d * 9 * 86400000);
  dates.push({ date: t.toISOString().slice(0, 10), amount: 20 + ((d * 17) % 31), kind: d % 2 ? 'fees' : 'grants' });
}
const measures = [];
for (const grp of ['setA', 'setB', 'setC']) for (let i = 0; i < 12; i++) measures.push({ grp, m: ((i * 29 + grp.length * 7 + grp.charCodeAt(3) * 3) % 40) + 5, t: i });
const geo = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: 'Westland', pop: 12 }, geometry: { type: 'Polygon', coordinates: [[[0, 40], [-10, 40], [-10, 50], [0, 50], [0, 40]]] } },
    { type: 'Feature', properties: { name: 'Eastland', pop: 30 }, geometry: { type: 'Polygon', coordinates: [[[0, 40], [0, 50], [10, 50], [10, 40], [0, 40]]] } },
    { type: 'Feature', properties: { name: 'Southland', pop: 21 }, geometry: { type: 'Polygon', coordinates: [[[-10, 30], [-10, 40], [10, 40], [10, 30], [-10, 30]]] } },
  ],
};
// shared edge A = (0,10)→(0,0); rings clockwise, as d3-geo expects
const topo = {
  type: 'Topology',
  objects: { regions: { type: 'GeometryCollection', geometries: [
    { type: 'Polygon', arcs: [[1, 0]], properties: { name: 'West' } },
    { type: 'Polygon', arcs: [[-1, 2]], properties: { name: 'East' } },
  ] } },
  arcs: [[[0, 10], [0, 0]], [[0, 0], [-10, 0], [-10, 10], [0, 10]], [[0, 10], [10, 10], [10, 0], [0, 0]]],
};
const cities = [{ city: 'Ashford', lon: -5, lat: 45 }, { city: 'Brill', lon: 5, lat: 47 }, { city: 'Cley', lon: 2, lat: 35 }];

const q = (field, title, extra = {}) => ({ field, type: 'quantitative', title, ...extra });
const n = (field, title, extra = {}) => ({ field, type: 'nominal', title, ...extra });
const o = (field, title, extra = {}) => ({ field, type: 'ordinal', title, ...extra });
const t = (field, title, extra = {}) => ({ field, type: 'temporal', title, ...extra });
const V = (values) => ({ values });

// --- specs -------------------------------------------------------------------------------------
const specs = {
  // single marks
  'bar-basic': { data: V(cats), mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value') } },
  'bar-horizontal-sorted': { data: V(cats), mark: 'bar', encoding: { y: n('cat', 'Category', { sort: '-x' }), x: q('v', 'Value') } },
  'bar-grouped-xoffset': { data: V(series.filter((r) => r.year >= 2019)), mark: 'bar', encoding: { x: o('year', 'Year'), xOffset: n('group', 'Group'), y: q('value', 'Amount'), color: n('group', 'Group') } },
  'bar-stacked': { data: V(series), mark: 'bar', encoding: { x: o('year', 'Year'), y: q('value', 'Stacked amount', { aggregate: 'sum' }), color: n('group', 'Group') } },
  'bar-normalized-stack': { data: V(series), mark: 'bar', encoding: { x: o('year', 'Year'), y: q('value', 'Share', { aggregate: 'sum', stack: 'normalize' }), color: n('group', 'Group') } },
  'bar-aggregate-mean': { data: V(measures), mark: 'bar', encoding: { x: n('grp', 'Set'), y: q('m', 'Mean of m', { aggregate: 'mean' }) } },
  'bar-diverging': { data: V(cats.map((r) => ({ ...r, d: r.v - 50 }))), mark: 'bar', encoding: { y: n('cat', 'Category'), x: q('d', 'Difference from fifty'), color: { condition: { test: 'datum.d < 0', value: '#c0392b' }, value: '#2471a3' } } },
  'line-basic': { data: V(series.filter((r) => r.group === 'north')), mark: 'line', encoding: { x: o('year', 'Year'), y: q('value', 'Value') } },
  'line-multi-points': { data: V(series), mark: { type: 'line', point: true }, encoding: { x: o('year', 'Year'), y: q('value', 'Value'), color: n('group', 'Group') } },
  'line-temporal': { data: V(dates), mark: 'line', encoding: { x: t('date', 'Date'), y: q('amount', 'Amount'), color: n('kind', 'Kind') } },
  'line-step-interpolate': { data: V(series.filter((r) => r.group === 'east')), mark: { type: 'line', interpolate: 'step-after' }, encoding: { x: o('year', 'Year'), y: q('value', 'Value') } },
  'area-basic': { data: V(dates.filter((r) => r.kind === 'fees')), mark: 'area', encoding: { x: t('date', 'Date'), y: q('amount', 'Fees') } },
  'area-stacked-streams': { data: V(series), mark: 'area', encoding: { x: o('year', 'Year'), y: q('value', 'Total', { aggregate: 'sum', stack: 'center' }), color: n('group', 'Group') } },
  'area-gradient': { data: V(dates.filter((r) => r.kind === 'grants')), mark: { type: 'area', line: true, color: { gradient: 'linear', x1: 1, y1: 1, x2: 1, y2: 0, stops: [{ offset: 0, color: 'white' }, { offset: 1, color: '#2471a3' }] } }, encoding: { x: t('date', 'Date'), y: q('amount', 'Grants') } },
  'point-scatter': { data: V(points), mark: 'point', encoding: { x: q('x', 'Width'), y: q('y', 'Height'), color: n('g', 'Team'), shape: n('g', 'Team') } },
  'circle-bubble': { data: V(points), mark: 'circle', encoding: { x: q('x', 'Width'), y: q('y', 'Height'), size: q('size', 'Size') } },
  'square-marks': { data: V(points), mark: { type: 'square', filled: true }, encoding: { x: q('x', 'Width'), y: q('y', 'Height'), opacity: q('size', 'Weight') } },
  'tick-strip': { data: V(measures), mark: 'tick', encoding: { x: q('m', 'Measure'), y: n('grp', 'Set') } },
  'rule-ranges': { data: V(cats), mark: 'rule', encoding: { y: n('cat', 'Task'), x: q('w', 'Start'), x2: { field: 'v' } } },
  'rect-heatmap': { data: V(series), mark: 'rect', encoding: { x: o('year', 'Year'), y: n('group', 'Group'), color: q('value', 'Value') } },
  'arc-pie': { data: V(cats), mark: 'arc', encoding: { theta: q('v', 'Value'), color: n('cat', 'Category') } },
  'arc-donut-labels': { data: V(cats.slice(0, 4)), encoding: { theta: { field: 'v', type: 'quantitative', stack: true }, color: n('cat', 'Slice') }, layer: [{ mark: { type: 'arc', innerRadius: 40, outerRadius: 90 } }, { mark: { type: 'text', radius: 110 }, encoding: { text: { field: 'cat' } } }] },
  'trail-basic': { data: V(series.filter((r) => r.group === 'south')), mark: 'trail', encoding: { x: o('year', 'Year'), y: q('value', 'Value'), size: q('value', 'Width') } },
  'text-scatter-labels': { data: V(points.slice(0, 8).map((p, i) => ({ ...p, label: `pt-${i}` }))), mark: { type: 'text', dx: 6, align: 'left' }, encoding: { x: q('x', 'Width'), y: q('y', 'Height'), text: { field: 'label' } } },
  // two Vega-Lite gallery charts with emoji (isotype_bar_chart_emoji; a text mark of weather
  // symbols with variation selectors): set in the font chain's emoji font (Noto Emoji), not refused
  'isotype-bar-emoji': {
    title: 'Livestock 🐄 🐖 🐑',
    data: V([
      { country: 'Great Britain', animal: 'cattle' }, { country: 'Great Britain', animal: 'cattle' }, { country: 'Great Britain', animal: 'pigs' },
      { country: 'Great Britain', animal: 'sheep' }, { country: 'Great Britain', animal: 'sheep' }, { country: 'Great Britain', animal: 'sheep' },
      { country: 'United States', animal: 'cattle' }, { country: 'United States', animal: 'cattle' }, { country: 'United States', animal: 'cattle' },
      { country: 'United States', animal: 'pigs' }, { country: 'United States', animal: 'pigs' }, { country: 'United States', animal: 'sheep' },
    ]),
    width: 300, height: 120,
    transform: [
      { calculate: "{'cattle': '🐄', 'pigs': '🐖', 'sheep': '🐑'}[datum.animal]", as: 'emoji' },
      { window: [{ op: 'rank', as: 'rank' }], groupby: ['country', 'animal'] },
    ],
    mark: { type: 'text', baseline: 'middle' },
    encoding: { x: { field: 'rank', type: 'ordinal', axis: null }, y: { field: 'animal', type: 'nominal', axis: null, sort: null }, row: { field: 'country', header: { title: '' } }, text: { field: 'emoji' }, size: { value: 26 } },
  },
  'text-emoji-weather': {
    data: V([{ weather: 'sun', days: 14, symbol: '☀️' }, { weather: 'rain', days: 9, symbol: '🌧️' }, { weather: 'snow', days: 3, symbol: '❄️' }, { weather: 'fog', days: 5, symbol: '🌫️' }]),
    layer: [
      { mark: 'bar', encoding: { x: n('weather', 'Weather ☂'), y: q('days', 'Days') } },
      { mark: { type: 'text', dy: -10, fontSize: 16 }, encoding: { x: n('weather'), y: q('days'), text: { field: 'symbol' } } },
    ],
  },
  'text-table': { data: V(cats), mark: 'text', encoding: { y: n('cat', 'Row'), text: q('v', 'Value', { format: '.1f' }) } },
  // bin, timeUnit, aggregate
  'bin-histogram': { data: V(measures), mark: 'bar', encoding: { x: q('m', 'Binned measure', { bin: { maxbins: 10 } }), y: { aggregate: 'count', type: 'quantitative', title: 'Count' } } },
  'bin-2d-heatmap': { data: V(points), mark: 'rect', encoding: { x: q('x', 'Width bins', { bin: { maxbins: 6 } }), y: q('y', 'Height bins', { bin: { maxbins: 6 } }), color: { aggregate: 'count', type: 'quantitative', title: 'Points' } } },
  'bin-transform': { data: V(measures), transform: [{ bin: { step: 5 }, field: 'm', as: 'mb' }], mark: 'bar', encoding: { x: { field: 'mb', bin: { binned: true, step: 5 }, type: 'quantitative', title: 'Measure bin' }, x2: { field: 'mb_end' }, y: { aggregate: 'count', type: 'quantitative', title: 'Count' } } },
  'timeunit-month': { data: V(dates), mark: 'bar', encoding: { x: t('date', 'Month', { timeUnit: 'month' }), y: q('amount', 'Total', { aggregate: 'sum' }) } },
  'timeunit-yearmonth-line': { data: V(dates), mark: 'line', encoding: { x: t('date', 'Year and month', { timeUnit: 'yearmonth' }), y: q('amount', 'Mean amount', { aggregate: 'mean' }), color: n('kind', 'Kind') } },
  'timeunit-day-heat': { data: V(dates), mark: 'rect', encoding: { x: o('date', 'Weekday', { timeUnit: 'day' }), y: o('date', 'Month', { timeUnit: 'month' }), color: q('amount', 'Amount', { aggregate: 'sum' }) } },
  // composite marks
  'boxplot-minmax': { data: V(measures), mark: { type: 'boxplot', extent: 'min-max' }, encoding: { x: n('grp', 'Set'), y: q('m', 'Measure') } },
  'boxplot-iqr': { data: V(measures), mark: 'boxplot', encoding: { y: n('grp', 'Set'), x: q('m', 'Measure') } },
  'errorbar-stdev': { data: V(measures), layer: [{ mark: { type: 'errorbar', extent: 'stdev' }, encoding: { x: n('grp', 'Set'), y: q('m', 'Measure') } }, { mark: { type: 'point', filled: true, color: 'black' }, encoding: { x: n('grp', 'Set'), y: q('m', 'Measure', { aggregate: 'mean' }) } }] },
  'errorband-ci': { data: V(measures), layer: [{ mark: { type: 'errorband', extent: 'ci' }, encoding: { x: o('t', 'Step'), y: q('m', 'Measure') } }, { mark: 'line', encoding: { x: o('t', 'Step'), y: q('m', 'Mean measure', { aggregate: 'mean' }) } }] },
  'errorband-stderr': { data: V(measures), mark: { type: 'errorband', extent: 'stderr', borders: true }, encoding: { x: o('t', 'Step'), y: q('m', 'Measure') } },
  // layers
  'layer-bar-rule-mean': { data: V(cats), layer: [{ mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value') } }, { mark: { type: 'rule', color: 'firebrick' }, encoding: { y: q('v', 'Value', { aggregate: 'mean' }) } }] },
  'layer-dual-axis': { data: V(series.filter((r) => r.group === 'north')), encoding: { x: o('year', 'Year') }, layer: [{ mark: 'bar', encoding: { y: q('value', 'Bars (left axis)') } }, { mark: { type: 'line', color: 'orange' }, encoding: { y: q('value', 'Line (right axis)', { aggregate: 'sum' }) } }], resolve: { scale: { y: 'independent' } } },
  'layer-line-labels': { data: V(series), encoding: { x: o('year', 'Year'), y: q('value', 'Value'), color: n('group', 'Group') }, layer: [{ mark: 'line' }, { transform: [{ filter: 'datum.year === 2022' }], mark: { type: 'text', align: 'left', dx: 4 }, encoding: { text: { field: 'group' } } }] },
  'layer-annotation-rect': { layer: [{ data: V([{ s: 2017, e: 2019, label: 'review period' }]), mark: { type: 'rect', opacity: 0.2 }, encoding: { x: q('s', 'Year'), x2: { field: 'e' } } }, { data: V(series.filter((r) => r.group === 'east')), mark: 'line', encoding: { x: q('year', 'Year', { axis: { format: 'd' } }), y: q('value', 'Value') } }] },
  // concat, facet, repeat
  'hconcat-two': { data: V(cats), hconcat: [{ title: 'Left panel', mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value') } }, { title: 'Right panel', mark: 'point', encoding: { x: q('w', 'Weight'), y: q('v', 'Value') } }] },
  'vconcat-two': { data: V(dates), vconcat: [{ mark: 'area', height: 80, encoding: { x: t('date', 'Date'), y: q('amount', 'Amount') } }, { mark: 'bar', height: 80, encoding: { x: n('kind', 'Kind'), y: q('amount', 'Sum of amount', { aggregate: 'sum' }) } }] },
  'concat-wrapped': { data: V(cats), columns: 2, concat: ['v', 'w', 'v'].map((f, i) => ({ title: `Panel ${i + 1}`, width: 140, height: 80, mark: 'bar', encoding: { x: n('cat', 'Category'), y: q(f, `Field ${f}`) } })) },
  'facet-column': { data: V(series), mark: 'bar', encoding: { x: o('year', 'Year'), y: q('value', 'Value'), column: n('group', 'Region') } },
  'facet-row-operator': { data: V(series), facet: { row: n('group', 'Region') }, spec: { height: 60, mark: 'line', encoding: { x: o('year', 'Year'), y: q('value', 'Value') } } },
  'facet-wrapped': { data: V(measures), facet: n('grp', 'Set'), columns: 2, spec: { width: 140, height: 90, mark: 'point', encoding: { x: q('t', 'Step'), y: q('m', 'Measure') } } },
  'repeat-fields': { data: V(cats), repeat: ['v', 'w'], spec: { mark: 'bar', encoding: { x: n('cat', 'Category'), y: { field: { repeat: 'repeat' }, type: 'quantitative' } } } },
  'repeat-matrix': { data: V(points), repeat: { row: ['x', 'y'], column: ['size', 'y'] }, spec: { width: 110, height: 110, mark: 'point', encoding: { x: { field: { repeat: 'column' }, type: 'quantitative' }, y: { field: { repeat: 'row' }, type: 'quantitative' } } } },
  'repeat-layer': { data: V(series.filter((r) => r.group === 'north').map((r) => ({ ...r, other: r.value * 0.6 }))), repeat: { layer: ['value', 'other'] }, spec: { mark: 'line', encoding: { x: o('year', 'Year'), y: { field: { repeat: 'layer' }, type: 'quantitative', title: 'Amounts' }, color: { datum: { repeat: 'layer' }, type: 'nominal', title: 'Series' } } } },
  // params and selections
  'param-point-selection': { data: V(cats), params: [{ name: 'pick', select: { type: 'point', fields: ['cat'] }, value: [{ cat: 'beta' }] }], mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value'), color: { condition: { param: 'pick', value: '#2471a3' }, value: '#bbbbbb' } } },
  'param-interval-brush': { data: V(points), params: [{ name: 'brush', select: { type: 'interval', mark: { fill: '#fdbb84', fillOpacity: 0.3, stroke: '#e34a33' } }, value: { x: [5, 15], y: [5, 20] } }], mark: 'point', encoding: { x: q('x', 'Width'), y: q('y', 'Height'), color: { condition: { param: 'brush', field: 'g', type: 'nominal', title: 'Team' }, value: 'grey' } } },
  'param-legend-bind': { data: V(series), params: [{ name: 'grp', select: { type: 'point', fields: ['group'] }, bind: 'legend' }], mark: 'line', encoding: { x: o('year', 'Year'), y: q('value', 'Value'), color: n('group', 'Group'), opacity: { condition: { param: 'grp', value: 1 }, value: 0.2 } } },
  'param-variable-expr': { data: V(cats), params: [{ name: 'cutoff', value: 50 }, { name: 'half', expr: 'cutoff / 2' }], transform: [{ filter: 'datum.v > half' }], mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value') } },
  'param-input-bind': { data: V(points), params: [{ name: 'radius', value: 60, bind: { input: 'range', min: 10, max: 200, step: 1 } }], mark: 'point', encoding: { x: q('x', 'Width'), y: q('y', 'Height'), size: { value: { expr: 'radius' } } } },
  // config
  'config-mark-and-axis': { data: V(cats), config: { mark: { invalid: null, color: '#7a1f3d' }, axis: { labelFontSize: 12, titleFontWeight: 'normal', grid: false }, view: { stroke: null } }, mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value') } },
  'config-range-scheme': { data: V(series), config: { range: { category: ['#1b9e77', '#d95f02', '#7570b3'] }, legend: { orient: 'bottom' } }, mark: 'line', encoding: { x: o('year', 'Year'), y: q('value', 'Value'), color: n('group', 'Group') } },
  'config-style-title': { data: V(cats), title: { text: 'Styled title', subtitle: 'with a subtitle', anchor: 'start' }, config: { style: { 'big-bars': { cornerRadiusEnd: 4 } }, title: { fontSize: 16 } }, mark: { type: 'bar', style: 'big-bars' }, encoding: { x: n('cat', 'Category'), y: q('v', 'Value') } },
  // transforms
  'transform-fold': { data: V(cats), transform: [{ fold: ['v', 'w'], as: ['measure', 'amount'] }], mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('amount', 'Amount'), color: n('measure', 'Measure') } },
  'transform-window-rank': { data: V(cats), transform: [{ window: [{ op: 'rank', as: 'rank' }], sort: [{ field: 'v', order: 'descending' }] }, { filter: 'datum.rank <= 4' }], mark: 'bar', encoding: { y: n('cat', 'Category', { sort: '-x' }), x: q('v', 'Value') } },
  'transform-density': { data: V(measures), transform: [{ density: 'm', groupby: ['grp'], extent: [0, 50], steps: 60 }], mark: 'area', encoding: { x: q('value', 'Measure'), y: q('density', 'Density', { stack: 'zero' }), color: n('grp', 'Set') } },
  'transform-regression-loess': { data: V(points), layer: [{ mark: 'point', encoding: { x: q('x', 'Width'), y: q('y', 'Height') } }, { transform: [{ regression: 'y', on: 'x' }], mark: { type: 'line', color: 'firebrick' }, encoding: { x: q('x', 'Width'), y: q('y', 'Height') } }, { transform: [{ loess: 'y', on: 'x', bandwidth: 0.5 }], mark: { type: 'line', color: 'green' }, encoding: { x: q('x', 'Width'), y: q('y', 'Height') } }] },
  'transform-calculate-lookup': { data: V(cats), transform: [{ lookup: 'cat', from: { data: V(cats.map((r) => ({ cat: r.cat, label: r.cat.toUpperCase() }))), key: 'cat', fields: ['label'] } }, { calculate: "datum.label + ' (' + datum.w + ')'", as: 'shown' }], mark: 'bar', encoding: { y: n('shown', 'Labelled category'), x: q('v', 'Value') } },
  'transform-sequence': { data: { sequence: { start: 0, stop: 12.7, step: 0.1, as: 'x' } }, transform: [{ calculate: 'sin(datum.x)', as: 'sin(x)' }], mark: 'line', encoding: { x: q('x', 'Angle'), y: q('sin(x)', 'Sine') } },
  'transform-quantile': { data: V(measures), transform: [{ quantile: 'm', step: 0.05, as: ['prob', 'value'] }], mark: 'point', encoding: { x: q('prob', 'Probability'), y: q('value', 'Measure quantile') } },
  'transform-pivot-joinaggregate': { data: V(series), transform: [{ joinaggregate: [{ op: 'sum', field: 'value', as: 'total' }], groupby: ['year'] }, { calculate: 'datum.value / datum.total', as: 'share' }], mark: 'bar', encoding: { x: o('year', 'Year'), y: q('share', 'Share of year', { axis: { format: '%' } }), color: n('group', 'Group') } },
  'transform-impute': { data: V(series.filter((r) => !(r.group === 'south' && r.year === 2018))), mark: 'line', encoding: { x: o('year', 'Year'), y: q('value', 'Value', { impute: { value: 0 } }), color: n('group', 'Group') } },
  // geo
  'geo-geojson-choropleth': { width: 300, height: 240, data: { values: geo, format: { type: 'json', property: 'features' } }, projection: { type: 'mercator' }, mark: { type: 'geoshape', stroke: 'white' }, encoding: { color: q('properties.pop', 'Population') } },
  'geo-topojson': { width: 300, height: 220, data: { values: topo, format: { type: 'topojson', feature: 'regions' } }, projection: { type: 'equalEarth' }, mark: { type: 'geoshape', stroke: 'black' }, encoding: { color: n('properties.name', 'Region') } },
  'geo-circles-over-shapes': { width: 300, height: 240, projection: { type: 'mercator' }, layer: [{ data: { values: geo, format: { type: 'json', property: 'features' } }, mark: { type: 'geoshape', fill: '#e5e5e5', stroke: 'white' } }, { data: V(cities), mark: 'circle', encoding: { longitude: { field: 'lon', type: 'quantitative' }, latitude: { field: 'lat', type: 'quantitative' }, size: { value: 60 }, color: n('city', 'City') } }, { data: V(cities), mark: { type: 'text', dy: -10 }, encoding: { longitude: { field: 'lon', type: 'quantitative' }, latitude: { field: 'lat', type: 'quantitative' }, text: { field: 'city' } } }] },
  'geo-graticule-sphere': { width: 300, height: 200, projection: { type: 'orthographic', rotate: [-10, -30, 0] }, layer: [{ data: { sphere: true }, mark: { type: 'geoshape', fill: '#eef' } }, { data: { graticule: { step: [30, 30] } }, mark: { type: 'geoshape', stroke: '#999', strokeWidth: 0.5, filled: false } }, { data: V(cities), mark: 'square', encoding: { longitude: { field: 'lon', type: 'quantitative' }, latitude: { field: 'lat', type: 'quantitative' } } }] },
  'geo-albers-usa-points': { width: 300, height: 200, projection: { type: 'albersUsa' }, data: V([{ lon: -100, lat: 40, n: 'Kansas' }, { lon: -74, lat: 40.7, n: 'New York' }, { lon: -122.4, lat: 37.8, n: 'San Francisco' }]), mark: 'circle', encoding: { longitude: { field: 'lon', type: 'quantitative' }, latitude: { field: 'lat', type: 'quantitative' }, color: n('n', 'Place') } },
  // image, local data, links
  'image-scatter-png': { data: V(points.slice(0, 6).map((p) => ({ ...p, img: 'dot.png' }))), mark: { type: 'image', width: 18, height: 18 }, encoding: { x: q('x', 'Width'), y: q('y', 'Height'), url: { field: 'img', type: 'nominal' } } },
  'image-jpeg-value': { data: V(cats.slice(0, 3)), mark: { type: 'image', width: 24, height: 18 }, encoding: { x: n('cat', 'Category'), y: q('v', 'Value'), url: { value: 'swatch.jpg' } } },
  'url-local-csv': { data: { url: 'rows.csv' }, mark: 'bar', encoding: { x: n('item', 'Item'), y: q('count', 'Count') } },
  'href-links': { data: V(cats.slice(0, 4).map((r) => ({ ...r, link: `https://example.org/${r.cat}` }))), mark: 'bar', encoding: { x: n('cat', 'Category'), y: q('v', 'Value'), href: { field: 'link' } } },
  // scales and axes
  'scale-log-domain': { data: V(cats.map((r) => ({ ...r, big: r.v ** 3 }))), mark: 'point', encoding: { x: q('w', 'Weight'), y: q('big', 'Cube (log scale)', { scale: { type: 'log' } }) } },
  'axis-label-angle-format': { data: V(dates.slice(0, 12)), mark: 'bar', encoding: { x: o('date', 'Date', { timeUnit: 'yearmonthdate', axis: { labelAngle: -45, format: '%d %b' } }), y: q('amount', 'Amount') } },
  'color-datum-scale-legend': { data: V(series.filter((r) => r.group === 'north')), layer: [{ mark: 'line', encoding: { x: o('year', 'Year'), y: q('value', 'Value'), color: { datum: 'Observed', type: 'nominal', title: 'Series', scale: { domain: ['Observed', 'Target'], range: ['#2471a3', '#aaaaaa'] } } } }, { mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { datum: 20 }, color: { datum: 'Target', type: 'nominal' } } }] },
};

// --- files ---------------------------------------------------------------------------------------
function png(w, h, rgb) {
  const raw = Buffer.concat(Array.from({ length: h }, () => Buffer.from([0, ...Array.from({ length: w }, () => rgb).flat()])));
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([len, Buffer.from(type), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
/** A baseline JPEG, 8×8 mid grey: one-code Huffman tables, DC difference 0 and end-of-block. */
function jpeg() {
  const seg = (marker, body) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), Buffer.from(body)]);
  const dht = (cls) => [cls, 1, ...Array(15).fill(0), 0];
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    seg(0xdb, [0, ...Array(64).fill(1)]),
    seg(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    seg(0xc4, dht(0x00)),
    seg(0xc4, dht(0x10)),
    seg(0xda, [1, 1, 0, 0, 63, 0]),
    Buffer.from([0x3f, 0xff, 0xd9]),
  ]);
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
for (const [name, spec] of Object.entries(specs)) {
  const full = { $schema: S, title: spec.title ?? `Conformance: ${name}`, ...spec };
  fs.writeFileSync(path.join(OUT, `${name}.vl.json`), JSON.stringify(full, null, 2) + '\n');
}
fs.writeFileSync(path.join(OUT, 'rows.csv'), 'item,count\nwidgets,12\ngadgets,7\ngizmos,15\n');
fs.writeFileSync(path.join(OUT, 'dot.png'), png(6, 6, [0x24, 0x71, 0xa3]));
fs.writeFileSync(path.join(OUT, 'swatch.jpg'), jpeg());
console.log(`${Object.keys(specs).length} specs written to ${path.relative(process.cwd(), OUT)}`);
