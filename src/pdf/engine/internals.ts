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
