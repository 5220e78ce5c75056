/**
 * The message catalogue: every error and warning a user can meet, one function each,
 * with a stable code. Nothing else in briefkit constructs a user-facing message.
 *
 * Codes: BK0xx input files and data, BK1xx templates, BK2xx charts, BK3xx layout/fonts,
 * BK4xx output, BK5xx configuration and CLI, BK9xx internal.
 */
import { BriefkitError, type Location } from './error.js';
import { didYouMean } from './suggest.js';

const err = (code: string, summary: string, where: Location, expected?: string, fix?: string) =>
  new BriefkitError(code, summary, where, expected, fix);

/** How many errors one stage reports before it stops listing them. */
export const ERRORS_PER_STAGE = 20;

/**
 * The errors a stage found, as one error to throw: the first (its code, location and exit code
 * stand for the stage's failure) with the others after it, up to `limit` in all, and a closing
 * BK117 line that counts them. A single error is returned as it is.
 */
export function errorsOfStage(errors: BriefkitError[], stage: string, limit = ERRORS_PER_STAGE): BriefkitError {
  const [first, ...rest] = errors;
  if (!first) throw new Error('errorsOfStage: no errors');
  if (rest.length === 0) return first;
  const shown = Math.min(errors.length, limit);
  const tally = stageTally(errors.length, shown, stage).message;
  return new BriefkitError(first.code, first.summary, first.where, first.expected, first.fix, first.exitCode, { further: { others: rest.slice(0, shown - 1), tally } });
}

/** The line that closes a list of several errors of one stage. */
const stageTally = (count: number, shown: number, stage: string) =>
  err('BK117', `${count} errors in ${stage}${shown < count ? `; the first ${shown} are listed (fix them and build again to see the rest)` : ', all listed above'}`, {});

// --- source records (briefkit check) ---------------------------------------------------
export const undatedSources = (file: string, undated: string[], total: number, max: number) =>
  err('BK070', `${undated.length} of ${total} sources have no date (more than ${Math.round(max * 100)} %): ${undated.slice(0, 8).join(', ')}${undated.length > 8 ? ', …' : ''}`, { file, field: 'date' },
    'the date of publication the item shows (a year alone is valid: "2019")', '"n.d." is for items that truly show no date');
export const describedSources = (file: string, described: string[], total: number, max: number) =>
  err('BK071', `${described.length} of ${total} sources have a description for a title (more than ${Math.round(max * 100)} %): ${described.slice(0, 8).join(', ')}${described.length > 8 ? ', …' : ''}`, { file, field: 'descriptive' },
    'the title the item itself shows', 'a description (printed in square brackets) only where the item has no title');
export const domainPublisher = (file: string, id: string, publisher: string) =>
  err('BK072', `source "${id}" names the web address "${publisher}" as its publisher`, { file, field: 'publisher' },
    'the name of the body or outlet that published the item', 'for a reprint, the original publisher in "publisher" and the site in "reprintedBy"');
export const reprintSameAsPublisher = (file: string, id: string, site: string) =>
  err('BK073', `source "${id}" is "reprinted by" its own publisher "${site}"`, { file, field: 'reprintedBy' },
    'the site that reprints another publisher\'s item', 'leave "reprintedBy" out when the publisher keeps the item itself');

// --- files and paths --------------------------------------------------------------------
export const fileNotFound = (file: string, what: string) =>
  err('BK001', `${what} not found`, { file }, `a file at ${file}`, `create the file, or correct the name that refers to it`);

export const pathOutsideRoot = (requested: string, root: string, by?: Location) =>
  err('BK002', `path "${requested}" points outside ${root}/`, by ?? {}, `a relative path inside ${root}/`,
    `move the file into ${root}/ and refer to it by a relative path without "..", "/" or a URL scheme`);

export const notUtf8 = (file: string, line: number) =>
  err('BK003', 'file is not valid UTF-8 text', { file, line }, 'UTF-8 encoded text', 'save the file as UTF-8 (without a byte-order mark)');

export const byteOrderMark = (file: string) =>
  err('BK004', 'file starts with a byte-order mark (BOM)', { file, line: 1, column: 1 }, 'UTF-8 without BOM',
    'save the file as "UTF-8" rather than "UTF-8 with BOM"');

export const notRegularFile = (file: string, kind: string) =>
  err('BK040', `${file} is ${kind}, not a file`, { file }, 'a regular file (folders, named pipes and devices are not read)',
    `replace ${file} with a regular file, or remove it`);

export const nestingTooDeep = (file: string | undefined, max: number, line?: number, column?: number) =>
  err('BK041', `nesting is too deep${max ? ` (more than ${max} levels of arrays/objects)` : ''}`, file ? { file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) } : {},
    max ? `at most ${max} levels` : 'a structure of reasonable depth', 'flatten the structure; data and chart specs need only a few levels');

export const numberOutOfRange = (file: string, line: number, column: number, text: string) =>
  err('BK042', `the number ${text} is too large to represent (it would become Infinity)`, { file, line, column }, 'a number within ±1.7e308',
    'correct the number (a typo in the exponent?)');

export const duplicateJsonKey = (file: string, line: number, column: number, key: string) =>
  err('BK043', `the key "${key}" appears twice in one object (the first value would be silently lost)`, { file, line, column }, 'each key once per object',
    `remove or rename one of the two "${key}" entries`);

// --- derived datasets (briefkit.config.ts: derived({ from, … })) --------------------------
export const derivedUnknownDataset = (where: Location, name: string, known: string[], suggestion: string) =>
  err('BK050', `"${name}" is not a dataset of the config`, where, `one of: ${known.join(', ')}`,
    `${suggestion ? suggestion.trim() + ' ' : ''}Name a dataset declared under datasets in the config.`);

export const derivedCycle = (where: Location, cycle: string[]) =>
  err('BK051', `derived datasets read each other in a circle: ${cycle.join(' → ')}`, where, 'derived datasets that each read only datasets computed before them',
    'break the circle: derive one of them from a dataset read from a file');

export const derivedUnknownField = (where: Location, dataset: string, field: string, fields: string[], suggestion: string) =>
  err('BK052', `the rows of "${dataset}" at this step have no field "${field}"`, where, `one of the fields: ${fields.join(', ')}`,
    `${suggestion ? suggestion.trim() + ' ' : ''}Correct the field name in the config.`);

export const derivedInvalid = (where: Location, problem: string, expected: string, suggestion = '') =>
  err('BK053', problem, where, expected, `${suggestion ? suggestion.trim() + ' ' : ''}Correct the derived dataset's declaration (see README, "Derived datasets").`);

export const derivedExpression = (where: Location, expr: string, reason: string) =>
  err('BK054', `the expression ${JSON.stringify(expr)} cannot be used: ${reason}`, where, 'a Vega expression over the row, e.g. "datum.revenue > 0" (vega.github.io/vega/docs/expressions)',
    'correct the expression; rows are read as datum.<field> or datum["field name"]');

export const derivedData = (where: Location, problem: string, expected: string) =>
  err('BK055', problem, where, expected, 'correct the data, or the step that reads it');

export const derivedSchema = (where: Location, field: string, problem: string, expected: string) =>
  err('BK056', `a derived row breaks the declared schema at ${field}: ${problem}`, where, expected,
    'correct the declared row schema (row: { … }), or the steps that compute the field');

export const derivedDuplicateKey = (where: Location, key: string) =>
  err('BK057', `two derived rows have the same key: ${key}`, where, 'one row per key',
    'group by every field of the key, or declare the key that tells the rows apart');

export const derivedEmpty = (where: Location, from: string) =>
  err('BK058', `the derived dataset has no rows (its steps leave none of the rows of "${from}")`, where, 'at least one row',
    'loosen the filter, or declare allowEmpty: true');

// --- data ---------------------------------------------------------------------------------
export const invalidJson = (file: string, line: number, column: number, reason: string) =>
  err('BK010', `invalid JSON: ${reason}`, { file, line, column }, 'well-formed JSON',
    'fix the syntax at that position (a missing comma, a trailing comma, or an unquoted key are the usual causes)');

export const duplicateCsvColumn = (file: string, column: string, first: number, second: number) =>
  err('BK045', `the column "${column}" appears twice in the header (columns ${first} and ${second}); one of them would be silently dropped`, { file, line: 1, field: column }, 'each column name once in the header',
    `rename or remove one of the two "${column}" columns`);

export const emptyListItem = (file: string, field: string, cell: string, line?: number) =>
  err('BK046', `the list "${cell}" has an empty item`, { file, field, ...(line !== undefined ? { line } : {}) }, 'items separated by ";", none of them empty (e.g. "a; b")',
    'remove the extra ";" or write the missing item');

export const invalidCsv = (file: string, line: number, reason: string) =>
  err('BK011', `invalid CSV: ${reason}`, { file, line }, 'comma-separated rows with as many fields as the header',
    'quote fields that contain commas or quotes ("like, this") and check the number of fields on that line');

export const invalidYaml = (file: string, line: number, column: number, reason: string) =>
  err('BK012', `invalid YAML: ${reason}`, { file, line, column }, 'well-formed YAML',
    'check indentation and quoting at that position');

export const dateOutOfRange = (file: string, field: string, value: string, year: string, line?: number) =>
  err('BK044', `the date "${value}" names the year ${year}, outside 1000–9999`, { file, field, ...(line !== undefined ? { line } : {}) }, 'a date written YYYY, YYYY-MM or YYYY-MM-DD with a four-digit year from 1000 to 9999',
    `write the year in full (e.g. 1999, not 99 or 0099); briefkit refuses other years rather than guess a century`);

export const asOfOutOfRange = (file: string, field: string, asOf: string, earliest: string, latest: string, line?: number) =>
  err('BK049', `the as-of date ${asOf} is outside ${earliest} – ${latest}`, { file, field, ...(line !== undefined ? { line } : {}) }, `an as-of date from ${earliest} to ${latest}`,
    `correct the date (a typo in the year?), or widen the range with asOfRange: { earliest, latest } in the profile`);

export const schemaViolation = (file: string, field: string, problem: string, expected: string, line?: number) =>
  err('BK013', `${problem}`, { file, field, ...(line !== undefined ? { line } : {}) }, expected,
    `correct the value at ${field}; the dataset's JSON Schema is in schemas/ for editor completion`);

export const unknownSource = (file: string, field: string, id: string, line?: number) =>
  err('BK014', `source id "${id}" is not in data/sources.json`, { file, field, ...(line !== undefined ? { line } : {}) },
    'the id of a source listed in data/sources.json', `add a source with id "${id}" to data/sources.json, or use an existing id`);

export const duplicateKey = (file: string, field: string, key: string, line?: number) =>
  err('BK015', `duplicate row for ${key}`, { file, field, ...(line !== undefined ? { line } : {}) },
    'one row per key', 'remove or merge the duplicate row');

export const emptyDataset = (file: string) =>
  err('BK016', 'dataset has no rows', { file, field: 'rows' }, 'at least one row', 'add rows, or remove the dataset from briefkit.config.ts');

export const unknownDataset = (name: string, known: string[], by?: Location) =>
  err('BK017', `unknown dataset "${name}"`, by ?? {}, `one of: ${known.join(', ')}`,
    `use a dataset name listed above, or add a data file and declare it as "${name}" under datasets in briefkit.config.ts`);

export const missingSourceField = (file: string, field: string, line?: number) =>
  err('BK018', 'value has no source', { file, field, ...(line !== undefined ? { line } : {}) },
    'a "source" list naming at least one id from the sources file', 'add "source": ["<id>"] to the row (or declare the dataset sourced: false)');

export const unregisteredDataFile = (file: string, config: string, declared: string[]) =>
  err('BK019', `data file is not declared in ${config}`, { file }, `one of the declared files: ${declared.join(', ')}`,
    `declare it under datasets in ${config} (e.g. 'my-data': yearlySeries({ file: '${file.replace(/^data\//, '')}' })), or move it out of data/`);

// --- project config (briefkit.config.ts) -------------------------------------------------------
const CONFIG_EXAMPLE = "export default defineConfig({ datasets: { 'my-data': yearlySeries({ file: 'my-data.json' }) } })";

export const configMissing = (file: string) =>
  err('BK020', 'the project has no config file', { file }, `a ${file} declaring the project's datasets`,
    'run `briefkit init DIR` to scaffold a project, or create the file: ' + CONFIG_EXAMPLE);

export const configSyntax = (file: string, line: number | undefined, column: number | undefined, reason: string) =>
  err('BK021', `the config does not compile: ${reason}`, { file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
    'valid TypeScript or JavaScript', 'fix the syntax at that position');

export const configRuntime = (file: string, line: number | undefined, reason: string) =>
  err('BK021', `the config failed while loading: ${reason}`, { file, ...(line !== undefined ? { line } : {}) },
    'a config that runs without errors', 'fix the expression at that line (the config is run by briefkit when it loads)');

export const configImportOutside = (where: Location, id: string, target: string) =>
  err('BK030', `the import "${id}" resolves outside the project: ${target}`, where, "imports of the project's own modules by a relative path inside its folder, 'briefkit', 'zod' and installed packages",
    'move the module into the project folder (a symlink to a file outside does not count), or publish it as a package and install it');

export const configImportMissing = (where: Location, id: string, what: string) =>
  err('BK031', what === 'package' ? `the import "${id}" names a package that is not installed` : `the import "${id}" names no file`, where,
    what === 'package' ? `a package installed in the project (node_modules), or 'briefkit' or 'zod'` : 'a relative path to a .ts, .mts, .js or .mjs file of the project',
    what === 'package' ? `install it (npm install ${id}) or remove the import` : 'correct the path (a .js import may name the .ts file), or create the module');

export const configImportNotModule = (where: Location, id: string, target: string) =>
  err('BK032', `the import "${id}" names ${target}, which is not a module`, where, 'a .ts, .mts, .js or .mjs file of the project',
    'import code only; data belongs in data/ and is declared as a dataset');

export const configHelpers = (where: Location, problem: string) =>
  err('BK033', problem, where, 'helpers: an object of functions, each named by a letter then letters, digits, "_" or "-" (e.g. helpers: { growth: (a, b) => … })',
    `correct ${where.field ?? 'helpers'} in ${where.file}`);

export const helperClash = (where: Location, name: string) =>
  err('BK034', `the project helper "${name}" has the name of a built-in helper`, where, 'a name no built-in helper has',
    `rename it (e.g. "my-${name}") and call it by that name in the templates`);

export const helperFailed = (file: string, line: number | undefined, name: string, at: string | undefined, reason: string) =>
  err('BK035', `the helper "${name}" failed${at ? ` at ${at}` : ''}: ${reason}`, { file, ...(line !== undefined ? { line } : {}) },
    'a helper that returns a value for the arguments this call gives it',
    at ? `fix the helper at ${at}, or the arguments at this line` : 'fix the helper, or the arguments at this line');

export const helperUnsourced = (file: string, line: number | undefined, name: string, got: string) =>
  err('BK036', `the helper "${name}" printed ${got} without its sources`, { file, ...(line !== undefined ? { line } : {}) },
    "a printed number with the sources it rests on (the number rule)",
    `return sourced(value, rows) from "${name}" (import { sourced } from 'briefkit'; rows are the data rows the value is computed from), or print it with {{fig}}`);

export const helperSources = (file: string, line: number | undefined, name: string, problem: string) =>
  err('BK037', `the helper "${name}" returned sourced(…) ${problem}`, { file, ...(line !== undefined ? { line } : {}) },
    'sourced(a finite number, rows of the project\'s data or ids of its sources)',
    `pass the rows the value is computed from, e.g. sourced(total, rows) with rows from {{${name} (rows "dataset")}}`);

export const helperResult = (file: string, line: number | undefined, name: string, problem: string) =>
  err('BK038', `the helper "${name}" ${problem}`, { file, ...(line !== undefined ? { line } : {}) },
    'a helper called as {{name …}} that returns its value at once: a text, a sourced number, true/false, or a list for {{#each}}',
    'return the value itself (a helper cannot be async, and is not a block: write {{#if (name …)}}…{{/if}})');

export const configInvalid = (where: Location, problem: string, expected: string) =>
  err('BK022', problem, where, expected, `correct ${where.field ?? 'the value'} in ${where.file}`);

export const configNoDatasets = (file: string, why: string) =>
  err('BK023', `the config declares no datasets: ${why}`, { file }, 'a default export with at least one dataset', CONFIG_EXAMPLE);

export const datasetFileMissing = (file: string, name: string, config: Location) =>
  err('BK024', `the file of dataset "${name}" is missing: ${file}`, config, `a file at ${file}`,
    `create ${file}, or correct the file name declared for "${name}"`);

export const configNotZod = (where: Location, name: string, field: string, got: string) =>
  err('BK025', `dataset "${name}": ${field} is ${got}, not a zod schema`, where, "a zod schema, e.g. z.number() (import { z } from 'briefkit')",
    'declare each field with a zod schema; plain values and other validators are not accepted');

export const configSameFile = (where: Location, file: string, first: string, second: string) =>
  err('BK026', `"${first}" and "${second}" are declared on the same file ${file}`, where, 'one file per dataset',
    'give each dataset its own file');

export const configDatasetName = (where: Location, name: string) =>
  err('BK027', `dataset name "${name}" is not kebab-case`, where, 'lower-case words joined by hyphens, e.g. "monthly-sales"',
    `rename it (e.g. "${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'my-data'}") here and in the templates that use it`);

export const initTargetNotEmpty = (dir: string, why: string) =>
  err('BK028', `cannot create a project in ${dir}: ${why}`, { file: dir }, "a new folder, or a project without the report's files (config, data/, templates/)", 'choose another folder, e.g. `briefkit init my-report`; briefkit never overwrites them');

export const initPackageJsonUnreadable = (file: string, reason: string) =>
  err('BK029', `cannot add briefkit to it: ${reason}`, { file }, 'a package.json holding one JSON object',
    'correct the file (npm cannot read it either), then run `briefkit init` again');

export const unknownField = (where: Location, dataset: string, field: string, fields: string[]) =>
  err('BK115', `dataset "${dataset}" has no field "${field}"`, where, `one of its fields: ${fields.join(', ')}`,
    'check the spelling against the fields listed (they are declared in briefkit.config.ts)');

// --- templates ------------------------------------------------------------------------------
export const templateSyntax = (file: string, line: number, column: number | undefined, reason: string) =>
  err('BK101', `template syntax error: ${reason}`, { file, line, ...(column !== undefined ? { column } : {}) },
    'valid Handlebars ({{value}}, {{#each list}}…{{/each}}, {{> partial}})', 'fix the expression at that position; check that every {{#block}} has its {{/block}}');

export const unknownHelper = (file: string, line: number, column: number, name: string, known: string[]) =>
  err('BK102', `unknown helper "${name}".${didYouMean(name, known)}`.replace(/\.$/, ''), { file, line, column }, `one of: ${known.join(', ')}`,
    "use one of the listed helpers (briefkit's, see docs/guide/helpers.md, and the project's own, declared under helpers in the config)");

export const unknownPartial = (file: string, line: number, column: number, name: string, known: string[]) =>
  /[/\\]|\.\./.test(name)
    ? err('BK103', `a partial is named by a path ("${name}")`, { file, line, column }, 'a partial\'s name: {{> name}} for templates/partials/name.md.hbs',
      'name the partial without folders; partials are read only from templates/partials/ (or the audience\'s partials/)')
    : err('BK103', `unknown partial "${name}"`, { file, line, column }, `one of: ${known.join(', ') || '(none)'}`,
      `create templates/partials/${name}.md.hbs or use an existing partial`);

export const forbiddenProperty = (file: string, line: number | undefined, column: number | undefined, name: string) =>
  err('BK047', `"${name}" names a built-in property of every JavaScript object, not a value of the data`, { file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
    'a field of the data, the front matter or the current {{#each}} item',
    `remove "${name}"; a data field cannot be named constructor, __proto__ or prototype`);

export const eachNotList = (file: string, line: number | undefined, got: string) =>
  err('BK048', `{{#each}} was given ${got}, not a list`, { file, ...(line !== undefined ? { line } : {}) },
    'a list (rows of a dataset, a front-matter list) or an object to iterate over',
    'iterate over the list itself (e.g. {{#each (rows "dataset")}}); a text is printed with {{name}}, not iterated');

export const unknownVariable = (file: string, line: number, column: number | undefined, name: string, helpers: string[] = []) =>
  err('BK104', `"${name}" is not defined here`, { file, line, ...(column !== undefined ? { column } : {}) },
    'a dataset name, a front-matter field, or a field of the current {{#each}} item',
    `${didYouMean(name, helpers).replace(/"\?$/, '" (a helper)?').trim()}${didYouMean(name, helpers) ? ' Otherwise check' : 'check'} the spelling; data values are reached as data.<dataset>, profile values as profile.<key>`);

export const helperArguments = (file: string, line: number | undefined, helper: string, problem: string, usage: string) =>
  err('BK105', `${helper}: ${problem}`, { file, ...(line !== undefined ? { line } : {}) }, usage, `call it as ${usage}`);

/** `{{num (val …)}}` or `{{val …}}` printed: a number from data without its sources. */
export const unsourcedValue = (file: string, line: number | undefined, printedBy: string, call: string, figCall: string) =>
  err('BK116', `${printedBy === 'val' ? `{{${call}}}` : `{{${printedBy} (${call})}}`} prints a number from data without its sources`, { file, ...(line !== undefined ? { line } : {}) },
    'numbers in prose through {{fig}}, which cites the sources of the row it reads (val is for comparisons, e.g. {{#if (eq (val …) 0)}})',
    `write ${figCall} instead (with field=, digits=, unit= or style= as needed)`);

export const handTypedFigure = (file: string, line: number, column: number, figure: string) =>
  err('BK107', `figure "${figure}" is typed into the template`, { file, line, column },
    'numbers from data through a helper ({{fig …}}, {{growth …}}, {{cagr …}}, {{times …}}, {{difference …}}); only years (1900–2099), section numbers and ordinals may be typed',
    'replace the figure with {{fig "dataset" <key>}} (or another data helper), which reads it from data with its sources, so it stays sourced and updates with the data');

export const unknownCitation = (file: string, id: string, line?: number) =>
  err('BK108', `cite: unknown source "${id}"`, { file, ...(line !== undefined ? { line } : {}) }, 'a source id from data/sources.json',
    'use an id from data/sources.json');

export const unknownReference = (file: string, id: string, kind: string, line?: number) =>
  err('BK109', `reference to unknown ${kind} "${id}"`, { file, ...(line !== undefined ? { line } : {}) }, `the id of a ${kind} defined in the report`,
    `check the id; figures are defined by {{chart …}}, tables by {{table …}}, sections by their front matter id`);

export const referenceOutsideEdition = (file: string, id: string, audience: string, line?: number) =>
  err('BK114', `reference to section "${id}", which the ${audience} edition does not include`, { file, ...(line !== undefined ? { line } : {}) },
    'references only to sections of this edition', `wrap the reference in {{#ifSection "${id}"}}…{{/ifSection}}, or add "${id}" to the profile's sections`);

export const idUsedTwice = (id: string, first: { kind: string; file: string; line?: number | undefined }, second: { kind: string; file: string; line?: number | undefined }) => {
  const at = (w: { file: string; line?: number | undefined }) => `${w.file}${w.line !== undefined ? `:${w.line}` : ''}`;
  return err('BK110', `id "${id}" is used twice: by the ${first.kind} at ${at(first)} and by the ${second.kind} here`, { file: second.file, ...(second.line !== undefined ? { line: second.line } : {}) },
    'unique ids for figures, tables and sections', `rename one of them (ids are shared by sections, figures and tables, since references name them all)`);
};

export const linkScheme = (file: string, url: string, where: string) =>
  err('BK120', `link target "${url.slice(0, 80)}" is not allowed (${where})`, { file }, 'an http://, https:// or mailto: address',
    'link only to web pages or e-mail addresses; other schemes (javascript:, file:, smb:, relative paths) would become actions in the PDF');

export const unknownContainer = (file: string, name: string, where: string, known: string[]) =>
  err('BK121', `unknown directive ${name} (${where}); its text would be dropped`, { file }, `one of: ${known.join(', ')}`,
    'use {{#callout}}…{{/callout}} for a box, or write the text without the directive (escape a literal colon as \\:)');

export const markdownImage = (file: string, where: string) =>
  err('BK122', `a Markdown image (${where}) cannot be printed`, { file }, 'charts through {{chart …}}; no images',
    'remove the image, or make it a chart (templates/charts/) placed with {{chart …}}');

export const sectionWithoutTemplate = (profileFile: string, name: string, audience: string) =>
  err('BK112', `section "${name}" has no template`, { file: profileFile, field: 'sections' },
    `a file templates/sections/${name}.md.hbs (or templates/audiences/${audience}/sections/${name}.md.hbs)`, `create the file, or remove "${name}" from sections`);

export const unescapedOutput = (file: string, line: number, column: number) =>
  err('BK113', 'unescaped output ({{{…}}} or {{& …}}) is not allowed', { file, line, column }, '{{value}}, which escapes Markdown',
    'use {{value}}; values from data are always escaped so they cannot inject Markdown or markup');

// --- charts ----------------------------------------------------------------------------------
export const unknownChart = (name: string, known: string[], by?: Location) =>
  err('BK201', `unknown chart "${name}"`, by ?? {}, `one of: ${known.join(', ')}`, `create templates/charts/${name}.vl.json or use an existing chart`);

export const invalidVegaLite = (file: string, reason: string) =>
  err('BK202', `not a valid Vega-Lite spec: ${reason}`, { file }, 'a Vega-Lite v6 specification',
    'check the spec against https://vega.github.io/vega-lite/docs/ (mark, encoding fields and types)');

/** `field`: where the spec names the data (`data.url`, `layer[0].data.url`, …). */
export const chartUrlRefused = (file: string, url: string, field = 'data.url') =>
  err('BK203', `chart asks for a URL or file outside its data folder: "${url}"`, { file, field },
    'inline "values", a named dataset ("data": {"name": "…"}), or a relative file inside the data folder',
    'copy the data into the data folder and refer to it by a relative path, or bind a named dataset');

/** BK203 for an image mark's picture; `field`: where the spec names it, or how it reached the mark. */
export const chartImageRefused = (file: string, url: string, field: string) =>
  err('BK203', `chart image is a URL or a file outside its data folder: "${url}"`, { file, field },
    'a PNG or JPEG file inside the data folder, named by a relative path',
    'copy the image into the data folder and refer to it by a relative path');

export const chartRender = (file: string, reason: string) =>
  err('BK204', `chart could not be rendered: ${reason}`, { file }, 'a spec whose fields exist in its data', 'check field names and types against the dataset');

export const chartWarning = (file: string, reason: string) =>
  err('BK205', `Vega-Lite warning: ${reason}`, { file });

export const vegaLiteSchema = (file: string, field: string, reason: string, line?: number, column?: number) =>
  err('BK202', `not a valid Vega-Lite spec: ${reason}`, { file, field, ...(line !== undefined ? { line, column } : {}) }, 'a spec valid under the Vega-Lite v6 JSON Schema',
    'correct the value at that position (see https://vega.github.io/vega-lite/docs/); editors validate it with "$schema": "https://vega.github.io/schema/vega-lite/v6.json"');

export const chartTooLarge = (file: string, field: string, size: number, max: number) =>
  err('BK206', `chart ${field} of ${size} px is larger than the limit of ${max} px`, { file, field }, `a width and height of at most ${max} px`,
    `make the chart smaller, or raise the limit with the environment variable BRIEFKIT_CHART_LIMITS="size=N"`);

export const chartTooManyRows = (file: string, field: string, rows: number, max: number) =>
  err('BK207', `chart data ${field} has ${rows} rows, more than the limit of ${max}`, { file, field }, `at most ${max} rows per data source`,
    `aggregate or filter the data first, or raise the limit with the environment variable BRIEFKIT_CHART_LIMITS="rows=N"`);

export const chartTooManySteps = (file: string, field: string, what: string, steps: number, max: number, setting: 'rows' | 'steps' = 'steps') =>
  err('BK208', `${what} would make ${steps} values, more than the limit of ${max}`, { file, field }, `at most ${max} values`,
    `use fewer steps (a larger step, or a smaller range), or raise the limit with the environment variable BRIEFKIT_CHART_LIMITS="${setting}=N"`);

export const chartTooDeep = (file: string, depth: number) =>
  err('BK209', `chart spec is nested more than ${depth} levels deep`, { file }, `a spec nested at most ${depth} levels deep`, 'flatten the spec (nested layers, inline data) or move the data into a data file; or raise the limit with BRIEFKIT_CHART_LIMITS="depth=N"');

export const chartLinkDropped = (file: string, href: string) =>
  err('BK210', `link "${href.slice(0, 80)}" dropped: only http(s) links are kept in charts`, { file, field: 'encoding.href' }, 'an http:// or https:// address', 'use an http(s) address, or remove the href encoding');

export const chartImageUnsupported = (file: string, image: string, reason: string) =>
  err('BK211', `image "${image}" cannot be used in a chart: ${reason}`, { file, field: 'encoding.url' }, 'a PNG or JPEG file inside the data folder',
    'convert the image to PNG or JPEG and put it in the data folder, referring to it by a relative path');

export const chartPdf = (file: string, reason: string) =>
  err('BK212', `the PDF writer failed on the chart: ${reason}`, { file }, 'a chart the PDF writer can draw', 'remove or simplify the element named; run with --debug and report it if the spec is valid');

/** `field`: the JSON path of the name (`layer[1].encoding.color.field`); `fields`: those the rows have there. */
export const chartUnknownField = (file: string, field: string, name: string, context: string, source: string, fields: string[], suggestion: string, line?: number, column?: number) =>
  err('BK213', `the chart names the field "${name}"${context}, which ${source || 'its data'} does not have`, { file, field, ...(line !== undefined ? { line, column } : {}) },
    fields.length ? `one of the fields: ${fields.slice(0, 40).join(', ')}${fields.length > 40 ? ', …' : ''}` : 'a field of the data',
    `${suggestion ? suggestion.trim() + ' ' : ''}Correct the field name (names are case-sensitive); a transform's "as" makes a new field for the steps after it.`);

export const chartEmpty = (file: string, reason: string) =>
  err('BK214', `the chart draws nothing: ${reason}`, { file }, 'a chart with at least one row to draw',
    'check the data the chart binds and its filters (a figure\'s row filter, a "filter" transform); a chart with nothing to show is better left out');

export const chartNoNumbers = (file: string, field: string, examples: string[]) =>
  err('BK215', `no value of the field "${field}" is a number, so its scale spans NaN${examples.length ? ` (values such as ${examples.map((v) => JSON.stringify(v)).join(', ')})` : ''}`, { file },
    'numbers (or numeric strings) in a field encoded as quantitative', 'correct the data (a unit or "%" belongs in the dataset\'s unit, not the value), or encode the field as "nominal" or "ordinal"');

export const chartUnknownDataset = (file: string, field: string, name: string, known: string[], suggestion: string, root: string) =>
  err('BK216', known.length ? `the chart names the dataset "${name}", which the project at ${root} does not declare` : `the chart names the dataset "${name}", but ${root} has no project config (briefkit.config.ts) to read it from`, { file, field },
    known.length ? `one of: ${known.join(', ')}` : 'a project folder (with briefkit.config.ts), given by --root or found above the current folder',
    known.length ? `${suggestion ? suggestion.trim() + ' ' : ''}Name a dataset declared under datasets in briefkit.config.ts.` : 'run the command inside the project, or give it with --root DIR; or inline the rows ("data": {"values": […]})');

export const chartGlyph = (file: string, char: string, font: string, fallbacks: readonly string[] = []) =>
  err('BK307', `the character "${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) in the chart is not in the font "${font}"${fallbacks.length ? ` nor in its fallback fonts (${fallbacks.join(', ')})` : ''}`, { file },
    'chart text a font of the chain has glyphs for (it would print as a blank box)', 'replace the character, or add a font that has it to the fallback chain (theme.fallbacks in the profile)');

// --- fonts and layout ---------------------------------------------------------------------------
export const missingFont = (file: string, family: string) =>
  err('BK301', `font file for "${family}" not found`, { file }, 'a TrueType (.ttf) file', 'run `npm ci` to restore the font packages, or fix the path in the theme');

export const missingProfileFont = (file: string, family: string, by: { file: string; line?: number }, field: string) =>
  err('BK301', `font file ${file} for "${family}" not found`, { ...by, field }, `a TrueType (.ttf) file at ${file}`,
    `put the font file in fonts/, or correct ${field} (paths are relative to fonts/)`);

export const fontFamilyTaken = (by: { file: string; line?: number }, family: string, builtIn: boolean) =>
  err('BK306', builtIn ? `font family "${family}" is a font briefkit bundles` : `font family "${family}" is already used with other files`, { ...by, field: 'theme.font.family' },
    'a family name of its own for each set of font files', `give the font another name in theme.font.family (e.g. "${family} Custom")`);

export const missingBodyGlyph = (file: string, char: string, font: string, fallbacks: readonly string[] = []) =>
  err('BK307', `the character "${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not in the body font "${font}"${fallbacks.length ? ` nor in its fallback fonts (${fallbacks.join(', ')})` : ''}`, { file },
    'text a font of the chain has glyphs for (it would print as a blank box)', 'replace the character, or add a font that has it to the fallback chain (theme.fallbacks in the profile)');

export const blockTooTall = (start: string) =>
  err('BK308', `a block kept on one page is taller than a page${start ? ` (it begins "${start.slice(0, 60)}")` : ''}`, {},
    'figures with their captions, callouts and key-figure bands that fit on one page', 'shorten the callout or caption, or split the content into two blocks');

export const pdfUaNotMet = (file: string, problems: string[]) =>
  err('BK330', `the PDF cannot be identified as PDF/UA (${problems.length} failure${problems.length === 1 ? '' : 's'}): ${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (and ${problems.length - 8} more)` : ''}`, { file },
    'a PDF that meets the machine-checkable conditions of PDF/UA-1 (Matterhorn Protocol; see docs/guide/accessibility.md): tagged, with a title, a language and a text alternative for every figure',
    'give the chart an alt text ({{chart "name" alt="…"}}) or the profile a title and language; a failure naming a structure element is a fault of briefkit or of a template\'s layout (report it), or build without --pdfua');

export const noTextAlternative = (file: string, what: string) =>
  err('BK331', `${what} (a screen reader can say nothing about it)`, { file },
    'a text alternative for every figure and image', 'give the chart an alt text ({{chart "name" alt="…"}}); charts get one generated from their data unless it is empty');

/** `{{chart … alt=""}}`: an empty alt would hide the chart from a screen reader without saying so. */
export const emptyAlt = (file: string, line: number | undefined, chart: string) =>
  err('BK390', `{{chart "${chart}"}} has an empty alt text`, { file, ...(line !== undefined ? { line } : {}) },
    'alt="…" saying what the chart shows, or no alt (one is said from the chart\'s data), or decorative=true for a chart that carries no information',
    `write alt="…" with what the chart shows, leave alt out, or write decorative=true if the chart only decorates the page`);

/** `{{chart … decorative=true alt="…"}}`: a decorative chart is skipped by a screen reader, so its alt would never be read. */
export const decorativeWithAlt = (file: string, line: number | undefined, chart: string) =>
  err('BK391', `{{chart "${chart}"}} is marked decorative=true and also has an alt text`, { file, ...(line !== undefined ? { line } : {}) },
    'either an alt text (the chart informs) or decorative=true (it does not; a screen reader skips it)',
    'remove decorative=true if the chart carries information, or remove alt="…"');

/** The generated alt text says only what kind of chart it is (an image mark, no encodings, no rows). */
export const undescribedChart = (file: string, line: number | undefined, chart: string, said: string, pdfua: boolean) =>
  err('BK392', `the chart "${chart}" cannot be described from its data: its alt text would only say "${said}"`, { file, ...(line !== undefined ? { line } : {}) },
    pdfua ? 'under --pdfua, every chart with a text alternative that says what it shows' : 'an alt text that says what the chart shows',
    `give the chart an alt text: {{chart "${chart}" alt="…"}} (what it shows, the values a reader needs), or decorative=true if it carries no information`);

export const noHyphenationPatterns = (file: string, language: string) =>
  err('BK340', `body text is hyphenated (theme.hyphenate, or theme.justify) but there are no hyphenation patterns for the language "${language}": it is set without hyphens`, { file, field: 'language' },
    'a language with hyphenation patterns here: en-GB or en-US', 'set theme.hyphenate: false to silence this, or write the text in English (language: en-GB or en-US)');

export const unsupportedFont = (file: string, reason: string) =>
  err('BK302', `font cannot be used: ${reason}`, { file }, 'a whole TrueType (.ttf) file (WOFF/WOFF2 and CFF-based OpenType are not supported by the PDF writer)', 'use the TrueType (.ttf) version of the font; download it again if the file is cut short or damaged');

export const pageLimit = (audience: string, pages: number, max: number) =>
  err('BK303', `the ${audience} edition has ${pages} pages, more than its limit of ${max}`, { file: `templates/audiences/${audience}/profile.yaml`, field: 'maxPages' },
    `at most ${max} pages`, 'shorten the sections chosen by the profile, or raise maxPages');

export const missingGlyph = (file: string, char: string, font: string) =>
  err('BK304', `the character "${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) is not in the ${font} font`, { file },
    'Chinese text within the GB2312 character set the bundled font covers', 'use a common (GB2312) character, or regenerate the font subset with scripts/subset-cjk.mjs adding it');

export const pdfWarning = (file: string, reason: string) =>
  err('BK305', `the PDF writer could not draw an element: ${reason}`, { file }, 'charts and text the PDF writer supports', 'remove or change the element named');

// --- output ------------------------------------------------------------------------------------
export const outputNotWritable = (dir: string, reason: string) =>
  err('BK401', `cannot write to the output folder: ${reason}`, { file: dir }, 'a writable output folder', 'make every part of the path a folder you may write in, free disk space, or pass --out DIR');

export const buildInterrupted = (signal: string, afterWriting = false) =>
  err('BK402', afterWriting ? `interrupted by ${signal} after the new outputs were written completely` : `build interrupted by ${signal}; previous outputs were left untouched`, {});

export const outputLockStale = (lock: string, reason: string, command: string) =>
  err('BK403', `a stale lock blocks the output folder: ${reason}`, { file: lock }, 'no lock, or the lock of a running build',
    `no build holds it; remove it with: ${command}`);

export const outputNameTaken = (file: string) =>
  err('BK404', 'an output name is taken by a folder', { file }, 'a file (or nothing) where the build writes its output', `remove or rename the folder ${file}, then build again; nothing was written`);

export const journalDamaged = (file: string) =>
  err('BK405', 'the journal of an unfinished output commit cannot be read', { file }, 'a journal written by briefkit',
    `the previous and new outputs may be mixed: delete ${file} and the .briefkit-stage-* folders next to it, then build again`);

export const previousManifestMalformed = (file: string, reason: string) =>
  err('BK406', `the previous manifest.json is ignored: ${reason}`, { file }, 'a manifest written by briefkit',
    'nothing to do: it is replaced by this build (CHANGES.md compares with the next build)');

export const timeLimit = (seconds: number, activity: string, file?: string) =>
  err('BK407', `the work took longer than its time limit of ${seconds} s of CPU time (while ${activity})`, file ? { file } : {},
    'work that finishes within the limit (loops over large data, e.g. nested {{#each}}, or a regular expression that backtracks, take long)',
    `simplify the template or chart, or raise the limit: --time-limit ${seconds * 4} on the command line (or set BRIEFKIT_TIME_LIMIT=${seconds * 4})`);

export const memoryLimit = (mb: number, activity: string, file?: string) =>
  err('BK408', `the build needed more than its memory limit of ${mb} MB (while ${activity})`, file ? { file } : {},
    'inputs that fit the memory limit',
    `reduce the data or the chart, or raise the limit: briefkit build --memory-limit ${mb * 2} (or set BRIEFKIT_MEMORY_LIMIT=${mb * 2})`);

export const lockTakenOver = (lock: string, reason: string) =>
  err('BK409', `took over the output lock: ${reason}`, { file: lock }, 'the lock of a running build',
    'nothing to do: a killed build leaves its lock behind, and the next build takes it over');

export const waitingForLock = (lock: string, holder: string, seconds: number) =>
  err('BK410', `waiting up to ${seconds} s for the build that holds the output lock: ${holder}`, { file: lock }, 'one build at a time per output folder',
    'let it finish; if it is stopped (Ctrl-Z, SIGSTOP), continue it (fg, or kill -CONT <pid>) or end it');

export const outputLockedBy = (lock: string, holder: string, seconds: number) =>
  err('BK403', `the output lock is still held after ${seconds} s: ${holder}`, { file: lock }, 'one build at a time per output folder',
    `let that build finish (continue it with kill -CONT <pid> if it is stopped, or end it), or build into another folder with --out DIR; if no build runs (a lock of another machine or container), remove it: rm -- '${lock.replace(/'/g, `'\\''`)}'`);

export const projectFolderMissing = (dir: string, why: string) =>
  new BriefkitError('BK411', `the project folder ${why}`, { file: dir }, 'a folder holding briefkit.config.ts, data/ and templates/',
    `pass --root the folder that holds briefkit.config.ts, or create a project there with \`briefkit init ${dir}\``, 1);

export const noAudiences = (dir: string, why: string) =>
  err('BK412', `the project has no audience: ${why}`, { file: dir }, 'templates/audiences/<name>/profile.yaml for each edition',
    'create a folder with a profile.yaml in templates/audiences/ for each edition (`briefkit init DIR` scaffolds one: templates/audiences/general/)');

export const shardEntryName = (file: string, entry: string, why: string) =>
  err('BK413', `the shard's manifest names "${entry}": ${why}`, { file }, 'entries named briefing-<audience>.pdf, as `briefkit build` writes them',
    'merge only output folders written by `briefkit build --shard i/n`; nothing was read outside the shard folder and nothing was written');

export const shardFileNotRegular = (file: string, kind: string) =>
  err('BK414', `a shard file is ${kind}, not a regular file`, { file }, 'the PDFs `briefkit build` wrote, as regular files',
    'build the shard again; briefkit does not open pipes, devices or links of a shard');

export const shardMismatch = (file: string, problem: string) =>
  err('BK420', `the shard outputs cannot be merged: ${problem}`, { file }, 'the manifest.json and PDFs of shards built from the same inputs by `briefkit build --shard i/n`',
    'build every shard again from the same commit, then merge their output folders');

// --- preview (briefkit preview) ------------------------------------------------------------------
export const portTaken = (port: number) =>
  new BriefkitError('BK430', `port ${port} on 127.0.0.1 is taken by another program`, {}, 'a free port', `stop the program that uses it, pass another --port, or leave --port out: a free port is chosen`, 2);

export const badPort = (value: string) =>
  new BriefkitError('BK431', `--port must be a whole number from 1 to 65535, got "${value}"`, {}, 'a port number', 'e.g. --port 4173, or leave --port out: a free port is chosen', 2);

export const previewListenFailed = (port: number, reason: string) =>
  err('BK432', `the preview cannot listen on 127.0.0.1:${port}: ${reason}`, {}, 'a port this user may open on 127.0.0.1', 'ports below 1024 need privileges: pass --port 1024 or above, or leave --port out');

export const previewAssetMissing = (file: string) =>
  err('BK433', 'the preview page\'s PDF viewer (pdfjs-dist) is not installed', { file }, 'pdfjs-dist installed with briefkit', 'install briefkit\'s dependencies again (npm install)');

export const noOpener = (url: string) =>
  err('BK434', `no program to open a browser was found; open ${url} yourself`, {}, 'xdg-open (Linux), open (macOS) or start (Windows)', `open ${url} in a browser`);

export const badLimit = (option: string, value: string, min: number, max: number) =>
  new BriefkitError('BK504', `${option} must be a number from ${min} to ${max}, got "${value}"`, {}, `${option} between ${min} and ${max}`, `pass a number, e.g. ${option} ${min * 4}`, 2);

// --- configuration and CLI ------------------------------------------------------------------------
export const unknownAudience = (name: string, known: string[]) =>
  new BriefkitError('BK501', `unknown audience "${name}"`, {}, `one of: ${known.join(', ')}`,
    `create templates/audiences/${name}/profile.yaml, or use one of the listed audiences`, 2);

export const usage = (problem: string, hint: string) => new BriefkitError('BK502', problem, {}, undefined, hint, 2);

export const profileInvalid = (file: string, field: string, problem: string, expected: string, line?: number) =>
  err('BK503', problem, { file, field, ...(line !== undefined ? { line } : {}) }, expected, `correct ${field} in ${file}`);

// --- internal -------------------------------------------------------------------------------------
export const internal = (what: string, cause?: unknown) =>
  new BriefkitError('BK900', `internal error: ${what}`, {}, undefined,
    'this is a bug in briefkit; run again with --debug and report the stack trace', 3, { cause });

export const tableWithoutCaption = (file: string, line: number | undefined, start: string) =>
  err('BK320', `a Markdown table (it begins "${start.slice(0, 50)}") has no caption line, so it is neither numbered nor sourced`, { file, ...(line !== undefined ? { line } : {}) },
    'a line "Table: caption" (numbered, captioned and sourced) or "Table: unnumbered" just before the table',
    'add "Table: <caption>" on its own paragraph right above the table, or "Table: unnumbered" for a table that is part of the text');

export const captionWithoutTable = (file: string, line: number | undefined, text: string) =>
  err('BK321', `the caption line "${text.slice(0, 60)}" is not followed by a Markdown table`, { file, ...(line !== undefined ? { line } : {}) },
    'a "Table: …" line directly above a Markdown table (a blank line between them)', 'move the caption line above its table, or remove it');

// --- house style (numbers, quotes, spelling) -----------------------------------------------------
export const twoSpellings = (file: string, forms: { word: string; pages: number[] }[]) =>
  err('BK130', `a word is printed in ${forms.length} spellings: ${forms.map((f) => `"${f.word}" (page${f.pages.length > 1 ? 's' : ''} ${f.pages.slice(0, 4).join(', ')}${f.pages.length > 4 ? ', …' : ''})`).join(' and ')}`, { file },
    'one spelling of each word in an edition, outside quotations and titles (a quotation or a title keeps its source’s spelling)',
    'choose the house spelling (-ise or -ize, -our or -or, …) and change the others in the templates or data; quote the text or mark it as a title if it is the source’s own');

// --- pages, figures and tables a reader can follow (BK350–BK359) -----------------------------------
export const sparseColumn = (file: string, table: string, column: string, blank: number, rows: number, line?: number) =>
  err('BK350', `the column "${column}" of the table "${table}" is empty or "–" in ${blank} of its ${rows} rows`, { file, ...(line !== undefined ? { line } : {}) },
    'columns that hold a value in most rows', 'drop the column and say what it would hold in the table note, or fill it');

export const shortPage = (file: string, page: number, fill: number, chapterEnd: boolean, add: number, cut?: number) =>
  err('BK351', `copyfit: page ${page} is ${Math.round(fill * 100)}% full${chapterEnd ? ' at the end of a chapter' : ''}`, { file },
    chapterEnd ? 'the last page of a chapter at least a quarter full' : 'a page at least 60% full',
    `add about ${add} line${add === 1 ? '' : 's'} to the text before it${cut !== undefined ? `, or cut about ${cut} line${cut === 1 ? '' : 's'} from the chapter so it ends a page earlier` : ''}`);

export const sparsePanels = (file: string, panels: number, fill: number) =>
  err('BK352', `the chart's ${panels} panels are mostly empty: on average ${Math.round(fill * 100)}% of the categories on their axis have a value`, { file },
    'small multiples whose panels are mostly filled', 'show the values as a table ({{table}}) instead, or group them so each panel is mostly filled');

// --- claims register (out/claims.json) -------------------------------------------------------------
export const claimsUnplaced = (file: string, figures: string[]) =>
  err('BK150', `the claims register cannot give the page of ${figures.length} printed figure(s): ${figures.slice(0, 5).join('; ')}${figures.length > 5 ? '; …' : ''}`, { file },
    'every figure from data printed with a note call (its row names a source) or in a key figure, table or chart',
    'give the rows of these figures a source, or print them with {{fig}} in a sentence');

export const claimsUnreadable = (file: string, reason: string) =>
  err('BK151', `the claims register cannot be read: ${reason}`, { file }, 'out/claims.json as written by `briefkit build`',
    'run `briefkit build` (for this audience) to write it again');

export const claimsNoAudience = (audience: string, have: string[]) =>
  new BriefkitError('BK152', `the claims register has no edition "${audience}"`, { field: '--audience' }, have.length ? `one of: ${have.join(', ')}` : 'an edition built with `briefkit build`',
    `run \`briefkit build -a ${audience}\`, or name a built edition`, 2);


// --- editions without a cover, contents or notes page; footnotes (BK370–BK379) ---------------------
export const footnotesUnsettled = (page: number, why: string) =>
  err('BK370', `the footnotes of page ${page} do not fit at its foot: ${why}`, {},
    'notes that fit under the text of the page that calls them',
    'shorten the notes (notes: { style: compact }) or the paragraph that calls them, or print the notes on a page of their own (notes: { placement: endnotes })');

// --- project code and native limits (issue 28, round 3) -------------------------------------------
export const configPrototype = (file: string, changed: string[]) =>
  err('BK060', `the config changed built-in objects: ${changed.slice(0, 5).join(', ')}${changed.length > 5 ? ', …' : ''}`, { file },
    'a config that declares datasets and leaves Object.prototype and the other built-ins as they are',
    'remove the assignment to the prototype (the config runs inside briefkit: a changed prototype changes how every file is read)');

export const configPromise = (file: string) =>
  err('BK061', "the config's default export is a Promise", { file }, 'the config object itself: export default defineConfig({ datasets: { … } })',
    'export the object, not a Promise (an async function or a top-level await in the default export): the config is read synchronously');

export const projectCodeExited = (code: number | string, activity: string, file: string | undefined) =>
  err('BK062', `the project's code ended briefkit (process.exit(${code})) while ${activity}`, file ? { file } : {},
    'a config (and functions it declares) that returns its values and never calls process.exit',
    'remove the call to process.exit (or process.abort) from the config; throw an Error to stop a build with a message');

export const configKeyFailed = (where: Location, name: string, reason: string) =>
  err('BK063', `the key function of dataset "${name}" failed on a row: ${reason}`, where,
    'a key function that returns a text or number for every row, e.g. key: (r) => `${r.year} ${r.region}`',
    'fix the function (a missing field?), or declare the key as a list of fields: key: ["year", "region"]');

export const yamlTag = (file: string, line: number, column: number, tag: string) =>
  err('BK064', `YAML tag ${tag} is not accepted`, { file, line, column }, 'plain YAML values (text, numbers, true/false, lists and maps) without ! or !! tags',
    `remove the tag ${tag}; quote the value if the text "${tag}" is meant literally`);

export const yamlNotFinite = (file: string, line: number, column: number, text: string) =>
  err('BK065', `the YAML value ${text} is not a finite number`, { file, line, column }, 'a finite number (YAML .nan, .inf and -.inf are not numbers a report can print)',
    `write the number, or leave the field out; quote "${text}" if it is meant as text`);

export const fileTooLarge = (file: string, what: string, bytes: number, maxBytes: number, raise: string) =>
  err('BK066', `${what} is ${mb(bytes)}, more than the limit of ${mb(maxBytes)}`, { file }, `a ${what} of at most ${mb(maxBytes)}`,
    `reduce the file (aggregate the rows, drop unused fields), or raise the limit: ${raise}`);

export const imageTooLarge = (file: string, image: string, width: number, height: number, maxPixels: number) =>
  err('BK067', `image "${image}" is ${width.toLocaleString('en-GB')} × ${height.toLocaleString('en-GB')} px (${(width * height / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 1 })} million pixels), more than the limit of ${(maxPixels / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 1 })} million`, { file, field: 'encoding.url' },
    'an image no larger than the chart draws it (a few hundred pixels a side)',
    `scale the image down before using it, or raise the limit with BRIEFKIT_CHART_LIMITS="pixels=${Math.max(width * height, maxPixels * 2)}" (and --memory-limit: a decoded pixel takes 4 bytes, several times over)`);

export const imageDamaged = (file: string, image: string, reason: string) =>
  err('BK068', `image "${image}" cannot be used in a chart: ${reason}`, { file, field: 'encoding.url' }, 'a whole PNG or JPEG file',
    'export the image again (the file is cut short or damaged), or remove it from the chart');

export const pseudoFileSystem = (target: string, fsName: string, what: string) =>
  new BriefkitError('BK074', `${target} is on ${fsName}, a file system of the kernel, not of files`, { file: target }, `a ${what} on a disk (or tmpfs) folder`,
    `choose another ${what}; nothing was written`, 1);

export const projectCodeFailed = (activity: string, file: string | undefined, reason: string) =>
  err('BK075', `the project's code failed outside briefkit's control (in a timer or callback) while ${activity}: ${reason}`, file ? { file } : {},
    'a config whose code runs while it is loaded, without timers or callbacks left running',
    'remove the setTimeout/setInterval/promise left running in the config, or fix the error it throws');

export const partialRecursion = (file: string, line: number, chain: string[]) =>
  err('BK041', `partials include each other without end: ${chain.join(' → ')}`, { file, line }, 'partials that include other partials a bounded number of times',
    'remove the {{> …}} that includes a partial from within itself (directly or through another partial)');

function mb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB` : `${bytes.toLocaleString('en-GB')} bytes`;
}

// --- languages (BK360–BK369) ------------------------------------------------------------------
export const noCatalogue = (file: string, language: string, known: readonly string[]) =>
  err('BK360', `there is no catalogue of the engine's own words for the language "${language}": its labels ("Contents", "Page 1 of 9", "Notes and sources") print in English`, { file, field: 'language' },
    `a language with a catalogue (${known.join(', ')}), or labels for the others`, 'set each label under `labels:` in the profile, or add a catalogue in src/i18n/');
export const unknownLabel = (file: string, key: string, known: readonly string[], line?: number) =>
  err('BK361', `the profile's labels name "${key}", which is not a label the engine prints.${didYouMean(key, known)}`, { file, field: `labels.${key}`, ...(line !== undefined ? { line } : {}) },
    `one of: ${known.join(', ')}`, 'correct the name of the label');

