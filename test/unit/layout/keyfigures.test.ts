/** A key figure's note call follows its label with no space and is tied to its last word. */
import { expect, it } from 'vitest';
import { keyFigureBand } from '../../../src/layout/blocks/keyfigures.js';
import type { LayoutContext } from '../../../src/layout/types.js';

it('sets the call right after the label, tied to it', () => {
  const ctx = { theme: { contentWidth: 450, scale: { keyFigure: 20, caption: 8.5 }, palette: { accent: '#048', muted: '#666' } }, measure: (s: string) => s.length * 5 } as unknown as LayoutContext;
  const band = keyFigureBand([{ value: '5', label: 'times the compensation since June 2021', notes: ['4', '5'] }], ctx) as { stack: { columns: { stack?: { text?: unknown }[] }[] }[] };
  const runs = band.stack[0]!.columns[0]!.stack![2]!.text as { text: string; sup?: boolean; lineBreakBefore?: string }[];
  expect(runs.map((r) => r.text).join('')).toBe('times the compensation since June 20214,5');
  for (const r of runs.slice(1)) expect(r).toMatchObject({ sup: true, lineBreakBefore: 'never' });
});
