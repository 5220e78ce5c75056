import { describe, expect, it } from 'vitest';
import { ascenderHeight } from '../../../../src/pdf/engine/line-ascent.js';
import { cjkRuns } from '../../../../src/layout/inline.js';
import { tool } from '../../../support.js';
import { render, tempPdf } from './support.js';

describe('ascenderHeight', () => {
  it('counts an inline ascender scaled by its ascentScale', () => {
    const roboto = { font: { ascender: 928 }, fontSize: 10 };
    expect(ascenderHeight([roboto, { font: { ascender: 1160 }, fontSize: 10, ascentScale: 0.8 }])).toBeCloseTo(9.28);
    expect(ascenderHeight([roboto, { font: { ascender: 1160 }, fontSize: 10 }])).toBeCloseTo(11.6);
  });
});

describe('lines holding Chinese text', () => {
  it('are spaced like the lines around them', async () => {
    const lines = ['Alpha line one', 'Beta line two 国家知识产权局 here', 'Gamma line three', 'Delta line four'];
    const text = lines.flatMap((l, i) => [...cjkRuns(l, {}, 1.45), ...(i < lines.length - 1 ? [{ text: '\n' }] : [])]);
    const out = tool('pdftotext', ['-bbox', tempPdf(await render({ content: [{ text, fontSize: 10, lineHeight: 1.45 }] })), '-']).stdout;
    const top = (w: string) => Number(new RegExp(`yMin="([\\d.]+)"[^>]*>${w}<`).exec(out)![1]);
    const ys = ['Alpha', 'Beta', 'Gamma', 'Delta'].map(top);
    const gaps = ys.slice(1).map((y, i) => y - ys[i]!);
    // without the fix the line holding Chinese text sat 2.3 pt low (19.3 pt above it, 14.7 pt below)
    for (const g of gaps) expect(Math.abs(g - gaps[2]!)).toBeLessThan(0.3);
  });
});
