/**
 * Stage 2 — resolve the audience profile: templates/profile.yaml (base) deep-merged with
 * templates/audiences/<name>/profile.yaml (overlay; arrays replace), validated.
 * Also records where every partial and section comes from (override lookup order):
 *   1. templates/audiences/<name>/{sections,partials}/<file>
 *   2. templates/{sections,partials}/<file>
 */
import { didYouMean } from '../log/suggest.js';
import type { Area } from '../io/project.js';
import { parseYaml, yamlLineOf } from '../data/parse.js';
import { yearOutOfRange } from '../format/date.js';
import * as msg from '../log/message.js';
import { listAudiences } from './audiences.js';
import { LABEL_KEYS } from '../i18n/index.js';
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
  origin(fieldPath: (string | number)[]): { file: string; line?: number };
}

export { listAudiences };

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
  // numbers and dates follow the language unless the profile names a locale of its own: an
  // overlay that changes the language takes the locale along when the base's locale was its language
  const followsLanguage = overlay.locale === undefined && (base.locale === undefined || (base.locale === base.language && overlay.language !== undefined));
  if (typeof merged.language === 'string' && followsLanguage) merged.locale = merged.language;
  /** The file (and line) that set a field: the overlay if it has it, else the base. */
  const origin = (fieldPath: (string | number)[]) => {
    const inOverlay = hasPath(overlay, fieldPath);
    const file = inOverlay ? templates.name(overlayRel) : baseFile;
    const line = yamlLineOf(inOverlay ? overlayText : baseText, fieldPath);
    return line === undefined ? { file } : { file, line };
  };
  const res = profileSchema.safeParse(merged, { reportInput: true });
  if (!res.success) {
    // Report the problem in the file that set the field.
    const issue = res.error.issues[0]!;
    const pathParts = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
    const unknown = issue.code === 'unrecognized_keys';
    const field = [...pathParts.map(String), ...(unknown ? [issue.keys.join(', ')] : [])].join('.');
    // a misspelt key names the closest field the schema has at that place
    const problem = unknown ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}.${didYouMean(issue.keys[0]!, keysAt(profileSchema, pathParts))}`.replace(/\.$/, '') : issue.message;
    const at = origin(unknown ? [...pathParts, issue.keys[0]!] : pathParts);
    const input = (issue as { input?: unknown }).input;
    const year = !unknown && typeof input === 'string' ? yearOutOfRange(input) : undefined;
    if (year !== undefined) throw msg.dateOutOfRange(at.file, field, input as string, year, at.line);
    throw msg.profileInvalid(at.file, field, problem, 'a field of the profile schema (schemas/profile.schema.json), spelled and typed as there', at.line);
  }
  const profile = res.data;
  const unknownLabel = Object.keys(profile.labels ?? {}).find((k) => !LABEL_KEYS.includes(k));
  if (unknownLabel !== undefined) {
    const at = origin(['labels', unknownLabel]);
    throw msg.unknownLabel(at.file, unknownLabel, LABEL_KEYS, at.line);
  }

  const lookup = new Map<string, string>();
  for (const dir of ['sections', 'partials']) {
    for (const f of templates.list(dir, ['.hbs'])) lookup.set(f, templates.name(f));
    for (const f of templates.list(`audiences/${audience}/${dir}`, ['.hbs'])) {
      lookup.set(f.replace(`audiences/${audience}/`, ''), templates.name(f));
    }
  }
  return { audience, profile, files: [...(templates.exists(BASE_PROFILE) ? [baseFile] : []), templates.name(overlayRel)], templates: lookup, origin };
}

/** Whether `o` sets the field at `fieldPath`: a list or value it holds is replaced whole by a merge, so it owns everything below. */
function hasPath(o: Record<string, unknown>, fieldPath: (string | number)[]): boolean {
  let cur: unknown = o;
  for (const k of fieldPath) {
    if (!isPlain(cur)) return true;
    if (!(k in cur)) return false;
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

/** The field names a zod object schema has at `path` (through optional, default, nullable and array wrappers). */
function keysAt(schema: unknown, path: (string | number)[]): string[] {
  type Def = { type?: string; innerType?: unknown; element?: unknown; shape?: Record<string, unknown> };
  const defOf = (s: unknown): Def => ((s as { _zod?: { def?: Def } })?._zod?.def ?? {}) as Def;
  const unwrap = (s: unknown): unknown => {
    let cur = s;
    for (let i = 0; i < 10; i++) {
      const d = defOf(cur);
      if (d.innerType !== undefined) cur = d.innerType;
      else return cur;
    }
    return cur;
  };
  let cur = unwrap(schema);
  for (const part of path) {
    const d = defOf(cur);
    if (typeof part === 'number') cur = unwrap(d.element);
    else cur = unwrap(d.shape?.[part]);
  }
  return Object.keys(defOf(cur).shape ?? {});
}
