/**
 * A flagship chart whose year axis has a domain written out in its spec spans its data's years,
 * no more: an axis that starts before the first year of the data (or ends after the last) shows
 * years the chart has nothing for, and a caption that copies the span would state it too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/build.js';
import { ROOT } from '../../support.js';

let inputs: Awaited<ReturnType<typeof loadInputs>>;
beforeAll(async () => {
  inputs = await loadInputs({ root: ROOT } as never);
}, 120_000);

/** Every (field, explicit domain) of an x encoding on a field of years in the spec. */
function yearDomains(spec: unknown, out: [string, number[]][] = []): [string, number[]][] {
  if (!spec || typeof spec !== 'object') return out;
  if (Array.isArray(spec)) return (spec.forEach((s) => yearDomains(s, out)), out);
  const x = (spec as { encoding?: { x?: { field?: unknown; scale?: { domain?: unknown } } } }).encoding?.x;
  const domain = x?.scale?.domain;
  if (typeof x?.field === 'string' && /year/i.test(x.field) && Array.isArray(domain) && domain.every((v) => typeof v === 'number' && v > 1800 && v < 2200)) out.push([x.field, domain as number[]]);
  for (const v of Object.values(spec)) yearDomains(v, out);
  return out;
}

describe('year axes', () => {
  it('span the data: an explicit domain of years starts at the first year of the chart’s data and ends at its last', () => {
    const faults: string[] = [];
    let checked = 0;
    for (const [name, { spec }] of inputs.assets.specs) {
      const data = (spec as { data?: { name?: string } }).data?.name;
      const rows = data ? inputs.data.datasets.get(data)?.rows.filter((r) => r.excluded !== true) : undefined;
      if (!rows) continue;
      for (const [field, domain] of yearDomains(spec)) {
        const years = rows.map((r) => Number(r[field])).filter(Number.isFinite);
        if (!years.length) continue;
        checked++;
        const [lo, hi] = [Math.min(...domain), Math.max(...domain)];
        if (lo !== Math.min(...years) || hi !== Math.max(...years)) faults.push(`${name}: axis ${lo}–${hi}, data ${Math.min(...years)}–${Math.max(...years)}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(faults).toEqual([]);
  });
});
