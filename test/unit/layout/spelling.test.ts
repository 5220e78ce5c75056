import { describe, expect, it } from 'vitest';
import { printedText, spellingKey, spellingVariants, unquoted } from '../../../src/layout/spelling.js';

describe('spellingKey', () => {
  it('gives British and American spellings of a word one key', () => {
    for (const [a, b] of [['utilisation', 'utilization'], ['organised', 'organized'], ['analyse', 'analyze'], ['colour', 'color'], ['labour', 'labor'], ['favourite', 'favorite'], ['centre', 'center'], ['centres', 'centers'], ['defence', 'defense'], ['catalogue', 'catalog'], ['travelled', 'traveled'], ['modelling', 'modeling'], ['judgement', 'judgment']]) {
      expect(spellingKey(a!), `${a} / ${b}`).toBe(spellingKey(b!));
    }
  });
  it('keeps different words apart', () => {
    for (const [a, b] of [['four', 'for'], ['filled', 'filed'], ['rise', 'rize'], ['pour', 'por']]) expect(spellingKey(a!)).not.toBe(spellingKey(b!));
  });
});

describe('unquoted', () => {
  it('drops quotations at any depth, keeping apostrophes', () => {
    expect(unquoted('China\u2019s \u2018plan for \u201cutilization\u201d\u2019 and utilisation').replace(/\s+/g, ' ')).toBe('China\u2019s and utilisation');
  });
});

describe('spellingVariants', () => {
  it('lists a word printed in two spellings with their pages, outside quotations, italics, links and sources’ titles', () => {
    const tree = [
      { text: 'The plan for IP protection and utilisation added a target.', positions: [{ pageNumber: 13 }] },
      { table: { body: [[{ text: 'Plan for IP protection and utilization', positions: [{ pageNumber: 38 }] }]] } },
      { text: [{ text: 'In a quotation: ' }, { text: '\u2018its utilization\u2019' }], positions: [{ pageNumber: 14 }] },
      { text: [{ text: 'A title: ' }, { text: 'Organization of the Courts', italics: true }], positions: [{ pageNumber: 15 }] },
      { text: 'Xinhua. 14th Five-Year Plan for IP Protection and Utilization. imsilkroad.', positions: [{ pageNumber: 42 }] },
      { text: 'The organisation of the courts.', positions: [{ pageNumber: 16 }] },
    ];
    const variants = spellingVariants(printedText(tree, ['14th Five-Year Plan for IP protection and utilization']));
    expect(variants).toEqual([{ forms: [{ word: 'utilisation', pages: [13] }, { word: 'utilization', pages: [38] }] }]);
  });
  it('says nothing when every word has one spelling, or a pair differs in meaning (licence, license)', () => {
    expect(spellingVariants([{ text: 'a licence to license the centre, the centre', page: 1 }])).toEqual([]);
  });
});
