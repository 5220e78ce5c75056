/**
 * `briefkit claims [--audience A]`: the claims register (out/claims.json) as a table for
 * fact-checkers — by edition and page, each sentence (or table cell, key figure, chart) as
 * printed with its note numbers, and under it every figure it prints with the row it comes from
 * (dataset, row key, field = value) and the ids of its sources in sources.json.
 */
import path from 'node:path';
import * as msg from '../log/message.js';
import type { ClaimEntry } from '../model/claims.js';
import { CLAIMS_FILE, readClaims } from '../write/claims.js';

const WIDTH = 100;

/** Greedy wrap at spaces to lines of at most `width` characters (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Note numbers as the PDF prints them: "1, 8–32". */
function compress(nums: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < nums.length; i++) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    out.push(j > i + 1 ? `${nums[i]}–${nums[j]}` : j === i + 1 ? `${nums[i]}, ${nums[j]}` : String(nums[i]));
    i = j;
  }
  return out.join(', ');
}

const value = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function rowsOf(c: ClaimEntry): string[] {
  if (c.kind === 'chart') {
    const sets = [...new Set(c.rows.map((r) => r.dataset))];
    return [`${c.rows.length} plotted values of ${sets.join(', ')}${c.rows.length ? `: ${c.rows[0]!.key} … ${c.rows.at(-1)!.key}` : ''}`];
  }
  return c.rows.map((r) => `${r.dataset} · ${r.key} · ${r.field} = ${value(r.value)}`);
}

/** The register as text: every edition asked for (all by default), page by page. */
export function claimsReport(outDir: string, audiences: string[] = []): string {
  const file = path.join(outDir, CLAIMS_FILE);
  const register = readClaims(outDir, (reason) => {
    throw msg.claimsUnreadable(file, reason);
  });
  if (!register) throw msg.claimsUnreadable(file, 'there is none; `briefkit build` writes it with the PDFs');
  const have = Object.keys(register.editions);
  for (const a of audiences) if (!have.includes(a)) throw msg.claimsNoAudience(a, have);
  const out: string[] = [];
  for (const audience of audiences.length ? audiences : have) {
    const { file: pdf, claims } = register.editions[audience]!;
    out.push(`${audience} edition (${pdf}): ${claims.length} figures`, '');
    // one group per place a reader checks: the sentence, cell or chart and its note
    const groups: { page: string; context: string; note: string; claims: ClaimEntry[] }[] = [];
    for (const c of claims) {
      const last = groups.at(-1);
      if (last && last.page === c.page && last.context === c.context && last.note === c.note) last.claims.push(c);
      else groups.push({ page: c.page, context: c.context, note: c.note, claims: [c] });
    }
    const pad = ' '.repeat(7 + 2 + 24 + 2 + 10 + 2);
    for (const g of groups) {
      const head = `p. ${g.page}`.padEnd(7);
      const notes = g.note.split(',').filter(Boolean);
      const lines = wrap(`${g.context}  [${notes.length ? `note${notes.length > 1 ? 's' : ''} ${compress(notes.map(Number))}` : 'no note'}]`, WIDTH - head.length);
      out.push(...lines.map((l, i) => (i === 0 ? head : ' '.repeat(head.length)) + l));
      for (const c of g.claims) {
        const rows = rowsOf(c);
        out.push(`${' '.repeat(head.length)}  ${c.text.length > 24 ? c.text.slice(0, 23) + '…' : c.text.padEnd(24)}  ${c.kind.padEnd(10)}  ${rows[0] ?? ''}`);
        for (const r of rows.slice(1)) out.push(pad + r);
        out.push(...wrap(`sources: ${c.sources.join(', ') || '(none)'}`, WIDTH + 20 - pad.length).map((l) => pad + l));
      }
    }
    out.push('');
  }
  return out.join('\n');
}
