/**
 * briefkit's extensions of pdfmake and pdfkit, in one place: each lives in its own file with its
 * reason and its test (test/unit/pdf/engine/). They are installed once per process, before the
 * first document is made. The renderer (src/write/pdf.ts) shares state with them through
 * ./state.ts.
 */
import { installContinuedHeader } from './continued-header.js';
import { installEmptyPageBreak } from './empty-page-break.js';
import { pdfmakeInternals } from './internals.js';
import { installLayoutOnly } from './layout-only.js';
import { installLineText } from './line-text.js';
import { installJustify } from './justify.js';
import { installSvgFonts } from './svg-fonts.js';
import { install as installTagging } from './tagging.js';
import { installTooTall } from './too-tall.js';
import { installXmpEscape } from './xmp-escape.js';

export { fontBuffers, render } from './state.js';

let installed = false;

export function installEngine(): void {
  if (installed) return;
  installed = true;
  const internals = pdfmakeInternals();
  // innermost: the other extensions wrap the methods tagging wraps
  installTagging(internals.pdfmakeRequire);
  installSvgFonts(internals);
  installXmpEscape(internals);
  installLineText(internals);
  installTooTall(internals);
  installEmptyPageBreak(internals);
  installLayoutOnly(internals);
  installContinuedHeader(internals.pdfmakeRequire);
  installJustify(internals.pdfmakeRequire);
}
