/**
 * Image files checked before decoding (src/charts/image-check.ts): the declared size is read
 * from the header, and a file cut short anywhere, or damaged, is refused rather than handed to
 * the PDF writer (which dropped it with a warning, or decoded a lying header into gigabytes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageDamaged, inspectImage } from '../../../src/charts/image-check.js';
import { ROOT } from '../../support.js';
import { pngFile } from '../../security/support.js';

const SPECS = path.join(ROOT, 'test', 'conformance', 'specs');
const JPEG = fs.readFileSync(path.join(SPECS, 'swatch.jpg'));
const PNG = fs.readFileSync(path.join(SPECS, 'dot.png'));

const damage = (b: Buffer) => {
  try {
    inspectImage(b);
  } catch (e) {
    if (e instanceof ImageDamaged) return e.message;
    throw e;
  }
  return undefined;
};

describe('inspectImage', () => {
  it('reads type and declared size of whole files', async () => {
    expect(inspectImage(JPEG)).toEqual({ type: 'image/jpeg', width: 8, height: 8 });
    expect(inspectImage(PNG)).toEqual({ type: 'image/png', width: 6, height: 6 });
    expect(inspectImage(await pngFile(300, 200))).toEqual({ type: 'image/png', width: 300, height: 200 });
    // a header that claims more than the data holds still declares its size: the caller's limit decides
    expect(inspectImage(await pngFile(100_000, 100_000, 1))).toEqual({ type: 'image/png', width: 100_000, height: 100_000 });
    expect(inspectImage(Buffer.from('GIF89a'))).toBeUndefined();
  });

  it('refuses a file cut short at any byte', () => {
    for (const [name, whole] of [['jpeg', JPEG], ['png', PNG]] as const) {
      for (let n = 3; n < whole.length; n++) {
        const cut = whole.subarray(0, n);
        // under 8 bytes a PNG is no longer recognised as one (undefined: "not a PNG or JPEG", BK211)
        if (name === 'png' && n < 8) continue;
        expect(damage(cut), `${name} cut at ${n} of ${whole.length}`).toMatch(/cut short|damaged|no image data/);
      }
    }
  });

  it('refuses a damaged JPEG and a PNG whose header checksum is wrong', () => {
    expect(damage(Buffer.concat([JPEG.subarray(0, 20), Buffer.alloc(139, 0x41)]))).toMatch(/damaged/);
    const bad = Buffer.from(PNG);
    bad[16 + 3] = bad[16 + 3]! ^ 0x01; // the width, without its checksum
    expect(damage(bad)).toMatch(/checksum of its IHDR/);
  });
});
