/** The line mark: a line through all its items: vega-scenegraph's d3 curve for the mark's interpolation. */
import { pathMark } from './path-mark.js';

export const line = pathMark('line');
