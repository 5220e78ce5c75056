/** Axis labels drop the decimals no tick needs, alike across one axis. */
import { describe, expect, it } from 'vitest';
import { trimAxisLabels, trimTickLabels } from '../../../src/charts/ticks.js';

const labels = (...t: string[]) => t.map((text) => ({ text }));
const texts = (ls: { text?: unknown }[]) => ls.map((l) => l.text);

describe('trimTickLabels', () => {
  it('reads the locale’s decimal mark: German "1.000,0" has one decimal (its "." groups digits), never "1,0"', () => {
    const labels = [{ text: '0,0' }, { text: '1.000,0' }, { text: '2.000,0' }];
    trimTickLabels(labels, ',');
    expect(labels.map((l) => l.text)).toEqual(['0', '1.000', '2.000']);
  });

  it('drops a trailing .0 that every tick has', () => {
    const ls = labels('0', '2.0M', '4.0M', '6.0M', '8.0M');
    expect(trimTickLabels(ls)).toBe(4);
    expect(texts(ls)).toEqual(['0', '2M', '4M', '6M', '8M']);
    const two = labels('0.50', '1.00', '1.50');
    trimTickLabels(two);
    expect(texts(two)).toEqual(['0.5', '1.0', '1.5']);
  });
  it('keeps decimals a tick needs, on all ticks of the axis alike, and leaves mixed precision and integers alone', () => {
    const ls = labels('0.5M', '1.0M', '1.5M');
    expect(trimTickLabels(ls)).toBe(0);
    expect(texts(ls)).toEqual(['0.5M', '1.0M', '1.5M']);
    expect(trimTickLabels(labels('1.0', '1.25'))).toBe(0);
    expect(trimTickLabels(labels('2,000', '4,000', '2010'))).toBe(0);
  });
  it('works on every axis of a scenegraph, not on mark labels', () => {
    const axis = { marktype: 'text', role: 'axis-label', items: labels('1.0M', '2.0M') };
    const mark = { marktype: 'text', role: 'mark', items: labels('1.0', '2.0') };
    const root = { items: [{ items: [{ marktype: 'group', role: 'axis', items: [{ items: [axis] }] }, mark] }] };
    expect(trimAxisLabels(root)).toBe(2);
    expect(texts(axis.items)).toEqual(['1M', '2M']);
    expect(texts(mark.items)).toEqual(['1.0', '2.0']);
  });
});
