import { describe, expect, it } from 'vitest';
import { exceptionPositions, hyphenateParagraph, hyphenateText, hyphenatorFor, LEFT_MIN, RIGHT_MIN } from '../../../src/layout/hyphenate.js';

const SHY = '\u00ad';
const shown = (s: string) => s.replace(/\u00ad/g, '-');
const gb = hyphenatorFor('en-GB')!;
const us = hyphenatorFor('en-US')!;

describe('hyphenation a reader accepts', () => {
  it('never breaks a capitalised word: names, months, titles, sentence starts, acronyms', () => {
    for (const w of ['Central', 'December', 'Conversant', 'Tariffs', 'Intellectual', 'Trademark', 'Special', 'Agreement', 'General', 'January', 'McDonald', 'iPhone', 'WIPO', 'CNIPA']) expect(hyphenateText(w, gb), w).toBe(w);
    // the same words in lower case do break
    expect(hyphenateText('intellectual', gb)).toContain(SHY);
  });

  it('never breaks a number, a date, an address, an abbreviation or a word with a digit', () => {
    for (const t of ['1,045,000', '15/06/2018', '2019–2020', 'https://www.example.org/international', 'www.internationalisation.org', 'someone@organisation.org', 'e.g.', 'i.e.', 'covid19investigation', 'organisation2', 'a_representative', 'R&D-intensive']) expect(hyphenateText(t, gb), t).toBe(t);
  });

  it('breaks a compound only at its own hyphen', () => {
    for (const t of ['subsidy-driven', 'geographical-indication', 'receiving-office', 'well-established', 'state-administered']) expect(hyphenateText(t, gb), t).toBe(t);
  });

  it('keeps three letters before a break and four after it (no "-ed", "-ing", "-ity", "-ate" carried over)', () => {
    for (const w of ['investigate', 'implemented', 'reprinted', 'priority', 'receiving', 'geographical', 'administrative', 'international', 'manufacturing', 'intellectual', 'innovation']) {
      for (const h of [gb, us]) {
        const parts = shown(hyphenateText(w, h)).split('-');
        expect(parts[0]!.length, w).toBeGreaterThanOrEqual(LEFT_MIN);
        expect(parts.at(-1)!.length, w).toBeGreaterThanOrEqual(RIGHT_MIN);
      }
    }
    expect(LEFT_MIN).toBe(3);
    expect(RIGHT_MIN).toBe(4);
  });

  it('the poor breaks an editor marked are gone', () => {
    const text = 'investigate implemented reprinted priority receiving geographical subsidy-driven';
    const out = shown(hyphenateText(text, gb));
    for (const bad of ['investig-ate', 'implemen-ted', 'reprin-ted', 'prior-ity', 'receiv-ing', 'geograph-ic', 'sub-sidy']) expect(out, bad).not.toContain(bad);
  });

  it('keeps only breaks the British and American patterns agree on, so a break is at a plain syllable boundary', () => {
    expect(shown(hyphenateText('administrative', gb))).toBe('admin-is-trative');
    expect(shown(hyphenateText('representative', gb))).toBe('rep-resentative');
    expect(shown(hyphenateText('technology', gb))).toBe('tech-nology');
    expect(hyphenateText('investigate', gb)).toBe('investigate');
  });

  it('follows the language: en-GB and en-US apply their own exception lists', () => {
    // "universities": en-GB uni-vers-ities (its TeX exception), en-US uni-versities
    expect(shown(hyphenateText('universities', gb))).toBe('uni-vers-ities');
    expect(shown(hyphenateText('universities', us))).toBe('uni-versities');
    // other languages take their own patterns (German breaks its capitalised nouns); Chinese needs none
    expect(shown(hyphenateText('Die Bundesregierung', hyphenatorFor('de-DE')!))).toBe('Die Bun-des-re-gie-rung');
    expect(shown(hyphenateText('le gouvernement', hyphenatorFor('fr')!))).toBe('le gou-ver-ne-ment');
    expect(shown(hyphenateText('crecimiento', hyphenatorFor('es')!))).toBe('cre-ci-miento');
    expect(hyphenatorFor('zh')).toBeUndefined();
    expect(hyphenatorFor('xx')).toBeUndefined();
  });

  it('the profile\'s exceptions decide a word: breaks where its hyphens stand, none when it has none', () => {
    const h = hyphenatorFor('en-GB', ['in-ves-ti-gate', 'technology'])!;
    expect(shown(hyphenateText('investigate investigated', h))).toBe('inves-ti-gate investigated');
    expect(hyphenateText('technology', h)).toBe('technology');
    // still not in a capitalised word
    expect(hyphenateText('Investigate', h)).toBe('Investigate');
    expect(exceptionPositions('in-ves-ti-gate')).toEqual([2, 5, 7]);
  });

  it('gives the same breaks whatever was hyphenated before (the package grows its exceptions object as it goes)', () => {
    const words = 'considerable enforcement jurisdictional organisations acknowledged notwithstanding';
    const first = hyphenateText(words, hyphenatorFor('en-GB', ['con-sid-er-able'])!);
    hyphenateText('improvements persistent difficulties disagreements representatives', hyphenatorFor('en-US')!);
    expect(hyphenateText(words, hyphenatorFor('en-GB', ['con-sid-er-able'])!)).toBe(first);
    expect(shown(hyphenateText('persistent', gb))).toBe(shown(hyphenateText('persistent', hyphenatorFor('en-GB', ['x-yz'])!)));
  });

  it('never breaks a paragraph\'s last word', () => {
    const runs = hyphenateParagraph(['the international organisations acknowledged'], gb);
    expect(String(runs[0]).split(' ').at(-1)).toBe('acknowledged');
    expect(String(runs[0])).toContain(SHY);
  });
});
