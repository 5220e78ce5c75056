/**
 * Stage 4a — what the Markdown may contain. Everything parsed must either print or be refused
 * with a message: no silent drops. Checked once per edition, right after parsing:
 *
 * - a container or leaf directive briefkit does not know (`:::warning`, `::video`) — BK121;
 * - an image (`![alt](x.png)`): the PDF writer would drop it — BK122;
 * - a link (or link definition) whose target is not http(s) or mailto (`javascript:`, `file:`,
 *   `smb:`, relative paths) — BK120; the sources' addresses printed in the notes likewise;
 * - a figure or table placed twice (its directive typed again) — BK110, naming both places.
 */
import type { Root } from 'mdast';
import * as msg from '../log/message.js';

const LEAF = new Set(['figure', 'table', 'keyfigure']);
const CONTAINER = new Set(['callout']);

/** Whether a link target may become a URI action in the PDF. */
export function allowedUrl(url: string): boolean {
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(url.trim());
}

interface Node {
  type: string;
  name?: string;
  url?: string;
  attributes?: Record<string, string | null | undefined> | null;
  children?: Node[];
  position?: { start: { line: number } };
}

export function checkMarkdown(sections: { file: string; tree: Root }[], sourceUrls: Iterable<[string, string | undefined]> = []): void {
  const placed = new Map<string, { file: string; line?: number | undefined }>();
  for (const s of sections) {
    const visit = (n: Node) => {
      const line = n.position?.start.line;
      const where = `line ${line ?? '?'} of the Markdown it renders to`;
      switch (n.type) {
        case 'image':
        case 'imageReference':
          throw msg.markdownImage(s.file, where);
        case 'link':
        case 'definition':
          if (typeof n.url === 'string' && !allowedUrl(n.url)) throw msg.linkScheme(s.file, n.url, where);
          break;
        case 'leafDirective':
        case 'containerDirective': {
          const known = n.type === 'leafDirective' ? LEAF : CONTAINER;
          if (!known.has(n.name ?? '')) throw msg.unknownContainer(s.file, `${n.type === 'leafDirective' ? '::' : ':::'}${n.name}`, where, n.type === 'leafDirective' ? [...LEAF] : [...CONTAINER]);
          if (n.name === 'figure' || n.name === 'table') {
            const id = String(n.attributes?.id ?? '');
            const prior = placed.get(id);
            if (prior) throw msg.idUsedTwice(id, { kind: `${n.name} placed`, file: prior.file, line: prior.line }, { kind: `${n.name} placed again`, file: s.file, line });
            placed.set(id, { file: s.file, line });
          }
          break;
        }
      }
      n.children?.forEach(visit);
    };
    visit(s.tree as unknown as Node);
  }
  for (const [id, url] of sourceUrls) if (url !== undefined && !allowedUrl(url)) throw msg.linkScheme('data/sources.json', url, `source "${id}"`);
}
