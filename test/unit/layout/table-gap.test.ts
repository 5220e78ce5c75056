/** A figure column and its neighbour are at least an em apart (daylight Table 4: "−21.89541 3413829"). */
import { expect, it } from 'vitest';
import { markdownTable } from '../../../src/layout/blocks/table.js';
import { parseMarkdown } from '../../../src/markdown/parse.js';
import { makeTheme } from '../../../src/theme/theme.js';

it('puts at least an em between a figure column and the next', () => {
  const tree = parseMarkdown('| City | Longitude | GeoNames id | Note |\n|:--|--:|:--|:--|\n| Reykjavík | −21.89541 | 3413829x | capital |\n');
  const theme = makeTheme();
  const node = markdownTable(tree.children[0] as never, { theme } as never) as { layout: { paddingLeft(i: number): number; paddingRight(i: number): number } };
  const gap = (i: number) => node.layout.paddingRight(i - 1) + node.layout.paddingLeft(i);
  expect(gap(1)).toBeGreaterThanOrEqual(theme.scale.caption); // City | Longitude
  expect(gap(2)).toBeGreaterThanOrEqual(theme.scale.caption); // Longitude | GeoNames id
  expect(gap(3)).toBeLessThan(theme.scale.caption); // two text columns keep the usual gap
});
