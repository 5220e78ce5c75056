/**
 * The floors of src/, written once: each stage imports only its own floor and the floors below.
 * `npm test` checks it (test/features/dependencies.test.ts), and `npx depcruise src` shows it.
 *
 *   cli, index, worker/main     entry points
 *   commands                    briefkit check, chart, init, schemas, watch, print-config
 *   build                       the pipeline, top to bottom
 *   worker/host                 runs a job in a worker thread (build uses it)
 *   layout                      mdast + SVG + theme → pdfmake document
 *   markdown, charts, write, pdf   parse + cite; Vega-Lite → SVG; document → bytes → files; pdfmake/pdfkit extensions
 *   templates, theme            Handlebars → Markdown + document model; page and chart theme
 *   model                       the document model (figures, tables, notes, section front matter)
 *   profile                     audience profiles
 *   data                        datasets: load, validate, query
 *   cite                        sources as Chicago notes (citeproc-js)
 *   config                      the project's config and the building blocks it uses
 *   format                      numbers, dates, qualifiers
 *   i18n                        the engine's own words, per language
 *   accessibility               reads a written PDF and checks its PDF/UA conditions
 *   log, io, types, version     messages, file access
 */
const FLOORS = [
  ['base', '^src/(log|io|types)/|^src/version\\.ts$'],
  ['accessibility', '^src/accessibility/'],
  ['i18n', '^src/i18n/'],
  ['format', '^src/format/'],
  ['config', '^src/config/'],
  ['cite', '^src/cite/'],
  ['data', '^src/data/'],
  ['profile', '^src/profile/'],
  ['model', '^src/model/'],
  ['templates-theme', '^src/(templates|theme)/'],
  ['markdown-charts-write-pdf', '^src/(markdown|charts|write|pdf)/'],
  ['layout', '^src/layout/'],
  ['runner', '^src/worker/host\\.ts$'],
  ['build', '^src/build(-host)?\\.ts$'],
  ['commands', '^src/commands/'],
  ['entry', '^src/(cli|index)\\.ts$|^src/worker/main\\.ts$'],
];

const upward = FLOORS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name}`,
  comment: `${name} may import only its own floor and the floors below it`,
  severity: 'error',
  from: { path },
  to: { path: FLOORS.slice(i + 1).map(([, p]) => `(${p})`).join('|') },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no import cycles in src/', from: { path: '^src/' }, to: { circular: true } },
    {
      name: 'layout-not-into-templates',
      severity: 'error',
      comment: 'layout reads the document model (src/model) and formatting (src/format), never the template engine',
      from: { path: '^src/layout/' },
      to: { path: '^src/templates/' },
    },
    ...upward,
    {
      name: 'every-module-on-a-floor',
      severity: 'error',
      comment: 'a new folder in src/ gets a floor in .dependency-cruiser.cjs',
      from: { path: '^src/', pathNot: FLOORS.map(([, p]) => `(${p})`).join('|') },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
