/**
 * CSV cells arrive as text. A dataset declares its rows once (numbers, booleans, lists); this
 * derives the CSV reading of that schema: "2019" → 2019 where a number is wanted, "" → absent
 * for an optional field, "a; b" → ["a", "b"] for a list (an empty item stays, to be refused), "true"/"false" for a boolean.
 * Anything else is left as written, so the schema reports it.
 */
import { z } from 'zod';

type Kind = 'number' | 'boolean' | 'array' | 'other';

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** What a field holds once optional/nullable/default wrappers are peeled off. */
function kindOf(s: z.ZodType): { kind: Kind; optional: boolean } {
  let optional = false;
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const def = defOf(cur);
    if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') {
      if (def.type === 'optional') optional = true;
      cur = def.innerType!;
    } else if (def.type === 'nullable' || def.type === 'readonly' || def.type === 'catch') {
      cur = def.innerType!;
    } else if (def.type === 'pipe' && def.in) {
      cur = def.in;
    } else {
      const kind: Kind = def.type === 'number' || def.type === 'int' ? 'number' : def.type === 'boolean' ? 'boolean' : def.type === 'array' ? 'array' : 'other';
      return { kind, optional };
    }
  }
  return { kind: 'other', optional };
}

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

export function coerceCell(kind: Kind, optional: boolean, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  if (optional && v === '') return undefined;
  switch (kind) {
    case 'number':
      return NUMBER.test(v) ? Number(v) : v;
    case 'boolean':
      return v.trim() === 'true' ? true : v.trim() === 'false' ? false : v;
    case 'array':
      // an empty item ("a; ; b", "a;") is kept, so the row's check reports it (BK046), not dropped
      return v.trim() === '' ? [] : v.split(';').map((s) => s.trim());
    default:
      return v;
  }
}

/** The CSV reading of a row schema: each field coerced from text, then checked as declared. */
export function csvRow(row: z.ZodObject): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [f, s] of Object.entries(row.shape as Record<string, z.ZodType>)) {
    const { kind, optional } = kindOf(s);
    shape[f] = z.preprocess((v) => coerceCell(kind, optional, v), s);
  }
  return z.strictObject(shape);
}
