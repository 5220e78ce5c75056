/** Numbers sections, figures and tables in document order before layout, so forward references resolve. */
import type { RootContent } from 'mdast';
import type { Profile } from '../profile/schema.js';
import type { Numbering, SectionInput } from './types.js';
import { fill, profileLabels } from '../i18n/index.js';

export type { SectionInput };

export function sectionLabel(i: number, appendix: boolean): string {
  return appendix ? String.fromCharCode(65 + i) : String(i + 1);
}

export function number(sections: SectionInput[], profile: Profile): Numbering & { sectionNumbers: Map<string, string | undefined> } {
  const labels = new Map<string, string>();
  const sectionNumbers = new Map<string, string | undefined>();
  const perSection = profile.numbering?.figures === 'section';
  const words = profileLabels(profile);
  let n = 0;
  let a = 0;
  let fig = 0;
  let tab = 0;
  for (const s of sections) {
    let num: string | undefined;
    if (s.meta.appendix) num = sectionLabel(a++, true);
    else if (s.meta.numbered) num = sectionLabel(n++, false);
    sectionNumbers.set(s.id, num);
    // a reference to a section names it by number and title: "Section 3, ‘Institutions’"
    const [open, close] = words.quotes.outer;
    labels.set(s.id, num ? fill(words.sectionReference, { label: s.meta.appendix ? words.appendix : words.section, number: num, open, close, title: s.title }) : s.title);
    if (perSection) {
      fig = 0;
      tab = 0;
    }
    const prefix = perSection && num ? `${num}.` : '';
    // "Figure 3", but "图3": no space after a label that ends in a CJK character
    const gap = /[\u3000-\u9fff]$/.test(words.figure) ? '' : ' ';
    visit(s.tree.children, (d) => {
      if (d.name === 'figure') labels.set(String(d.attributes?.id), `${words.figure}${gap}${prefix}${++fig}`);
      if (d.name === 'table') labels.set(String(d.attributes?.id), `${words.table}${gap}${prefix}${++tab}`);
      // a Markdown table with a caption line (src/markdown/table-captions.ts)
      const caption = (d.data as { briefkitCaption?: { id: string } } | undefined)?.briefkitCaption;
      if (d.type === 'table' && caption) labels.set(caption.id, `${words.table}${gap}${prefix}${++tab}`);
    });
  }
  return { labels, sectionNumbers };
}

type Directive = { type: string; name: string; attributes?: Record<string, string | null | undefined>; children?: RootContent[]; data?: unknown };

function visit(nodes: RootContent[], fn: (d: Directive) => void): void {
  for (const n of nodes) {
    const d = n as unknown as Directive;
    if (d.type === 'leafDirective' || d.type === 'table') fn(d);
    if ('children' in n && Array.isArray(n.children)) visit(n.children as RootContent[], fn);
  }
}
