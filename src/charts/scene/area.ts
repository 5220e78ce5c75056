/** The area mark: an area over all its items: vega-scenegraph's d3 area for the mark's interpolation and orientation. */
import { pathMark } from './path-mark.js';

export const area = pathMark('area');
