/**
 * Issue 13 ("publishable as is"), checked on the extracted text of the three flagship editions
 * and the example report: typographic quotes only, no file names, no tool branding on the cover
 * or in the footer, compressed note ranges, and notes in Chicago style.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pageTexts, ROOT, sharedBuild } from '../support.js';

let out = '';
let example = '';

beforeAll(() => {
  // the builds shared with the other tests that read them (read only); without --quiet, so an
  // empty stderr also means no warning
  for (const [args, set] of [[FLAGSHIP, (d: string) => (out = d)], [['--root', path.join(ROOT, 'examples', 'daylight'), '--audience', 'summary'], (d: string) => (example = d)]] as const) {
    const { out: dir, run: r } = sharedBuild([...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    set(dir);
  }
}, 600_000);

const editions = [
  ['executive', () => path.join(out, 'briefing-executive.pdf')],
  ['policy', () => path.join(out, 'briefing-policy.pdf')],
  ['legal', () => path.join(out, 'briefing-legal.pdf')],
  ['example summary', () => path.join(example, 'briefing-summary.pdf')],
] as const;

/** Text without web addresses (which may hold any character). */
const prose = (t: string) => t.replace(/\S*(?:https?:|\/|\?|=)\S*/g, ' ');

describe.each(editions)('%s', (_name, pdf) => {
  it('has no straight quotes in prose and no file names', () => {
    const text = prose(pageTexts(pdf()).join('\n'));
    expect(text.match(/.{0,30}['"].{0,30}/g) ?? []).toEqual([]);
    expect(text.match(/[\w-]+\.(?:txt|json)\b/g) ?? []).toEqual([]);
  });

  it('names the profile’s publisher, not the tool, on the cover and in the footer', () => {
    const pages = pageTexts(pdf());
    expect(pages[0]).not.toMatch(/briefkit/i);
    for (const p of pages.slice(1)) {
      const footer = p.trim().split('\n').slice(-2).join(' ');
      expect(footer).not.toMatch(/briefkit/i);
    }
  });

  it('never breaks a line between a figure and its qualifier, preposition, scale word or month (prose, cells, notes)', () => {
    const bad: string[] = [];
    for (const page of pageTexts(pdf())) {
      const lines = page.split('\n').map((l) => l.trim());
      lines.forEach((line, i) => {
        const next = lines[i + 1] ?? '';
        if (/(?:^|\s)(?:up to|more than|of|to|at|by|on|from|about|nearly|over)$/.test(line) && /^(?:US\$|CNY|RMB|€|£)?\d/.test(next)) bad.push(`${line} / ${next}`);
        if (/\d$/.test(line) && /^(?:billion|million|trillion|bn)\b/.test(next)) bad.push(`${line} / ${next}`);
        if (/(?:^|[\s(])\d{1,2}$/.test(line) && /^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/.test(next)) bad.push(`${line} / ${next}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('prints runs of three or more note calls as ranges', () => {
    const text = pageTexts(pdf()).join('\n');
    for (const m of text.matchAll(/\b\d+(?:, ?\d+){2,}\b/g)) {
      if (/\d{4}|,\d{3}\b/.test(m[0])) continue; // years and thousands
      const n = m[0].split(/, ?/).map(Number);
      const consecutive = n.some((x, i) => i >= 2 && n[i - 1] === x - 1 && n[i - 2] === x - 2);
      expect(consecutive, m[0]).toBe(false);
    }
  });
});

describe('one heading hierarchy', () => {
  it('lists every section’s subsections in the contents, whether written ## or ###', () => {
    const pages = pageTexts(path.join(out, 'briefing-policy.pdf'));
    const contents = pages.slice(1, 3).join('\n');
    for (const sub of ['Invention patents granted', 'Rounded figures, partial periods and money', 'Index methodology', 'Institutions', 'Main findings']) expect(contents).toContain(sub);
    const legal = pageTexts(path.join(out, 'briefing-legal.pdf'))[1]!;
    expect(legal).toContain('Points for counsel');
    expect(legal).toContain('Enforcement counts');
  });
});

describe('the notes list', () => {
  const notes = () => pageTexts(path.join(out, 'briefing-policy.pdf')).join('\n').replace(/\s+/g, ' ');
  it('sets known sources in Chicago notes-bibliography style, in British English like the body', () => {
    const text = notes();
    expect(text).toMatch(/Bastille Post\. ‘China Authorizes over One Million Invention Patents in 2024: Official’, 15 January 2025\. https:\/\/www\.bastillepost\.com\//);
    // a reprint names the original publisher and the site that reprints it
    expect(text).toContain('Xinhua. ‘China Issues IPR Protection, Application Plan in 2021-2025 Period’, 3 November 2021. Reprinted by imsilkroad.com. https://en.imsilkroad.com/p/324620.html.');
    // dates day month year, never the American order
    expect(text).toMatch(/, \d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\./);
    expect(text).not.toMatch(/(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}/);
  });
  const sourcesOf = (root: string) => (JSON.parse(fs.readFileSync(path.join(root, 'data', 'sources.json'), 'utf8')) as { sources: { title: string; descriptive?: boolean; note?: string }[] }).sources;
  const notesOf = (pdf: string) => {
    const text = pageTexts(pdf).join('\n').replace(/\s+/g, ' ');
    // from the list's opening sentence: the heading recurs as a running header on every page of notes, so its last
    // occurrence would leave only the last page of notes to check
    const at = text.indexOf('Each numbered note names a source');
    return text.slice(at >= 0 ? at : text.lastIndexOf('Notes and sources'));
  };
  it.each(editions)('%s: descriptions print as descriptions, and no editor’s remark or placeholder prints', (name, pdf) => {
    const sources = sourcesOf(name.startsWith('example') ? path.join(ROOT, 'examples', 'daylight') : ROOT);
    const text = notesOf(pdf());
    expect(text.length).toBeGreaterThan(200);
    expect(text).not.toMatch(/Untitled|Unidentified|weak source|low quality|mirror site|No public address|\.(?:txt|json)\b/);
    let described = 0;
    for (const s of sources) {
      if (s.note) expect(text, s.note).not.toContain(s.note.slice(0, 40));
      const title = s.title.replace(/'/g, '’');
      const at = text.indexOf(title);
      if (!s.descriptive || at < 0) continue;
      described++;
      // no quotation marks around a description, which stands in square brackets after the author's full stop
      expect(text.slice(at - 3, at), title).toBe('. [');
      expect(text.slice(at + title.length, at + title.length + 2), title).toMatch(/^\][.,]/);
    }
    if (!name.startsWith('example')) expect(described).toBeGreaterThan(0);
  });
  it('keeps an address’s last segment with the rest of it', () => {
    for (const [, pdf] of editions)
      for (const page of pageTexts(pdf())) for (const line of page.split('\n')) expect(line.trim(), line).not.toMatch(/^[\w-]{1,12}\.html?\.?$/);
  });
});
