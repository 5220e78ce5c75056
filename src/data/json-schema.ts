/**
 * JSON Schemas for editor completion, generated from the zod schemas (the single source of
 * truth): schemas/<dataset>.schema.json, schemas/sources.schema.json, schemas/profile.schema.json.
 * `briefkit schemas` writes them; a test checks the committed copies are current.
 */
import { z } from 'zod';
import { profileSchema } from '../profile/schema.js';
import { tableSpecSchema } from '../templates/table-spec.js';
import { DATASETS } from './registry.js';
import { sourcesFile } from './schemas.js';

export function jsonSchemas(): Map<string, object> {
  const out = new Map<string, object>();
  const convert = (s: z.ZodType, title: string) => ({ ...z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }), title });
  out.set('sources', convert(sourcesFile, 'briefkit sources registry (data/sources.json)'));
  for (const d of DATASETS) {
    if (d.format !== 'json') continue;
    out.set(d.name, convert(d.schema, `briefkit dataset data/${d.name}.json`));
  }
  out.set('profile', convert(profileSchema, 'briefkit audience profile (templates/profile.yaml, templates/audiences/*/profile.yaml)'));
  out.set('table', convert(tableSpecSchema, 'briefkit table spec (templates/tables/*.yaml)'));
  return out;
}

export function renderSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, schema] of jsonSchemas()) files.set(`${name}.schema.json`, JSON.stringify(schema, null, 2) + '\n');
  return files;
}
