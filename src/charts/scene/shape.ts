/** The shape mark: shapes a function draws (geoshape: the projection's path). */
import { pathMark } from './path-mark.js';

export const shape = pathMark('shape');
