import { describe, expect, it } from 'vitest';
import { render, tempPdf } from './support.js';
import { tool } from '../../../support.js';

describe('svg-fonts: SVG text is set in the in-memory fonts', () => {
  it('chart labels in an SVG use the loaded Roboto, embedded, without reading a font file from disk', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="5" y="20" font-family="Roboto" font-size="12">Axis label</text></svg>';
    const pdf = await render({ content: [{ svg, width: 200 }], defaultStyle: { font: 'Roboto' } });
    const file = tempPdf(pdf);
    expect(tool('pdftotext', [file, '-']).stdout).toContain('Axis label');
    expect(tool('pdffonts', [file]).stdout).toMatch(/Roboto/);
  });
});
