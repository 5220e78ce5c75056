import { describe, expect, it } from 'vitest';
import type { BriefkitError } from '../../../../src/log/error.js';
import { render } from './support.js';

describe('too-tall: an unbreakable block taller than a page', () => {
  it('fails with BK308 naming its first line, instead of being dropped', async () => {
    const tall = { stack: Array.from({ length: 90 }, (_, i) => ({ text: `Line ${i + 1} of a callout that cannot fit on one page` })), unbreakable: true };
    const e = await render({ content: [{ text: 'Before' }, tall] }).then(() => undefined, (x: unknown) => x as BriefkitError);
    expect(e?.code).toBe('BK308');
    expect(e?.message).toContain('Line 1 of a callout');
  });

  it('the same block, allowed to break, renders; a later good render is not failed by an earlier drop', async () => {
    const tall = { stack: Array.from({ length: 90 }, (_, i) => ({ text: `Line ${i + 1}` })), unbreakable: false };
    const ok = await render({ content: [{ text: 'Before' }, tall] });
    expect(ok.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
