/**
 * A pass can be laid out without drawing its pages. The first layout pass only needs to know
 * where things fall (node.positions), so while render.layoutOnly is set pdfmake's page renderer
 * is skipped (see layoutPdf in src/write/pdf.ts).
 */
import type { Internals } from './internals.js';
import { render } from './state.js';

export function installLayoutOnly({ Renderer }: Internals): void {
  const renderPages = Renderer.prototype.renderPages as (this: unknown, ...a: unknown[]) => unknown;
  Renderer.prototype.renderPages = function (this: unknown, ...a: unknown[]) {
    return render.layoutOnly ? undefined : renderPages.apply(this, a);
  };
}
