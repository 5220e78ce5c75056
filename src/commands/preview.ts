/**
 * `briefkit preview`: builds and rebuilds like `build --watch` (the same code: src/commands/watch.ts,
 * in the same limited worker) and serves a page on 127.0.0.1 that shows the editions with pdf.js,
 * reloads them after each rebuild through server-sent events (keeping the page and scroll
 * position), and shows a build error over the last good PDF.
 *
 * Safe by construction: the server listens on 127.0.0.1 only and answers a fixed set of routes —
 * the page, an allow-list of pdf.js files (mapped to files in pdfjs-dist; no path from the request
 * reaches the file system), the current PDFs (named by an audience that must be one the build
 * knows), and the event stream. The page, the PDFs and the events need the random token that is
 * in the page's URL; a request whose Host is not this server (DNS rebinding) is refused; no CORS
 * header is sent, no folder is listed.
 */
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BuildOptions } from '../build.js';
import * as msg from '../log/message.js';
import { runningWorkers } from '../worker/host.js';
import { Project } from '../io/project.js';
import { resolveOutDir } from '../write/output.js';
import { PAGE_HTML, PAGE_SCRIPT } from './preview-page.js';
import { startWatch, untilSignal, type BuildEvent, type WatchHandle } from './watch.js';

export interface PreviewOptions extends BuildOptions {
  /** The port on 127.0.0.1 (default: a free one). */
  port?: number;
}

export interface PreviewHandle {
  /** The page's URL, with its token. */
  url: string;
  port: number;
  token: string;
  watch: WatchHandle;
  close(): Promise<void>;
}

/** The pdf.js files the page loads: request path → file in pdfjs-dist (nothing else is served from disk). */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/assets/pdf.mjs': { file: 'build/pdf.min.mjs', type: 'text/javascript' },
  '/assets/pdf.worker.mjs': { file: 'build/pdf.worker.min.mjs', type: 'text/javascript' },
  '/assets/pdf_viewer.mjs': { file: 'web/pdf_viewer.mjs', type: 'text/javascript' },
  '/assets/pdf_viewer.css': { file: 'web/pdf_viewer.css', type: 'text/css' },
  '/assets/images/loading-icon.gif': { file: 'web/images/loading-icon.gif', type: 'image/gif' },
};

/** The folder of pdfjs-dist, as Node resolves it from briefkit. */
function pdfjsDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.dirname(require.resolve('pdfjs-dist/package.json'));
  } catch {
    throw msg.previewAssetMissing('node_modules/pdfjs-dist');
  }
}

const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/** Starts the build, the watcher and the server; resolves once the page can be opened. */
export async function startPreview(opts: PreviewOptions, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<PreviewHandle> {
  const dir = pdfjsDir();
  // every asset is read once, now: a missing one is said before anything else starts
  const assets = new Map(Object.entries(ASSETS).map(([route, a]) => {
    const file = path.join(dir, a.file);
    if (!fs.existsSync(file)) throw msg.previewAssetMissing(path.join('node_modules', 'pdfjs-dist', a.file));
    return [route, { type: a.type, body: fs.readFileSync(file) }] as const;
  }));
  assets.set('/assets/preview.js', { type: 'text/javascript', body: Buffer.from(PAGE_SCRIPT) });
  const token = randomBytes(18).toString('base64url');
  const clients = new Set<http.ServerResponse>();
  let last: (BuildEvent & { seq: number }) | undefined;
  let seq = 0;
  let watch: WatchHandle | undefined;
  const outDir = resolveOutDir(new Project(opts.root, opts).outDir);

  const tokenOk = (given: string | null) => given !== null && given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const refuse = (res: http.ServerResponse, status: number, text: string) => send(res, status, 'text/plain; charset=utf-8', text + '\n');

  const server = http.createServer((req, res) => {
    const port = (server.address() as { port: number } | null)?.port;
    // only this server, by the name the page was opened with (a page of another site that
    // renamed itself to 127.0.0.1 by DNS — rebinding — sends its own Host)
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return refuse(res, 421, 'wrong host');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'only GET');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    } catch {
      return refuse(res, 400, 'bad request');
    }
    // the browser asks for it on its own (without the token)
    if (url.pathname === '/favicon.ico') return send(res, 204, 'text/plain', '');
    const asset = assets.get(url.pathname);
    if (asset) return send(res, 200, asset.type, asset.body);
    if (!tokenOk(url.searchParams.get('token'))) return refuse(res, 403, 'the preview needs the token in its URL: open the URL briefkit printed');
    if (url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
    if (url.pathname === '/events') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      if (last) res.write(`retry: 1000\nevent: build\ndata: ${JSON.stringify(last)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    // /pdf/<audience>.pdf: the audience must be one the build knows; the file name is made from it
    const m = /^\/pdf\/([^/]+)\.pdf$/.exec(url.pathname);
    const audience = m ? decodeURIComponent(m[1]!) : undefined;
    if (audience !== undefined && last?.known.includes(audience)) {
      let pdf: Buffer;
      try {
        pdf = fs.readFileSync(path.join(outDir, `briefing-${audience}.pdf`));
      } catch {
        return refuse(res, 404, 'not built yet');
      }
      return send(res, 200, 'application/pdf', pdf);
    }
    return refuse(res, 404, 'not found');
  });
  // SSE connections stay open: closing the server closes them
  server.keepAliveTimeout = 1000;

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(msg.portTaken(opts.port ?? 0));
      else reject(msg.previewListenFailed(opts.port ?? 0, e.code ?? e.message));
    });
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);
  heartbeat.unref();
  const close = async () => {
    clearInterval(heartbeat);
    for (const c of clients) c.end();
    server.closeAllConnections();
    await Promise.all([new Promise<void>((r) => server.close(() => r())), watch?.close()]);
  };
  log(`preview: ${url}`);
  // each build's outcome goes to every open page (and to pages that open later)
  const push = (e: BuildEvent) => {
    last = { ...e, seq: ++seq };
    const data = `event: build\ndata: ${JSON.stringify(last)}\n\n`;
    for (const c of clients) c.write(data);
  };
  try {
    watch = await startWatch(opts, log, push);
  } catch (e) {
    await close();
    throw e;
  }
  return { url, port, token, watch, close };
}

/** The platform's program that opens a URL in the browser, when there is one on the PATH. */
function opener(): { cmd: string; args: string[] } | undefined {
  const onPath = (name: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, name)));
  if (process.platform === 'darwin') return onPath('open') ? { cmd: 'open', args: [] } : undefined;
  if (process.platform === 'win32') return { cmd: 'cmd', args: ['/c', 'start', '""'] };
  return onPath('xdg-open') ? { cmd: 'xdg-open', args: [] } : undefined;
}

export async function preview(opts: PreviewOptions & { open?: boolean }, log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  let handle: PreviewHandle | undefined;
  const stopped = untilSignal(async () => {
    for (const w of runningWorkers) void w.terminate();
    await handle?.close();
  });
  return Promise.race([stopped, startPreview(opts, log).then((h) => {
    handle = h;
    if (opts.open) {
      const o = opener();
      if (!o) log(`warning ${msg.noOpener(h.url).message}`);
      else spawn(o.cmd, [...o.args, h.url], { stdio: 'ignore', detached: true }).on('error', () => log(`warning ${msg.noOpener(h.url).message}`)).unref();
    }
    log(`open ${h.url} (Ctrl-C to stop)`);
    return stopped;
  })]);
}
