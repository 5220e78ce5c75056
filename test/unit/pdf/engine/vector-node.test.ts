import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scene } from '../../../../src/charts/scene/types.js';
import { render, taggedDoc, tempPdf } from './support.js';
import { tool } from '../../../support.js';

/**
 * A 200 × 100 chart: a blue bar, a red square clipped to the left half of a group, a green
 * linear gradient, a dotted rule (zero-length dashes, which pdfkit's dash() refuses), a
 * centred label, and a link.
 */
const scene: Scene = {
  scene: 1,
  width: 200,
  height: 100,
  c: [
    { k: 'p', d: 'M10,10h30v30h-30Z', s: { fill: '#0000ff' } },
    { k: 'g', m: [1, 0, 0, 1, 50, 10], clip: { w: 20, h: 30 }, c: [{ k: 'p', d: 'M0,0h40v30h-40Z', s: { fill: '#ff0000' } }] },
    { k: 'p', d: 'M0,0h40v30h-40Z', m: [1, 0, 0, 1, 100, 10], s: { fill: { kind: 'linear', at: [0, 0, 1, 0], box: [0, 0, 40, 30], stops: [[0, '#00ff00', 1], [1, '#00ff00', 1]] } } },
    { k: 'p', d: 'M10,60L190,60', s: { stroke: '#000000', sw: 4, cap: 'round', dash: [0, 12] } },
    { k: 't', m: [1, 0, 0, 1, 100, 90], a: 'middle', family: 'Roboto', size: 10, lines: [[{ t: 'Axis label' }]], s: { fill: '#000000' } },
    { k: 'a', href: 'https://example.org/chart', box: [10, 10, 30, 30] },
  ],
};

/** The colour of the pixel at (x, y) points of page 1 (72 dpi). */
function pixel(file: string, x: number, y: number): string {
  const out = execFileSync('pdftoppm', ['-r', '72', '-x', String(x), '-y', String(y), '-W', '1', '-H', '1', '-singlefile', file]);
  const rgb = out.subarray(out.length - 3);
  return `#${[...rgb].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

describe('vector-node: a chart drawn from its display list', () => {
  it('is measured from its size and drawn with pdfkit operators: fills, clipping, gradients, dashes, text and links', async () => {
    const pdf = await render({ pageSize: { width: 200, height: 100 }, pageMargins: [0, 0, 0, 0], content: [{ svg: scene, width: 200 }], defaultStyle: { font: 'Roboto' } });
    const file = tempPdf(pdf);
    expect(pixel(file, 25, 25)).toBe('#0000ff');
    expect(pixel(file, 60, 25)).toBe('#ff0000');
    // the red square's right half is outside its group's clip
    expect(pixel(file, 80, 25)).toBe('#ffffff');
    expect(pixel(file, 120, 25)).toBe('#00ff00');
    // a dot of the dotted rule, and the gap after it
    expect(pixel(file, 10, 60)).toBe('#000000');
    expect(pixel(file, 16, 60)).toBe('#ffffff');
    const text = tool('pdftotext', ['-layout', file, '-']).stdout;
    expect(text).toContain('Axis label');
    // centred on x = 100: as far from the left edge as from the right
    const bbox = tool('pdftotext', ['-bbox', file, '-']).stdout;
    const word = /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>Axis<\/word>[\s\S]*?<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>label</.exec(bbox)!;
    expect(Math.abs((Number(word[1]) + Number(word[3])) / 2 - 100)).toBeLessThan(1);
    expect(tool('pdffonts', [file]).stdout).toMatch(/Roboto/);
    expect(pdf.toString('latin1')).toContain('/URI (https://example.org/chart)');
  });

  it('is scaled to the width it is given, and in a tagged document is a Figure read by its alt text, its labels hidden', async () => {
    const pdf = await render(taggedDoc([{ svg: scene, width: 100, role: 'Figure', alt: 'A bar and a square.' }]));
    const file = tempPdf(pdf);
    // half size: the blue bar at (5..20, 5..20) from the page's top-left margin (40, 40)
    expect(pixel(file, 52, 52)).toBe('#0000ff');
    expect(pixel(file, 62, 52)).toBe('#ffffff');
    expect(tool('pdftotext', [file, '-']).stdout).not.toContain('Axis label');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/Alt (A bar and a square.)');
    expect(raw).toMatch(/\/S \/Figure/);
  });
});
