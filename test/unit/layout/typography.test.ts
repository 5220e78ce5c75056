import { describe, expect, it } from 'vitest';
import { localeQuotes, smarten, smartenScene } from '../../../src/layout/typography.js';
import type { Scene } from '../../../src/charts/scene/types.js';

const NBSP = '\u00a0';

describe('smarten', () => {
  it('curls double and single quotes by position', () => {
    expect(smarten('He said "yes" (and "no").')).toBe('He said \u201cyes\u201d (and \u201cno\u201d).');
    expect(smarten("It's the 'best' one")).toBe('It\u2019s the \u2018best\u2019 one');
    expect(smarten('"Start"')).toBe('\u201cStart\u201d');
  });

  it('turns --- into an em dash, -- into an en dash, spaced -- into a thin-spaced en dash', () => {
    expect(smarten('a---b')).toBe('a\u2014b');
    expect(smarten('2010--2024')).toBe('2010\u20132024');
    expect(smarten('rose -- then fell')).toBe('rose\u2009\u2013\u2009then fell');
  });

  it('keeps a number with its scale word or unit', () => {
    expect(smarten('1.045 million patents')).toBe(`1.045${NBSP}million patents`);
    expect(smarten('37 billion')).toBe(`37${NBSP}billion`);
    expect(smarten('7.7 times')).toBe(`7.7${NBSP}times`);
    expect(smarten('in 20 years')).toBe(`in 20${NBSP}years`);
  });

  it('keeps labels with their numbers', () => {
    expect(smarten('see Figure 3 and Table 2')).toBe(`see Figure${NBSP}3 and Table${NBSP}2`);
    expect(smarten('US$ 600')).toBe(`US$${NBSP}600`);
  });

  it('leaves plain text and words that merely start like units alone', () => {
    expect(smarten('plain text, nothing to do')).toBe('plain text, nothing to do');
    expect(smarten('5 millionaires')).toBe('5 millionaires');
    expect(smarten('a - b')).toBe('a - b');
  });
});

describe('non-breaking spaces and the whole document', () => {
  it('joins a qualifier, a currency and a scale word to the figure', async () => {
    expect(smarten('up to US$600 billion a year')).toBe(`up${NBSP}to${NBSP}US$600${NBSP}billion a year`);
    expect(smarten('a deficit of US$30.2 billion')).toBe(`a deficit of US$30.2${NBSP}billion`);
    expect(smarten('(Figure 1)')).toBe(`(Figure${NBSP}1)`);
    expect(smarten('US$ 37 billion')).toBe(`US$${NBSP}37${NBSP}billion`);
    expect(smarten('grew 15 % a year')).toBe(`grew 15${NBSP}% a year`);
    expect(smarten('on about US$50 bn of goods')).toBe(`on about${NBSP}US$50${NBSP}bn of goods`);
  });

  it('keeps a day with its month, not a number before a month-like word elsewhere', () => {
    expect(smarten('rise to 25% on 1 January 2019')).toBe(`rise to 25% on 1${NBSP}January 2019`);
    expect(smarten('signed on 15 Jan 2020')).toBe(`signed on 15${NBSP}Jan 2020`);
    expect(smarten('1,045 Mayors')).toBe('1,045 Mayors');
    expect(smarten('2.5 March')).toBe('2.5 March');
  });

  it('polishes every string of a pdfmake tree in place, but never an address', async () => {
    const { polishTree } = await import('../../../src/layout/typography.js');
    const inline = ["China's rank", { text: '"quoted"' }];
    const tree = { stack: [{ text: inline }, { table: { body: [["it's"], [{ text: 'x--y' }]] } }, { text: 'http://a.org/a--b', link: 'http://a.org/a--b' }] };
    polishTree(tree);
    expect(tree.stack[0]!.text).toBe(inline);
    expect(inline).toEqual(['China\u2019s rank', { text: '\u201cquoted\u201d' }]);
    expect(JSON.stringify(tree)).toContain('it\u2019s');
    expect(JSON.stringify(tree)).toContain('x\u2013y');
    expect(tree.stack[2]!.text).toBe('http://a.org/a--b');
    // a chart node is left alone (its text is polished by smartenScene; its paths are not prose)
    const chart = { svg: label(['x--y "a"']) };
    polishTree({ stack: [chart] });
    expect(JSON.stringify(chart)).toBe(JSON.stringify({ svg: label(['x--y "a"']) }));
  });
});

describe('quotation marks follow the language, whichever marks were typed', () => {
  it('sets outer and inner marks by nesting: en-GB ‘outer “inner”’, en-US “outer ‘inner’”', () => {
    // the author typed double quotes in one place and single quotes in another
    expect(smarten('ranked China as its "priority 1" country', 'en-GB')).toBe('ranked China as its \u2018priority 1\u2019 country');
    expect(smarten("ranked China as 'priority 1'", 'en-GB')).toBe('ranked China as \u2018priority 1\u2019');
    expect(smarten("ranked China as 'priority 1'", 'en-US')).toBe('ranked China as \u201cpriority 1\u201d');
    expect(smarten('He said "the \'China Initiative\' ended".', 'en-GB')).toBe('He said \u2018the \u201cChina Initiative\u201d ended\u2019.');
    expect(smarten('He said "the \'China Initiative\' ended".', 'en-US')).toBe('He said \u201cthe \u2018China Initiative\u2019 ended\u201d.');
  });
  it('leaves apostrophes alone and is idempotent', () => {
    const once = smarten("China's 'Blue Sky' campaign and the courts' view", 'en-US');
    expect(once).toBe('China\u2019s \u201cBlue Sky\u201d campaign and the courts\u2019 view');
    expect(localeQuotes(once, 'en-US')).toBe(once);
    expect(localeQuotes(localeQuotes('\u201cA \u2018b\u2019 c\u201d', 'en-GB'), 'en-GB')).toBe('\u2018A \u201cb\u201d c\u2019');
  });
  it('closes an outer quotation opened in another run of text (a quotation around bold words)', () => {
    expect(localeQuotes('\u201c', 'en-GB') + localeQuotes('Blue Sky', 'en-GB') + localeQuotes('\u201d campaign', 'en-GB')).toBe('\u2018Blue Sky\u2019 campaign');
  });
  it('keeps the marks of Chinese text', () => {
    expect(localeQuotes('\u201c十四五\u201d国家知识产权保护和运用规划', 'en-GB')).toBe('\u201c十四五\u201d国家知识产权保护和运用规划');
  });
  it('applies to chart text too', () => {
    const scene = label(['China "priority 1"', "China's"]);
    expect(smartenScene(scene, 'en-GB')).toEqual(label(['China \u2018priority 1\u2019', 'China\u2019s']));
    // the scene given is not changed (a cached chart is shared by editions)
    expect(scene).toEqual(label(['China "priority 1"', "China's"]));
  });
});

/** A display list with one label of these lines, over a path whose numbers must stay as they are. */
function label(lines: string[]): Scene {
  return { scene: 1, width: 10, height: 10, c: [{ k: 'p', d: 'M0,0L-5,-5', s: { stroke: '#000' } }, { k: 't', m: [1, 0, 0, 1, 0, 0], a: 'start', family: 'Roboto', size: 10, lines: lines.map((t) => [{ t }]), s: { fill: '#000' } }] };
}
