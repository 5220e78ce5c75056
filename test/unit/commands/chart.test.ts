import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartCommand } from '../../../src/commands/chart.js';
import { tempDir } from '../../support.js';

/** A project folder with a node_modules (so it has a cache) and a spec file; returns both paths. */
function setup(spec: object, extra: Record<string, string> = {}) {
  const root = tempDir('briefkit-chart-');
  fs.mkdirSync(path.join(root, 'node_modules'));
  const file = path.join(root, 'spec.vl.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, name), text);
  return { root, file, cache: path.join(root, 'node_modules/.cache/briefkit') };
}
const entries = (cache: string) => (fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => /^chart-.*\.json$/.test(f)) : []);
const bar = { mark: 'bar', data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 2 }] }, encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } };

describe('briefkit chart', () => {
  it('draws a spec once: the SVG, the PDF and later runs come from the cache of the --root project', async () => {
    const { root, file, cache } = setup(bar);
    await chartCommand({ root, spec: file, out: path.join(root, 'a.svg'), width: 320, height: 200 });
    const [entry, ...more] = entries(cache);
    expect(entry).toBeDefined();
    expect(more).toEqual([]);
    expect(fs.readFileSync(path.join(root, 'a.svg'), 'utf8')).toContain('<svg');
    // mark the entry: a run that reads it writes the mark, one that draws again does not
    const cached = JSON.parse(fs.readFileSync(path.join(cache, entry!), 'utf8')) as { svg: string };
    fs.writeFileSync(path.join(cache, entry!), JSON.stringify({ ...cached, svg: cached.svg.replace('<svg', '<svg data-from-cache="1"') }));
    await chartCommand({ root, spec: file, out: path.join(root, 'b.svg'), width: 320, height: 200 });
    expect(fs.readFileSync(path.join(root, 'b.svg'), 'utf8')).toContain('data-from-cache="1"');
    await chartCommand({ root, spec: file, out: path.join(root, 'b.pdf'), width: 320, height: 200 });
    expect(fs.readFileSync(path.join(root, 'b.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(entries(cache)).toEqual([entry]);
    // another size is another chart
    await chartCommand({ root, spec: file, out: path.join(root, 'c.svg'), width: 321, height: 200 });
    expect(entries(cache)).toHaveLength(2);
    expect(fs.readFileSync(path.join(root, 'c.svg'), 'utf8')).not.toContain('data-from-cache');
  });

  it('does not cache a spec that reads a file (its contents are not in the key)', async () => {
    const { root, file, cache } = setup({ ...bar, data: { url: 'rows.csv' } }, { 'rows.csv': 'a,b\nx,1\ny,2\n' });
    await chartCommand({ root, spec: file, out: path.join(root, 'a.svg'), width: 320, height: 200 });
    expect(fs.readFileSync(path.join(root, 'a.svg'), 'utf8')).toContain('<svg');
    expect(entries(cache)).toEqual([]);
  });
});
