/** briefkit check's source-record warnings (BK070–BK073) on made-up sources files. */
import { describe, expect, it } from 'vitest';
import { isBareDomain, sourceRecordWarnings } from '../../../src/cite/records.js';
import type { Source } from '../../../src/config/blocks.js';

const src = (i: number, o: Partial<Source> = {}): Source => ({ id: `s${i}`, title: `Title ${i}`, publisher: 'Office', date: '2020', url: `https://e.org/${i}`, kind: 'web', ...o });
const codes = (list: Source[]) => sourceRecordWarnings(list, 'data/sources.json').map((w) => w.code);

describe('source-record warnings', () => {
  it('accept dated, titled records with named publishers', () => {
    expect(codes(Array.from({ length: 20 }, (_, i) => src(i)))).toEqual([]);
  });

  it('warn when more than a tenth of the sources have no date (BK070)', () => {
    const list = Array.from({ length: 20 }, (_, i) => src(i, i < 2 ? { date: undefined } : {}));
    expect(codes(list)).toEqual([]);
    delete list[2]!.date;
    expect(codes(list)).toEqual(['BK070']);
    expect(sourceRecordWarnings(list, 'data/sources.json')[0]!.message).toMatch(/3 of 20 sources have no date.*s0, s1, s2/);
  });

  it('warn when more than a twentieth have a description for a title (BK071)', () => {
    const list = Array.from({ length: 20 }, (_, i) => src(i, i < 2 ? { descriptive: true } : {}));
    expect(codes(list)).toEqual(['BK071']);
    delete list[1]!.descriptive;
    expect(codes(list)).toEqual([]);
  });

  it('warn on a web address for a publisher (BK072) and a reprint by its own publisher (BK073)', () => {
    expect(codes([src(1, { publisher: 'sbzl.com' })])).toEqual(['BK072']);
    expect(codes([src(1, { publisher: 'Xinhua', reprintedBy: 'xinhua' })])).toEqual(['BK073']);
    expect(codes([src(1, { publisher: 'Xinhua', reprintedBy: 'teehowe.com' })])).toEqual([]);
  });

  it('tell a host name from an outlet’s name', () => {
    for (const d of ['sbzl.com', 'bjen.sdzl.com', 'www.gov.cn', 'tradingup.com.cn']) expect(isBareDomain(d), d).toBe(true);
    for (const n of ['Yicai Global', 'China.org.cn News', 'Xinhua', 'STR (Sandler, Travis & Rosenberg)']) expect(isBareDomain(n), n).toBe(false);
  });
});
