import { describe, expect, it } from 'vitest';
import { tieBreaks, tieParagraph } from '../../../src/layout/breaks.js';

const N = '\u00a0';
describe('tieBreaks', () => {
  it('keeps "up to", prepositions and figures together', () => {
    expect(tieBreaks('up to US$600 billion')).toBe(`up${N}to${N}US$600 billion`);
    expect(tieBreaks('a deficit of US$30.2 billion')).toBe(`a deficit of${N}US$30.2 billion`);
    expect(tieBreaks('exports at US$6 billion, up 22.4%')).toBe(`exports at${N}US$6 billion, up${N}22.4%`);
    expect(tieBreaks('set up centres')).toBe('set up centres');
  });
  it('ties a short last word to the one before it', () => {
    const runs = tieParagraph(['Tariffs followed.', { text: '12', sup: true }]);
    expect(runs[0]).toBe(`Tariffs${N}followed.`);
  });
});
