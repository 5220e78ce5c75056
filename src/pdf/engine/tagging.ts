/**
 * Tagged PDF underneath pdfmake (issue 12). pdfmake 0.3's own `tagged` option only creates an
 * empty structure tree, so a file would claim an accessibility it lacks. This extension builds
 * the real tree from what pdfmake already knows while it lays a document out:
 *
 * - Layout: while LayoutBuilder.processNode walks the document, a stack of structure entries is
 *   kept. A node's `role` (set by briefkit's layout: H1, P, Caption, Figure, Table, Note, …,
 *   with `alt` for a Figure) opens an entry; lists become L/LI/LBody (markers Lbl), tables with
 *   role "Table" become TR/TH/TD (header rows TH with Scope Column), a text leaf with no role
 *   becomes P. Background, header, footer and watermark are artifacts. Every line, vector,
 *   image and SVG pdfmake records carries the entry it was drawn for (an enumerable field, so
 *   pdfmake's own copies of unbreakable blocks keep it).
 * - Header rows a table repeats on a following page are artifacts (read once, on the first).
 * - Drawing: when the PDF is tagged, Renderer.renderPages opens a structure element per entry
 *   (in order of first appearance, i.e. reading order) and wraps what is drawn in marked
 *   content: text in its element (consecutive lines of one element share one sequence), vector
 *   decoration as /Artifact (inside a Figure it is the figure), images and SVG as the Figure's
 *   content. Links (and note references, i.e. superscript links) get Link elements holding
 *   their text and the annotation (OBJR, with the right page).
 *
 * `tagReport()` returns what the last drawn document lacked (figures without alt text, images
 * outside any figure), for `--pdfua`, the BK331 warning and the tests.
 *
 * Why at run time and not as a patch-package patch: nothing in pdfmake's files is edited — a dozen
 * methods are wrapped (each calls the original) and the page loop is replaced only for a tagged
 * document (an untagged one is drawn by pdfmake's own loop), so the extension reads as one file
 * and is tested on its own (test/unit/pdf/engine/tagging.test.ts). pdfmake is pinned (0.3.11).
 */

import { ACTUAL, closeSpan, markBrokenWords, openSpan, scriptLanguage } from './actual-text.js';
import { LinkAnnotations, type LinkKind } from './link-annotations.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Mc = { element?: Any; artifact?: string; pending?: boolean };

export interface Entry {
  role: string;
  parent: Entry | null;
  alt?: string;
  scope?: 'Column' | 'Row';
  artifact?: string;
  /** Debug label (figure id etc.). */
  label?: string;
  /** A Note's ID (PDF/UA 7.9: every Note has a unique one). */
  id?: string;
  /** ActualText of the element (a bullet's Lbl: "•"). */
  actual?: string;
  /** A Figure whose drawn text stays readable text (`keepText` on its node: a chart alone on its page, `briefkit chart`). */
  keepText?: boolean;
  /** A contents entry: its label ("3", "Figure 2") and title, for its link's /Contents. */
  toc?: { label?: string; title: string };
}

/** Roles that hold other elements, never text directly: a text leaf inside becomes a P. */
const GROUPING = new Set(['Document', 'Part', 'Sect', 'Div', 'BlockQuote', 'L', 'Table', 'TR', 'THead', 'TBody', 'TOC', 'NonStruct']);

export interface TagProblem {
  kind: 'figure-without-alt' | 'image-without-alt';
  page: number;
  label?: string;
}

let problems: TagProblem[] = [];
/** Set by the writer for a `--pdfua` build: the XMP packet then carries the PDF/UA identification. */
let pdfUa = false;
export function identifyPdfUa(on: boolean): void {
  pdfUa = on;
}
/** What the last tagged render lacked. */
export function tagReport(): TagProblem[] {
  return problems.slice();
}

const ROOT: Entry = { role: 'Document', parent: null };
const TAG = '_bkTag';

export function install(pdfmakeRequire: NodeJS.Require): void {
  const load = (m: string) => (pdfmakeRequire(m) as { default: { prototype: Any } }).default.prototype;
  const LayoutBuilder = load('./LayoutBuilder.js');
  const ElementWriter = load('./ElementWriter.js');
  const Renderer = load('./Renderer.js');
  if (LayoutBuilder.__briefkitTagging) return;
  LayoutBuilder.__briefkitTagging = true;

  let current: Entry = ROOT;
  /** Entries by node (stable over pdfmake's re-layouts of the same document). */
  let entries = new WeakMap<object, Entry>();
  /** List marker inline → the LI it labels. */
  let markers = new WeakMap<object, Entry>();
  /** Table node → cell → [row index, row array]. */
  let cells = new WeakMap<object, Map<object, [number, object]>>();

  const entry = (key: object, role: string, parent: Entry, extra: Partial<Entry> = {}): Entry => {
    let e = entries.get(key);
    if (!e || e.parent !== parent || e.role !== role) {
      e = { role, parent, ...extra };
      entries.set(key, e);
    }
    return e;
  };
  const within = (e: Entry | null, role: string): Entry | undefined => {
    for (let x = e; x; x = x.parent) if (x.role === role) return x;
    return undefined;
  };

  function open(node: Any, parent: Entry): Entry {
    if (parent.artifact || !node || typeof node !== 'object') return parent;
    let e = parent;
    // an item of a list
    if (e.role === 'L') {
      const listNode = keyOf(e);
      const items = (listNode?.ul ?? listNode?.ol) as unknown[] | undefined;
      if (items?.includes(node)) {
        const li = entry(node, 'LI', e);
        const marker = node.listMarker?._inlines?.[0] ?? node.listMarker?.canvas?.[0];
        if (marker) markers.set(marker, li);
        e = entry(bodyKey(node), 'LBody', li);
      }
    }
    // a cell of a data table
    if (e.role === 'Table') {
      const table = keyOf(e);
      if (table?.table) {
        let map = cells.get(table);
        if (!map) {
          map = new Map();
          (table.table.body as Any[][]).forEach((row, r) => row.forEach((c) => map!.set(c, [r, row])));
          cells.set(table, map);
        }
        const at = map.get(node);
        if (at && node.role === 'Caption') return entry(node, 'Caption', e); // a caption set as the table's first row
        // a source line set as the table's last row is read after the table, not as a row
        if (at && node.role === 'TableNote') return entry(node, 'P', e.parent ?? ROOT);
        if (at) {
          const tr = entry(at[1], 'TR', e);
          const header = at[0] < (table.table.headerRows ?? 0);
          const th = header || node.role === 'TH';
          e = entry(node, th ? 'TH' : 'TD', tr, th ? { scope: header ? 'Column' : 'Row' } : {});
          return e;
        }
      }
    }
    if (typeof node.role === 'string') {
      if (node.role === 'Artifact') return { role: 'Artifact', parent: e, artifact: 'Layout' };
      e = entry(node, node.role, e, {
        ...(typeof node.alt === 'string' ? { alt: node.alt } : {}),
        ...(typeof node.tagLabel === 'string' ? { label: node.tagLabel } : {}),
        ...(node.keepText === true ? { keepText: true } : {}),
        ...(typeof (node.tagId ?? node.id) === 'string' ? { id: node.tagId ?? node.id } : {}),
        ...(node.role === 'TOCI' && typeof node.tocTitle === 'string' ? { toc: { title: node.tocTitle, ...(typeof node.tocLabel === 'string' ? { label: node.tocLabel } : {}) } } : {}),
      });
      keys.set(e, node);
      return e;
    }
    if (node.ul || node.ol) {
      e = entry(node, 'L', e);
      keys.set(e, node);
      return e;
    }
    if (node.text !== undefined && GROUPING.has(e.role)) return entry(node, 'P', e);
    return e;
  }
  const keys = new WeakMap<Entry, Any>();
  const keyOf = (e: Entry) => keys.get(e);
  const bodies = new WeakMap<object, object>();
  const bodyKey = (node: object) => {
    let b = bodies.get(node);
    if (!b) bodies.set(node, (b = {}));
    return b;
  };

  const processNode = LayoutBuilder.processNode as (this: unknown, node: Any, ...rest: unknown[]) => unknown;
  LayoutBuilder.processNode = function (this: unknown, node: Any, ...rest: unknown[]) {
    const saved = current;
    current = open(node, saved);
    try {
      return processNode.call(this, node, ...rest);
    } finally {
      current = saved;
    }
  };
  // page furniture: whatever these draw is an artifact
  const furniture = (name: string, type: string) => {
    const fn = LayoutBuilder[name] as (this: unknown, ...a: unknown[]) => unknown;
    LayoutBuilder[name] = function (this: unknown, ...a: unknown[]) {
      const saved = current;
      current = { role: 'Artifact', parent: null, artifact: type };
      try {
        return fn.apply(this, a);
      } finally {
        current = saved;
      }
    };
  };
  furniture('addBackground', 'Layout');
  furniture('addDynamicRepeatable', 'Pagination');
  furniture('addWatermark', 'Layout');
  const layout = LayoutBuilder.layoutDocument as (this: unknown, ...a: unknown[]) => unknown;
  LayoutBuilder.layoutDocument = function (this: unknown, ...a: unknown[]) {
    current = ROOT;
    entries = new WeakMap();
    markers = new WeakMap();
    cells = new WeakMap();
    return layout.apply(this, a);
  };

  const tagged = (name: string, pick: (a: unknown[]) => Any | undefined) => {
    const fn = ElementWriter[name] as (this: unknown, ...a: unknown[]) => unknown;
    ElementWriter[name] = function (this: unknown, ...a: unknown[]) {
      const item = pick(a);
      if (item && typeof item === 'object') {
        const marker = name === 'addLine' ? markers.get(item.inlines?.[0]) : name === 'addVector' ? markers.get(item) : undefined;
        // a bullet drawn as a shape is read as one
        item[TAG] = marker ? entry(item, 'Lbl', marker, name === 'addVector' ? { actual: item.type === 'rect' ? '\u25aa' : '\u2022' } : {}) : current;
      }
      return fn.apply(this, a);
    };
  };
  tagged('addLine', (a) => a[0] as Any);
  tagged('addVector', (a) => a[0] as Any);
  tagged('addImage', (a) => a[0] as Any);
  tagged('addSVG', (a) => a[0] as Any);

  // a table's header rows repeated on a following page are drawn again, not read again
  const PageElementWriter = load('./PageElementWriter.js');
  const REPEATED: Entry = { role: 'Artifact', parent: null, artifact: 'Pagination' };
  let repeating = 0;
  const moveToNextPage = PageElementWriter.moveToNextPage as (this: unknown, ...a: unknown[]) => unknown;
  PageElementWriter.moveToNextPage = function (this: unknown, ...a: unknown[]) {
    repeating++;
    try {
      return moveToNextPage.apply(this, a);
    } finally {
      repeating--;
    }
  };
  const addFragment = ElementWriter.addFragment as (this: Any, ...a: unknown[]) => unknown;
  ElementWriter.addFragment = function (this: Any, ...a: unknown[]) {
    // (only the writer's repeatables: a figure float.ts places on the new page is read there)
    if (!repeating || !(this.repeatables as unknown[] | undefined)?.includes(a[0])) return addFragment.apply(this, a);
    const page = this.context().getCurrentPage();
    const before = new Set(page?.items ?? []);
    const placed = addFragment.apply(this, a);
    for (const it of (page?.items ?? []) as { item: Any }[]) if (!before.has(it) && it.item && typeof it.item === 'object') it.item[TAG] = REPEATED;
    return placed;
  };

  const renderPages = Renderer.renderPages as (this: Any, pages: Any[]) => unknown;
  Renderer.renderPages = function (this: Any, pages: Any[]) {
    const doc = this.pdfDocument as Any;
    if (!doc.options?.tagged) return renderPages.call(this, pages);
    problems = [];
    return drawTagged(this, pages);
  };

  function drawTagged(renderer: Any, pages: Any[]): void {
    const doc = renderer.pdfDocument as Any;
    doc._pdfMakePages = pages;
    const root = doc.struct('Document');
    doc.addStructure(root);
    const elements = new Map<Entry, Any>([[ROOT, root]]);
    /** The level of the last heading read: a heading never skips a level below it (PDF/UA 7.4.2). */
    let headingLevel = 0;
    const noteIds = new Set<string>();
    const elementOf = (e: Entry): Any => {
      let el = elements.get(e);
      if (el) return el;
      const parent: Any = e.parent ? elementOf(e.parent) : root;
      let role = e.role;
      const h = /^H([1-6])$/.exec(role);
      if (h) {
        headingLevel = Math.min(Number(h[1]), headingLevel + 1);
        role = `H${headingLevel}`;
      }
      const created: Any = doc.struct(role, { ...(e.alt !== undefined ? { alt: e.alt } : {}), ...(e.scope ? { scope: e.scope } : {}), ...(e.actual ? { actual: e.actual } : {}) });
      if (role === 'Note') {
        // an ID for every note, unique in the document
        let id = e.id ?? `note-${elements.size}`;
        while (noteIds.has(id)) id = `${id}-${elements.size}`;
        noteIds.add(id);
        created.dictionary.data.ID = new String(id);
      }
      parent.add(created);
      // a list item's label comes before its body, though pdfmake draws it after the body's first line
      if (role === 'Lbl' && parent.dictionary.data.S === 'LI') {
        const kids = parent._children as unknown[];
        kids.unshift(kids.pop());
      }
      elements.set(e, created);
      return created;
    };
    /** The open marked-content sequence: an element's, or an artifact. */
    let openMc: Mc | null = null;
    /** openMc as TypeScript sees it inside callbacks (it narrows the variable to null here). */
    const now = (): Mc | null => openMc;
    const close = () => {
      if (openMc && !openMc.pending) doc.endMarkedContent();
      openMc = null;
    };
    const begin = (e: Entry) => {
      const el = elementOf(e);
      if (openMc?.element === el && !openMc.pending) return;
      close();
      const mc = doc.markStructureContent(el.dictionary.data.S);
      el.add(mc);
      openMc = { element: el };
    };
    const artifact = (type: string) => {
      if (openMc?.artifact === type) return;
      close();
      doc.markContent('Artifact', { type });
      openMc = { artifact: type };
    };
    const lineEntries = new WeakMap<object, Entry>();
    let lastLink: { host: Any; key: string; link: Any } | null = null;
    const text = doc.text as (this: Any, ...a: unknown[]) => unknown;
    const annotate = doc.annotate as (this: Any, ...a: unknown[]) => unknown;
    const links = new LinkAnnotations();
    /** A contents entry's Reference (its text and its one Link), and that Link. */
    const references = new Map<Entry, Entry>();
    const tocLinks = new Map<Any, { link: Any; kind: LinkKind }>();
    const referenceOf = (toci: Entry): Entry => {
      let r = references.get(toci);
      if (!r) references.set(toci, (r = { role: 'Reference', parent: toci }));
      return r;
    };
    // words broken at a line end: the lines of each element in reading order
    const byEntry = new Map<Entry, Any[]>();
    for (const page of pages) for (const it of page.items as { type: string; item: Any }[]) {
      if (it.type !== 'line') continue;
      const t = (it.item?.[TAG] as Entry | undefined) ?? ROOT;
      if (t.artifact) continue;
      let list = byEntry.get(t);
      if (!list) byEntry.set(t, (list = []));
      list.push(it.item);
    }
    for (const lines of byEntry.values()) markBrokenWords(lines);
    /** How a run is read when not as drawn (a piece of a broken word, another script); undefined when as drawn. */
    const spanOf = (str: unknown, options: Any): { lang?: string; actual?: string } | undefined => {
      const actual = options?.__bkActual as string | undefined;
      const lang = scriptLanguage(String(str ?? ''));
      return actual === undefined && !lang ? undefined : { ...(lang ? { lang } : {}), ...(actual !== undefined ? { actual } : {}) };
    };
    /**
     * Draws such a run as its own marked-content sequence of `host` (a Span with /Lang or
     * /ActualText and its MCID: not nested inside the element's sequence, which readers such as
     * poppler end at the inner span's EMC). pdfkit writes /ActualText only when it is truthy, so
     * an empty one is passed as a String object.
     */
    const drawSpan = (self: Any, host: Any, span: { lang?: string; actual?: string }, str: unknown, x: unknown, y: unknown, options: Any) => {
      close();
      // The span's BDC and EMC go inside pdfkit's text object (after its q and flipping cm,
      // before its Q): poppler places an ActualText by the graphics state at EMC, so a span
      // closed after the Q put the whole word at an unflipped place, out of its line in
      // pdftotext. pdfkit writes BT and ET through addContent (guarded in internals.test.ts).
      const own = Object.prototype.hasOwnProperty.call(self, 'addContent');
      const write = self.addContent as (s: string) => Any;
      const restore = () => {
        if (own) self.addContent = write;
        else delete self.addContent;
      };
      const held: string[] = [];
      self.addContent = (s: string) => (held.push(s), self);
      try {
        host.add(doc.markStructureContent('Span', { ...(span.lang ? { lang: span.lang } : {}), ...(span.actual !== undefined ? { actual: new String(span.actual) } : {}) }));
      } finally {
        restore();
      }
      let opened = false;
      let ended = false;
      self.addContent = function (this: Any, s: string) {
        if (s === 'BT' && !opened) {
          for (const h of held) write.call(self, h);
          opened = true;
        }
        write.call(self, s);
        if (s === 'ET' && opened && !ended) {
          write.call(self, 'EMC');
          ended = true;
        }
        return self;
      };
      try {
        return text.call(self, str, x, y, options);
      } finally {
        restore();
        // nothing drawn as text: the sequence stays well-formed, empty
        if (!opened) for (const h of held) write.call(self, h);
        // pdfkit's own end of the marking, its EMC already written (or written now, when no ET came)
        self.addContent = (s: string) => (s === 'EMC' && ended ? self : write.call(self, s));
        try {
          doc.endMarkedContent();
        } finally {
          restore();
        }
        openMc = null;
      }
    };

    for (let i = 0; i < pages.length; i++) {
      const page = pages[i]!;
      if (i > 0) links.flush(doc, annotate);
      doc.addPage({ size: [page.pageSize.width, page.pageSize.height] });
      for (const item of page.items as { type: string; item: Any }[]) {
        const tag = (item.item?.[TAG] as Entry | undefined) ?? ROOT;
        switch (item.type) {
          case 'line': {
            if (tag.artifact || within(tag, 'Artifact')) artifact(tag.artifact ?? 'Layout');
            else {
              let e = tag;
              const toci = within(tag, 'TOCI');
              if (toci) e = referenceOf(toci);
              else if (GROUPING.has(e.role)) {
                e = lineEntries.get(item.item) ?? { role: 'P', parent: tag };
                lineEntries.set(item.item, e);
              }
              const el = elementOf(e);
              // a link goes on over lines of its element (a long address), never into another element
              if ((lastLink as { host: Any } | null)?.host !== el) lastLink = null;
              // a line that starts with a link opens its sequence after the link
              const first = item.item.inlines?.[0];
              if (first && (first.link || first.linkToDestination) && el !== now()?.element) {
                close();
                openMc = { element: el, pending: true };
              } else begin(e);
            }
            // links inside the line: each its own Link element with its annotation
            const lineEl: Any | undefined = now()?.element;
            doc.text = function (this: Any, str: unknown, x: unknown, y: unknown, options: Any) {
              if (!lineEl) return text.call(this, str, x, y, options);
              const target = options?.link ?? options?.goTo;
              if (String(str ?? '') === '') return text.call(this, str, x, y, options);
              if (target === undefined || target === null) {
                lastLink = null;
                const span = spanOf(str, options);
                if (span) return drawSpan(this, lineEl, span, str, x, y, options);
                if (now()?.element !== lineEl || now()!.pending) {
                  close();
                  lineEl.add(doc.markStructureContent(lineEl.dictionary.data.S));
                  openMc = { element: lineEl };
                }
                return text.call(this, str, x, y, options);
              }
              close();
              // a link broken over lines (or split into runs) stays one Link element; a contents
              // entry is one Link, in its Reference
              const key = `${options.__bkSup ? 'ref:' : ''}${String(target)}`;
              const toci = lineEl.dictionary.data.S === 'Reference' ? [...references.entries()].find(([, r]) => elements.get(r) === lineEl)?.[0] : undefined;
              const tocLink = toci ? tocLinks.get(lineEl) : undefined;
              let link: Any | undefined = tocLink?.link ?? (lastLink && lastLink.host === lineEl && lastLink.key === key ? lastLink.link : undefined);
              let kind: LinkKind = tocLink?.kind ?? (options.__bkSup || /^note-\d+$/.test(String(options.goTo ?? '')) ? { kind: 'note' } : { kind: 'text' });
              if (!link) {
                let host: Any = lineEl;
                if (options.__bkSup) {
                  const ref = doc.struct('Reference');
                  host.add(ref);
                  host = ref;
                }
                const created: Any = doc.struct('Link');
                const add = created.add;
                created.add = function (this: Any, child: Any) {
                  if (child && child.annotationRef) child.__bkPage = doc.page.dictionary;
                  return add.call(this, child);
                };
                host.add(created);
                link = created;
                lastLink = { host: lineEl, key, link };
                if (toci) {
                  kind = toci.toc ? { kind: 'toc', title: toci.toc.title, ...(toci.toc.label ? { label: toci.toc.label } : {}) } : { kind: 'text' };
                  tocLinks.set(lineEl, { link, kind });
                }
              }
              const span = spanOf(str, options);
              if (!span) link.add(doc.markStructureContent('Link'));
              const held = link;
              const heldKind = kind;
              // the annotation is held until the page is finished: one per link and line, described
              // (link-annotations.ts)
              let annotated = false;
              doc.annotate = function (this: Any, ...a: unknown[]) {
                const o = a[4] as Any;
                if (o?.Subtype !== 'Link') return annotate.apply(this, a);
                annotated = true;
                links.add(held, heldKind, String(str ?? ''), this._convertRect(a[0], a[1], a[2], a[3]) as number[], o);
                return this;
              };
              try {
                if (span) return drawSpan(this, held, span, str, x, y, options);
                return text.call(this, str, x, y, options);
              } finally {
                if (!annotated) links.add(held, heldKind, String(str ?? ''), undefined, {});
                doc.annotate = annotate;
                if (!span) doc.endMarkedContent();
                openMc = null;
              }
            };
            try {
              renderer.renderLine(item.item, item.item.x, item.item.y);
            } finally {
              doc.text = text;
            }
            break;
          }
          case 'vector': {
            const fig = within(tag, 'Figure');
            if (tag.role === 'Lbl' && !within(tag, 'Artifact')) begin(tag);
            else if (fig && !within(tag, 'Artifact') && !tag.artifact) begin(fig);
            else artifact(tag.artifact ?? 'Layout');
            renderer.renderVector(item.item);
            break;
          }
          case 'image':
          case 'svg': {
            if (tag.artifact || within(tag, 'Artifact')) artifact(tag.artifact ?? 'Layout');
            else {
              let fig = within(tag, 'Figure');
              if (!fig) {
                fig = { role: 'Figure', parent: tag };
                problems.push({ kind: 'image-without-alt', page: i + 1 });
              } else if (!fig.alt?.trim() && !elements.has(fig)) problems.push({ kind: 'figure-without-alt', page: i + 1, ...(fig.label ? { label: fig.label } : {}) });
              begin(fig);
            }
            // a chart's own text (ticks, axis titles) is not read piece by piece: the figure is read
            // by its alt text (actual-text.ts); a chart that is the whole document keeps its text
            const figure = !tag.artifact && !within(tag, 'Artifact') ? within(tag, 'Figure') : undefined;
            const hide = !!figure?.alt?.trim() && !figure.keepText;
            if (hide) openSpan(doc, { actual: '' });
            if (item.type === 'image') renderer.renderImage(item.item);
            else renderer.renderSVG(item.item);
            if (hide) closeSpan(doc);
            break;
          }
          case 'attachment':
            close();
            renderer.renderAttachment(item.item);
            break;
          case 'beginClip':
            close();
            renderer.beginClip(item.item);
            break;
          case 'endClip':
            close();
            renderer.endClip();
            break;
          case 'beginVerticalAlignment':
            close();
            renderer.beginVerticalAlignment(item.item);
            break;
          case 'endVerticalAlignment':
            close();
            renderer.endVerticalAlignment(item.item);
            break;
        }
      }
      close();
      if (page.watermark) {
        artifact('Layout');
        renderer.renderWatermark(page);
        close();
      }
    }
    links.flush(doc, annotate);
    // PDF/UA-1 identification (ISO 14289-1, 5): only for a document with nothing missing
    if (pdfUa && problems.length === 0) {
      doc.appendXML(`
        <rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="">
            <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description>
        `);
    }
  }

  // pdfmake passes a text run's options without its inline: a superscript link (a note call) is
  // flagged in the options, so its Link is wrapped in a Reference
  const renderLine = Renderer.renderLine as (this: Any, line: Any, ...a: unknown[]) => unknown;
  Renderer.renderLine = function (this: Any, line: Any, ...a: unknown[]) {
    const doc = this.pdfDocument as Any;
    const text = doc.text as (this: Any, ...b: unknown[]) => unknown;
    if (!doc.options?.tagged) return renderLine.call(this, line, ...a);
    let index = 0;
    const inlines = (line.inlines ?? []) as Any[];
    doc.text = function (this: Any, str: unknown, x: unknown, y: unknown, options: Any) {
      const inline = inlines[index++];
      if (options && inline?.sup && (options.link || options.goTo)) options.__bkSup = true;
      // the reading text of a piece of a word broken at a line end (actual-text.ts)
      if (options && inline && typeof inline[ACTUAL] === 'string') options.__bkActual = inline[ACTUAL];
      return text.call(this, str, x, y, options);
    };
    try {
      return renderLine.call(this, line, ...a);
    } finally {
      doc.text = text;
    }
  };

  installObjrPages(pdfmakeRequire('pdfkit') as { prototype: Any });
}

// pdfkit writes a link's OBJR with the page current when the tree is written (the last page);
// the page the annotation is on is recorded when it is added (see drawTagged) and used here.
/** Fixes the page of OBJR entries (see above); needs pdfkit's structure element class. */
function installObjrPages(PDFKit: { prototype: Any }): void {
  const proto = PDFKit.prototype;
  if (proto.__briefkitObjr) return;
  proto.__briefkitObjr = true;
  const struct = proto.struct as (this: Any, ...a: unknown[]) => Any;
  let patched = false;
  proto.struct = function (this: Any, ...a: unknown[]) {
    const el = struct.apply(this, a);
    if (!patched) {
      patched = true;
      const sp = Object.getPrototypeOf(el) as Any;
      const flushChild = sp._flushChild as (this: Any, child: Any) => unknown;
      sp._flushChild = function (this: Any, child: Any) {
        if (child && child.annotationRef && child.__bkPage) {
          this.dictionary.data.K.push({ Type: 'OBJR', Obj: child.annotationRef, Pg: child.__bkPage });
          return;
        }
        return flushChild.call(this, child);
      };
    }
    return el;
  };
}
