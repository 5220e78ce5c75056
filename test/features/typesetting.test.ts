/**
 * Issue 24 ("typesetting a production editor signs off"), deliverables 1 and 2, checked on the
 * three flagship editions as the editor measured them: word spaces on justified lines from
 * `pdftotext -bbox-layout` (every full-measure line of at least six words, in units of the
 * line's font size), and the words broken at line ends from `pdftotext -raw`.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pdftotext, sharedBuild } from '../support.js';

let out = '';

beforeAll(() => {
  const { out: dir, run } = sharedBuild([...FLAGSHIP]);
  expect(run.code).toBe(0);
  out = dir;
}, 600_000);

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

/**
 * Gaps between words (em) on full-measure lines of body text: lines of six words or more that
 * reach within 2 % of the widest line of their page and start in its left 30 %; the em is the
 * median word-box height / 1.17 (Roboto's box), body sizes only. A gap before a word that starts
 * where words of at least three other lines of the page start is a table's column gutter (a full-
 * width table row read as one line), not a word space.
 */
function wordGaps(bboxLayout: string): { gap: number; where: string }[] {
  const gaps: { gap: number; where: string }[] = [];
  bboxLayout.split('<page ').slice(1).forEach((page, p) => {
    const all = [...page.matchAll(/<line [^>]*>([\s\S]*?)<\/line>/g)]
      .map((l) => [...l[1]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({ x0: Number(w[1]), y0: Number(w[2]), x1: Number(w[3]), y1: Number(w[4]), text: unescape(w[5]!) })));
    const lines = all.filter((ws) => ws.length >= 6);
    if (lines.length === 0) return;
    // a table's column edge: where words of several rows start (pdftotext joins a table row's
    // cells into one line; the gap before a column is a gutter, not a word space)
    const starts = new Map<number, number>();
    for (const ws of all) for (const w of ws) starts.set(Math.round(w.x0 * 2), (starts.get(Math.round(w.x0 * 2)) ?? 0) + 1);
    const right = Math.max(...lines.map((ws) => ws.at(-1)!.x1));
    const left = Math.min(...lines.map((ws) => ws[0]!.x0));
    const columnEdge = (x: number) => x > left + 1 && (starts.get(Math.round(x * 2)) ?? 0) >= 4;
    for (const ws of lines) {
      if (ws.at(-1)!.x1 < right - 0.02 * (right - left) || ws[0]!.x0 > left + 0.3 * (right - left)) continue;
      const heights = ws.map((w) => w.y1 - w.y0).sort((a, b) => a - b);
      const mid = heights.length >> 1;
      const em = (heights.length % 2 ? heights[mid]! : (heights[mid - 1]! + heights[mid]!) / 2) / 1.17;
      if (em <= 0 || em > 14) continue;
      for (let i = 1; i < ws.length; i++) if (!columnEdge(ws[i]!.x0)) gaps.push({ gap: (ws[i]!.x0 - ws[i - 1]!.x1) / em, where: `p${p + 1}: …${ws[i - 1]!.text} ${ws[i]!.text}…` });
    }
  });
  return gaps;
}

/** Line ends that break a word ("letters-" then a lower-case letter): [first part, rest, line index, page]. */
function brokenWords(raw: string): { head: string; rest: string; line: number; page: number }[] {
  const out: { head: string; rest: string; line: number; page: number }[] = [];
  raw.split('\f').forEach((page, p) => {
    const lines = page.split('\n');
    lines.forEach((line, i) => {
      const m = /(\p{L}+)-$/u.exec(line);
      const next = /^(\p{Ll}+)/u.exec(lines[i + 1] ?? '');
      if (m && next) out.push({ head: m[1]!, rest: next[1]!, line: i, page: p + 1 });
    });
  });
  return out;
}

const editions = ['executive', 'legal', 'policy'] as const;

describe.each(editions)('%s edition', (edition) => {
  const pdf = () => path.join(out, `briefing-${edition}.pdf`);

  it('word spaces on justified lines: 99th percentile at most 0.55 em, the widest at most 0.60 em', () => {
    const gaps = wordGaps(pdftotext(pdf(), ['-bbox-layout']));
    expect(gaps.length).toBeGreaterThan(300);
    const sorted = gaps.map((g) => g.gap).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.99)]!).toBeLessThanOrEqual(0.55);
    const worst = gaps.reduce((a, b) => (b.gap > a.gap ? b : a));
    expect(worst.gap, worst.where).toBeLessThanOrEqual(0.6);
  });

  it('no line-end break inside a capitalised word, nor one leaving under 3 letters before or 4 after', () => {
    const raw = pdftotext(pdf(), ['-raw']);
    const whole = (w: string) => new RegExp(`(?<![\\p{L}-])${w}(?![\\p{L}-])`, 'u').test(raw);
    // a word the text also prints whole was broken at a hyphenation point, not at a compound's own hyphen
    const inside = brokenWords(raw).filter((b) => whole(b.head + b.rest));
    expect(inside.filter((b) => /^\p{Lu}/u.test(b.head)).map((b) => `${b.head}-${b.rest}`)).toEqual([]);
    expect(inside.filter((b) => b.head.length < 3 || b.rest.length < 4).map((b) => `${b.head}-${b.rest}`)).toEqual([]);
  });

  it('at most two hyphenated lines in a row, and no page ends in a hyphen', () => {
    const raw = pdftotext(pdf(), ['-raw']);
    const broken = brokenWords(raw);
    for (const b of broken) {
      const run = broken.filter((o) => o.page === b.page && o.line >= b.line && o.line <= b.line + 2);
      expect(run.length, `page ${b.page}: ${run.map((o) => `${o.head}-${o.rest}`)}`).toBeLessThanOrEqual(2);
    }
    const layout = pdftotext(pdf(), ['-layout']).split('\f');
    layout.forEach((page, p) => {
      const body = page.split('\n').map((l) => l.trim()).filter((l) => l && !/Page \d+ of \d+/.test(l));
      expect(body.at(-1) ?? '', `page ${p + 1}`).not.toMatch(/\p{Ll}-$/u);
    });
  });
});
