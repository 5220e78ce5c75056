/**
 * pdfmake's and pdfkit's internal classes, reached through pdfmake's own module resolution (so
 * the patches apply to the copies pdfmake actually uses). pdfmake 0.3.11 is pinned in
 * package.json: each patch in this folder names the internal method it wraps, and its test fails
 * if that method is gone or changes shape.
 */
import { createRequire } from 'node:module';

type Proto = Record<string, unknown>;
type Class = { prototype: Proto };

export interface Internals {
  /** require() as from inside pdfmake (for extensions that load more of its modules). */
  pdfmakeRequire: NodeJS.Require;
  PDFDocument: Class;
  ElementWriter: Class;
  PageElementWriter: Class;
  Renderer: Class;
  LayoutBuilder: Class;
}

let internals: Internals | undefined;

export function pdfmakeInternals(): Internals {
  if (internals) return internals;
  const require = createRequire(import.meta.url);
  const pdfmakeRequire = createRequire(require.resolve('pdfmake'));
  const def = (m: string) => (pdfmakeRequire(m) as { default: Class }).default;
  internals = {
    pdfmakeRequire,
    PDFDocument: pdfmakeRequire('pdfkit') as Class,
    ElementWriter: def('./ElementWriter.js'),
    PageElementWriter: def('./PageElementWriter.js'),
    Renderer: def('./Renderer.js'),
    LayoutBuilder: def('./LayoutBuilder.js'),
  };
  return internals;
}

/** What the flow checks below read of pdfmake's page writer and its document context. */
export interface FlowWriter {
  transactionLevel: number;
  contextStack: unknown[];
  context(): { snapshots: unknown[] };
}

/** In the main flow: not in a table, columns or an unbreakable block. */
export const mainFlow = (w: FlowWriter): boolean => w.transactionLevel === 0 && w.contextStack.length === 0 && w.context().snapshots.length === 0;

/** The height of a page's text area (a fresh page's room), less the foot of the page its footnotes take (footnotes.ts). */
export const innerHeight = (ctx: { pageMargins: { top: number; bottom: number } }, page: { pageSize: { height: number }; footnoteReserve?: number }): number =>
  page.pageSize.height - ctx.pageMargins.top - ctx.pageMargins.bottom - (page.footnoteReserve ?? 0);
