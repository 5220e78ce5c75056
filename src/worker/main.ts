/**
 * The build worker: runs the CPU-heavy part of `build` and `check` (data loading, templates,
 * charts, layout, PDF rendering) off the main thread, under resourceLimits, so the main thread
 * stays free to answer Ctrl-C and to stop a build that exceeds its time limit. It writes nothing:
 * the PDFs come back to the main thread, which commits them (src/write/output.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isBriefkitError, serializeError } from '../log/error.js';
import { onActivity } from '../log/activity.js';
import type { Reporter } from '../log/reporter.js';
import type { WorkerJob, WorkerReply, WorkerStart } from './host.js';
import { setMemoryBudget } from '../charts/limits.js';

const port = parentPort!;

// A promise the project's code rejected and nobody handled is the project's failure, reported
// (BK075, from the worker's 'error' event in host.ts), not ignored.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(`a promise was rejected with ${String(reason)}`);
});
const send = (m: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

async function main(job: WorkerJob): Promise<void> {
  onActivity((a) => send({ type: 'activity', ...a }));
  const reporter: Reporter = {
    stage: (name, detail) => send({ type: 'stage', name, ...(detail !== undefined ? { detail } : {}) }),
    info: (line) => send({ type: 'info', line }),
    warn: (line) => send({ type: 'warn', line }),
  };
  try {
    if (job.kind === 'chart') {
      const { chartCommand } = await import('../commands/chart.js');
      send({ type: 'charted', written: await chartCommand(job.chart) });
      return;
    }
    if (job.kind === 'schemas') {
      const { schemaFiles } = await import('../commands/schemas.js');
      send({ type: 'schemas', files: [...(await schemaFiles(job.root))] });
      return;
    }
    if (job.kind === 'print-config') {
      const { printConfig } = await import('../commands/print-config.js');
      send({ type: 'printed', text: printConfig(job.opts) });
      return;
    }
    if (job.kind === 'check') {
      const { check } = await import('../commands/check.js');
      send({ type: 'checked', summary: await check({ ...job.opts, reporter }) });
      return;
    }
    const { configModules, renderEditions } = await import('../build.js');
    const { listAudiences } = await import('../profile/resolve.js');
    const r = await renderEditions({ ...job.opts, reporter });
    const editions = r.editions.map((e) => {
      const pdf = new Uint8Array(e.pdf.length);
      pdf.set(e.pdf);
      return { audience: e.audience, file: e.file, entry: e.entry, pdf, claims: e.claims, uses: e.uses };
    });
    send({ type: 'built', editions, asOf: r.asOf, snapshot: r.snapshot, audiences: listAudiences(r.inputs.project.templates), modules: configModules(r.inputs) }, editions.map((e) => e.pdf.buffer as ArrayBuffer));
  } catch (e) {
    if (isBriefkitError(e)) send({ type: 'failed', error: serializeError(e) });
    else send({ type: 'crashed', message: (e as Error)?.message ?? String(e), stack: (e as Error)?.stack ?? '', name: (e as Error)?.name ?? 'Error' });
  }
}

const start = workerData as WorkerStart & { memoryMb?: number };
if (start.memoryMb !== undefined) setMemoryBudget(start.memoryMb);
// a session (watch, preview) stays loaded and builds each job it is sent, one at a time
if (start.kind === 'session') port.on('message', (job: WorkerJob) => void main(job));
else void main(start);
