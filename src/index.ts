/**
 * briefkit's public API: what a project's briefkit.config.ts (and the modules it imports)
 * imports — building blocks, defineConfig, derived, sourced for helpers — and the build for
 * programs that drive briefkit themselves.
 *
 *   import { defineConfig, yearlySeries, z } from 'briefkit';
 *   export default defineConfig({ datasets: { 'invention-grants': yearlySeries({ file: 'invention-grants.json' }) } });
 */
export { z } from 'zod';
export { defineConfig } from './config/define.js';
export { caveatIds, caveats, count, dataset, events, glossary, isoDate, isoMonth, kebabId, monthlySeries, namedFigures, provenance, qualifier, seriesMeta, sourceList, sourceSchema, year, yearlySeries, type Source } from './config/blocks.js';
export { derived } from './config/derived.js';
export { sourced, Sourced, type Helper, type HelperCall, type HelperResult, type SourcedFrom, type SourcedOptions } from './config/helpers.js';
export type { ConfigInput, DatasetDecl, DerivedDecl, Measure, PeriodUnit, RowKey, Step, Where } from './config/types.js';
export { build, type BuildResult } from './build-host.js';
export type { BuildOptions } from './build.js';
export { VERSION } from './version.js';
