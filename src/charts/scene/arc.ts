/** The arc mark: arcs and wedges (pie and donut charts): vega-scenegraph's d3 arc with its corner radius and padding. */
import { pathMark } from './path-mark.js';

export const arc = pathMark('arc');
