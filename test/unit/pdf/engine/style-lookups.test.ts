import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installStyleLookups } from '../../../../src/pdf/engine/style-lookups.js';
import { ROOT } from '../../../support.js';

const pdfmakeRequire = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('pdfmake'));
type Stack = { push(s: unknown): void; pop(n?: number): void; getProperty(p: string): unknown; styleOverrides: unknown[] };
type StackClass = { new (dict: object, defaults: object): Stack; getStyleProperty(item: unknown, stack: Stack | null, p: string, d: unknown): unknown };

/** A copy of pdfmake's StyleContextStack of its own (the shared one may be patched already in this process). */
function freshCopy(): StackClass {
  const file = pdfmakeRequire.resolve('./StyleContextStack.js');
  const saved = pdfmakeRequire.cache[file];
  delete pdfmakeRequire.cache[file];
  try {
    return (pdfmakeRequire('./StyleContextStack.js') as { default: StackClass }).default;
  } finally {
    if (saved) pdfmakeRequire.cache[file] = saved;
  }
}

const DICT = {
  base: { font: 'Base', fontSize: 10, color: null },
  heading: { extends: 'base', bold: true, fontSize: 14 },
  quote: { extends: ['heading', 'base'], italics: true },
  loopA: { extends: 'loopB' },
  loopB: { extends: ['loopA', 'base'], color: 'red' },
  empty: {},
};
const ITEMS: unknown[] = ['plain text', { text: 'x' }, { text: 'x', fontSize: 9 }, { text: 'x', style: 'quote' }, { text: 'x', style: ['heading', 'loopA'] }, { text: 'x', style: ['missing', { color: 'blue' }] }, { text: 'x', section: true, style: 'heading' }, { text: 'x', style: 'empty', color: null }];
const PROPERTIES = ['font', 'fontSize', 'bold', 'italics', 'color', 'lineHeight', 'alignment'];
const STACKS: unknown[][] = [[], ['quote'], [{ alignment: 'justify' }, 'loopB'], ['heading', { color: undefined, lineHeight: 1.2 }, 'missing']];

describe('style lookups (pdfmake StyleContextStack patch)', () => {
  it('finds what pdfmake finds, without pushing onto the stack', () => {
    const Original = freshCopy();
    const Patched = freshCopy();
    installStyleLookups(((id: string) => (id === './StyleContextStack.js' ? { default: Patched } : pdfmakeRequire(id))) as NodeJS.Require);
    installStyleLookups(((id: string) => (id === './StyleContextStack.js' ? { default: Patched } : pdfmakeRequire(id))) as NodeJS.Require); // idempotent
    let pushes = 0;
    for (const entries of STACKS) {
      const a = new Original(DICT, { font: 'Default', lineHeight: 1 });
      const b = new Patched(DICT, { font: 'Default', lineHeight: 1 });
      for (const e of entries) (a.push(e), b.push(e));
      const push = b.push.bind(b);
      b.push = (s) => (pushes++, push(s));
      for (const item of ITEMS)
        for (const p of PROPERTIES) {
          expect(Patched.getStyleProperty(item, b, p, 'fallback'), `${JSON.stringify(item)} ${p} over ${JSON.stringify(entries)}`).toEqual(Original.getStyleProperty(item, a, p, 'fallback'));
          expect(b.getProperty(p)).toEqual(a.getProperty(p));
        }
      expect(b.styleOverrides).toEqual(a.styleOverrides);
      expect(Original.getStyleProperty({ text: 'x', style: 'quote' }, a, 'font', 'f')).toBe('Base');
    }
    expect(pushes).toBe(0);
    expect(Patched.getStyleProperty({ text: 'x' }, null, 'font', 'none')).toBe('none');
  });
});
