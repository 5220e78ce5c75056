/** Chicago entries through citeproc-js: the format of a few known sources, and what never prints. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIBLIOGRAPHY_STYLE, chicagoEntries, cslParsed, chicagoShortNotes, cslItem, htmlRuns, plain } from '../../../src/cite/cite.js';
import { CHICAGO_NOTE_BIBLIOGRAPHY } from '../../../src/cite/chicago-note-bibliography.js';
import { sourcesFile, type Source } from '../../../src/config/blocks.js';
import { ROOT } from '../../support.js';

const flagship = sourcesFile.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'sources.json'), 'utf8'))).sources;

describe('Chicago notes-bibliography entries', () => {
  // the flagship's profile is British English
  const entries = chicagoEntries(flagship, 'en-GB');
  const text = (id: string) => plain(entries.get(id)!);

  it('sets author or publisher, ‘title’, date and address in British style (en-GB)', () => {
    // single quotes outside, double inside, punctuation outside; day month year
    expect(text('seed-004')).toBe(
      'IP CloseUp. ‘Chinese Leader Xi Jinping Calls for Strengthening IP Protection and “Enhancing Its Importance”’, 22 December 2020. https://ipcloseup.com/2020/12/22/chinese-leader-xi-jinping-calls-for-strengthening-ip-protection-and-enhancing-its-importance/.',
    );
    expect(text('bastillepost-4486231')).toMatch(/^Bastille Post\. ‘China Authorizes over One Million Invention Patents in 2024: Official’, 15 January 2025\. https:\/\/www\.bastillepost\.com\//);
  });

  it('sets American style for any other language (en-US)', () => {
    const us = chicagoEntries(flagship.filter((s) => s.id === 'seed-004'), 'en-US');
    expect(plain(us.get('seed-004')!)).toBe(
      'IP CloseUp. “Chinese Leader Xi Jinping Calls for Strengthening IP Protection and ‘Enhancing Its Importance,’” December 22, 2020. https://ipcloseup.com/2020/12/22/chinese-leader-xi-jinping-calls-for-strengthening-ip-protection-and-enhancing-its-importance/.',
    );
    expect(plain(chicagoEntries(flagship.filter((s) => s.id === 'seed-004'), 'pt-BR').get('seed-004')!)).toBe(plain(us.get('seed-004')!));
  });

  it('sets German, French and Spanish notes in their own CSL locale (dates, quotation marks)', () => {
    const one = flagship.filter((s) => s.id === 'seed-004');
    expect(plain(chicagoEntries(one, 'de-DE').get('seed-004')!)).toContain('„Chinese Leader Xi Jinping Calls for strengthening IP protection and “enhancing its importance”“, 22. Dezember 2020.');
    expect(plain(chicagoEntries(one, 'fr').get('seed-004')!)).toContain('décembre 2020');
    expect(plain(chicagoEntries(one, 'es').get('seed-004')!)).toContain('diciembre de 2020');
  });

  const made: Source[] = [
    { id: 'reprint', title: 'China spends more on IP', publisher: 'Xinhua', reprintedBy: 'mirror.example', date: '2018-11-06', url: 'http://mirror.example/a', kind: 'web' },
    { id: 'site', title: 'A Post', publisher: 'Firm', container: 'Blog', url: 'https://e.org/p', kind: 'web' },
    { id: 'described', title: 'Table of yearly totals', descriptive: true, publisher: 'Office', date: '2019', url: 'https://e.org/t', kind: 'web' },
    { id: 'unsigned', title: 'News report on a survey', descriptive: true, unsigned: true, publisher: 'Ministry', reprintedBy: 'the Ministry’s portal', date: '2022-12', url: 'https://e.org/u', kind: 'article' },
  ];
  const madeText = (id: string, lang = 'en-GB') => plain(chicagoEntries(made, lang).get(id)!);

  it('names the original publisher of a reprint and the site that reprints it', () => {
    expect(madeText('reprint')).toBe('Xinhua. ‘China Spends More on IP’, 6 November 2018. Reprinted by mirror.example. http://mirror.example/a.');
    expect(madeText('reprint', 'en-US')).toBe('Xinhua. “China Spends More on IP,” November 6, 2018. Reprinted by mirror.example. http://mirror.example/a.');
    expect(madeText('site')).toBe('Firm. ‘A Post’. Blog, n.d. https://e.org/p.');
  });

  it('sets a description in square brackets without quotation marks, and begins an unsigned item with its title', () => {
    expect(madeText('described')).toBe('Office. [Table of yearly totals], 2019. https://e.org/t.');
    expect(madeText('unsigned')).toBe('[News report on a survey]. December 2022. Reprinted by the Ministry’s portal. https://e.org/u.');
  });

  it('prints every description without quotation marks or italics, as the editor wrote it (sentence case)', () => {
    const described = flagship.filter((s) => s.descriptive);
    expect(described.length).toBeGreaterThan(0);
    for (const s of described) {
      const t = text(s.id);
      expect(t, s.id).toContain(`[${s.title.replace(/'/g, '’')}]`);
      expect(t, s.id).not.toMatch(/[‘“]/);
      // nor in italics, as a title of a book or report would be
      expect(entries.get(s.id)!.runs.some((r) => r.italics && r.text.includes(s.title.replace(/'/g, '’').slice(0, 12))), s.id).toBe(false);
    }
  });

  it('never prints a file name, an editor’s note or a placeholder', () => {
    for (const s of flagship) {
      const t = text(s.id);
      expect(t).not.toMatch(/\.txt\b|\.json\b|Unidentified|weak source|low quality|———/);
      // square brackets only around a description
      if (!s.descriptive) expect(t).not.toMatch(/\[/);
      if (s.note) expect(t).not.toContain(s.note);
    }
  });

  it('sets each entry as the whole style does, without its sort and citation, and from the style and locales parsed', () => {
    expect(BIBLIOGRAPHY_STYLE).not.toMatch(/<bibliography[^>]*><sort>|disambiguate-add-names/);
    const some = [...made, ...flagship.filter((_, i) => i % 16 === 0)];
    for (const lang of ['en-GB']) {
      const whole = chicagoEntries(some, lang, CHICAGO_NOTE_BIBLIOGRAPHY);
      const trimmed = chicagoEntries(some, lang);
      // the bundle's: the style and locales as citeproc parses them
      const parsed = cslParsed();
      const fromParsed = chicagoEntries(some, lang, parsed.style, parsed);
      expect(trimmed.size).toBe(some.length);
      for (const s of some) {
        expect(plain(trimmed.get(s.id)!), s.id).toBe(plain(whole.get(s.id)!));
        expect(fromParsed.get(s.id), s.id).toEqual(trimmed.get(s.id));
      }
    }
  });

  it('reads a source edited under the same id again (the engine is kept between calls)', () => {
    const one = made.filter((s) => s.id === 'site');
    expect(plain(chicagoEntries(one, 'en-GB').get('site')!)).toContain('‘A Post’');
    expect(plain(chicagoEntries([{ ...one[0]!, title: 'Another post' }], 'en-GB').get('site')!)).toContain('‘Another Post’');
    // and sets only what it is asked for
    expect([...chicagoEntries(made.slice(0, 2), 'en-GB').keys()].sort()).toEqual(['reprint', 'site']);
  });

  it('maps a source to CSL-JSON and reads citeproc’s HTML', () => {
    const s: Source = { id: 'x', title: 'T', publisher: 'P', container: 'Site', date: '2024-05-03', url: 'https://e.org/a', kind: 'web' };
    expect(cslItem(s)).toEqual({ id: 'x', type: 'webpage', title: 'T', author: [{ literal: 'P' }], 'container-title': 'Site', issued: { 'date-parts': [[2024, 5, 3]] } });
    expect(htmlRuns('<div class="csl-entry">A. <i>B &#38; <span style="font-style:normal;">C</span></i>.</div>')).toEqual([
      { text: 'A. ' },
      { text: 'B & ', italics: true },
      { text: 'C.' },
    ]);
  });
});

describe('short notes (a source cited again after its full note)', () => {
  const text = (runs: { text: string }[]) => runs.map((r) => r.text).join('');
  const web: Source = { id: 'w', title: 'Grants rise again: what the figures say', publisher: 'Beta News', url: 'https://example.org/w', kind: 'web' };
  const made: Source = { id: 'm', title: 'Synthetic monthly sales of a fictitious retailer, made for a tutorial', shortTitle: 'Synthetic monthly sales', descriptive: true, synthetic: true, publisher: 'Tutorial', kind: 'dataset' };

  it('gives the author and the title up to its subtitle, in the style’s marks and capitals, with no address or date', () => {
    const gb = chicagoShortNotes([web], 'en-GB').get('w')!;
    expect(text(gb)).toBe('Beta News, ‘Grants Rise Again’.');
    expect(text(chicagoShortNotes([web], 'en-US').get('w')!)).toBe('Beta News, “Grants Rise Again.”');
  });

  it('uses a source’s shortTitle, and sets a description in square brackets without quotation marks', () => {
    expect(text(chicagoShortNotes([made], 'en-GB').get('m')!)).toBe('Tutorial, [Synthetic monthly sales].');
  });
});
