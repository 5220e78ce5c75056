/**
 * Issue 25 (deliverables 1, 2 and 6) and issue 24 (item 6), checked on the flagship's three
 * editions as built: the claims register (out/claims.json) against the PDFs' text.
 *
 * - The register is written with the PDFs and listed in the manifest with its digest.
 * - Its note list maps note numbers to sources; each note as printed names its source's site.
 * - Every figure's sentence carries one note call, printed right after the sentence, that lists
 *   every source of the figure; the call lists nothing that neither the sentence's figures nor a
 *   citation written in that sentence's template line needs.
 * - Completeness: every figure in the body text of each edition (pdftotext) is in the register.
 * - No note call on any cover.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pdftotext, ROOT, runCli, sharedBuild, tempDir } from '../support.js';
import { wordsByPage, type Word } from '../support/bbox.js';

interface Entry {
  template: string;
  page: string;
  pdfPage: number;
  kind: string;
  text: string;
  context: string;
  rows: { dataset: string; key: string; field: string; value: unknown }[];
  sources: string[];
  note: string;
  call?: string[];
}
interface Register {
  generator: string;
  editions: Record<string, { file: string; notes: string[]; claims: Entry[] }>;
}

let out = '';
let register: Register;
const pages = new Map<string, Word[][]>();
const texts = new Map<string, string[]>();

beforeAll(() => {
  const { out: dir, run } = sharedBuild(FLAGSHIP);
  expect(run.code).toBe(0);
  out = dir;
  register = JSON.parse(fs.readFileSync(path.join(out, 'claims.json'), 'utf8')) as Register;
  for (const [audience, e] of Object.entries(register.editions)) {
    pages.set(audience, wordsByPage(path.join(out, e.file)));
    texts.set(audience, pdftotext(path.join(out, e.file), ['-raw']).split('\f'));
  }
}, 600_000);

const AUDIENCES = ['executive', 'legal', 'policy'];
const sources = new Map((JSON.parse(fs.readFileSync(path.join(ROOT, 'data', 'sources.json'), 'utf8')) as { sources: { id: string; url?: string }[] }).sources.map((s) => [s.id, s]));

/** Note numbers as a superscript call prints them: "1,8", "5–7", "32,34–36". */
function printedCall(nums: number[]): string {
  const sorted = [...new Set(nums)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j >= i + 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j;
  }
  return parts.join(',');
}

/** Text compared without spaces and hyphens (lines break anywhere), quotes folded. */
const squash = (t: string) => t.replace(/[\s\u00a0\u2009\u202f\u00ad-]+/g, '').replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
/** A page's text as read (pdftotext: a word broken at a line end reads whole through its /ActualText, which -bbox leaves out). */
const pageText = (audience: string, n: number) => (texts.get(audience)![n - 1] ?? '');

describe('the claims register (out/claims.json)', () => {
  it('is written with the PDFs and listed in the manifest with its digest', async () => {
    const { createHash } = await import('node:crypto');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { claims?: { file: string; sha256: string }; documents: { audience: string; file: string }[] };
    expect(manifest.claims?.file).toBe('claims.json');
    expect(manifest.claims?.sha256).toBe(createHash('sha256').update(fs.readFileSync(path.join(out, 'claims.json'))).digest('hex'));
    expect(Object.keys(register.editions).sort()).toEqual(AUDIENCES);
    for (const d of manifest.documents) expect(register.editions[d.audience]?.file).toBe(d.file);
  });

  it('prints as a table for fact-checkers (briefkit claims)', () => {
    const r = runCli(['claims', '--audience', 'executive', '--out', out], { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const first = register.editions.executive!.claims.find((c) => c.kind === 'figure')!;
    expect(r.stdout).toContain(`executive edition (briefing-executive.pdf): ${register.editions.executive!.claims.length} figures`);
    expect(r.stdout).toContain(`${first.rows[0]!.dataset} · ${first.rows[0]!.key} · ${first.rows[0]!.field} = `);
    expect(r.stdout).toContain(`sources: ${first.sources.join(', ')}`);
    const none = runCli(['claims', '--audience', 'nobody', '--out', out], { cwd: ROOT });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/BK152.*nobody/);
    const empty = runCli(['claims', '--out', tempDir('briefkit-claims-')], { cwd: ROOT });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/BK151.*there is none/);
  });

  describe.each(AUDIENCES)('%s', (audience) => {
    const edition = () => register.editions[audience]!;

    it('maps note numbers to sources as the notes print them (each note names its source’s site)', () => {
      const { notes } = edition();
      const words = pages.get(audience)!;
      const start = words.findIndex((p, i) => i > 0 && / Notes and sources Each numbered note/.test(' ' + p.filter((w) => w.yMin > 45).map((w) => w.text).join(' ')));
      expect(start).toBeGreaterThan(0);
      // note n is the line that starts with "n." and the lines after it, up to note n+1
      const bodies: string[] = [];
      for (const page of words.slice(start)) {
        const lines = new Map<number, Word[]>();
        for (const w of page.filter((x) => x.yMin > 45 && x.yMax < 780)) {
          const y = [...lines.keys()].find((k) => Math.abs(k - w.yMax) <= 1) ?? w.yMax;
          lines.set(y, [...(lines.get(y) ?? []), w]);
        }
        for (const [, line] of [...lines.entries()].sort((x, y) => x[0] - y[0])) {
          const ws = line.sort((x, y) => x.xMin - y.xMin);
          if (ws[0]?.text === `${bodies.length + 1}.`) bodies.push('');
          if (bodies.length) bodies[bodies.length - 1] += ' ' + ws.map((w) => w.text).join(' ');
        }
      }
      expect(bodies.length).toBe(notes.length);
      const wrong: string[] = [];
      notes.forEach((id, i) => {
        const url = sources.get(id)?.url;
        const host = url ? /^[a-z]+:\/\/(?:www\.)?([^/:]+)/i.exec(url)?.[1]?.toLowerCase() : undefined;
        if (host && !squash(bodies[i]!).toLowerCase().includes(squash(host))) wrong.push(`${i + 1}: ${id} (${host})`);
      });
      expect(wrong).toEqual([]);
    });

    it('gives every figure in prose one note call in its own sentence, right after it, listing all its sources and nothing its sentence does not need', () => {
      const { notes, claims } = edition();
      const numberOf = (id: string) => notes.indexOf(id) + 1;
      const problems: string[] = [];
      const prose = claims.filter((c) => c.call);
      expect(prose.length).toBeGreaterThan(10);
      for (const c of prose) {
        const call = c.call!;
        const where = `p. ${c.page} “${c.context.slice(0, 60)}…” (${c.text})`;
        // a figure with no source (a count of rows) in a sentence that cites nothing has no call
        if (call.length === 0) {
          if (c.sources.length) problems.push(`${where}: no note call`);
          continue;
        }
        // every source of the claim is in the sentence's call, and the call prints their numbers
        for (const s of c.sources) if (!call.includes(s)) problems.push(`${where}: note call lacks ${s}`);
        if (c.note !== call.map(numberOf).sort((a, b) => a - b).join(',')) problems.push(`${where}: note ${c.note} is not the call's sources`);
        // anything else in the call is a citation written in the sentence's template line
        const needed = new Set(prose.filter((o) => o.context === c.context && o.pdfPage === c.pdfPage).flatMap((o) => o.sources));
        const [file, line] = c.template.split(/:(?=\d+$)/);
        const text = fs.readFileSync(path.join(ROOT, file!), 'utf8').split('\n')[Number(line) - 1] ?? '';
        for (const s of call) if (!needed.has(s) && !text.includes(`"${s}"`) && !/\{\{cite source\}\}/.test(text)) problems.push(`${where}: note lists ${s}, which neither its figures nor its citations need`);
        // as printed: the sentence's end, then its call (the sentence may begin on the page before)
        const printed = squash(pageText(audience, c.pdfPage - 1) + pageText(audience, c.pdfPage));
        const tail = squash(c.context).slice(-24);
        if (!printed.includes(tail + printedCall(c.note.split(',').map(Number)))) problems.push(`${where}: not printed as “…${tail}${printedCall(c.note.split(',').map(Number))}”`);
      }
      expect(problems).toEqual([]);
    });

    it('gives key figures, table cells and charts the notes of exactly their sources', () => {
      const { notes, claims } = edition();
      const bad = claims
        .filter((c) => !c.call && c.sources.length)
        .filter((c) => c.note !== [...new Set(c.sources.map((s) => notes.indexOf(s) + 1))].sort((a, b) => a - b).join(','))
        .map((c) => `${c.kind} ${c.text}: ${c.note}`);
      expect(bad).toEqual([]);
    });

    /**
     * Every figure in the body text is in the register. Body text: the cover and the sections,
     * not the contents (page numbers) nor the notes (source titles and dates), nor the running
     * header and footer. A figure is a word holding a digit, except:
     *   - a note call (a superscript: digits set smaller than the line's text);
     *   - anything inside a chart (between its "Figure N" caption and its source line; the chart
     *     is one entry of the register, with every value it plots) and a source line ("(notes 3–5)");
     *   - a section number set with its heading (larger than the text);
     *   - the number of a cross-reference: after Figure, Table, Section, Appendix, page, note;
     *   - a year or range of years (1900–2099, "2010–2024", "2020s"): prose dates them; a year as
     *     a data value is a row's key and is in the register with its row;
     *   - the day before a month ("15 June 2018"): a date the template wrote (dates from data are
     *     in the register as dates);
     *   - a phrase the template's front matter allows (allowNumbers: "Section 301", "top 100");
     *   - a word with letters ("14th", "G20", "DS611", "11-country", also when broken at its
     *     hyphen): a name (a rank from data, "11th", is in the register, and so is a figure in a
     *     text from data).
     * Each entry drawn on a page (or the page after: a sentence runs over) accounts for one
     * occurrence there of each figure its text holds.
     */
    it('holds every figure printed in the body text', () => {
      const { claims } = edition();
      const words = pages.get(audience)!;
      const allow = allowedPhrases();
      const notesPage = words.findIndex((p, i) => i > 0 && / Notes and sources Each numbered note/.test(' ' + p.filter((w) => w.yMin > 45).map((w) => w.text).join(' ')));
      const firstBody = Math.min(...claims.filter((c) => c.kind !== 'cover').map((c) => c.pdfPage));
      const missing: string[] = [];
      let checked = 0;
      for (let i = 0; i < (notesPage < 0 ? words.length : notesPage); i++) {
        if (i > 0 && i + 1 < firstBody) continue; // the contents
        const ws = words[i]!.filter((w) => w.yMin > 45 && w.yMax < 780); // no running header or footer
        const height = (w: Word) => w.yMax - w.yMin;
        const h = ws.map(height).sort((a, b) => a - b)[Math.floor(ws.length / 2)] ?? 10;
        const lines = [...new Set(ws.map((w) => Math.round(w.yMax)))].sort((a, b) => a - b);
        const lineText = (y: number) => ws.filter((w) => Math.abs(Math.round(w.yMax) - y) <= 1).sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ');
        const skip: [number, number][] = [];
        let open: number | undefined;
        lines.forEach((y, j) => {
          const t = lineText(y);
          if (/^Figure \d+\b/.test(t)) open = y;
          if (!/^Sources?:/.test(t)) return;
          let e = j;
          while (e < lines.length - 1 && e < j + 8 && !/\)\.$/.test(lineText(lines[e]!).trim())) e++;
          skip.push([open ?? y, lines[e]!]);
          open = undefined;
        });
        const norm = (t: string) => t.replace(/^[(“‘'"[]+|[)”’'"\].,;:]+$/g, '');
        const candidates: number[] = [];
        ws.forEach((w, k) => {
          const t = w.text;
          if (!/\d/.test(t)) return;
          if (height(w) < 0.75 * h && /^[\d,–-]+$/.test(t)) return;
          if (skip.some(([a, b]) => Math.round(w.yMax) >= a - 1 && Math.round(w.yMax) <= b + 1)) return;
          if (/^\d+$/.test(t) && height(w) > 1.25 * h) return;
          const before = ws[k - 2]?.text ?? '';
          const prev = (before.endsWith('-') ? before.slice(0, -1) : '') + (ws[k - 1]?.text ?? '');
          const next = ws[k + 1]?.text ?? '';
          const bare = norm(t);
          if (/^(?:Figures?|Tables?|Sections?|pages?|Appendix|notes?|p\.|pp\.)$/i.test(prev.replace(/[(,]/g, ''))) return;
          if (/^(?:19|20)\d\d(?:–(?:\d\d(?:\d\d)?)?)?s?$/.test(bare)) return;
          if (/^\d{1,2}$/.test(bare) && /^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/.test(next)) return;
          if (allow.some((p) => `${prev} ${t}`.includes(p) || `${t} ${next}`.includes(p))) return;
          if (/\p{L}/u.test(bare)) return;
          // a name broken at its own hyphen at a line's end ("11-" / "country")
          if (t.endsWith('-') && /^\p{L}/u.test(next)) return;
          candidates.push(k);
        });
        checked += candidates.length;
        const covered = new Set<number>();
        for (const c of claims.filter((c) => (c.pdfPage === i + 1 || c.pdfPage === i + 2) && c.kind !== 'chart')) {
          for (const tok of c.text.split(/\s+/).map(norm).filter((x) => /\d/.test(x))) {
            // a compound broken at its own hyphen prints its first part at a line's end ("11-" / "country")
            const k = candidates.find((j) => !covered.has(j) && (norm(ws[j]!.text) === tok || (ws[j]!.text.endsWith('-') && tok.startsWith(ws[j]!.text))));
            if (k !== undefined) covered.add(k);
          }
        }
        for (const k of candidates) if (!covered.has(k)) missing.push(`p. ${i + 1}: ${ws[k - 1]?.text ?? ''} [${ws[k]!.text}] ${ws[k + 1]?.text ?? ''}`);
      }
      expect(checked).toBeGreaterThan(10);
      expect(missing).toEqual([]);
    });

    it('has no note call on the cover (its key figures’ sources are named in the notes)', () => {
      const cover = pages.get(audience)![0]!;
      const h = cover.map((w) => w.yMax - w.yMin).sort((a, b) => a - b)[Math.floor(cover.length / 2)]!;
      // a call is a superscript: digits set smaller than the text (pdftotext reads it as a word of its own)
      const calls = cover.filter((w) => /^[\d,–]+$/.test(w.text) && w.yMax - w.yMin < 0.75 * h);
      expect(calls.map((w) => w.text)).toEqual([]);
      const covers = edition().claims.filter((c) => c.kind === 'cover');
      expect(covers.length).toBeGreaterThan(0);
      const notes = [...new Set(covers.flatMap((c) => c.note.split(',')))].map(Number).sort((a, b) => a - b);
      const notesText = pages.get(audience)!.map((p) => p.map((w) => w.text).join(' ')).join(' ');
      expect(notesText).toContain(`${notes.length > 1 ? 'Notes' : 'Note'} ${printedCall(notes).replace(/,/g, ', ')} ${notes.length > 1 ? 'give the sources' : 'gives the source'} of the key figures on the cover.`);
    });
  });
});

/** Phrases with numbers the templates' front matter allows (allowNumbers). */
function allowedPhrases(): string[] {
  const dirs = [path.join(ROOT, 'templates', 'sections'), ...fs.readdirSync(path.join(ROOT, 'templates', 'audiences')).map((a) => path.join(ROOT, 'templates', 'audiences', a, 'sections'))];
  const out: string[] = [];
  for (const dir of dirs.filter((d) => fs.existsSync(d))) {
    for (const f of fs.readdirSync(dir)) {
      const m = /^allowNumbers:\s*\[(.*)\]\s*$/m.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (m) out.push(...m[1]!.split(',').map((p) => p.trim().replace(/^["']|["']$/g, '')).filter(Boolean));
    }
  }
  return out;
}
