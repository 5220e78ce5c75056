/** What a section's front matter says about it: part of the document model templates produce and layout reads. */
import { z } from 'zod';

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
