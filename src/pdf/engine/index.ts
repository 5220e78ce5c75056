/**
 * briefkit's extensions of pdfmake and pdfkit, in one place: each lives in its own file with its
 * reason and its test (test/unit/pdf/engine/). They are installed once per process, before the
 * first document is made. The renderer (src/write/pdf.ts) shares state with them through
 * ./state.ts.
 */
import { createRequire } from 'node:module';
import { installBleed } from './bleed.js';
import { installContentStrings } from './content-strings.js';
import { installCounters } from './counters.js';
import { installDrawMarks } from './draw-marks.js';
import { installContinuedHeader } from './continued-header.js';
import { installEmptyPageBreak } from './empty-page-break.js';
import { installFloat } from './float.js';
import { installFootnoteLayouts, installFootnotes } from './footnotes.js';
import { pdfmakeInternals } from './internals.js';
import { installLineBreaks } from './line-breaks.js';
import { installKeepLastRows } from './keep-last-rows.js';
import { installLineAscent } from './line-ascent.js';
import { installKeepLines } from './keep-lines.js';
import { installKeepWithNext } from './keep-with-next.js';
import { installPageFill } from './page-fill.js';
import { installPageRefs } from './page-refs.js';
import { installJustify } from './justify.js';
import { installSharedFontTables } from './shared-font-tables.js';
import { installSharedLayouts } from './shared-layouts.js';
import { installStyleLookups } from './style-lookups.js';
import { installSvgFonts } from './svg-fonts.js';
import { install as installTagging } from './tagging.js';
import { installTooTall } from './too-tall.js';
import { installTotalFit } from './total-fit.js';
import { installVectorNode } from './vector-node.js';
import { installXmpEscape } from './xmp-escape.js';

export { fontBuffers, render } from './state.js';

let installed = false;

/** `sampleFont`: any TrueType file, to reach fontkit's font class (see shared-font-tables.ts). */
export function installEngine(sampleFont: Buffer): void {
  if (installed) return;
  installed = true;
  const internals = pdfmakeInternals();
  // innermost: the other extensions wrap the methods tagging wraps
  installTagging(internals.pdfmakeRequire);
  installSvgFonts(internals);
  installVectorNode(internals);
  installXmpEscape(internals);
  installTooTall(internals);
  installEmptyPageBreak(internals);
  installKeepLines(internals);
  // a chapter's short last page is settled after float.ts has placed the figures it held
  installPageFill(internals);
  // the notes at the foot of a page are found once float.ts has placed the figures it held
  installFootnotes(internals);
  // a figure held for the next page goes above a heading carried there
  installFloat(internals);
  installKeepWithNext(internals);
  installPageRefs(internals);
  installBleed(internals);
  installCounters(internals);
  installDrawMarks(internals);
  // before line-breaks.ts, which keeps a reference to getStyleProperty
  installStyleLookups(internals.pdfmakeRequire);
  installContinuedHeader(internals.pdfmakeRequire);
  installKeepLastRows(internals.pdfmakeRequire);
  // inside justify.ts's wrapper of buildNextLine, which settles the soft hyphens of the lines it chose
  installTotalFit(internals);
  installJustify(internals.pdfmakeRequire);
  installLineBreaks(internals.pdfmakeRequire);
  installLineAscent(internals.pdfmakeRequire);
  installSharedFontTables(createRequire(internals.pdfmakeRequire.resolve('pdfkit')), sampleFont);
  installSharedLayouts(internals.PDFDocument, sampleFont);
  installContentStrings(internals.PDFDocument);
  // outermost: each layout until the footnotes settle resets every other extension's state
  installFootnoteLayouts(internals);
}
