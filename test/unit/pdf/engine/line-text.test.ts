import { describe, expect, it } from 'vitest';
import { layout } from './support.js';

describe('line-text: each laid-out line records its text', () => {
  it('positions carry the text pdfmake set on each line (for widow control)', async () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const node: Record<string, unknown> = { text: words };
    await layout({ content: [node] });
    const positions = node.positions as { text?: string }[];
    expect(positions.length).toBeGreaterThan(2);
    expect(positions.map((p) => p.text).join(' ').replace(/\s+/g, ' ').trim()).toBe(words);
    // not enumerable: pdfmake's own copies of positions are unaffected
    expect(Object.keys(positions[0]!)).not.toContain('text');
  });
});
