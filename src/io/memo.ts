/**
 * Keeps, per process, what a function computed from the files of an area, for as long as those
 * files are what it read: the function gets a recording view of the area, every question it asks
 * (does a file exist, its bytes, a folder's listing) is noted with the answer's digest, and the
 * next call asks the same questions again and reuses the result only when every answer is the
 * same. So `--watch` does not parse and validate the data again after an edit to a template, and a
 * result is never stale (a file it read, or one it looked for, changed: it is computed again).
 * One result per slot is kept (memory stays bounded); a call that throws keeps nothing.
 */
import { createHash } from 'node:crypto';
import { Area } from './project.js';

type Question = { op: 'exists' | 'readBytes' | 'list' | 'folders'; args: unknown[]; answer: string };

interface Entry {
  dir: string;
  key: string;
  questions: Question[];
  value: unknown;
}

const slots = new Map<string, Entry>();

const digest = (v: unknown): string => createHash('sha256').update(Buffer.isBuffer(v) ? v : JSON.stringify(v) ?? 'undefined').digest('hex');

/** The digest of what `f()` returns, or of the error it throws (a missing file is an answer too). */
function answerOf(f: () => unknown): { answer: string; value?: unknown; error?: unknown } {
  try {
    const value = f();
    return { answer: digest(value), value };
  } catch (error) {
    return { answer: `throws ${digest(String((error as Error)?.message ?? error))}`, error };
  }
}

/** Asks `q` of the area again: its answer's digest. */
const ask = (area: Area, q: Question): string => answerOf(() => (area[q.op] as (...a: unknown[]) => unknown).apply(area, q.args)).answer;

/**
 * `compute(view)`'s result, reused from the previous call of this slot when it was for the same
 * area and `key` and every file question `compute` asked of `view` has the same answer now.
 */
export function memoReads<T>(slot: string, area: Area, key: string, compute: (view: Area) => T): T {
  const last = slots.get(slot);
  if (last && last.dir === area.dir && last.key === key && last.questions.every((q) => ask(area, q) === q.answer)) return last.value as T;
  slots.delete(slot);
  const questions: Question[] = [];
  const view = Object.create(area) as Area;
  for (const op of ['exists', 'readBytes', 'list', 'folders'] as const) {
    const real = area[op] as (...a: unknown[]) => unknown;
    (view as unknown as Record<string, unknown>)[op] = (...args: unknown[]) => {
      const a = answerOf(() => real.apply(area, args));
      questions.push({ op, args, answer: a.answer });
      if ('error' in a) throw a.error;
      return a.value;
    };
  }
  const value = compute(view);
  slots.set(slot, { dir: area.dir, key, questions, value });
  return value;
}
