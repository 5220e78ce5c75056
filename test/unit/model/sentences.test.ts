import { describe, expect, it } from 'vitest';
import { endsInAbbreviation, sentenceRanges, trimmedEnd } from '../../../src/model/sentences.js';

const sentences = (text: string) => sentenceRanges(text).map((r) => text.slice(r[0], trimmedEnd(text, r)));

describe('sentence boundaries for note calls', () => {
  it('does not end a sentence at an abbreviation, an initial, letters with stops or a decimal', () => {
    expect(sentences('Under Art. 22 The rule applies. No. 3 Was listed. The U.S. Trade Representative said so. J. Smith wrote it. It rose 1.5%. Done.')).toEqual([
      'Under Art. 22 The rule applies.',
      'No. 3 Was listed.',
      'The U.S. Trade Representative said so.',
      'J. Smith wrote it.',
      'It rose 1.5%.',
      'Done.',
    ]);
  });

  it('keeps closing quotes and brackets with their sentence, and e.g. inside it', () => {
    expect(sentences('He said “it fell.” Then (in 2020) it rose. (See Figure 3.) Some, e.g. the first, stayed.')).toEqual([
      'He said “it fell.”',
      'Then (in 2020) it rose.',
      '(See Figure 3.)',
      'Some, e.g. the first, stayed.',
    ]);
  });

  it('covers the whole text, trailing spaces included', () => {
    const text = 'One. Two.  ';
    const r = sentenceRanges(text);
    expect(r[0]![0]).toBe(0);
    expect(r.at(-1)![1]).toBe(text.length);
  });

  it('knows its abbreviations', () => {
    expect(['Art.', 'see No.', 'e.g.', 'U.K.', 'Mr.', 'A.'].map(endsInAbbreviation)).toEqual([true, true, true, true, true, true]);
    expect(['in 2024.', 'it fell.', 'the end.”'].map(endsInAbbreviation)).toEqual([false, false, false]);
    // the day of a German date is no sentence end; a number ending a sentence still is
    expect(sentences('Am 5. März 2024 stieg er. Dann fiel er.')).toEqual(['Am 5. März 2024 stieg er.', 'Dann fiel er.']);
    expect(sentences('It rose to 37. Then it fell.')).toEqual(['It rose to 37.', 'Then it fell.']);
  });
});
