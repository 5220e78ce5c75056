import { describe, expect, it } from 'vitest';
import { render as state } from '../../../../src/pdf/engine/index.js';
import { pdfmakeInternals } from '../../../../src/pdf/engine/internals.js';
import { layout, render } from './support.js';

describe('layout-only: a pass laid out without drawing', () => {
  it('positions nodes but draws no page, and the next render draws again', async () => {
    const { Renderer } = pdfmakeInternals();
    const proto = Renderer.prototype as Record<string, unknown>;
    const original = proto.renderPage as ((...a: unknown[]) => unknown) | undefined;
    let drawn = 0;
    if (original) proto.renderPage = function (this: unknown, ...a: unknown[]) {
      drawn++;
      return original.apply(this, a);
    };
    try {
      const node: Record<string, unknown> = { text: 'Hello' };
      await layout({ content: [node] });
      expect((node.positions as unknown[]).length).toBe(1);
      expect(state.layoutOnly).toBe(false);
      const before = drawn;
      const pdf = await render({ content: [{ text: 'Hello' }] });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      if (original) {
        expect(before).toBe(0);
        expect(drawn).toBeGreaterThan(0);
      }
    } finally {
      if (original) proto.renderPage = original;
    }
  });
});
