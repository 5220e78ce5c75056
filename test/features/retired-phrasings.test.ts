/**
 * Issue 25, deliverable 6: the phrasings the hostile readings retired never print again in the
 * flagship's editions — the team's nicknames for sources, caveats meant for the team, one edition
 * naming another, and the claims that were stronger than their sources. Checked on the text of
 * the shared flagship build, squashed to letters and digits so that line breaks, hyphenation and
 * case cannot hide a phrase.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLAGSHIP, pageTexts, sharedBuild } from '../support.js';

let out = '';

beforeAll(() => {
  const { out: dir, run } = sharedBuild(FLAGSHIP);
  expect(run.code).toBe(0);
  out = dir;
}, 600_000);

const squash = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Nicknames for sources and team caveats: never in the prose of any edition. */
const TEAM = [
  'Xinhua-based',
  'MOFCOM-portal reprint',
  'echannel5 commentary',
  'commentary on echannel5.com',
  'the BTimes article',
  'patentpc.com blog',
  'page by page',
  'Low-quality mirror',
  "a year's note may name the wrong page",
  "research notes' source list",
  'whose original outlet is not named',
];

/** Claims the readings found stronger than their sources, and stale figures. */
const OVERSTATED = [
  'the latest year for which the sources split',
  'Enforcement capacity has grown quickly',
  'growth has stalled',
  'The figure most often quoted',
  'main cross-border risk',
  'had become harder',
  'Damages have risen on paper',
  'rather than to more invention',
  'because it counts all offices',
  'the latest year reported',
  'remain subject to Entity List',
  'as the office moved against subsidy-driven filings',
  'gave no breakdown',
  "China's formal responses to foreign pressure",
  'How the rise was achieved is disputed',
  // the second reading (journalist and official, after the first fixes)
  'no longer rising',
  'remain unprotected there',
  'often unprotected abroad',
  'but frames US policy',
  'the only ones checked',
  'Receipts are growing',
  'Response to import barriers',
  '2019 onwards',
  'found the practices persisted',
  'found technology-transfer practices persisted',
  'which it does not define',
  'a more exact 452,804',
  'the latest total found',
  'questioned in 2019',
];

/** Publishers named by domain or by the team's short name: never in the prose (notes aside). */
const NAMES = ['BTimes', 'patentpc.com', 'echannel5'];

const EDITIONS = { executive: 'Executive edition', policy: 'Policy edition', legal: 'Legal & business risk edition' } as const;

/** An edition's text before its notes, and that text without the source lines of figures and tables. */
function texts(name: string): { body: string; prose: string } {
  const all = pageTexts(path.join(out, `briefing-${name}.pdf`)).join('\n');
  const notes = all.indexOf('Each numbered note names a source');
  expect(notes, 'the notes open with their usual sentence').toBeGreaterThan(0);
  const body = all.slice(0, notes);
  return { body, prose: body.replace(/Sources?:[\s\S]*?\(notes? [^)]*\)/g, ' ') };
}

describe.each(Object.keys(EDITIONS) as (keyof typeof EDITIONS)[])('the %s edition', (name) => {
  it('prints none of the retired phrasings', () => {
    const { body, prose } = texts(name);
    const text = squash(body);
    expect([...TEAM, ...OVERSTATED].filter((p) => text.includes(squash(p)))).toEqual([]);
    expect(NAMES.filter((p) => squash(prose).includes(squash(p)))).toEqual([]);
  });

  it('never mentions another edition', () => {
    const { body } = texts(name);
    const text = squash(body);
    const others = Object.entries(EDITIONS).filter(([k]) => k !== name).map(([, v]) => v);
    expect([...others, 'the policy edition', 'the legal edition', 'the executive edition'].filter((p) => text.includes(squash(p)))).toEqual([]);
    // an unnumbered section's title standing in for a cross-reference
    expect(body.replace(/\s+/g, ' ')).not.toContain('(Summary for counsel and risk managers)');
  });
});
