/**
 * Bounded charts: a spec may not ask for more work than a briefing chart needs. Chart sizes,
 * data rows, generated sequences and density/bin steps are capped before Vega runs (a width of
 * 1e9 px or a sequence to 1e9 would otherwise exhaust Node's memory and crash it with a native
 * trace), and nesting depth is capped before anything walks the spec recursively.
 *
 * Defaults suit any printed chart; the environment variable BRIEFKIT_CHART_LIMITS raises them
 * for every command (build, check, chart), e.g. BRIEFKIT_CHART_LIMITS="rows=500000,size=20000".
 */
import * as msg from '../log/message.js';

export interface ChartLimits {
  /** Largest width or height of a view, and of the whole chart, in px. */
  size: number;
  /** Most rows in one data source (inline values, a named dataset, a sequence, a data file). */
  rows: number;
  /** Most steps of a density estimate, a bin or an imputed key sequence. */
  steps: number;
  /** Deepest nesting of objects and arrays in a spec. */
  depth: number;
  /**
   * Most pixels (width × height, as the file's header declares them) of an image drawn by an
   * image mark. The PDF writer decodes an image into native memory, outside the JavaScript heap
   * the memory limit bounds: by default 1 pixel per 64 bytes of the memory limit (2048 MB:
   * 33.6 million, e.g. 6,000 × 5,600 px; 256 MB: 4.2 million, 2,048 × 2,048 px).
   */
  pixels: number;
}

/** The memory limit (MB) the work runs under, which sets the default pixel limit; set by the worker. */
let memoryBudgetMb = 2048;
export function setMemoryBudget(mb: number): void {
  memoryBudgetMb = mb;
}
/** Bytes of memory limit per pixel allowed by default (a decoded pixel takes 4 bytes, copied several times). */
const BYTES_PER_PIXEL_BUDGET = 64;

const pixelsFor = (mb: number) => Math.floor((mb * 1024 * 1024) / BYTES_PER_PIXEL_BUDGET);

/** The defaults, under the default memory limit of 2048 MB. */
export const DEFAULT_LIMITS: Readonly<ChartLimits> = { size: 10_000, rows: 100_000, steps: 10_000, depth: 200, pixels: pixelsFor(2048) };

/** The limits in force: the defaults, raised or lowered by BRIEFKIT_CHART_LIMITS ("name=N,…"). */
export function chartLimits(env: NodeJS.ProcessEnv = process.env): ChartLimits {
  const out: ChartLimits = { ...DEFAULT_LIMITS, pixels: pixelsFor(memoryBudgetMb) };
  const text = env.BRIEFKIT_CHART_LIMITS?.trim();
  if (!text) return out;
  for (const part of text.split(',')) {
    const m = /^\s*(size|rows|steps|depth|pixels)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m || Number(m[2]) <= 0) throw msg.usage(`BRIEFKIT_CHART_LIMITS: cannot read "${part.trim()}"`, 'e.g. BRIEFKIT_CHART_LIMITS="size=20000,rows=500000,steps=20000,depth=400,pixels=50000000"');
    out[m[1] as keyof ChartLimits] = Number(m[2]);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Nesting depth, without recursion (a spec nested 100,000 deep must not overflow the stack). */
export function checkDepth(spec: unknown, file: string, max: number): void {
  const stack: [unknown, number][] = [[spec, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (d > max) throw msg.chartTooDeep(file, max);
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child && typeof child === 'object') stack.push([child, d + 1]);
  }
}

const VIEW_KEYS = ['mark', 'layer', 'facet', 'concat', 'hconcat', 'vconcat', 'repeat', 'spec'];
const CONFIG_SIZES = ['width', 'height', 'continuousWidth', 'continuousHeight', 'discreteWidth', 'discreteHeight'];

/** Number of values d3/vega's range(start, stop, step) makes (Infinity for a step of 0). */
export function rangeCount(start: unknown, stop: unknown, step: unknown = 1): number {
  const [a, b, s] = [Number(start ?? 0), Number(stop), Number(step ?? 1)];
  if (![a, b, s].every(Number.isFinite)) return Infinity;
  if (s === 0) return b === a ? 0 : Infinity;
  return Math.max(0, Math.ceil((b - a) / s));
}

const fieldName = (path: (string | number)[]) => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(top level)';

/**
 * Refuses what would exceed a limit: view and chart sizes (including the size asked for by
 * the caller, e.g. `briefkit chart --width`), inline and named data rows, sequences, density
 * steps, bin counts and imputed key sequences.
 */
export function checkLimits(
  spec: Record<string, unknown>,
  file: string,
  limits: ChartLimits,
  o: { width: number; height: number; datasets: Map<string, unknown[]> },
): void {
  if (o.width > limits.size) throw msg.chartTooLarge(file, 'width', o.width, limits.size);
  if (o.height > limits.size) throw msg.chartTooLarge(file, 'height', o.height, limits.size);
  for (const [name, rows] of o.datasets) if (rows.length > limits.rows) throw msg.chartTooManyRows(file, `"${name}"`, rows.length, limits.rows);

  const steps = (path: (string | number)[], what: string, n: unknown, max: number) => {
    const v = Number(n);
    if (typeof n === 'number' && (!Number.isFinite(v) || v > max)) throw msg.chartTooManySteps(file, fieldName(path), what, v, max);
  };
  const stack: [unknown, (string | number)[]][] = [[spec, []]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((c, i) => c && typeof c === 'object' && stack.push([c, [...path, i]]));
      continue;
    }
    if (!isObject(v)) continue;
    const key = path.at(-1);
    const isView = path.length === 0 || VIEW_KEYS.some((k) => k in v);
    if (isView || (key === 'view' && path.at(-2) === 'config')) {
      for (const k of isView ? ['width', 'height'] : CONFIG_SIZES) {
        const size = v[k];
        if (typeof size === 'number' && size > limits.size) throw msg.chartTooLarge(file, fieldName([...path, k]), size, limits.size);
      }
    }
    // data: {values: […]} and datasets: {name: […]}
    if (key === 'data' && Array.isArray(v.values)) {
      if (v.values.length > limits.rows) throw msg.chartTooManyRows(file, fieldName([...path, 'values']), v.values.length, limits.rows);
    }
    if (key === 'datasets') for (const [name, rows] of Object.entries(v)) if (Array.isArray(rows) && rows.length > limits.rows) throw msg.chartTooManyRows(file, fieldName([...path, name]), rows.length, limits.rows);
    if (key === 'data' && isObject(v.sequence)) {
      const s = v.sequence;
      const n = rangeCount(s.start, s.stop, s.step);
      if (n > limits.rows) throw msg.chartTooManySteps(file, fieldName([...path, 'sequence']), 'the sequence', n, limits.rows, 'rows');
    }
    if ('density' in v) for (const k of ['steps', 'minsteps', 'maxsteps']) steps([...path, k], `density ${k}`, v[k], limits.steps);
    if (key === 'bin') steps([...path, 'maxbins'], 'bin maxbins', v.maxbins, limits.steps);
    // an impute transform ({impute, keyvals}) or an encoding's impute ({keyvals})
    if (('impute' in v || key === 'impute') && isObject(v.keyvals)) {
      const k = v.keyvals;
      const n = rangeCount(k.start, k.stop, k.step);
      if (n > limits.steps) throw msg.chartTooManySteps(file, fieldName([...path, 'keyvals']), 'the imputed key sequence', n, limits.steps);
    }
    for (const [k, c] of Object.entries(v)) if (c && typeof c === 'object') stack.push([c, [...path, k]]);
  }
}
