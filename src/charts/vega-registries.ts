/**
 * Every copy of vega-functions' registry: Vega's parser may carry its own (npm nests vega-parser's
 * newer vega-functions), and a function must be known to the parser (to compile an expression)
 * and to the view (to run it). Found once, from where vega-parser resolves the package.
 *
 * In the bundle (dist/bundle, scripts/bundle.mjs) this module is replaced by static imports of
 * the copies vega and vega-parser resolve, so the registries found are the bundled ones.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import * as vega from 'vega';

type Register = (name: string, fn: (...args: never[]) => unknown) => unknown;

export async function vegaRegistries(): Promise<Register[]> {
  const out: Register[] = [vega.expressionFunction as unknown as Register];
  try {
    const nested = createRequire(createRequire(import.meta.url).resolve('vega-parser')).resolve('vega-functions');
    const mod = (await import(pathToFileURL(nested).href)) as { expressionFunction?: Register };
    if (mod.expressionFunction && mod.expressionFunction !== out[0]) out.push(mod.expressionFunction);
  } catch {
    // one copy only: the top-level registry serves both
  }
  return out;
}
