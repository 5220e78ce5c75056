/**
 * `briefkit schemas`: JSON Schemas for editor completion, generated from the zod schemas (the
 * single source of truth) — one per JSON/YAML dataset the project's config declares, plus the
 * sources file, profiles and table specs. A test checks that the flagship's committed copies
 * in schemas/ are current.
 */
import path from 'node:path';
import { z } from 'zod';
import { sourcesFile } from '../config/blocks.js';
import { loadConfig } from '../config/load.js';
import type { ProjectConfig } from '../config/types.js';
import { Project } from '../io/project.js';
import { ensureDir, writeAtomic } from '../write/output.js';
import { profileSchema } from '../profile/schema.js';
import { tableSpecSchema } from '../templates/table-spec.js';
import { setActivity } from '../log/activity.js';
import type { Reporter } from '../log/reporter.js';
import { limitsFromEnv, runInWorker, workerAvailable, type Limits } from '../worker/host.js';
import { refusePseudoFileSystem } from '../io/pseudo-fs.js';

export function jsonSchemas(config: ProjectConfig): Map<string, object> {
  const out = new Map<string, object>();
  const convert = (s: z.ZodType, title: string) => ({ ...z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }), title });
  out.set('sources', convert(sourcesFile, `briefkit sources (data/${config.sources})`));
  for (const d of config.datasets) {
    if (d.format === 'csv') continue;
    out.set(d.name, convert(d.fileSchema, `briefkit dataset data/${d.file}`));
  }
  out.set('profile', convert(profileSchema, 'briefkit audience profile (templates/profile.yaml, templates/audiences/*/profile.yaml)'));
  out.set('table', convert(tableSpecSchema, 'briefkit table spec (templates/tables/*.yaml)'));
  return out;
}

export function renderSchemaFiles(config: ProjectConfig): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, schema] of jsonSchemas(config)) files.set(`${name}.schema.json`, JSON.stringify(schema, null, 2) + '\n');
  return files;
}

/** The project's JSON Schema files (its config loaded from `root`): name → text. */
export async function schemaFiles(root: string): Promise<Map<string, string>> {
  setActivity('loading the config');
  return renderSchemaFiles(await loadConfig(new Project(root).rootArea));
}

/**
 * Writes the project's JSON Schemas (its config loaded from `root`) into `outDir`, each file
 * atomically; `keep` leaves a file that is already there as it is (`init` in an existing folder).
 * The config is run in the worker thread, under the time and memory limits, when there is one
 * (`limits`): a config that loops or leaves a timer running is stopped like a build.
 * Returns the folder and the names written.
 */
export async function writeSchemas(root: string, outDir: string, o: { keep?: (file: string) => boolean; limits?: Limits; reporter?: Reporter } = {}): Promise<{ dir: string; written: string[] }> {
  const files = workerAvailable() ? new Map((await runInWorker({ kind: 'schemas', root }, o.limits ?? limitsFromEnv(), o.reporter)).files) : await schemaFiles(root);
  const dir = path.resolve(root, outDir);
  refusePseudoFileSystem(dir, 'schemas folder');
  ensureDir(dir);
  const written: string[] = [];
  for (const [name, text] of files) {
    if (o.keep?.(path.join(dir, name))) continue;
    writeAtomic(dir, name, text);
    written.push(name);
  }
  return { dir, written };
}
