/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * `briefkit preview` in a real browser: headless Chromium (the system's, which .ci/run installs)
 * driven by puppeteer-core opens the page of a preview started on an `init` scaffold, reads a word
 * of the PDF in pdf.js's text layer, sees an edit appear, a broken template shown as an overlay
 * with its file and line over the last good PDF, and the overlay go after the fix. The server
 * refuses requests without the token, paths outside its routes and connections on any other
 * interface; Ctrl-C stops it within a second, also during a rebuild.
 *
 * BRIEFKIT_SCREENSHOT=1 writes the screenshot of docs/images/preview.png (the guide's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, runCliInProcess, tempDir } from '../support.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SECTION = 'templates/sections/overview.md.hbs';

/** A GET on 127.0.0.1 (or `host`) with the path exactly as given: status code, or the connection error's code. */
function get(port: number, rawPath: string, o: { host?: string; headers?: Record<string, string> } = {}): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request({ host: o.host ?? '127.0.0.1', port, path: rawPath, method: 'GET', ...(o.headers ? { headers: o.headers } : {}), timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.end();
  });
}

describe.skipIf(!fs.existsSync(CHROMIUM))('briefkit preview in Chromium', () => {
  let dir: string;
  let child: ChildProcess;
  let stderr = '';
  let url: string;
  let port: number;
  let token: string;
  let browser: Browser;
  let page: Page;
  const profileDir = tempDir('briefkit-chromium-');

  beforeAll(async () => {
    dir = tempDir('briefkit-preview-');
    // (init in process: the preview is what runs as a process here)
    const init = await runCliInProcess(['init', dir, '--title', 'Leap seconds', '--org', 'Test Org', '--author', 'A. Tester']);
    expect(init.code, init.stderr).toBe(0);
    child = spawn(process.execPath, [CLI, 'preview', '--root', dir], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // the URL is printed before the first build; the page shows "building…" until it is done
    for (let i = 0; i < 300 && !/preview: (http\S+)/.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    url = /preview: (http\S+)/.exec(stderr)![1]!;
    port = Number(new URL(url).port);
    token = new URL(url).searchParams.get('token')!;
    browser = await puppeteer.launch({ executablePath: CHROMIUM, args: [...FLAGS, `--user-data-dir=${profileDir}`], headless: true });
    page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 800 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(profileDir, { recursive: true, force: true });
  });

  /** The text of the text layers of the pages pdf.js has drawn. */
  const textLayer = () => page.evaluate(() => [...document.querySelectorAll('.textLayer')].map((t) => t.textContent).join(' '));

  it('shows the PDF with a text layer, reloads an edit at its section, shows an error over the last good PDF until the fix', async () => {
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.loaded !== undefined, { timeout: 60_000 });
    // a word of the cover, from the PDF's text layer (selectable, searchable text)
    await page.waitForFunction(() => [...document.querySelectorAll('.textLayer')].some((t) => /atomic time/.test(t.textContent ?? '')), { timeout: 10_000 });
    expect(await page.$eval('#audience', (s) => (s as HTMLSelectElement).value)).toBe('general');

    // an edit: the new word appears within a few seconds, and the page offers the section's first page
    const file = path.join(dir, SECTION);
    const good = fs.readFileSync(file, 'utf8');
    const t0 = Date.now();
    fs.writeFileSync(file, good.replace('slightly irregular', 'slightly zigzagging'));
    await page.waitForSelector('#jump:not([hidden])', { timeout: 15_000 });
    expect(await page.$eval('#jumpText', (e) => e.textContent)).toMatch(/overview\.md\.hbs changed: it begins on page 2/);
    expect(await page.$eval('#status', (e) => e.textContent)).toMatch(/^rebuilt general in \d+ ms/);
    if (process.env.BRIEFKIT_SCREENSHOT) await page.screenshot({ path: path.join(ROOT, 'docs', 'images', 'preview.png') });
    await page.click('#jumpGo');
    await page.waitForFunction(() => [...document.querySelectorAll('.textLayer')].some((t) => /zigzagging/.test(t.textContent ?? '')), { timeout: 10_000 });
    expect(Date.now() - t0).toBeLessThan(15_000);

    // the place is kept across a reload
    const before = await page.$eval('#viewerContainer', (c) => c.scrollTop);
    expect(before).toBeGreaterThan(0);
    fs.writeFileSync(file, good.replace('slightly irregular', 'slightly meandering'));
    await page.waitForFunction(() => [...document.querySelectorAll('.textLayer')].some((t) => /meandering/.test(t.textContent ?? '')), { timeout: 15_000 });
    expect(Math.abs((await page.$eval('#viewerContainer', (c) => c.scrollTop)) - before)).toBeLessThan(5);

    // a broken template: the overlay names the code, file and line; the last good PDF stays underneath
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('slightly irregular'));
    fs.writeFileSync(file, good.replace('slightly irregular', 'slightly {{#each}}'));
    await page.waitForSelector('#overlay:not([hidden])', { timeout: 15_000 });
    expect(await page.$eval('#errCode', (e) => e.textContent)).toBe('BK101');
    expect(await page.$eval('#errWhere', (e) => e.textContent)).toBe(`${SECTION}:${at + 1}`);
    expect(await page.$eval('#errText', (e) => e.textContent)).toMatch(new RegExp(`^error BK101: ${SECTION.replace(/\./g, '\\.')}:${at + 1}:\\d+: template syntax error`));
    expect(await page.$eval('#errFix', (e) => e.textContent)).not.toBe('');
    expect(await textLayer()).toMatch(/meandering/);
    // the terminal printed the same text
    expect(stderr).toContain(await page.$eval('#errText', (e) => e.textContent!));

    // fixed: the overlay goes
    fs.writeFileSync(file, good);
    await page.waitForSelector('#overlay[hidden]', { timeout: 15_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('.textLayer')].some((t) => /slightly irregular/.test(t.textContent ?? '')), { timeout: 10_000 });
  }, 120_000);

  it('refuses requests without the token, paths outside its routes, other hosts and other interfaces', async () => {
    const q = `?token=${token}`;
    expect(await get(port, `/${q}`)).toBe(200);
    expect(await get(port, `/pdf/general.pdf${q}`)).toBe(200);
    expect(await get(port, '/')).toBe(403);
    expect(await get(port, '/pdf/general.pdf')).toBe(403);
    expect(await get(port, '/events')).toBe(403);
    expect(await get(port, `/pdf/general.pdf?token=${token.slice(0, -1)}x`)).toBe(403);
    for (const p of ['/../package.json', '/pdf/../../package.json', '/pdf/..%2f..%2fpackage.json.pdf', '/%2e%2e/%2e%2e/etc/passwd', '/pdf/%2e%2e%2fmanifest.pdf', '/etc/passwd', `/${dir}/out/briefing-general.pdf`, '/out/briefing-general.pdf', '/assets/', '/assets/../package.json', '/pdf/', '/pdf/nobody.pdf']) {
      expect([p, await get(port, p + q)]).toEqual([p, 404]);
    }
    // a page of another site whose name now points here (DNS rebinding) sends its own Host
    expect(await get(port, `/${q}`, { headers: { Host: `evil.example:${port}` } })).toBe(421);
    // no CORS header, whatever the Origin
    const cors = await fetch(`http://127.0.0.1:${port}/pdf/general.pdf${q}`, { headers: { Origin: 'http://evil.example' } });
    expect([...cors.headers.keys()].filter((k) => k.startsWith('access-control'))).toEqual([]);
    // only 127.0.0.1 listens: another loopback address and the machine's other interfaces are refused
    const others = ['127.0.0.2', ...Object.values(os.networkInterfaces()).flat().filter((i) => i && !i.internal && i.family === 'IPv4').map((i) => i!.address)];
    for (const host of others) expect([host, await get(port, `/${q}`, { host })]).toEqual([host, 'ECONNREFUSED']);
  });

  it('says a taken port with its code', async () => {
    const r = runCli(['preview', '--root', dir, '--port', String(port)], { timeout: 30_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error BK430: port ${port} on 127\\.0\\.0\\.1 is taken`, 'm'));
  });

  it('stops on Ctrl-C within a second, also during a rebuild', async () => {
    const file = path.join(dir, SECTION);
    fs.appendFileSync(file, '\nOne more sentence.\n');
    // the rebuild starts ~150 ms after the save
    await new Promise((r) => setTimeout(r, 400));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const t0 = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await get(port, `/?token=${token}`)).toBe('ECONNREFUSED');
  });
});

describe('build --watch and preview answer Ctrl-C in every state', () => {
  it.each(['build --watch', 'preview'])('%s: within a second during an endless loop in the config', async (cmd) => {
    const dir = tempDir('briefkit-watch-loop-');
    try {
      expect((await runCliInProcess(['init', dir, '--title', 'T', '--org', 'O', '--author', 'A'])).code).toBe(0);
      fs.appendFileSync(path.join(dir, 'briefkit.config.ts'), '\nwhile (Date.now() > 0) {}\n');
      const child = spawn(process.execPath, [CLI, ...cmd.split(' '), '--root', dir], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // the worker is in the loop by then (the config is loaded first)
      await new Promise((r) => setTimeout(r, 2500));
      expect(child.exitCode).toBe(null);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      const t0 = Date.now();
      child.kill('SIGINT');
      expect(await exited, stderr).toBe(130);
      expect(Date.now() - t0).toBeLessThan(1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
