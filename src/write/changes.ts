/**
 * What changed since the previous build: compares the new manifest with the one already in
 * out/ and writes out/CHANGES.md — new, changed and removed data points, key figures, page
 * counts and sections — the first thing a reviewer of a scheduled build wants to see.
 */
import type { DataBundle } from '../data/load.js';
import type { Manifest } from './output.js';

export type DataSnapshot = Record<string, Record<string, number>>;

/** Every numeric value of every dataset, keyed "dataset" → "row key|field". */
export function snapshotData(data: DataBundle): DataSnapshot {
  const out: DataSnapshot = {};
  for (const def of data.defs) {
    const ds = data.datasets.get(def.name);
    if (!ds) continue;
    const values: Record<string, number> = {};
    ds.rows.forEach((row, i) => {
      const key = def.key ? def.key(row) : `row ${i + 1}`;
      for (const [field, v] of Object.entries(row)) {
        if (typeof v === 'number' && field !== 'year' && field !== 'id') values[`${key} · ${field}`] = v;
      }
    });
    out[def.name] = values;
  }
  return out;
}

export interface ChangeReport {
  markdown: string;
  summary: string;
  changed: boolean;
}

/** A build's as-of date in words; a project whose sources are undated has none. */
const asOfText = (m: Manifest) => (m.asOf ? `data as of ${m.asOf}` : 'no source dated');

export function compareManifests(prev: Manifest, next: Manifest): ChangeReport {
  const lines: string[] = [`# What changed`, '', `Compared with the previous build (${prev.generator}, ${asOfText(prev)}); this build: ${asOfText(next)}.`, ''];
  let added = 0;
  let changedValues = 0;
  let removed = 0;

  const dataLines: string[] = [];
  const names = prev.data ? [...new Set([...Object.keys(prev.data), ...Object.keys(next.data ?? {})])].sort() : [];
  for (const name of names) {
    const a = prev.data?.[name] ?? {};
    const b = next.data?.[name] ?? {};
    const rows: string[] = [];
    for (const k of Object.keys(b).sort()) {
      if (!(k in a)) {
        rows.push(`- new: ${k} = ${b[k]}`);
        added++;
      } else if (a[k] !== b[k]) {
        rows.push(`- changed: ${k}: ${a[k]} → ${b[k]}`);
        changedValues++;
      }
    }
    for (const k of Object.keys(a).sort()) {
      if (!(k in b)) {
        rows.push(`- removed: ${k} (was ${a[k]})`);
        removed++;
      }
    }
    if (rows.length) dataLines.push(`### ${name}`, '', ...rows, '');
  }
  if (!prev.data) lines.push('## Data', '', 'The previous manifest holds no data snapshot; data points are compared from the next build on.', '');
  else lines.push('## Data', '', ...(dataLines.length ? dataLines : ['No data point was added, changed or removed.', '']));

  const docLines: string[] = [];
  for (const d of next.documents) {
    const p = prev.documents.find((x) => x.audience === d.audience);
    if (!p) {
      docLines.push(`### ${d.audience}`, '', `- new edition: ${d.pages} pages`, '');
      continue;
    }
    const rows: string[] = [];
    if (p.pages !== d.pages) rows.push(`- pages: ${p.pages} → ${d.pages}`);
    for (const [label, v] of Object.entries(d.keyFigures)) {
      if (p.keyFigures[label] === undefined) rows.push(`- key figure added: ${label}: ${v}`);
      else if (p.keyFigures[label] !== v) rows.push(`- key figure: ${label}: ${p.keyFigures[label]} → ${v}`);
    }
    for (const s of d.sections) if (!p.sections.includes(s)) rows.push(`- section added: ${s}`);
    for (const s of p.sections) if (!d.sections.includes(s)) rows.push(`- section removed: ${s}`);
    if (p.figures !== d.figures) rows.push(`- figures: ${p.figures} → ${d.figures}`);
    if (p.tables !== d.tables) rows.push(`- tables: ${p.tables} → ${d.tables}`);
    if (p.sha256 !== d.sha256 && rows.length === 0) rows.push('- text or layout changed (same pages, sections and key figures)');
    if (rows.length) docLines.push(`### ${d.audience}`, '', ...rows, '');
  }
  for (const p of prev.documents) if (!next.documents.some((d) => d.audience === p.audience)) docLines.push(`### ${p.audience}`, '', '- edition removed', '');
  lines.push('## Editions', '', ...(docLines.length ? docLines : ['Page counts, key figures and sections are unchanged.', '']));

  const editionsChanged = docLines.length > 0;
  const summary = `changes since the previous build: ${added} new, ${changedValues} changed, ${removed} removed data points; ${editionsChanged ? 'editions changed (see CHANGES.md)' : 'editions unchanged'}`;
  return { markdown: lines.join('\n'), summary, changed: added + changedValues + removed > 0 || editionsChanged };
}
