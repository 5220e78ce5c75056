/** YAML front matter at the top of a template, between two "---" lines. */
import { z } from 'zod';
import { parseYaml, yamlLineOf } from '../data/parse.js';
import { validate } from '../data/load.js';

export const sectionMeta = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a kebab-case id').optional(),
  title: z.string().trim().min(1).optional(),
  /** Printed in the running header instead of the title when set. */
  short: z.string().optional(),
  numbered: z.boolean().default(true),
  /** Start the section on a new page (default true for numbered sections). */
  newPage: z.boolean().optional(),
  /** Names containing digits that may be typed in this template, e.g. "Section 301". */
  allowNumbers: z.array(z.string()).default([]),
  /** Appendix sections are lettered A, B, … */
  appendix: z.boolean().default(false),
});
export type SectionMeta = z.infer<typeof sectionMeta>;

export interface Split {
  meta: SectionMeta;
  body: string;
  /** Lines taken by the front matter (to add to body line numbers). */
  lineOffset: number;
}

export function splitFrontMatter(text: string, file: string): Split {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { meta: sectionMeta.parse({}), body: text, lineOffset: 0 };
  const yamlText = m[1] ?? '';
  // A leading newline stands for the opening "---", so YAML errors report file lines.
  const raw = parseYaml('\n' + yamlText, file);
  const meta = validate(sectionMeta, raw ?? {}, file, (p) => yamlLineOf('\n' + yamlText, p));
  const lineOffset = m[0].split('\n').length - 1;
  return { meta, body: text.slice(m[0].length), lineOffset };
}
