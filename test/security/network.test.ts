/**
 * (d) Nothing in a build fetches from the network. A local HTTP server on 127.0.0.1 counts
 * requests while a project references it from every place a URL can appear: a Markdown link and
 * image in a template, a source URL (printed and linked in the notes), and chart image marks and
 * data URLs (in a report chart and through `briefkit chart` to SVG and PDF). The builds must not
 * crash (exit 0, or a catalogued error) and the server must receive zero requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCliAsync, runCliInProcess } from '../support.js';
import { addSection, AUDIENCE, countingServer, errorCode, summaryOnly, tempBase } from './support.js';

let server: Awaited<ReturnType<typeof countingServer>>;
const dirs: string[] = [];
beforeAll(async () => {
  server = await countingServer();
});
afterAll(async () => {
  await server?.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * Exit 0, or 1 with a catalogued error; never an internal error, a crash or a stack trace; and
 * nothing on stderr that is not a catalogued message (e.g. a library's own console warning).
 */
function expectNoCrash(r: { code: number; stderr: string }, label: string) {
  expect([0, 1], `${label}\n${r.stderr}`).toContain(r.code);
  if (r.code === 1) expect(errorCode(r.stderr), `${label}\n${r.stderr}`).toMatch(/^BK\d{3}$/);
  expect(r.stderr, label).not.toMatch(/^ {4}at /m);
  const stray = r.stderr.split('\n').filter((l) => l.trim() && !/^(error|warning) BK\d{3}: |^ {2}(expected|fix): /.test(l));
  expect(stray, `${label}: uncatalogued output on stderr`).toEqual([]);
}

/** Image marks whose URL comes from a data field, an encoding value, or the mark itself. */
const imageSpecs = (url: string): Record<string, unknown> => ({
  field: {
    data: { values: [{ x: 1, y: 1, img: `${url}/chart-image-field.png` }] },
    mark: { type: 'image', width: 20, height: 20 },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, url: { field: 'img' } },
  },
  value: {
    data: { values: [{ x: 1, y: 1 }] },
    mark: { type: 'image', width: 20, height: 20 },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, url: { value: `${url}/chart-image-value.png` } },
  },
  mark: {
    data: { values: [{ x: 1, y: 1 }] },
    mark: { type: 'image', width: 20, height: 20, url: `${url}/chart-image-mark.png` },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  },
});

const settle = () => new Promise((res) => setTimeout(res, 200));

// Some runs start a new process (rendering in its worker thread); the others run the CLI in this
// process (runCliInProcess), where a request would reach the server just the same. The builds
// are of the summary alone plus the section under test (summaryOnly): the URLs are all in it.

describe('no network access', () => {
  test('Markdown images: refused (BK122, never silently dropped) and nothing fetched', async () => {
    const url = server.url;
    const dir = tempBase((d) => {
      summaryOnly(d);
      addSection(d, 'network', [`![an image](${url}/md-image.png)`, '', `Inline image ![x](${url}/md-inline.png "title") in text.`].join('\n'), {
        allowNumbers: [url.replace(/^http:\/\//, '')],
      });
    });
    dirs.push(dir);
    const r = await runCliAsync(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
    expectNoCrash(r, 'build');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^error BK122: /m);
    await settle();
    expect(server.requests).toEqual([]);
  });

  test('Markdown links and autolinks and a source URL: the build succeeds and fetches nothing', async () => {
    const url = server.url;
    const dir = tempBase((d) => {
      summaryOnly(d);
      addSection(
        d,
        'network',
        [
          `A link: [the server](${url}/md-link) and an autolink <${url}/md-autolink> and a bare ${url}/md-bare address.`,
        ].join('\n'),
        { allowNumbers: [url.replace(/^http:\/\//, '')] },
      );
      // The first source the summary cites gets a URL on the server (printed and linked in the notes).
      const summary = fs.readFileSync(path.join(d, 'templates', 'sections', 'summary.md.hbs'), 'utf8');
      const cited = /\{\{cite "([^"]+)"/.exec(summary)![1]!;
      const srcFile = path.join(d, 'data', 'sources.json');
      const sources = JSON.parse(fs.readFileSync(srcFile, 'utf8'));
      const s = sources.sources.find((x: { id: string }) => x.id === cited);
      delete s.article;
      s.url = `${url}/source`;
      fs.writeFileSync(srcFile, JSON.stringify(sources, null, 2));
    });
    dirs.push(dir);
    const r = await runCliInProcess(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
    expectNoCrash(r, 'build');
    expect(r.code, r.stderr).toBe(0);
    await settle();
    expect(server.requests).toEqual([]);
  });

  test('report charts with image marks (URL from a data field and from an encoding value) fetch nothing', async () => {
    const specs = imageSpecs(server.url);
    const dir = tempBase((d) => {
      summaryOnly(d);
      addSection(d, 'network', '{{chart "net-field" id="fig-net-field" caption="Image from a field"}}\n\n{{chart "net-value" id="fig-net-value" caption="Image from a value"}}');
      fs.writeFileSync(path.join(d, 'templates', 'charts', 'net-field.vl.json'), JSON.stringify(specs.field, null, 2));
      fs.writeFileSync(path.join(d, 'templates', 'charts', 'net-value.vl.json'), JSON.stringify(specs.value, null, 2));
    });
    dirs.push(dir);
    const r = await runCliInProcess(['--root', dir, 'build', '-a', AUDIENCE], { cwd: dir });
    expectNoCrash(r, 'build with image charts');
    // refused, not drawn without its image: a build that failed earlier would prove nothing here
    expect(errorCode(r.stderr), r.stderr).toBe('BK203');
    expect(r.stderr).toMatch(/net-(field|value)\.vl\.json \(at [^)]*url[^)]*\): chart image is a URL/);
    await settle();
    expect(server.requests).toEqual([]);
  });

  for (const ext of ['svg', 'pdf']) {
    for (const kind of ['field', 'value', 'mark']) {
      test(`briefkit chart --out x.${ext}: image mark URL from ${kind} fetches nothing`, async () => {
        const dir = tempBase();
        dirs.push(dir);
        const spec = path.join(dir, 'net.vl.json');
        fs.writeFileSync(spec, JSON.stringify(imageSpecs(server.url)[kind]));
        // one as a new process: the SVG from a data field
        const r = await (kind === 'field' && ext === 'svg' ? runCliAsync : runCliInProcess)(['--root', dir, 'chart', spec, '--out', path.join(dir, `x.${ext}`)], { cwd: dir });
        expectNoCrash(r, `chart ${ext} ${kind}`);
        expect(errorCode(r.stderr), r.stderr).toBe('BK203');
        expect(r.stderr, r.stderr).toContain(`chart image is a URL or a file outside its data folder: "${server.url}/chart-image-${kind}.png"`);
        await settle();
        expect(server.requests).toEqual([]);
      });
    }
  }

  test('briefkit chart: a data URL given through a signal makes no request', async () => {
    const dir = tempBase();
    dirs.push(dir);
    const spec = path.join(dir, 'sig.vl.json');
    fs.writeFileSync(
      spec,
      JSON.stringify({
        params: [{ name: 'u', value: `${server.url}/signal.csv` }],
        data: { url: { signal: 'u' } },
        mark: 'bar',
        encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' } },
      }),
    );
    const r = await runCliInProcess(['--root', dir, 'chart', spec, '--out', path.join(dir, 'x.svg')], { cwd: dir });
    expectNoCrash(r, 'signal url');
    await settle();
    expect(server.requests).toEqual([]);
  });
});
