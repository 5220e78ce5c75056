import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { checkTemplate, type CheckOptions } from '../../../src/templates/check.js';
import { thrownSync } from '../../support.js';
import { blockHelpers } from '../../../src/templates/helpers/blocks.js';
import { dataHelpers } from '../../../src/templates/helpers/data.js';
import { formatHelpers } from '../../../src/templates/helpers/format.js';
import type { RenderContext } from '../../../src/templates/context.js';

const opts = (o: Partial<CheckOptions> = {}): CheckOptions => ({
  file: 'templates/sections/s.md.hbs',
  lineOffset: 0,
  helpers: new Set(['fig', 'chart', 'callout', 'cite', 'num', 'pct', 'growth', 'eq']),
  partials: new Set(['footer']),
  allowNumbers: [],
  ...o,
});
const check = (src: string, o: Partial<CheckOptions> = {}) => checkTemplate(Handlebars.parse(src), opts(o));
const fails = (src: string, o: Partial<CheckOptions> = {}) => thrownSync(() => check(src, o));

/** 1-based line and column of `needle` in `src`. */
function at(src: string, needle: string): { line: number; column: number } {
  const i = src.indexOf(needle);
  const head = src.slice(0, i);
  return { line: head.split('\n').length, column: i - (head.lastIndexOf('\n') + 1) + 1 };
}

describe('hand-typed figures (BK107)', () => {
  it('flags a number in prose with its line and column', () => {
    const src = 'Grants rose to 921,000 in 2023.';
    const e = fails(src);
    expect(e.code).toBe('BK107');
    expect(e.summary).toContain('"921,000"');
    expect(e.where).toEqual({ file: 'templates/sections/s.md.hbs', ...at(src, '921,000') });
  });

  it('names only helpers that exist in its expected text and fix', () => {
    const ctx = {} as RenderContext;
    const known = new Set([...Object.keys(formatHelpers(ctx)), ...Object.keys(dataHelpers(ctx)), ...Object.keys(blockHelpers(ctx))]);
    const e = fails('Grants rose to 921,000 in 2023.');
    const named = [...`${e.expected} ${e.fix}`.matchAll(/\{\{\s*([A-Za-z]+)/g)].map((m) => m[1]!);
    expect(named).toContain('fig');
    for (const h of named) expect(known, `{{${h}}} is not a helper`).toContain(h);
  });

  it('counts lines across the template and adds the front-matter offset', () => {
    const src = 'First line.\n\nWe counted {{fig "a" 2023}} and then 45 cases.';
    expect(fails(src).where).toMatchObject(at(src, '45'));
    expect(fails(src, { lineOffset: 4 }).where).toMatchObject({ line: at(src, '45').line + 4, column: at(src, '45').column });
  });

  it('gives the right column when the number follows a mustache on the same line', () => {
    const src = '{{fig "a" 2023}} and 42 more';
    expect(fails(src).where).toMatchObject(at(src, '42'));
  });

  it('gives the right line and column inside a block whose opening tag stands alone on its line', () => {
    const src = '{{#callout title="Note"}}\nWe had 45 cases.\n{{/callout}}';
    expect(fails(src).where).toMatchObject(at(src, '45'));
  });

  it('flags numbers in caption, title and label strings given to helpers, at the number', () => {
    const src = '{{chart "x" caption="Grants, 42 in total"}}';
    const e = fails(src);
    expect(e.code).toBe('BK107');
    expect(e.where).toMatchObject(at(src, '42'));
  });

  it.each(['3.5 per cent', '1,045,000', 'up 15%', '2023% of nothing', 'rank: 11'])('flags %j', (text) => {
    expect(fails(`Text ${text} here.`).code).toBe('BK107');
  });

  it('allows years, ordinals, names with digits and ordered-list markers', () => {
    expect(() => check('From 2010 to 1999, ranked 14th; DS611, G20 and the 21st century.\n\n1. first\n2. second')).not.toThrow();
    expect(() => check('{{chart "x" caption="Grants, 2010–2024"}}')).not.toThrow();
  });

  it('allows phrases listed under allowNumbers, only those', () => {
    expect(() => check('Under Section 301 the US acted.', { allowNumbers: ['Section 301'] })).not.toThrow();
    expect(fails('Under Section 301 the US acted.').code).toBe('BK107');
    expect(fails('Under Section 301 the US acted 3 times.', { allowNumbers: ['Section 301'] }).summary).toContain('"3"');
  });

  it('allows years as arguments (row keys) and named options (digits=2, id=7)', () => {
    expect(() => check('{{fig "invention-grants" 2023 digits=2}} {{fig "reactions" id=7}} {{growth "invention-grants" 2010 2024}}')).not.toThrow();
  });

  it('refuses a figure typed as a helper argument (BK107), at its position', () => {
    const e = fails('Total: {{num 987654321}}.');
    expect(e.code).toBe('BK107');
    expect(e.summary).toContain('"987654321"');
    expect(e.where.column).toBe(14);
    expect(fails('{{pct "12.5"}}').code).toBe('BK107');
    expect(fails('{{#if (eq (num 42) "x")}}y{{/if}}').code).toBe('BK107');
    // row keys select; they are not printed
    expect(() => check('{{fig "invention-grants" 1899}} {{#if (eq 3 3)}}y{{/if}}')).not.toThrow();
  });
});

describe('unknown helpers and partials', () => {
  it('refuses an unknown helper (BK102) at its position', () => {
    const src = 'Intro.\n\n  {{frobnicate "a" 1}}';
    const e = fails(src);
    expect(e.code).toBe('BK102');
    expect(e.summary).toContain('"frobnicate"');
    expect(e.where).toMatchObject(at(src, 'frobnicate'));
    expect(e.expected).toContain('cite');
  });

  it('refuses an unknown block helper and one nested in a subexpression', () => {
    expect(fails('{{#nosuch x}}a{{/nosuch}}').code).toBe('BK102');
    expect(fails('{{fig (nosuch "a") 2023}}').code).toBe('BK102');
  });

  it('accepts the built-in blocks', () => {
    expect(() => check('{{#each xs}}{{#if this}}{{this}}{{else}}-{{/if}}{{/each}}{{#with a}}{{b}}{{/with}}{{#unless c}}d{{/unless}}')).not.toThrow();
  });

  it('refuses an unknown partial (BK103) and accepts a known one', () => {
    const src = 'Text\n{{> nope}}';
    const e = fails(src);
    expect(e.code).toBe('BK103');
    expect(e.where).toMatchObject({ line: 2, column: 1 });
    expect(() => check('{{> footer}}')).not.toThrow();
  });
});
