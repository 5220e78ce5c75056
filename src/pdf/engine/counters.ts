/**
 * How often pdfmake laid a document out and drew its pages (render.layouts, render.draws in
 * ./state.ts): a build lays each edition out once and draws it once, and a test holds it to that.
 */
import type { Internals } from './internals.js';
import { render } from './state.js';

export function installCounters({ LayoutBuilder, Renderer }: Internals): void {
  const tryLayout = LayoutBuilder.prototype.tryLayoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LayoutBuilder.prototype.tryLayoutDocument = function (this: unknown, ...a: unknown[]) {
    render.layouts++;
    return tryLayout.apply(this, a);
  };
  const renderPages = Renderer.prototype.renderPages as (this: unknown, ...a: unknown[]) => unknown;
  Renderer.prototype.renderPages = function (this: unknown, ...a: unknown[]) {
    render.draws++;
    return renderPages.apply(this, a);
  };
}
