/**
 * Disk full while writing: writeAtomic (src/write/output.ts) gets an fs whose writeFileSync
 * writes part of the bytes to the temporary file and then fails with ENOSPC. The write must fail
 * with BK401, leave no temporary file, and leave the previous file byte-identical.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { BriefkitError } from '../../src/log/error.js';
import { writeAtomic } from '../../src/write/output.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function outDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'briefkit-diskfull-'));
  dirs.push(d);
  return d;
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

/** An fs whose writeFileSync writes the first `partial` bytes, then throws ENOSPC. */
function fullDisk(partial: number) {
  const calls: string[] = [];
  const stub = {
    writeFileSync(file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView) {
      calls.push(`write ${String(file)}`);
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      fs.writeFileSync(file, bytes.subarray(0, partial));
      throw enospc();
    },
    renameSync(a: fs.PathLike, b: fs.PathLike) {
      calls.push(`rename ${String(a)} ${String(b)}`);
      fs.renameSync(a, b);
    },
    rmSync(p: fs.PathLike, o?: fs.RmOptions) {
      calls.push(`rm ${String(p)}`);
      fs.rmSync(p, o);
    },
  };
  return { stub: stub as unknown as Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'>, calls };
}

describe('disk full during an atomic write', () => {
  for (const [name, data] of [
    ['briefing-policy.pdf', Buffer.from('%PDF-1.7 new edition '.repeat(4000))],
    ['manifest.json', JSON.stringify({ generator: 'briefkit', documents: [] }, null, 2).repeat(50)],
  ] as const) {
    test(`${name}: BK401, no leftover, previous file intact`, () => {
      const dir = outDir();
      const old = Buffer.from(`previous good ${name}\n`);
      fs.writeFileSync(path.join(dir, name), old);
      fs.writeFileSync(path.join(dir, 'other.pdf'), 'untouched');
      const { stub, calls } = fullDisk(1024);

      let thrown: unknown;
      try {
        writeAtomic(dir, name, data, stub);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, 'writeAtomic must throw').toBeInstanceOf(BriefkitError);
      const err = thrown as BriefkitError;
      expect(err.code).toBe('BK401');
      expect(err.message).toMatch(/ENOSPC|space/i);
      expect(err.exitCode).toBe(1);
      // The partial file really was written before the failure (the stub is honest) …
      expect(calls[0]).toMatch(/^write .*\.tmp$/);
      // … and nothing of it is left; the previous output is untouched.
      expect(fs.readdirSync(dir).sort()).toEqual([name, 'other.pdf'].sort());
      expect(fs.readFileSync(path.join(dir, name)).equals(old)).toBe(true);
      expect(fs.readFileSync(path.join(dir, 'other.pdf'), 'utf8')).toBe('untouched');
    });
  }

  test('ENOSPC on the very first byte (empty temp file) is also cleaned up', () => {
    const dir = outDir();
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"old":true}\n');
    const { stub } = fullDisk(0);
    expect(() => writeAtomic(dir, 'manifest.json', '{"new":true}\n', stub)).toThrow(/BK401/);
    expect(fs.readdirSync(dir)).toEqual(['manifest.json']);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe('{"old":true}\n');
  });

  test('a failing rename (e.g. EXDEV/EACCES) leaves no temporary file either', () => {
    const dir = outDir();
    fs.writeFileSync(path.join(dir, 'briefing-policy.pdf'), 'old');
    const stub = {
      writeFileSync: fs.writeFileSync,
      renameSync() {
        throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
      },
      rmSync: fs.rmSync,
    } as unknown as Pick<typeof fs, 'writeFileSync' | 'renameSync' | 'rmSync'>;
    expect(() => writeAtomic(dir, 'briefing-policy.pdf', Buffer.from('new'), stub)).toThrow(/BK401/);
    expect(fs.readdirSync(dir)).toEqual(['briefing-policy.pdf']);
    expect(fs.readFileSync(path.join(dir, 'briefing-policy.pdf'), 'utf8')).toBe('old');
  });
});
