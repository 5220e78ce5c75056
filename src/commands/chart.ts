/**
 * `briefkit chart SPEC --out FILE.svg|FILE.pdf [--data-dir DIR]`: one Vega-Lite spec through
 * exactly the report's chart path (theme, fontkit metrics, contained loader, interpreter).
 * Relative data URLs resolve inside --data-dir (default: the spec's folder). A spec that names a
 * dataset (`"data": {"name": "sales"}`) is bound to the --root project's dataset of that name
 * (read and derived as a build reads it); a name the project lacks is BK216 with the closest one.
 * A spec that reads no file is cached as the report's charts are (charts/cache.ts, in the --root
 * project's cache), so rendering it again, or to the other format, does not draw it again.
 */
import { useSchemaCache } from '../charts/schema.js';
import fs from 'node:fs';
import path from 'node:path';
import { FontMetrics } from '../charts/metrics.js';
import { chartKey, readChart, writeChart } from '../charts/cache.js';
import { parseJson } from '../data/parse.js';
import { Area, Project, decodeUtf8, readRegularFile } from '../io/project.js';
import { BriefkitError } from '../log/error.js';
import { setActivity } from '../log/activity.js';
import type { ChartOptions } from '../worker/host.js';
import * as msg from '../log/message.js';
import { chartConfig, makeTheme, PX_TO_PT } from '../theme/theme.js';
import { ensureDir, writeAtomic } from '../write/output.js';
import { fieldPath } from '../charts/schema.js';
import { didYouMean } from '../log/suggest.js';
import { namedDatasets } from '../templates/render.js';
import { buildDate, loadFonts, renderPdf } from '../write/pdf.js';

export type { ChartOptions };

export async function chartCommand(o: ChartOptions): Promise<string> {
  const ext = path.extname(o.out).toLowerCase();
  if (ext !== '.svg' && ext !== '.pdf') throw msg.usage(`--out must end in .svg or .pdf, not "${o.out}"`, 'e.g. --out chart.svg');
  if (!Number.isFinite(o.width) || !Number.isFinite(o.height) || o.width <= 0 || o.height <= 0) throw msg.usage('--width and --height must be positive numbers', 'e.g. --width 640 --height 300');
  const specPath = path.resolve(o.spec);
  setActivity(`rendering the chart ${o.spec}`, o.spec);
  // a FIFO or device is refused before it is read (opening a FIFO for reading blocks until a writer comes)
  const text = decodeUtf8(readRegularFile(specPath, o.spec, 'chart spec'), o.spec);
  const spec = parseJson(text, o.spec);
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw msg.invalidVegaLite(o.spec, 'the file must hold one JSON object');
  const dataDir = path.resolve(o.dataDir ?? path.dirname(specPath));
  if (!fs.existsSync(dataDir)) throw msg.fileNotFound(o.dataDir ?? dataDir, 'data folder');
  const dataArea = new Area(fs.realpathSync(dataDir), path.relative(process.cwd(), dataDir) || '.');

  const project = new Project(o.root);
  useSchemaCache(project.cache);
  const fonts = loadFonts(project);
  new FontMetrics(fonts, makeTheme().font).install();
  const theme = makeTheme();
  const bound = await projectDatasets(project, spec as Record<string, unknown>, o.spec);
  const input = { file: o.spec, spec: spec as Record<string, unknown>, text, ...bound, dataArea, config: chartConfig(theme), width: o.width, height: o.height };
  const key = chartKey(input, Object.keys(fonts).sort().flatMap((family) => Object.values(fonts[family]!.buffers)));
  let out = readChart(project.cache, key, o.spec);
  if (!out) {
    // Vega, Vega-Lite and the schema are loaded only when a chart is drawn
    const { renderChart } = await import('../charts/render.js');
    out = await renderChart(input);
    writeChart(project.cache, key, out);
  }
  for (const w of out.warnings) process.stderr.write(`warning ${w.message}\n`);

  const dir = path.dirname(path.resolve(o.out));
  ensureDir(dir);
  if (ext === '.svg') return writeAtomic(dir, path.basename(o.out), out.svg!);
  const w = out.width * PX_TO_PT;
  const h = out.height * PX_TO_PT;
  const dd = { pageSize: { width: w, height: h }, pageMargins: [0, 0, 0, 0], content: [{ svg: out.scene, width: w, height: h, role: 'Figure', alt: out.alt, keepText: true }], defaultStyle: { font: theme.font }, info: { title: path.basename(o.spec), subject: out.alt, creator: 'briefkit', producer: 'briefkit (pdfmake)' }, tagged: true, displayTitle: true, language: 'en' };
  // anything the PDF step throws is a catalogued error naming the spec, never a crash
  let pdf: Buffer;
  try {
    pdf = await renderPdf(dd, buildDate('2000-01-01'), (w) => process.stderr.write(`warning ${msg.pdfWarning(o.spec, w).message}\n`));
  } catch (e) {
    throw e instanceof BriefkitError ? e : msg.chartPdf(o.spec, (e as Error)?.message ?? String(e));
  }
  return writeAtomic(dir, path.basename(o.out), pdf);
}

/** The path of the first `data` that names `name` (`layer[1].data.name`). */
function namePath(v: unknown, name: string, at: (string | number)[] = []): (string | number)[] | undefined {
  if (Array.isArray(v)) return v.map((c, i) => namePath(c, name, [...at, i])).find(Boolean);
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if ((o.data as { name?: unknown } | undefined)?.name === name) return [...at, 'data', 'name'];
  return Object.entries(o).map(([k, c]) => namePath(c, name, [...at, k])).find(Boolean);
}

/** The project datasets a spec names (not those it declares itself under "datasets"), with their numbers and fields. */
async function projectDatasets(project: Project, spec: Record<string, unknown>, file: string) {
  const own = spec.datasets && typeof spec.datasets === 'object' ? Object.keys(spec.datasets) : [];
  const names = namedDatasets(spec).filter((n) => !own.includes(n));
  const datasets = new Map<string, unknown[]>();
  const numbers = new Map<string, Record<string, { digits?: number }>>();
  const fields = new Map<string, string[]>();
  if (!names.length) return { datasets, numbers, fields };
  const root = path.relative(process.cwd(), project.root) || 'the current folder';
  const { findConfig, loadConfig } = await import('../config/load.js');
  if (!findConfig(project.rootArea)) throw msg.chartUnknownDataset(file, fieldPath(namePath(spec, names[0]!) ?? []), names[0]!, [], '', root);
  const { loadData } = await import('../data/load.js');
  const { deriveData } = await import('../data/derive.js');
  const config = await loadConfig(project.rootArea, project.cache);
  const data = await deriveData(loadData(project.data, config), config);
  const known = [...data.datasets.keys()];
  for (const name of names) {
    const d = data.datasets.get(name);
    if (!d) throw msg.chartUnknownDataset(file, fieldPath(namePath(spec, name) ?? []), name, known, didYouMean(name, known), root);
    datasets.set(name, d.rows.filter((r) => r.excluded !== true));
    numbers.set(name, d.numbers);
    fields.set(name, d.fields);
  }
  return { datasets, numbers, fields };
}
