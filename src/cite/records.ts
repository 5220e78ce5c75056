/**
 * Checks over source records that a reader of the notes would fault, for `briefkit check`
 * (warnings, not errors: a project may be at work on its sources). Any project's sources file:
 *
 *   BK070  more than a tenth of the sources print "n.d."  (a year alone is a date)
 *   BK071  more than a twentieth have a description for a title (Chicago: only for untitled items)
 *   BK072  a publisher that is a web address ("sbzl.com"), not the name of a body or outlet
 *   BK073  a reprint "reprinted by" its own publisher
 */
import type { Source } from '../config/blocks.js';
import type { BriefkitError } from '../log/error.js';
import * as msg from '../log/message.js';

export const MAX_UNDATED_SHARE = 0.1;
export const MAX_DESCRIBED_SHARE = 0.05;

/** A name that is only a host name: "sbzl.com", "bjen.sdzl.com", "www.gov.cn" (not "China.org.cn News", not "Yicai Global"). */
export const isBareDomain = (name: string): boolean => /^(?:[a-z0-9-]+\.)+[a-z]{2,}$/i.test(name.trim());

export function sourceRecordWarnings(sources: Iterable<Source>, file: string): BriefkitError[] {
  const all = [...sources];
  const out: BriefkitError[] = [];
  const undated = all.filter((s) => !s.date).map((s) => s.id);
  if (all.length && undated.length > MAX_UNDATED_SHARE * all.length) out.push(msg.undatedSources(file, undated, all.length, MAX_UNDATED_SHARE));
  const described = all.filter((s) => s.descriptive).map((s) => s.id);
  if (all.length && described.length > MAX_DESCRIBED_SHARE * all.length) out.push(msg.describedSources(file, described, all.length, MAX_DESCRIBED_SHARE));
  for (const s of all) {
    if (isBareDomain(s.publisher)) out.push(msg.domainPublisher(file, s.id, s.publisher));
    if (s.reprintedBy && s.reprintedBy.toLowerCase() === s.publisher.toLowerCase()) out.push(msg.reprintSameAsPublisher(file, s.id, s.reprintedBy));
  }
  return out;
}
