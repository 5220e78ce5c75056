/**
 * Any language (issue 26, item 5): the `init` scaffold built in English, German, French, Spanish
 * and Chinese — one build, five audience editions, each overlay naming its `language` — prints
 * the engine's own words (contents, page footer, notes heading, figure and table labels, source
 * line, the cover's "Data as of", the notes' Chicago entries in the language's CSL locale), a number, a date, an ordinal and quotation marks in that
 * language; and a paragraph mixing Chinese, Arabic and emoji prints every character, in the
 * fonts of the theme's fallback chain. A language with no catalogue falls back to English with
 * BK360; a misspelt label is BK361 with a did-you-mean.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdftotext, runCliInProcess, tempDir, tool } from '../support.js';

const LANGUAGES = ['en-GB', 'de', 'fr', 'es', 'zh'] as const;
type Lang = (typeof LANGUAGES)[number];

/** What each edition must print (whitespace, no-break spaces included, compared as one space). */
const EXPECTED: Record<Lang, { labels: string[]; number: string; date: string; ordinal: string; quoted: string }> = {
  'en-GB': { labels: ['Contents', 'Page 2 of ', 'Notes and sources', 'Figure 1', 'Table 1', 'Source: IERS', 'Data as of 1 January 2025', 'Key figures', '‘Leap Second Table (Leap_Second.Dat)’, n.d.'], number: '1,234,567.5', date: '5 March 2024', ordinal: 'the 37th', quoted: '‘quoted words’' },
  de: { labels: ['Inhalt', 'Seite 2 von ', 'Anmerkungen und Quellen', 'Abbildung 1', 'Tabelle 1', 'Quelle: IERS', 'Datenstand: 1. Januar 2025', 'Kennzahlen', '„Leap second table (Leap_Second.dat)“, o. J.'], number: '1.234.567,5', date: '5. März 2024', ordinal: 'the 37.', quoted: '„quoted words“' },
  fr: { labels: ['Sommaire', 'Page 2 sur ', 'Notes et sources', 'Figure 1', 'Tableau 1', 'Source : IERS', 'Données au 1 janvier 2025', 'Chiffres clés', '« Leap second table (Leap_Second.dat) », s. d.'], number: '1 234 567,5', date: '5 mars 2024', ordinal: 'the 37e', quoted: '« quoted words »' },
  es: { labels: ['Índice', 'Página 2 de ', 'Notas y fuentes', 'Figura 1', 'Tabla 1', 'Fuente: IERS', 'Datos a 1 de enero de 2025', 'Cifras clave', '«Leap second table (Leap_Second.dat)», s. f.'], number: '1.234.567,5', date: '5 de marzo de 2024', ordinal: 'the 37.º', quoted: '«quoted words»' },
  zh: { labels: ['目录', '第2页，共', '注释与资料来源', '图1', '表1', '资料来源：IERS', '数据截至2025年1月1日', '关键数据'], number: '1,234,567.5', date: '2024年3月5日', ordinal: 'the 第37', quoted: '“quoted words”' },
};

const squash = (s: string) => s.replace(/[\s\u00a0\u202f\u2009]+/g, ' ');
let dir: string;
let stderr: string;

beforeAll(async () => {
  dir = path.join(tempDir('briefkit-lang-'), 'report');
  const init = await runCliInProcess(['init', dir]);
  expect(init.code, init.stderr).toBe(0);
  // a large number from the data, for its digit grouping and decimal mark
  fs.writeFileSync(path.join(dir, 'data', 'big.json'), JSON.stringify({ title: 'A large number', unit: 'units', rows: [{ year: 2024, value: 1234567.5, source: ['iers-leap-seconds'] }] }));
  const config = path.join(dir, 'briefkit.config.ts');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/(\n\s*'tai-utc': yearlySeries\([^\n]*\n)/, "$1    big: yearlySeries({ file: 'big.json' }),\n"));
  fs.appendFileSync(path.join(dir, 'templates', 'sections', 'overview.md.hbs'),
    '\nIn figures: {{fig "big" 2024}}, the {{fig "tai-utc" 2025 style="rank"}}.\n\nThe day reads {{date "2024-03-05"}} here.\n\nShe called them "quoted words" once.\n\nMixed: 国家知识产权局, مرحبا بالعالم, 🌍🐄 and ✅ in one paragraph.\n');
  // the base profile names no language: each audience's overlay does
  const base = path.join(dir, 'templates', 'profile.yaml');
  fs.writeFileSync(base, fs.readFileSync(base, 'utf8').replace(/^(language|locale): .*\n/gm, ''));
  const audiences = path.join(dir, 'templates', 'audiences');
  fs.rmSync(audiences, { recursive: true });
  for (const lang of LANGUAGES) {
    fs.mkdirSync(path.join(audiences, lang.toLowerCase()), { recursive: true });
    fs.writeFileSync(path.join(audiences, lang.toLowerCase(), 'profile.yaml'), `language: ${lang}\n`);
  }
  const r = await runCliInProcess(['build', '--root', dir, '--jobs', '1']);
  expect(r.code, r.stderr).toBe(0);
  stderr = r.stderr;
}, 240_000);

describe.each(LANGUAGES)('the scaffold in %s', (lang) => {
  const text = () => squash(pdftotext(path.join(dir, 'out', `briefing-${lang.toLowerCase()}.pdf`)));

  it('prints the engine’s own words in the language', () => {
    for (const label of EXPECTED[lang].labels) expect(text(), label).toContain(label);
  });

  it('marks a table that runs onto the next page as continued, in the language', () => {
    const continued = { 'en-GB': 'Table 1 (continued)', de: 'Tabelle 1 (Fortsetzung)', fr: 'Tableau 1 (suite)', es: 'Tabla 1 (continuación)', zh: '表1（续）' }[lang];
    expect(text()).toContain(continued);
  });

  it('prints a number, a date, an ordinal and quotation marks as the language writes them', () => {
    const e = EXPECTED[lang];
    expect(text()).toContain(e.number);
    expect(text()).toContain(e.date);
    expect(text()).toContain(e.ordinal);
    expect(text()).toContain(e.quoted);
  });

  it('prints Chinese, Arabic and emoji in one paragraph, each in a font of the chain', () => {
    const t = text();
    for (const s of ['国家知识产权局', '🌍', '🐄', '✅']) expect(t).toContain(s);
    // the Arabic words, extracted in reading order
    expect(t).toMatch(/مرحبا بالعالم/);
    const fonts = tool('pdffonts', [path.join(dir, 'out', `briefing-${lang.toLowerCase()}.pdf`)]).stdout;
    for (const f of ['NotoSansSC', 'NotoSansArabic', 'NotoEmoji']) expect(fonts).toContain(f);
  });
});

describe('languages the engine has no catalogue for, and labels', () => {
  it('breaks Chinese lines between two characters, with no hyphen', () => {
    const lines = pdftotext(path.join(dir, 'out', 'briefing-zh.pdf')).split('\n');
    // the notes' opening paragraph runs over two lines, broken inside a run of Chinese
    const at = lines.findIndex((l) => l.startsWith('每条编号注释'));
    expect(lines[at]!.trim()).toMatch(/[\u4e00-\u9fff，]$/u);
    expect(lines[at + 1]!.trim()).toMatch(/^[\u4e00-\u9fff]/u);
  });

  it('builds with no warning for the five catalogued languages', () => {
    expect(stderr).not.toMatch(/BK36\d|BK307/);
  });

  it('a language without a catalogue prints English labels, with BK360; a label of the profile replaces the catalogue’s', async () => {
    const overlay = path.join(dir, 'templates', 'audiences', 'de', 'profile.yaml');
    fs.writeFileSync(overlay, 'language: pt-BR\nlabels:\n  contents: "Sumário"\n');
    const r = await runCliInProcess(['build', '--root', dir, '--audience', 'de', '--jobs', '1']);
    fs.writeFileSync(overlay, 'language: de\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning BK360: .*"pt-BR"/m);
    const t = squash(pdftotext(path.join(dir, 'out', 'briefing-de.pdf')));
    expect(t).toContain('Sumário');
    expect(t).toContain('Notes and sources');
    // numbers and dates follow the language (its locale) all the same
    expect(t).toContain('1.234.567,5');
  }, 120_000);

  it('a misspelt label is BK361 naming the field, with a did-you-mean', async () => {
    const overlay = path.join(dir, 'templates', 'audiences', 'fr', 'profile.yaml');
    fs.writeFileSync(overlay, 'language: fr\nlabels:\n  contnets: "Table des matières"\n');
    const r = await runCliInProcess(['build', '--root', dir, '--audience', 'fr', '--jobs', '1']);
    fs.writeFileSync(overlay, 'language: fr\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error BK361: templates\/audiences\/fr\/profile\.yaml:\d+.*"contnets".*Did you mean "contents"\?/m);
  }, 60_000);
});
