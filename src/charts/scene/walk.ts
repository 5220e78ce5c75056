/** Reading and mapping the text of a display list (no Vega: layout and spelling use these). */
import type { GroupNode, Scene, SceneNode, TextNode } from './types.js';

/** Every text node of a scene, in drawing order. */
export function sceneTexts(scene: Scene): TextNode[] {
  const out: TextNode[] = [];
  const walk = (nodes: SceneNode[]) => {
    for (const n of nodes) {
      if (n.k === 't') out.push(n);
      else if (n.k === 'g') walk(n.c);
    }
  };
  walk(scene.c);
  return out;
}

/** The scene with each run of text mapped by `f` (e.g. typographic quotes); the rest is shared. */
export function mapSceneText(scene: Scene, f: (text: string) => string): Scene {
  const map = (nodes: SceneNode[]): SceneNode[] =>
    nodes.map((n): SceneNode => (n.k === 't' ? { ...n, lines: n.lines.map((l) => l.map((r) => ({ ...r, t: f(r.t) }))) } : n.k === 'g' ? ({ ...n, c: map(n.c) } as GroupNode) : n));
  return { ...scene, c: map(scene.c) };
}

/** The words of a line of a text node. */
export const lineText = (runs: TextNode['lines'][number]) => runs.map((r) => r.t).join('');
