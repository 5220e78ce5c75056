/**
 * Runs before each test file (setupFiles): under `npm test`, a file that needs dist/ waits here
 * until the build that test/global-setup.ts started has ended (test/dist.ts).
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import { awaitDist, needsDist } from './dist.js';

const file = expect.getState().testPath;
if (process.env.BRIEFKIT_TEST_DIST && file && needsDist(fs.readFileSync(file, 'utf8'))) awaitDist();
