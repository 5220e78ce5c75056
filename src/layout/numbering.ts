/** Numbers sections, figures and tables in document order before layout, so forward references resolve. */
import type { RootContent } from 'mdast';
import type { Profile } from '../profile/schema.js';
import type { Numbering, SectionInput } from './types.js';

export type { SectionInput };

export function sectionLabel(i: number, appendix: boolean): string {
  return appendix ? String.fromCharCode(65 + i) : String(i + 1);
}

export function number(sections: SectionInput[], profile: Profile): Numbering & { sectionNumbers: Map<string, string | undefined> } {
  const labels = new Map<string, string>();
  const sectionNumbers = new Map<string, string | undefined>();
  const perSection = profile.numbering?.figures === 'section';
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
    const [open, close] = profile.language === 'en-GB' ? ['\u2018', '\u2019'] : ['\u201c', '\u201d'];
    labels.set(s.id, num ? `${s.meta.appendix ? 'Appendix' : 'Section'} ${num}, ${open}${s.title}${close}` : s.title);
    if (perSection) {
      fig = 0;
      tab = 0;
    }
    const prefix = perSection && num ? `${num}.` : '';
    visit(s.tree.children, (d) => {
      if (d.name === 'figure') labels.set(String(d.attributes?.id), `Figure ${prefix}${++fig}`);
      if (d.name === 'table') labels.set(String(d.attributes?.id), `Table ${prefix}${++tab}`);
      // a Markdown table with a caption line (src/markdown/table-captions.ts)
      const caption = (d.data as { briefkitCaption?: { id: string } } | undefined)?.briefkitCaption;
      if (d.type === 'table' && caption) labels.set(caption.id, `Table ${prefix}${++tab}`);
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
