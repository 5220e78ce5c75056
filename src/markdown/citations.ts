/**
 * Stage 4b — citations: number the notes in reading order and make sure every figure from data
 * is cited where it is read.
 *
 *   cover key figures → each section's tree in order:
 *     ::figure / ::table / ::keyfigure   their sources, in the order they appear
 *     a block of text (paragraph, heading, table cell)
 *       :src{ids}   (left by {{fig}}, {{growth}}, {{cagr}}, {{times}}) — removed; any of its
 *                   sources the block does not already cite are added to the block's last
 *                   :cite, or to a new one at its end
 *       :cite{ids}  → :cite{n="3,4"}, numbers assigned on first use
 *
 * So the notes list runs in the order a reader meets the calls, and no figure's source is
 * numbered without a visible call to it.
 */
import type { Parent, PhrasingContent, Root, RootContent } from 'mdast';
import * as msg from '../log/message.js';
import type { DocModel } from '../model/document.js';

type Directive = { type: 'textDirective' | 'leafDirective' | 'containerDirective'; name: string; attributes?: Record<string, string | null | undefined>; children: RootContent[] };

const ids = (d: Directive): string[] => String(d.attributes?.ids ?? '').split(',').filter(Boolean);
const isDirective = (n: unknown, type: Directive['type'], name: string): n is Directive =>
  typeof n === 'object' && n !== null && (n as Directive).type === type && (n as Directive).name === name;

type Ids = (d: Directive) => string[];

/**
 * Numbers every note call of the document, cover first, then the sections in order. A call
 * typed into a template as Markdown (":cite{…}") must name known sources like {{cite}} does.
 */
export function numberCitations(model: DocModel, coverSources: string[], sections: { file: string; tree: Root }[], known: (id: string) => boolean): void {
  for (const id of coverSources) model.notes.number(id);
  for (const { file, tree } of sections) {
    const checked: Ids = (d) => {
      const list = ids(d);
      if (list.length === 0) throw msg.unknownCitation(file, String(d.attributes?.n ?? '(none)'));
      for (const id of list) if (!known(id)) throw msg.unknownCitation(file, id);
      return list;
    };
    visitBlocks(tree, model, checked);
  }
}

function visitBlocks(parent: Parent, model: DocModel, idsOf: Ids): void {
  for (const node of parent.children as RootContent[]) {
    if (isDirective(node, 'leafDirective', 'figure')) {
      model.figures.get(String(node.attributes?.id))?.sources.forEach((s) => model.notes.number(s));
    } else if (isDirective(node, 'leafDirective', 'table')) {
      model.tables.get(String(node.attributes?.id))?.sources.forEach((s) => model.notes.number(s));
    } else if (isDirective(node, 'leafDirective', 'keyfigure')) {
      node.attributes = { ...node.attributes, n: numbers(idsOf(node), model) };
    } else if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      citeFigures(node, idsOf);
      numberCalls(node, model);
    } else if ('children' in node && Array.isArray(node.children)) {
      visitBlocks(node as Parent, model, idsOf);
    }
  }
}

/** Moves the sources of every :src marker in a block of text into the block's citations. */
function citeFigures(block: Parent, idsOf: Ids): void {
  const wanted: string[] = [];
  const calls: Directive[] = [];
  const strip = (p: Parent) => {
    p.children = (p.children as PhrasingContent[]).filter((c) => {
      if (isDirective(c, 'textDirective', 'src')) {
        wanted.push(...idsOf(c));
        return false;
      }
      if (isDirective(c, 'textDirective', 'cite')) {
        idsOf(c);
        calls.push(c);
      } else if ('children' in c && Array.isArray(c.children)) strip(c as Parent);
      return true;
    }) as Parent['children'];
  };
  strip(block);
  const cited = new Set(calls.flatMap(ids));
  const missing = [...new Set(wanted)].filter((id) => !cited.has(id));
  if (missing.length === 0) return;
  const last = calls.at(-1);
  if (last) last.attributes = { ...last.attributes, ids: [...ids(last), ...missing].join(',') };
  else (block.children as unknown[]).push({ type: 'textDirective', name: 'cite', attributes: { ids: missing.join(',') }, children: [] });
}

function numberCalls(p: Parent, model: DocModel): void {
  for (const c of p.children as PhrasingContent[]) {
    if (isDirective(c, 'textDirective', 'cite')) c.attributes = { ...c.attributes, n: numbers(ids(c), model) };
    else if ('children' in c && Array.isArray(c.children)) numberCalls(c as Parent, model);
  }
}

function numbers(sourceIds: string[], model: DocModel): string {
  return [...new Set(sourceIds.map((id) => model.notes.number(id)))].sort((a, b) => a - b).join(',');
}
