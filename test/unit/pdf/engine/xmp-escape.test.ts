import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xmlEscape } from '../../../../src/pdf/engine/xmp-escape.js';
import { render, tempPdf } from './support.js';
import { tool } from '../../../support.js';

describe('xmp-escape: Info values in the XMP packet', () => {
  it('escapes &, < and > for XML', () => {
    expect(xmlEscape('A & B <c>')).toBe('A &amp; B &lt;c&gt;');
    expect(xmlEscape(5)).toBe(5);
  });

  it('a PDF/A title with markup characters gives well-formed XMP and keeps the plain title in Info', async () => {
    const pdf = await render({ content: [{ text: 'x' }], info: { title: 'Trade & <IP>' }, subset: 'PDF/A-2b', version: '1.7' });
    const file = tempPdf(pdf);
    // streams uncompressed, to read the XMP packet
    expect(tool('qpdf', ['--qdf', '--object-streams=disable', file, `${file}.qdf`]).code).toBe(0);
    const text = fs.readFileSync(`${file}.qdf`, 'latin1');
    const xmp = text.slice(text.indexOf('<x:xmpmeta'), text.indexOf('</x:xmpmeta>'));
    expect(xmp).toContain('Trade &amp; &lt;IP&gt;');
    expect(xmp).not.toContain('Trade & <IP>');
    expect(tool('pdfinfo', [file]).stdout).toMatch(/Title:\s+Trade & <IP>/);
  });
});
