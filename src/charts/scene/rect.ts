/** The rect mark: rectangles (corner radii included): vega-scenegraph's rectangle path. */
import { pathMark } from './path-mark.js';

export const rect = pathMark('rect');
