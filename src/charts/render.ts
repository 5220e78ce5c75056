/**
 * Stage 5 — render charts: Vega-Lite spec (JSON under templates/charts/) → bound to named
 * datasets → compiled with the chart theme → Vega view (expressions interpreted, never eval'd;
 * a loader that cannot fetch URLs or leave its data folder) → SVG.
 */
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import * as vl from 'vega-lite';
import type { Area } from '../io/project.js';
import { BriefkitError } from '../log/error.js';
import * as msg from '../log/message.js';

export interface ChartInput {
  /** Project-relative spec file name, for messages. */
  file: string;
  spec: Record<string, unknown>;
  /** Rows for each named dataset the spec binds. */
  datasets: Map<string, unknown[]>;
  /** Folder that relative data URLs resolve against (no reads outside it). */
  dataArea?: Area;
  config: Record<string, unknown>;
  /** Target size of a single-view chart (px); facets and concatenations size themselves. */
  width: number;
  height: number;
}

export interface ChartOutput {
  svg: string;
  width: number;
  height: number;
  warnings: BriefkitError[];
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Refuses URLs anywhere a spec can name one (data.url, image url/href channels and their values). */
export function checkSpecUrls(spec: unknown, file: string, dataArea?: Area): void {
  const visit = (v: unknown, key?: string, inUrl = false) => {
    if (Array.isArray(v)) return v.forEach((x) => visit(x, key, inUrl));
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) visit(child, k, inUrl || k === 'url' || k === 'href');
      return;
    }
    if (typeof v !== 'string') return;
    if (inUrl && (URL_SCHEME.test(v) || v.startsWith('//'))) throw msg.chartUrlRefused(file, v);
    if (key === 'url' || key === 'href') {
      if (URL_SCHEME.test(v) || v.startsWith('//')) throw msg.chartUrlRefused(file, v);
      if (key === 'url') {
        if (!dataArea) throw msg.chartUrlRefused(file, v);
        try {
          dataArea.resolve(v);
        } catch {
          throw msg.chartUrlRefused(file, v);
        }
      }
    }
  };
  visit(spec);
}

/** Replaces every {"data": {"name": X}} with inline values (keeping the name). */
function bind(spec: unknown, datasets: Map<string, unknown[]>): unknown {
  if (Array.isArray(spec)) return spec.map((s) => bind(s, datasets));
  if (!spec || typeof spec !== 'object') return spec;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'data' && v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') {
      const name = (v as { name: string }).name;
      const rows = datasets.get(name);
      out[k] = rows ? { ...(v as object), values: structuredClone(rows) } : v;
    } else out[k] = bind(v, datasets);
  }
  return out;
}

/** A Vega loader that reads only files inside `dataArea`; any failure is kept to be thrown after rendering. */
function contained(dataArea: Area | undefined, file: string, failures: unknown[]) {
  const loader = vega.loader() as unknown as Record<string, unknown>;
  const load = loader.load as (uri: string, options?: unknown) => Promise<string>;
  loader.load = async function (this: unknown, uri: string, options?: unknown) {
    try {
      return await load.call(loader, uri, options);
    } catch (e) {
      failures.push(e);
      throw e;
    }
  };
  loader.sanitize = async (uri: string) => {
    if (!dataArea || URL_SCHEME.test(uri) || uri.startsWith('//')) throw msg.chartUrlRefused(file, uri);
    try {
      return { href: dataArea.resolve(uri), localFile: true };
    } catch {
      throw msg.chartUrlRefused(file, uri);
    }
  };
  loader.http = async (url: string) => {
    throw msg.chartUrlRefused(file, url);
  };
  loader.file = async (abs: string) => {
    if (!dataArea) throw msg.chartUrlRefused(file, abs);
    const rel = abs.slice(dataArea.dir.length + 1);
    return dataArea.readText(rel, 'chart data file');
  };
  return loader;
}

const MARKS = new Set(['arc', 'area', 'bar', 'image', 'line', 'point', 'rect', 'rule', 'text', 'tick', 'trail', 'circle', 'square', 'geoshape', 'boxplot', 'errorband', 'errorbar']);

/** Every "mark" names a Vega-Lite mark (vega-lite itself fails on an unknown one with a TypeError). */
function checkMarks(spec: unknown, file: string): void {
  if (Array.isArray(spec)) return spec.forEach((s) => checkMarks(s, file));
  if (!isObject(spec)) return;
  for (const [k, v] of Object.entries(spec)) {
    if (k === 'mark') {
      const type = isObject(v) ? v.type : v;
      if (typeof type !== 'string' || !MARKS.has(type)) throw msg.invalidVegaLite(file, `unknown mark ${JSON.stringify(type)} (one of: ${[...MARKS].join(', ')})`);
    } else if (k !== 'data' && k !== 'datasets') checkMarks(v, file);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isSingleView = (spec: Record<string, unknown>) => {
  const enc = isObject(spec.encoding) ? spec.encoding : {};
  return ('mark' in spec || 'layer' in spec) && !('facet' in spec) && !('repeat' in spec) && !('row' in enc) && !('column' in enc);
};

export async function renderChart(input: ChartInput): Promise<ChartOutput> {
  const { file } = input;
  checkSpecUrls(input.spec, file, input.dataArea);
  const warnings: BriefkitError[] = [];
  const collect = (...args: unknown[]) => warnings.push(msg.chartWarning(file, args.map(String).join(' ')));
  const logger = {
    level(_?: number) {
      return logger;
    },
    warn: collect,
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => {
      throw msg.invalidVegaLite(file, args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    },
  };

  if (!isObject(input.spec)) throw msg.invalidVegaLite(file, 'the spec must be a JSON object');
  checkMarks(input.spec, file);
  let vgSpec: vega.Spec;
  try {
    const spec = bind(input.spec, input.datasets) as Record<string, unknown>;
    if (isSingleView(spec)) {
      spec.width ??= input.width;
      spec.height ??= input.height;
      spec.autosize ??= { type: 'fit', contains: 'padding' };
    }
    vgSpec = vl.compile(spec as unknown as vl.TopLevelSpec, { config: input.config as vl.Config, logger: logger as never }).spec;
  } catch (e) {
    if (e instanceof BriefkitError) throw e;
    throw msg.invalidVegaLite(file, (e as Error).message);
  }

  let view: vega.View | undefined;
  const failures: unknown[] = [];
  try {
    const runtime = vega.parse(vgSpec, undefined, { ast: true } as never);
    view = new vega.View(runtime, {
      renderer: 'none',
      loader: contained(input.dataArea, file, failures) as never,
      expr: expressionInterpreter as never,
      logger: logger as never,
      logLevel: vega.Warn,
    } as never);
    const svg = await view.toSVG();
    // Vega only logs a failed data load; briefkit fails the chart instead of drawing it empty.
    const failed = failures[0];
    if (failed) throw failed instanceof BriefkitError ? failed : msg.chartRender(file, `data could not be loaded: ${(failed as Error).message ?? failed}`);
    const m = /^<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"/.exec(svg);
    return { svg, width: Number(m?.[1] ?? input.width), height: Number(m?.[2] ?? input.height), warnings };
  } catch (e) {
    if (e instanceof BriefkitError) throw e;
    throw msg.chartRender(file, (e as Error).message);
  } finally {
    view?.finalize();
  }
}
