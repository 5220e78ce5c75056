#!/usr/bin/env node
// Writes this folder's report project from the peer workload (../shared/peers/workload): the same
// generated text, the 12 datasets, the 8 Vega-Lite charts and the 4 tables, as a briefkit project
// (briefkit.config.ts, data/, templates/). Run it again when the workload changes:
//   node bench/peer-workload/make.mjs [PEERS_DIR]      (default: ../shared/peers)
// Differences that follow from briefkit's design, not from the workload: briefkit's own theme
// styles the charts (the workload's chart `config` is not used), its running header/footer and
// notes section print, and the text's decimal figures are listed under the sections' `allowNumbers`
// (the number rule would otherwise ask that each be read from data).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PEERS = path.resolve(process.argv[2] ?? path.join(HERE, '../../../shared/peers'));
const { buildModel } = await import(pathToFileURL(path.join(PEERS, 'lib/workload.mjs')).href);
const model = buildModel({ dir: path.join(PEERS, 'workload') });

const kebab = (s) => s.replace(/_/g, '-');
const write = (rel, text) => {
  const abs = path.join(HERE, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
};
for (const d of ['data', 'templates']) fs.rmSync(path.join(HERE, d), { recursive: true, force: true });
const SRC = ['peer-workload'];
const yamlString = (s) => JSON.stringify(s);

// data: every dataset a chart reads, as it is; a table's formatted cells as their own dataset
const datasets = {};
const decl = [];
const addDataset = (name, rows) => {
  const fields = {};
  for (const r of rows) for (const [k, v] of Object.entries(r)) fields[k] ??= typeof v === 'number' ? 'z.number()' : 'z.string()';
  decl.push(`    '${name}': dataset({ file: '${name}.json', row: { ${Object.entries(fields).map(([k, t]) => `${k}: ${t}`).join(', ')}, ...provenance } }),`);
  write(`data/${name}.json`, JSON.stringify({ title: name, unit: 'as given', rows: rows.map((r) => ({ ...r, source: SRC })) }, null, 2) + '\n');
  datasets[name] = true;
};
const blocks = model.sections.flatMap((s) => s.blocks);
for (const b of blocks.filter((b) => b.type === 'chart')) {
  const { $schema, config: _config, datasets: inline, ...spec } = b.spec;
  const [orig, rows] = Object.entries(inline)[0];
  const name = kebab(orig);
  if (!datasets[name]) addDataset(name, rows);
  write(`templates/charts/${kebab(b.id)}.vl.json`, JSON.stringify({ $schema, ...spec, data: { name } }, null, 2) + '\n');
}
for (const b of blocks.filter((b) => b.type === 'table')) {
  const name = `table-${kebab(b.id)}`;
  addDataset(name, b.rows.map((cells) => Object.fromEntries(cells.map((c, i) => [`c${i}`, c]))));
  const cols = b.columns.map((c, i) => `  - { field: c${i}, header: ${yamlString(c.header)}, format: text${c.align === 'right' ? ', align: right' : ''} }`);
  write(`templates/tables/${kebab(b.id)}.yaml`, `dataset: ${name}\ncaption: ${yamlString(b.caption)}\ncolumns:\n${cols.join('\n')}\n`);
}
// cover key figures
const keys = model.cover.keyFigures.map((k, i) => ({ id: `key-${i + 1}`, label: k.label, value: Number.parseFloat(k.value), unit: k.value.replace(/^[\d.,]+\s*/, ''), reported: k.value, source: SRC }));
write('data/key-figures.json', JSON.stringify({ title: 'Key figures', figures: keys }, null, 2) + '\n');
decl.push(`    'key-figures': namedFigures({ file: 'key-figures.json' }),`);
write('data/sources.json', JSON.stringify({ sources: [{ id: 'peer-workload', kind: 'report', title: 'Peer baseline workload (synthetic figures for benchmarking)', publisher: model.organisation, date: model.date, url: 'https://example.org/peer-workload' }] }, null, 2) + '\n');

write('briefkit.config.ts', `/** The peer workload (../shared/peers/workload), ported by make.mjs: synthetic figures for benchmarking. */
import { dataset, defineConfig, namedFigures, provenance, z } from 'briefkit';

export default defineConfig({
  sources: 'sources.json',
  datasets: {
${decl.join('\n')}
  },
});
`);

// templates
const numbers = (text) => [...new Set(text.match(/\d[\d,]*(?:\.\d+)?/g) ?? [])].filter((n) => !/^(19|20)\d\d$/.test(n));
for (const s of model.sections) {
  const body = s.blocks.map((b) =>
    b.type === 'paragraph' ? b.text
      : b.type === 'chart' ? `{{chart "${kebab(b.id)}" id="fig-${kebab(b.id)}" caption=${JSON.stringify(b.caption)}}}`
        : `{{table "${kebab(b.id)}" id="tbl-${kebab(b.id)}"}}`);
  const allow = numbers(s.blocks.map((b) => b.text ?? b.caption ?? '').join(' '));
  write(`templates/sections/${s.id}.md.hbs`, `---\nid: ${s.id}\ntitle: ${yamlString(s.title)}\nallowNumbers: [${allow.map(yamlString).join(', ')}]\n---\n${body.join('\n\n')}\n`);
}
write('templates/profile.yaml', `# The peer workload's document settings, as far as a briefkit profile has them.
title: ${yamlString(model.title)}
subtitle: ${yamlString(model.subtitle)}
publisher: ${yamlString(model.organisation)}
author: ${yamlString(model.authors.join(', '))}
language: en-GB
cover:
  kicker: ${yamlString(model.cover.kicker)}
  note: ${yamlString(model.cover.note)}
  keyFigures:
${keys.map((k) => `    - { dataset: key-figures, key: ${k.id}, label: ${yamlString(k.label)} }`).join('\n')}
contents: { enabled: true, figures: true, tables: true }
sections: [${model.sections.map((s) => s.id).join(', ')}]
`);
write('templates/audiences/briefing/profile.yaml', `label: Briefing\nedition: ${yamlString(model.edition)}\n`);
console.log(`wrote ${path.relative(process.cwd(), HERE)}: ${Object.keys(datasets).length + 1} datasets, ${blocks.filter((b) => b.type === 'chart').length} charts, ${blocks.filter((b) => b.type === 'table').length} tables, ${model.sections.length} sections`);
