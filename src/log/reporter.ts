import { safeText } from './safe.js';

/**
 * Progress on stderr: one line per stage with its time; silent when stderr is not a TTY (unless
 * BRIEFKIT_STAGES=1: the bench reads the stage times of its cold builds) or --quiet. Every line
 * is made safe for the terminal (./safe.ts).
 */
export interface Reporter {
  stage(name: string, detail?: string): void;
  info(line: string): void;
  warn(line: string): void;
}

export function makeReporter(opts: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Reporter {
  const stream = opts.stream ?? process.stderr;
  const progress = !opts.quiet && (Boolean(stream.isTTY) || process.env.BRIEFKIT_STAGES === '1');
  let last = performance.now();
  return {
    stage(name, detail) {
      const now = performance.now();
      if (progress) stream.write(safeText(`  ${name.padEnd(10)} ${detail ?? ''} (${Math.round(now - last)} ms)`) + '\n');
      last = now;
    },
    info(line) {
      if (progress) stream.write(safeText(line) + '\n');
    },
    // Warnings always show (unless --quiet): they are things a user should fix.
    warn(line) {
      if (!opts.quiet) stream.write(`warning ${safeText(line)}\n`);
    },
  };
}

export const silent: Reporter = { stage() {}, info() {}, warn() {} };
