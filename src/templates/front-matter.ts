/** YAML front matter at the top of a template, between two "---" lines. */
import { parseYaml, yamlLineOf } from '../data/parse.js';
import { validate } from '../data/load.js';

import { sectionMeta, type SectionMeta } from '../model/section.js';

export { sectionMeta, type SectionMeta };

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
