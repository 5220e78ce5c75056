/**
 * One link annotation per link and line, described (issue 27). pdfkit makes an annotation for
 * every text run it draws with a link, and pdfmake draws every word as a run: the contents had
 * one link per word (646 annotations for 199 entries, each with /Contents such as "for "), and
 * a note call's link was described by its number alone. Under a tagged document
 * (src/pdf/engine/tagging.ts) a link's annotations are held back until its page is finished,
 * then written once per line it covers (the runs' rectangles joined), each with /Contents
 * describing the whole link: a contents entry as "Section 3, Enforcement, page 12", a note call
 * as "Note 4", any other link by its whole text.
 *
 * pdfkit's `annotate` is called as it is (its rectangle conversion is given the joined
 * rectangle, already in page space, for the one call).
 */

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How a link is described (/Contents). */
export type LinkKind = { kind: 'toc'; label?: string; title: string } | { kind: 'note' } | { kind: 'text' };

interface Pending {
  link: Any;
  describe: LinkKind;
  runs: string[];
  /** Joined rectangles (page space: x1, y1, x2, y2) with the options of the first run on each line. */
  lines: { rect: [number, number, number, number]; options: Any }[];
}

/** "Section 3" for a bare section number; a label with its own word ("Figure 2", "Appendix B") as it is. */
export function tocLabel(label: string | undefined): string | undefined {
  const l = label?.trim();
  if (!l) return undefined;
  return /^[\dIVXLC]+(\.\d+)*\.?$/.test(l) ? `Section ${l.replace(/\.$/, '')}` : l;
}

/** The /Contents of a link from its kind and the text of its runs. */
export function linkContents(kind: LinkKind, runs: string[]): string {
  const text = runs.join('').replace(/[\s\u00a0]+/g, ' ').trim();
  if (kind.kind === 'note') {
    const n = text.replace(/[,\s]+$/, '');
    return /[,\u2013-]/.test(n) ? `Notes ${n}` : `Note ${n}`;
  }
  if (kind.kind === 'toc') {
    // the page number is the entry's last run (the page-number column)
    const page = runs.map((r) => r.trim()).filter(Boolean).at(-1);
    const label = tocLabel(kind.label);
    return [label, kind.title.replace(/\s+/g, ' ').trim(), page && page !== kind.title.trim() && /^[\dA-Za-z-]{1,8}$/.test(page) ? `page ${page}` : undefined].filter(Boolean).join(', ');
  }
  return text;
}

export class LinkAnnotations {
  private pending: Pending[] = [];

  /** A run of `link` drawn with its rectangle converted to page space (pdfkit's _convertRect). */
  add(link: Any, describe: LinkKind, text: string, rect: number[] | undefined, options: Any): void {
    let p = this.pending.find((x) => x.link === link);
    if (!p) this.pending.push((p = { link, describe, runs: [], lines: [] }));
    p.runs.push(text);
    if (!rect || rect.length !== 4) return;
    const [x1, y1, x2, y2] = rect as [number, number, number, number];
    const line = p.lines.find((l) => Math.abs(l.rect[1] - Math.min(y1, y2)) < 1.5 || Math.abs(l.rect[3] - Math.max(y1, y2)) < 1.5);
    if (line) {
      line.rect = [Math.min(line.rect[0], x1, x2), Math.min(line.rect[1], y1, y2), Math.max(line.rect[2], x1, x2), Math.max(line.rect[3], y1, y2)];
    } else p.lines.push({ rect: [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)], options });
  }

  /** The runs of `link` so far (its text). */
  textOf(link: Any): string {
    return this.pending.find((x) => x.link === link)?.runs.join('') ?? '';
  }

  /** Writes the held annotations on the current page (call before the next page is added). */
  flush(doc: Any, annotate: (this: Any, ...a: unknown[]) => unknown): void {
    const convert = doc._convertRect as (...a: unknown[]) => unknown;
    try {
      for (const p of this.pending) {
        const contents = linkContents(p.describe, p.runs);
        for (const l of p.lines) {
          doc._convertRect = () => l.rect;
          annotate.call(doc, 0, 0, 0, 0, { ...l.options, structParent: p.link, ...(contents ? { Contents: new String(contents) } : {}) });
        }
      }
    } finally {
      doc._convertRect = convert;
      this.pending = [];
    }
  }
}
