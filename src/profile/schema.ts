/** The audience profile: what a base profile and its per-audience overlays may say. */
import { z } from 'zod';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f4e79');

export const themeOverrides = z
  .strictObject({
    palette: z
      .strictObject({
        accent: color.optional(),
        accentSoft: color.optional(),
        text: color.optional(),
        muted: color.optional(),
        rule: color.optional(),
        calloutFill: color.optional(),
        tableStripe: color.optional(),
        series: z.array(color).min(3).optional(),
      })
      .optional(),
    fontSize: z.number().min(7).max(14).optional(),
    lineHeight: z.number().min(1).max(2).optional(),
    justify: z.boolean().optional(),
  })
  .optional();

export const profileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Set by overlays: the audience's own name is the folder name. */
  audience: z.string().optional(),
  label: z.string().min(1).optional(),
  title: z.string().min(1),
  subtitle: z.string().optional(),
  publisher: z.string().min(1),
  author: z.string().min(1),
  subject: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a BCP 47 tag like en-GB').default('en-GB'),
  locale: z.string().min(2).default('en-GB'),
  dateStyle: z.string().min(1).default('d MMMM yyyy'),
  edition: z.string().optional(),
  /** The as-of date printed on the cover; default: the latest dated source. */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  sections: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1),
  maxPages: z.number().int().positive().optional(),
  tone: z.string().optional(),
  cover: z
    .strictObject({
      kicker: z.string().optional(),
      note: z.string().optional(),
      keyFigures: z.array(z.strictObject({ dataset: z.string(), key: z.union([z.string(), z.number()]), label: z.string(), style: z.enum(['number', 'compact', 'percent', 'rank']).optional() })).optional(),
    })
    .optional(),
  contents: z.strictObject({ enabled: z.boolean().default(true), figures: z.boolean().default(true), tables: z.boolean().default(true) }).optional(),
  numbering: z.strictObject({ figures: z.enum(['document', 'section']).default('document'), startAfterFrontMatter: z.boolean().default(false) }).optional(),
  draft: z.boolean().default(false),
  pdfa: z.boolean().default(false),
  theme: themeOverrides,
  /** Free values templates can read as profile.vars.<name>. */
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export type Profile = z.infer<typeof profileSchema>;
