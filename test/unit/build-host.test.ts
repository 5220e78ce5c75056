import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/build-host.js';
import { thrown, tempProjectFrom } from '../support.js';

const BASE = path.resolve(import.meta.dirname, '..', 'corpus', 'base');

describe('build', () => {
  it('refuses an output folder it cannot write before rendering anything (BK401, not the error the render would give)', async () => {
    const dir = tempProjectFrom(BASE, (d) => {
      fs.writeFileSync(path.join(d, 'blocker'), '');
      // a render would fail on this section (BK201); the output folder is checked first
      fs.appendFileSync(path.join(d, 'templates', 'sections', 'summary.md.hbs'), '\n{{chart "no-such-chart"}}\n');
    });
    const e = await thrown(() => build({ root: dir, outDir: path.join(dir, 'blocker', 'out'), audiences: ['policy'], isolate: false }));
    expect(e.code, e.message).toBe('BK401');
    expect(e.message).toContain('blocker is a file, not a folder');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
