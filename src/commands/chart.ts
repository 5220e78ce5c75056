/**
 * `briefkit chart SPEC --out FILE.svg|FILE.pdf [--data-dir DIR]`: one Vega-Lite spec through
 * exactly the report's chart path (theme, fontkit metrics, contained loader, interpreter).
 * Relative data URLs resolve inside --data-dir (default: the spec's folder); nothing else is read.
 * A spec that reads no file is cached as the report's charts are (charts/cache.ts, in the --root
 * project's cache), so rendering it again, or to the other format, does not draw it again.
 */
import { useSchemaCache } from '../charts/schema.js';
import fs from 'node:fs';
import path from 'node:path';
import { FontMetrics } from '../charts/metrics.js';
import { chartKey, readChart, writeChart } from '../charts/cache.js';
import { parseJson } from '../data/parse.js';
import { Area, Project, decodeUtf8 } from '../io/project.js';
import { BriefkitError } from '../log/error.js';
import { setActivity } from '../log/activity.js';
import type { ChartOptions } from '../worker/host.js';
import * as msg from '../log/message.js';
import { chartConfig, makeTheme, PX_TO_PT } from '../theme/theme.js';
import { ensureDir, writeAtomic } from '../write/output.js';
import { buildDate, loadFonts, renderPdf } from '../write/pdf.js';

export type { ChartOptions };

export async function chartCommand(o: ChartOptions): Promise<string> {
  const ext = path.extname(o.out).toLowerCase();
  if (ext !== '.svg' && ext !== '.pdf') throw msg.usage(`--out must end in .svg or .pdf, not "${o.out}"`, 'e.g. --out chart.svg');
  if (!Number.isFinite(o.width) || !Number.isFinite(o.height) || o.width <= 0 || o.height <= 0) throw msg.usage('--width and --height must be positive numbers', 'e.g. --width 640 --height 300');
  const specPath = path.resolve(o.spec);
  setActivity(`rendering the chart ${o.spec}`, o.spec);
  if (!fs.existsSync(specPath)) throw msg.fileNotFound(o.spec, 'chart spec');
  const text = decodeUtf8(fs.readFileSync(specPath), o.spec);
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
  const input = { file: o.spec, spec: spec as Record<string, unknown>, text, datasets: new Map(), dataArea, config: chartConfig(theme), width: o.width, height: o.height };
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
  if (ext === '.svg') return writeAtomic(dir, path.basename(o.out), out.svg);
  const w = out.width * PX_TO_PT;
  const h = out.height * PX_TO_PT;
  const dd = { pageSize: { width: w, height: h }, pageMargins: [0, 0, 0, 0], content: [{ svg: out.svg, width: w, height: h, role: 'Figure', alt: out.alt }], defaultStyle: { font: theme.font }, info: { title: path.basename(o.spec), subject: out.alt, creator: 'briefkit', producer: 'briefkit (pdfmake)' }, tagged: true, displayTitle: true, language: 'en' };
  // anything the SVG-to-PDF step throws is a catalogued error naming the spec, never a crash
  let pdf: Buffer;
  try {
    pdf = await renderPdf(dd, buildDate('2000-01-01'), (w) => process.stderr.write(`warning ${msg.pdfWarning(o.spec, w).message}\n`));
  } catch (e) {
    throw e instanceof BriefkitError ? e : msg.chartPdf(o.spec, (e as Error)?.message ?? String(e));
  }
  return writeAtomic(dir, path.basename(o.out), pdf);
}
