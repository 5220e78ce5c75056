/**
 * Stage 2 — resolve the audience profile: templates/profile.yaml (base) deep-merged with
 * templates/audiences/<name>/profile.yaml (overlay; arrays replace), validated.
 * Also records where every partial and section comes from (override lookup order):
 *   1. templates/audiences/<name>/{sections,partials}/<file>
 *   2. templates/{sections,partials}/<file>
 */
import type { Area } from '../io/project.js';
import { parseYaml, yamlLineOf } from '../data/parse.js';
import * as msg from '../log/message.js';
import { profileSchema, type Profile } from './schema.js';

export const BASE_PROFILE = 'profile.yaml';

export interface ResolvedProfile {
  audience: string;
  profile: Profile;
  /** Files merged, base first. */
  files: string[];
  /** Template name (e.g. "sections/summary.md.hbs") → project-relative file it resolves to. */
  templates: Map<string, string>;
  /** The file (and line) that set a field of the merged profile: the overlay if it has it, else the base. */
  origin(fieldPath: string[]): { file: string; line?: number };
}

export function listAudiences(templates: Area): string[] {
  return templates.folders('audiences').filter((a) => templates.exists(`audiences/${a}/profile.yaml`));
}

export function resolveProfile(templates: Area, audience: string): ResolvedProfile {
  const known = listAudiences(templates);
  if (!known.includes(audience)) throw msg.unknownAudience(audience, known);
  const baseFile = templates.name(BASE_PROFILE);
  const baseText = templates.exists(BASE_PROFILE) ? templates.readText(BASE_PROFILE, 'base profile') : '';
  const base = asObject(parseYaml(baseText, baseFile));
  const overlayRel = `audiences/${audience}/profile.yaml`;
  const overlayText = templates.readText(overlayRel, 'audience profile');
  const overlay = asObject(parseYaml(overlayText, templates.name(overlayRel)));
  const merged = deepMerge(base, overlay);
  merged.audience = audience;
  const res = profileSchema.safeParse(merged);
  if (!res.success) {
    // Report the problem in the file that set the field: the overlay if it has the key, else the base.
    const issue = res.error.issues[0]!;
    const pathParts = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
    const top = String(issue.code === 'unrecognized_keys' && pathParts.length === 0 ? issue.keys[0] : pathParts[0]);
    const inOverlay = top in overlay;
    const file = inOverlay ? templates.name(overlayRel) : baseFile;
    const field = [...pathParts.map(String), ...(issue.code === 'unrecognized_keys' ? [issue.keys.join(', ')] : [])].join('.') || top;
    const problem = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    const text = inOverlay ? overlayText : baseText;
    const at = yamlLineOf(text, issue.code === 'unrecognized_keys' ? [...pathParts, issue.keys[0]!] : pathParts);
    throw msg.profileInvalid(file, field, problem, 'a field of the profile schema (schemas/profile.schema.json), spelled and typed as there', at);
  }
  const profile = res.data;

  const lookup = new Map<string, string>();
  for (const dir of ['sections', 'partials']) {
    for (const f of templates.list(dir, ['.hbs'])) lookup.set(f, templates.name(f));
    for (const f of templates.list(`audiences/${audience}/${dir}`, ['.hbs'])) {
      lookup.set(f.replace(`audiences/${audience}/`, ''), templates.name(f));
    }
  }
  const origin = (fieldPath: string[]) => {
    const inOverlay = hasPath(overlay, fieldPath);
    const file = inOverlay ? templates.name(overlayRel) : baseFile;
    const line = yamlLineOf(inOverlay ? overlayText : baseText, fieldPath);
    return line === undefined ? { file } : { file, line };
  };
  return { audience, profile, files: [...(templates.exists(BASE_PROFILE) ? [baseFile] : []), templates.name(overlayRel)], templates: lookup, origin };
}

function hasPath(o: Record<string, unknown>, fieldPath: string[]): boolean {
  let cur: unknown = o;
  for (const k of fieldPath) {
    if (!isPlain(cur) || !(k in cur)) return false;
    cur = cur[k];
  }
  return true;
}

function asObject(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlain(prev) && isPlain(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

const isPlain = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
