/**
 * Stage 4b — citations: number the notes in reading order and cite every figure from data in the
 * sentence that prints it.
 *
 *   cover key figures (their sources are numbered first; the cover itself carries no note call)
 *   → each section's tree in order:
 *     ::figure / ::table / ::keyfigure   their sources, in the order they appear
 *     a block of text (paragraph, heading, table cell), sentence by sentence (src/model/sentences.ts):
 *       :src{ids claim}  (left by {{fig}}, {{growth}}, {{cagr}}, {{times}}, format helpers in
 *                        {{#each}} and data texts quoting a figure) — removed; its sources go into
 *                        the note call of its own sentence: the sentence's :cite if it has one,
 *                        else a new call at the sentence's end, after its punctuation (a marker
 *                        naming no source stays, so the layout knows the figure's page)
 *       :cite{ids}       a sentence with several is given one call (at the place of its last, or
 *                        at the sentence's end when a figure follows it), listing the sources in
 *                        the order the sentence uses them;
 *                        → :cite{n="3,4"}, numbers assigned on first use
 *
 * So no note lands on a sentence it does not support, the notes list runs in the order a reader
 * meets the calls, and no figure's source is numbered without a visible call to it. Each figure's
 * claim (src/model/claims.ts) learns its sentence and the note numbers that carry its sources.
 */
import type { InlineCode, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import * as msg from '../log/message.js';
import type { DocModel } from '../model/document.js';
import type { Claim, ClaimRow } from '../model/claims.js';
import { sentenceRanges, trimmedEnd } from '../model/sentences.js';

type Directive = { type: 'textDirective' | 'leafDirective' | 'containerDirective'; name: string; attributes?: Record<string, string | null | undefined>; children: RootContent[] };

const ids = (d: Directive): string[] => String(d.attributes?.ids ?? '').split(',').filter(Boolean);
const list = (v: unknown): string[] => String(v ?? '').split(',').filter(Boolean);
const isDirective = (n: unknown, type: Directive['type'], name: string): n is Directive =>
  typeof n === 'object' && n !== null && (n as Directive).type === type && (n as Directive).name === name;

type Ids = (d: Directive) => string[];

/**
 * Numbers every note call of the document, cover first, then the sections in order. A call
 * typed into a template as Markdown (":cite{…}") must name known sources like {{cite}} does.
 * `cover`: the cover's key figures; a key figure of the first section that shows one again (its
 * row, or the same value printed alike) is dropped from its band: the cover gives it already.
 * Returns the key figures dropped.
 */
export function numberCitations(model: DocModel, coverSources: string[], sections: { file: string; tree: Root }[], known: (id: string) => boolean, cover: Claim[] = []): Claim[] {
  const dropped: Claim[] = [];
  for (const id of coverSources) model.notes.number(id);
  sections.forEach(({ file, tree }, i) => {
    const checked: Ids = (d) => {
      const list = ids(d);
      if (list.length === 0) throw msg.unknownCitation(file, String(d.attributes?.n ?? '(none)'));
      for (const id of list) if (!known(id)) throw msg.unknownCitation(file, id);
      return list;
    };
    if (i === 0 && cover.length) dropCoverRepeats(tree, model, cover, (k) => dropped.push(k));
    visitBlocks(tree, model, checked);
  });
  return dropped;
}

const sameRow = (a: ClaimRow, b: ClaimRow) => a.dataset === b.dataset && a.key === b.key && a.field === b.field;

/**
 * Removes the key figures of a section (in a callout too) that show a cover key figure again: its
 * row, or the same value printed alike from another dataset. `dropped` is told of each.
 */
function dropCoverRepeats(parent: Parent, model: DocModel, cover: Claim[], dropped: (keyFigure: Claim, coverFigure: Claim) => void): void {
  parent.children = (parent.children as RootContent[]).filter((n) => {
    if (!isDirective(n, 'leafDirective', 'keyfigure')) {
      if (n.type !== 'paragraph' && 'children' in n && Array.isArray(n.children)) dropCoverRepeats(n as Parent, model, cover, dropped);
      return true;
    }
    const claim = model.claims.get(String(n.attributes?.claim ?? ''));
    if (!claim) return true;
    // the same row, or the same value printed alike (one fact in two datasets) is a repeat to a reader
    const repeat = cover.find((c) => c.rows.some((x) => claim.rows.some((r) => sameRow(r, x))) || (c.text === claim.text && c.rows[0]?.value === claim.rows[0]?.value));
    if (repeat) {
      claim.dropped = true;
      dropped(claim, repeat);
    }
    return !repeat;
  }) as Parent['children'];
}

function visitBlocks(parent: Parent, model: DocModel, idsOf: Ids): void {
  for (const node of parent.children as RootContent[]) {
    if (isDirective(node, 'leafDirective', 'figure')) {
      const fig = model.figures.get(String(node.attributes?.id));
      fig?.sources.forEach((s) => model.notes.number(s));
      for (const c of model.claims.list) if (fig && c.figure === fig.id) c.note = numbers(c.sources, model);
    } else if (isDirective(node, 'leafDirective', 'table')) {
      const table = model.tables.get(String(node.attributes?.id));
      table?.sources.forEach((s) => model.notes.number(s));
      for (const { claim } of [...(table?.cellClaims ?? []), ...(table?.noteClaims ?? [])]) {
        const c = model.claims.get(claim)!;
        c.note = numbers(c.sources, model);
      }
    } else if (isDirective(node, 'leafDirective', 'keyfigure')) {
      node.attributes = { ...node.attributes, n: numbers(idsOf(node), model) };
      const claim = model.claims.get(String(node.attributes.claim ?? ''));
      if (claim) claim.note = node.attributes.n!;
    } else if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      citeSentences(node, model, idsOf);
      numberCalls(node, model);
    } else if ('children' in node && Array.isArray(node.children)) {
      visitBlocks(node as Parent, model, idsOf);
    }
  }
}

/** A piece of a block's text: a text node (or code, or a cross-reference) over [start, end) of the block's plain text, or a marker at `start`. */
interface Atom {
  node: PhrasingContent | Directive;
  parent: Parent;
  start: number;
  end: number;
  kind: 'text' | 'src' | 'cite' | 'ref' | 'pageref' | 'other';
}

/**
 * The block's text as one string (what sentence segmentation reads) and its pieces. Line breaks
 * count as spaces; a cross-reference stands for a label ("Figure 9"), a page reference for a page.
 */
function flatten(block: Parent): { text: string; atoms: Atom[] } {
  let text = '';
  const atoms: Atom[] = [];
  const add = (node: Atom['node'], parent: Parent, kind: Atom['kind'], value: string) => {
    atoms.push({ node, parent, kind, start: text.length, end: text.length + value.length });
    text += value;
  };
  const walk = (p: Parent) => {
    for (const c of p.children as (PhrasingContent | Directive)[]) {
      if (c.type === 'text') add(c, p, 'text', c.value.replace(/\s/g, ' '));
      else if (c.type === 'inlineCode') add(c, p, 'other', (c as InlineCode).value.replace(/\s/g, ' '));
      else if (c.type === 'break') add(c, p, 'other', ' ');
      else if (c.type === 'textDirective') {
        const d = c as Directive;
        if (d.name === 'src' || d.name === 'cite') add(d, p, d.name, '');
        else if (d.name === 'ref') add(d, p, 'ref', 'Figure 9');
        else if (d.name === 'pageref') add(d, p, 'pageref', '99');
        else add(d, p, 'other', `:${d.name}`);
      } else if ('children' in c && Array.isArray(c.children)) walk(c as Parent);
      else if ('value' in c && typeof c.value === 'string') add(c, p, 'other', c.value.replace(/\s/g, ' '));
    }
  };
  walk(block);
  return { text, atoms };
}

/** The sentence's text, cross-references left as ⟦ref:id⟧ / ⟦page:id⟧ until pages are known (quotes and dashes are set then too). */
function sentenceText(text: string, atoms: Atom[], [start, end]: [number, number]): string {
  let out = '';
  for (const a of atoms) {
    if (a.end <= start || a.start >= end || a.start === a.end) continue;
    const id = String((a.node as Directive).attributes?.id ?? '');
    if (a.kind === 'ref') out += `⟦ref:${id}⟧`;
    else if (a.kind === 'pageref') out += `⟦page:${id}⟧`;
    else out += text.slice(Math.max(start, a.start), Math.min(end, a.end));
  }
  return out.replace(/\s+/g, ' ').trim();
}

const remove = (a: Atom) => {
  const i = a.parent.children.indexOf(a.node as never);
  if (i >= 0) a.parent.children.splice(i, 1);
};

/**
 * Puts `call` right after the character at `at - 1` of the block's text (the sentence's last
 * character). At the end of an emphasis or a link, it goes after it rather than inside.
 */
function insertAfter(block: Parent, atoms: Atom[], at: number, call: Directive): void {
  const a = [...atoms].reverse().find((x) => x.kind !== 'src' && x.kind !== 'cite' && x.start < at && x.end >= at);
  if (!a) {
    (block.children as unknown[]).push(call);
    return;
  }
  let parent = a.parent;
  let index = parent.children.indexOf(a.node as never);
  if (a.kind === 'text' && at < a.end) {
    const node = a.node as Text;
    const k = at - a.start;
    const rest: Text = { type: 'text', value: node.value.slice(k) };
    node.value = node.value.slice(0, k);
    parent.children.splice(index + 1, 0, call as never, rest as never);
    return;
  }
  // at the end of its parent (emphasis, strong, link): climb out, so the call is not inside it
  let node: unknown = a.node;
  while (parent !== block && index === parent.children.length - 1) {
    const up = findParent(block, parent);
    if (!up) break;
    node = parent;
    parent = up;
    index = parent.children.indexOf(node as never);
  }
  parent.children.splice(index + 1, 0, call as never);
}

function findParent(root: Parent, child: unknown): Parent | undefined {
  for (const c of root.children as unknown[]) {
    if (c === child) return root;
    if (typeof c === 'object' && c !== null && 'children' in c && Array.isArray((c as Parent).children)) {
      const found = findParent(c as Parent, child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * One note call per sentence: the sources of the sentence's figures (:src) join its citations
 * (:cite) in one call — at the place of its last :cite, else at the sentence's end.
 */
function citeSentences(block: Parent, model: DocModel, idsOf: Ids): void {
  const { text, atoms } = flatten(block);
  const ranges = sentenceRanges(text);
  // a marker belongs to the sentence it follows: the last one that starts before it
  const sentenceOf = (at: number) => {
    let s = 0;
    for (let i = 1; i < ranges.length; i++) if (ranges[i]![0] < at) s = i;
    return s;
  };
  const markers = atoms.filter((a) => a.kind === 'src' || a.kind === 'cite');
  // last sentence first: a call inserted into a text node leaves the offsets before it valid
  for (let s = ranges.length - 1; s >= 0; s--) {
    const mine = markers.filter((a) => sentenceOf(a.start) === s);
    if (mine.length === 0) continue;
    const wanted: string[] = [];
    const claims: string[] = [];
    for (const a of mine) {
      const d = a.node as Directive;
      if (a.kind === 'cite') wanted.push(...idsOf(d));
      else {
        if (ids(d).length) wanted.push(...idsOf(d));
        claims.push(...list(d.attributes?.claim));
      }
    }
    const sentence = sentenceText(text, atoms, [ranges[s]![0], trimmedEnd(text, ranges[s]!)]);
    const call = [...new Set(wanted)];
    for (const id of claims) {
      const c = model.claims.get(id);
      if (c) Object.assign(c, { sentence, call });
    }
    // the call stays where the sentence's last citation is, unless a figure comes after it: then
    // it goes to the sentence's end, so it follows every figure it cites
    const lastCite = mine.filter((a) => a.kind === 'cite').at(-1);
    const last = lastCite && !mine.slice(mine.indexOf(lastCite) + 1).some((a) => a.kind === 'src' && ids(a.node as Directive).length) ? lastCite : undefined;
    // a figure without a source has no note call: its marker stays, to give its page (src/layout/inline.ts)
    for (const a of mine) if (a !== last && !(a.kind === 'src' && ids(a.node as Directive).length === 0 && (a.node as Directive).attributes?.claim)) remove(a);
    if (call.length === 0) continue;
    const attributes = { ids: call.join(','), ...(claims.length ? { claims: claims.join(',') } : {}) };
    if (last) (last.node as Directive).attributes = { ...(last.node as Directive).attributes, ...attributes };
    else insertAfter(block, atoms, trimmedEnd(text, ranges[s]!), { type: 'textDirective', name: 'cite', attributes, children: [] });
  }
}

function numberCalls(p: Parent, model: DocModel): void {
  for (const c of p.children as PhrasingContent[]) {
    if (isDirective(c, 'textDirective', 'cite')) {
      c.attributes = { ...c.attributes, n: numbers(ids(c), model) };
      for (const id of list(c.attributes.claims)) {
        const claim = model.claims.get(id);
        if (claim) claim.note = c.attributes.n!;
      }
    } else if ('children' in c && Array.isArray(c.children)) numberCalls(c as Parent, model);
  }
}

function numbers(sourceIds: string[], model: DocModel): string {
  return [...new Set(sourceIds.map((id) => model.notes.number(id)))].sort((a, b) => a - b).join(',');
}
