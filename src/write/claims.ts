/**
 * out/claims.json — the claims register of every edition in out/ (src/model/claims.ts), written
 * with the PDFs and the manifest in one commit (src/build-host.ts), and listed in the manifest
 * with its sha256. An edition not rebuilt keeps its entries from the previous register, as it
 * keeps its manifest entry.
 */
import type { AltEntry, ClaimEntry, Register } from '../model/claims.js';
import { readOutputJson } from './output.js';

export const CLAIMS_FILE = 'claims.json';

export interface EditionClaims extends Register {
  file: string;
}

export interface ClaimsFile {
  generator: string;
  /** By audience: the PDF, its notes (source ids by note number, from 1) and its claims in page order. */
  editions: Record<string, EditionClaims>;
}

function isClaimsFile(v: unknown): v is ClaimsFile {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  if (typeof c.generator !== 'string' || !c.editions || typeof c.editions !== 'object' || Array.isArray(c.editions)) return false;
  return Object.values(c.editions as Record<string, unknown>).every((e) => {
    const x = e as Record<string, unknown> | null;
    return !!x && typeof x.file === 'string' && Array.isArray(x.notes) && Array.isArray(x.claims) && (x.alt === undefined || (Array.isArray(x.alt) && x.alt.every((a) => !!a && typeof a === 'object' && typeof (a as AltEntry).alt === 'string' && typeof (a as AltEntry).id === 'string'))) && x.claims.every((k) => !!k && typeof k === 'object' && typeof (k as ClaimEntry).text === 'string' && typeof (k as ClaimEntry).page === 'string');
  });
}

/**
 * The register in `dir`: undefined when there is none; `onMalformed` is told (and undefined
 * returned) when the file exists but is not a register.
 */
export function readClaims(dir: string, onMalformed?: (reason: string) => void): ClaimsFile | undefined {
  return readOutputJson(dir, CLAIMS_FILE, isClaimsFile, 'a claims register', onMalformed);
}

/** The register of the editions `documents` lists: the rebuilt ones' new claims, the others' previous ones. */
export function mergeClaims(generator: string, documents: { audience: string; file: string }[], rebuilt: Map<string, Register | undefined>, previous: ClaimsFile | undefined): ClaimsFile {
  const editions: ClaimsFile['editions'] = {};
  for (const d of documents) {
    const mine = rebuilt.has(d.audience) ? rebuilt.get(d.audience) : previous?.editions[d.audience]?.file === d.file ? previous.editions[d.audience] : undefined;
    if (mine) editions[d.audience] = { file: d.file, notes: mine.notes, claims: mine.claims, ...(mine.alt ? { alt: mine.alt } : {}) };
  }
  return { generator, editions };
}

export const ALT_FILE = 'alt.json';

/**
 * out/alt.json — every chart's text alternative by edition, for editors to review (the same
 * entries as the register's `alt`, which carries them through `manifest merge`).
 */
export function altFile(register: ClaimsFile): { generator: string; editions: Record<string, { file: string; figures: AltEntry[] }> } {
  return { generator: register.generator, editions: Object.fromEntries(Object.entries(register.editions).map(([a, e]) => [a, { file: e.file, figures: e.alt ?? [] }])) };
}
