/** The path mark: free paths (the item's SVG path, translated, rotated and scaled). */
import { pathMark } from './path-mark.js';

export const path = pathMark('path');
