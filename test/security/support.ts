/** Shared bits of the security tests: the frozen base project and small project edits. */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { sharedBuild, tempProjectFrom } from '../support.js';

/** The frozen, buildable project the corpus uses (test/corpus/base). */
export const BASE = path.resolve(import.meta.dirname, '..', 'corpus', 'base');
export const AUDIENCE = 'policy';

export const tempBase = (edit?: (dir: string) => void) => tempProjectFrom(BASE, edit);

/**
 * A copy of the base project whose out/ holds a good build of AUDIENCE: the build of the
 * unmodified project shared by the test files of the run (sharedBuild), copied in, so a test
 * that needs "a previous good build" does not build it again.
 */
export function builtBase(): string {
  const { out, run } = sharedBuild(['-a', AUDIENCE], { base: BASE });
  if (run.code !== 0) throw new Error(`the unmodified base project does not build:\n${run.stderr}`);
  // links kept as they are: out/'s names link into its sets (fs.cp would make them absolute, into the shared build)
  return tempProjectFrom(BASE, (d) => fs.cpSync(out, path.join(d, 'out'), { recursive: true, verbatimSymlinks: true }));
}

/**
 * Cuts a copy of the base project down to its summary section (no charts, no tables): the
 * briefing's sections become [summary] in the base profile and in the audience's. For tests that
 * need a build's exit code, messages or a consistent out/, not the whole briefing (a build of it
 * takes about 1.6 s of CPU as a new process, against 2.1 s for the whole one). Sections added
 * afterwards (addSection) come after the summary. Use it as `tempBase(summaryOnly)` or inside
 * an edit.
 */
export function summaryOnly(dir: string): void {
  for (const rel of ['profile.yaml', path.join('audiences', AUDIENCE, 'profile.yaml')]) {
    const file = path.join(dir, 'templates', rel);
    const text = fs.readFileSync(file, 'utf8');
    const next = text.replace(/^sections: \[.*\]$/m, 'sections: [summary]');
    if (next === text) throw new Error(`summaryOnly: no "sections: [...]" line in templates/${rel}`);
    fs.writeFileSync(file, next);
  }
}

/** Adds a section (templates/sections/<name>.md.hbs) and appends it to the audience's section list. */
export function addSection(dir: string, name: string, body: string, frontMatter: Record<string, unknown> = {}): void {
  const fm = Object.entries({ id: name, title: name, numbered: false, newPage: false, ...frontMatter })
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  fs.writeFileSync(path.join(dir, 'templates', 'sections', `${name}.md.hbs`), `---\n${fm}\n---\n${body}\n`);
  const prof = path.join(dir, 'templates', 'audiences', AUDIENCE, 'profile.yaml');
  const text = fs.readFileSync(prof, 'utf8');
  const next = text.replace(/^sections: \[(.*)\]\s*$/m, (_, list: string) => `sections: [${list}, ${name}]`);
  if (next === text) throw new Error('addSection: no "sections: [...]" line in the audience profile');
  fs.writeFileSync(prof, next);
}

/** A local HTTP server that only counts requests (to prove nothing is fetched). */
export async function countingServer(): Promise<{ url: string; port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('year,value\n2020,1\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The first `error BKnnn:` code on stderr, if any. */
export const errorCode = (stderr: string) => /^error (BK\d{3}):/m.exec(stderr)?.[1];

/**
 * CPU time (utime + stime, in ms) process `pid` has used so far, from /proc; Infinity once it is
 * gone. Signal tests time their signals by it: wall-clock time stretches on a busy machine.
 */
export function cpuMs(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return Infinity;
  }
  const f = stat.split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 1/100 s (USER_HZ)
}

/**
 * An RGBA PNG of width × height px (transparent) whose image data holds `rows` rows, compressed
 * row by row (a 10,000 × 10,000 image, 400 MB decoded, is 389 KB and is never held whole here).
 * Chunk checksums are right: the image is a valid PNG when rows = height.
 */
export async function pngFile(width: number, height: number, rows = height): Promise<Buffer> {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(type)));
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((r) => deflate.on('end', r));
  const row = Buffer.alloc(1 + width * 4);
  for (let i = 0; i < rows; i++) if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
}
