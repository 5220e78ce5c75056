import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Area } from '../../../src/io/project.js';
import { firstPassKey, readFirstPass, writeFirstPass } from '../../../src/layout/cache.js';
import { tempDir } from '../../support.js';

const dd = (text = 'Hello', fn = (n: number) => n > 1) => ({ content: [{ text }], pageBreakBefore: fn });

describe('first layout pass cache', () => {
  it('keys change with the document, its functions\' source, the context and the fonts', () => {
    const k = firstPassKey(dd(), { asOf: '2024' }, ['f1']);
    expect(k).toMatch(/^layout-[0-9a-f]{40}\.json$/);
    expect(firstPassKey(dd(), { asOf: '2024' }, ['f1'])).toBe(k);
    expect(firstPassKey(dd('Hello!'), { asOf: '2024' }, ['f1'])).not.toBe(k);
    expect(firstPassKey(dd('Hello', (n) => n > 2), { asOf: '2024' }, ['f1'])).not.toBe(k);
    expect(firstPassKey(dd(), { asOf: '2025' }, ['f1'])).not.toBe(k);
    expect(firstPassKey(dd(), { asOf: '2024' }, ['f2'])).not.toBe(k);
  });

  it('round-trips pages, contents entries and breaks (in order); a damaged entry is a miss', () => {
    const area = new Area(tempDir(), 'cache');
    const pass = { pages: new Map([['intro', 3], ['fig-1', 4]]), toc: [{ id: 'intro', title: 'Intro', level: 0 as const, list: 'sections' as const }], breaks: new Set(['\u00b612@40', 'intro']) };
    writeFirstPass(area, 'layout-x.json', pass);
    const back = readFirstPass(area, 'layout-x.json')!;
    expect([...back.pages]).toEqual([...pass.pages]);
    expect(back.toc).toEqual(pass.toc);
    expect([...back.breaks]).toEqual([...pass.breaks]);
    fs.writeFileSync(path.join(area.dir, 'layout-x.json'), '[');
    expect(readFirstPass(area, 'layout-x.json')).toBeUndefined();
    expect(readFirstPass(undefined, 'layout-x.json')).toBeUndefined();
  });
});
