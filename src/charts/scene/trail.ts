/** The trail mark: a trail through all its items, of varying width: vega-scenegraph's trail path. */
import { pathMark } from './path-mark.js';

export const trail = pathMark('trail');
