/** Table specs: templates/tables/<name>.yaml — which dataset, which columns, how formatted. */
import { z } from 'zod';

export const columnFormats = ['text', 'year', 'number', 'compact', 'percent', 'signed-percent', 'money', 'rank', 'date', 'qualified-number'] as const;

export const tableSpecSchema = z.strictObject({
  dataset: z.string().min(1),
  caption: z.string().min(1),
  /** Equality filters on row fields, e.g. { origin: China }. */
  filter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Include rows marked "excluded" (e.g. outliers shown for transparency). */
  includeExcluded: z.boolean().default(false),
  sort: z.string().optional(),
  descending: z.boolean().default(false),
  note: z.string().optional(),
  /** `full` (the default) spans the text width; `content` sizes columns to their cells (a caption longer than them still widens the table, up to the text width). */
  width: z.enum(['content', 'full']).default('full'),
  /** Pivot: one row per `rows` value, one column per `columns` value, cells from `value`. */
  pivot: z
    .strictObject({
      rows: z.string(),
      columns: z.string(),
      value: z.string(),
      format: z.enum(columnFormats).default('number'),
      /** Fixed decimals for every pivoted value (default: each value's own, capped by the dataset's declared digits). */
      digits: z.number().int().min(0).max(6).optional(),
      order: z.array(z.string()).optional(),
      /** Column headers for the pivoted values, e.g. { utility-model: "Utility models" }. */
      labels: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  columns: z
    .array(
      z.strictObject({
        field: z.string().min(1),
        header: z.string().min(1),
        format: z.enum(columnFormats).default('text'),
        /** Text is set left, figures right on the decimal; never centred. */
        align: z.enum(['left', 'right']).optional(),
        /** Fixed decimals for every value in the column (default: each value's own, capped by the dataset's declared digits, aligned on the point). */
        digits: z.number().int().min(0).max(6).optional(),
        /** What a text cell prints for a code in the data, e.g. { target-total: "total (target)" }. */
        labels: z.record(z.string(), z.string()).optional(),
        /**
         * A column that holds a value in few rows prints as lettered notes under the table instead
         * ("a 2015: Inferred from …"), the letter after the row's first cell.
         */
        asNote: z.boolean().optional(),
      }),
    )
    .min(1),
});
export type TableSpec = z.infer<typeof tableSpecSchema>;
