/** `briefkit check`: runs every stage of every edition in memory and compiles every chart spec; writes nothing. */
import { buildEdition, loadInputs, type BuildOptions } from '../build.js';
import { renderChart } from '../charts/render.js';
import { sourceRecordWarnings } from '../cite/records.js';
import { listAudiences } from '../profile/resolve.js';
import { chartConfig, makeTheme } from '../theme/theme.js';

export async function check(opts: BuildOptions & { alt?: boolean }): Promise<string> {
  const inputs = await loadInputs(opts);
  const audiences = opts.audiences?.length ? opts.audiences : listAudiences(inputs.project.templates);
  const lines: string[] = [];
  for (const a of audiences) {
    const e = await buildEdition(inputs, a, opts.reporter);
    // with --pdfua the edition's PDF has passed the PDF/UA check (src/accessibility/check.ts) or thrown BK330
    lines.push(`${a}: ok (${e.entry.pages} pages, ${e.entry.figures} figures, ${e.entry.tables} tables${opts.pdfua ? '; PDF/UA conditions met' : ''})`);
    // --alt: what a screen reader says for each chart, for an editor to read against the page
    if (opts.alt) for (const f of e.claims.alt ?? []) lines.push(`  ${f.figure}${f.page ? `, page ${f.page}` : ''} (${f.from === 'data' ? 'said from its data' : f.from === 'template' ? 'from the template' : 'decorative: skipped'}): ${f.alt || '—'}`);
  }
  // Specs no edition uses are still compiled and rendered against their datasets.
  const config = chartConfig(makeTheme());
  for (const [name, { file, spec, text }] of inputs.assets.specs) {
    const names = inputs.assets.charts.get(name) ?? [];
    const datasets = new Map(names.map((d) => [d, inputs.data.datasets.get(d)?.rows ?? []]));
    for (const d of names) if (!inputs.data.datasets.has(d)) {
      const { unknownDataset } = await import('../log/message.js');
      throw unknownDataset(d, [...inputs.data.datasets.keys()], { file, field: 'data.name' });
    }
    const numbers = new Map(names.map((d) => [d, inputs.data.datasets.get(d)?.numbers ?? {}]));
    const fields = new Map(names.map((d) => [d, inputs.data.datasets.get(d)?.fields ?? []]));
    await renderChart({ file, spec, text, datasets, fields, numbers, dataArea: inputs.project.data, config, width: 640, height: 250, svg: false });
  }
  // source records a reader would fault (undated, described, a web address for a publisher): warnings
  for (const w of sourceRecordWarnings(inputs.data.sources.values(), `data/${inputs.config.sources}`)) opts.reporter?.warn(w.message);
  lines.push(`charts: ${inputs.assets.specs.size} specs ok; data: ${inputs.data.datasets.size} datasets, ${inputs.data.sources.size} sources ok`);
  return lines.join('\n') + '\n';
}
