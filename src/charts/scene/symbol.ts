/** The symbol mark: symbols (circle, square, cross, diamond, triangles, wedge, stroke, arrow, custom SVG paths): vega-scenegraph's symbol paths, sized by area. */
import { pathMark } from './path-mark.js';

export const symbol = pathMark('symbol');
