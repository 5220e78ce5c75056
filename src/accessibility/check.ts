/**
 * The PDF/UA-1 check `--pdfua` and `briefkit check --pdfua` run on the written bytes before a
 * file may carry the PDF/UA identification: the machine-checkable conditions of the Matterhorn
 * Protocol 1.1 this module can decide, plus ISO 32000-1's ParentTree and table regularity. Each
 * failure names the condition (its Matterhorn id), the page and the element. The conditions
 * covered are listed in CONDITIONS (and in docs/guide/accessibility.md).
 */
import { readPdf, STANDARD_TYPES, type PdfModel, type StructNode } from './read.js';

export interface UaFailure {
  /** Matterhorn failure condition (e.g. "19-003"), or the ISO 32000-1 clause. */
  id: string;
  condition: string;
  page?: number;
  element?: string;
}

/** Every condition the check decides: id → what fails. */
export const CONDITIONS: Record<string, string> = {
  '01-003': 'content marked as Artifact inside tagged content',
  '01-004': 'tagged content inside an Artifact',
  '01-005': 'content neither tagged nor marked as Artifact',
  '01-007': 'Suspects entry is true',
  '02-001': 'non-standard structure type not mapped to a standard one (RoleMap)',
  '02-004': 'a standard structure type is remapped',
  '06-001': 'no XMP metadata stream',
  '06-002': 'the XMP metadata has no PDF/UA identifier',
  '06-003': 'the XMP metadata has no dc:title',
  '07-001': 'ViewerPreferences has no DisplayDocTitle',
  '07-002': 'DisplayDocTitle is false',
  '09-004': 'table elements not nested as Table > (THead|TBody|TFoot) > TR > TH|TD',
  '09-005': 'list elements not nested as L > LI > Lbl, LBody (Lbl first)',
  '09-006': 'TOC elements not nested as TOC > TOCI > Lbl|Reference|P|NonStruct|TOC',
  '11-001': 'text in another script without a language of its own (Lang)',
  '11-006': 'the document has no language (Lang)',
  '13-004': 'Figure without alternative text',
  '14-002': 'the first heading is not H1',
  '14-003': 'numbered heading levels skipped',
  '14-007': 'both H and H1–H6 used',
  '15-003': 'TH without Scope (and no Headers)',
  '17-002': 'Formula without alternative text',
  '19-003': 'Note without ID',
  '19-004': 'Note ID not unique',
  '28-002': 'annotation not nested in an Annot element',
  '28-007': 'page with annotations has no Tabs',
  '28-008': 'page with annotations has Tabs other than S',
  '28-011': 'Link annotation not nested in a Link element',
  '28-012': 'Link annotation without Contents',
  '31-009': 'font program not embedded',
  '31-027': 'font without ToUnicode map',
  'MarkInfo': 'the catalog does not say the document is tagged (MarkInfo /Marked true)',
  'StructTreeRoot': 'the document has no structure tree',
  'Link': 'Link element without a link annotation, or without text',
  'ParentTree': 'ParentTree does not match the marked content and annotations (ISO 32000-1, 14.7.4.4)',
  'TableRegular': 'table rows of unequal width (ISO 32000-1, 14.8.4.3.3)',
  'Version': 'PDF header older than the features used (/Tabs needs 1.5)',
};

export async function checkPdfUaBytes(bytes: Uint8Array, opts: { identified?: boolean } = {}): Promise<UaFailure[]> {
  return checkPdfUa(await readPdf(bytes), opts);
}

/** The failures of a read PDF (see readPdf). `identified`: the file claims PDF/UA, so the XMP must say so. */
export function checkPdfUa(m: PdfModel, opts: { identified?: boolean } = {}): UaFailure[] {
  const out: UaFailure[] = [];
  const fail = (id: string, page?: number, element?: string) => out.push({ id, condition: CONDITIONS[id] ?? id, ...(page !== undefined ? { page } : {}), ...(element !== undefined ? { element } : {}) });
  for (const p of m.readProblems) fail('ParentTree', undefined, p);

  // document level
  if (Number(m.version) < 1.5 && m.pages.some((p) => p.tabs)) fail('Version', undefined, `header ${m.version}`);
  if (!m.marked) fail('MarkInfo');
  if (m.suspects) fail('01-007');
  if (!m.root) fail('StructTreeRoot');
  if (!m.lang?.trim()) fail('11-006');
  if (!m.xmp) fail('06-001');
  else {
    if (opts.identified && !/pdfuaid:part\s*(=\s*["']1["']|>\s*1\s*<)/.test(m.xmp)) fail('06-002');
    if (!/<dc:title>[\s\S]*?<rdf:li[^>]*>\s*[^<\s][\s\S]*?<\/rdf:li>/.test(m.xmp)) fail('06-003');
  }
  if (!m.hasViewerPreferences || m.displayDocTitle === undefined) fail('07-001');
  else if (!m.displayDocTitle) fail('07-002');
  for (const [k, v] of Object.entries(m.roleMap)) if (STANDARD_TYPES.has(k)) fail('02-004', undefined, `${k} → ${v}`);

  // content: every painting operator tagged or an artifact, never both nested
  const seen = new Set<string>();
  const once = (id: string, page: number, element?: string) => {
    const key = `${id}/${page}`;
    if (!seen.has(key)) {
      seen.add(key);
      fail(id, page, element);
    }
  };
  for (const p of m.paints) {
    const art = p.stack.findIndex((s) => s.tag === 'Artifact');
    const tagged = p.stack.findIndex((s) => s.mcid !== undefined);
    if (art < 0 && tagged < 0) once('01-005', p.page, `an unmarked ${p.op} operator`);
    else if (art >= 0 && tagged >= 0) once(art > tagged ? '01-003' : '01-004', p.page);
  }

  // text per marked-content sequence, for naming elements
  const markText = new Map<string, string>();
  const marksAt = new Map(m.marks.filter((x) => x.mcid !== undefined).map((x) => [`${x.page}/${x.mcid}`, x]));
  for (const mk of m.marks) if (mk.mcid !== undefined) markText.set(`${mk.page}/${mk.mcid}`, mk.actualText ?? mk.text);
  const textOf = (n: StructNode, depth = 0): string => {
    if (n.actualText !== undefined) return n.actualText;
    if (depth > 40) return '';
    return n.kids.map((k) => ('node' in k ? textOf(k.node, depth + 1) : 'mcid' in k ? (markText.get(`${k.page}/${k.mcid}`) ?? '') : '')).join('');
  };
  const describe = (n: StructNode) => {
    const t = (n.alt ?? textOf(n)).replace(/\s+/g, ' ').trim();
    return `${n.raw} #${n.index}${t ? ` "${t.length > 60 ? `${t.slice(0, 59)}…` : t}"` : ''}`;
  };
  const pageOfNode = (n: StructNode): number | undefined => {
    if (n.page !== undefined) return n.page;
    for (const k of n.kids) {
      if ('node' in k) {
        const p = pageOfNode(k.node);
        if (p !== undefined) return p;
      } else return k.page;
    }
    return undefined;
  };
  const at = (id: string, n: StructNode) => fail(id, pageOfNode(n), describe(n));

  // the structure tree
  const ids = new Map<string, StructNode>();
  const headings: StructNode[] = [];
  const TABLE_PARTS = new Set(['THead', 'TBody', 'TFoot']);
  for (const n of m.nodes) {
    const parent = n.parent?.type;
    if (!STANDARD_TYPES.has(n.type)) at('02-001', n);
    if (n.type === 'Figure' && !n.alt?.trim() && !n.actualText?.trim()) at('13-004', n);
    if (n.type === 'Formula' && !n.alt?.trim() && !n.actualText?.trim()) at('17-002', n);
    if (n.type === 'Note') {
      if (!n.id) at('19-003', n);
      else if (ids.has(n.id)) at('19-004', n);
    }
    if (n.id) ids.set(n.id, n);
    if (/^H[1-6]?$/.test(n.type)) headings.push(n);
    // tables
    if (n.type === 'TR' && !(parent === 'Table' || TABLE_PARTS.has(parent ?? ''))) at('09-004', n);
    if ((n.type === 'TH' || n.type === 'TD') && parent !== 'TR') at('09-004', n);
    if (TABLE_PARTS.has(n.type) && parent !== 'Table') at('09-004', n);
    if (n.type === 'Table') {
      for (const c of n.children) if (!['TR', 'THead', 'TBody', 'TFoot', 'Caption'].includes(c.type)) at('09-004', c);
      tableRegularity(n, at);
    }
    if (n.type === 'TR') for (const c of n.children) if (c.type !== 'TH' && c.type !== 'TD') at('09-004', c);
    if (n.type === 'TH' && n.attrs.Scope === undefined && n.attrs.Headers === undefined) at('15-003', n);
    // lists
    if (n.type === 'L') for (const c of n.children) if (!['LI', 'L', 'Caption'].includes(c.type)) at('09-005', c);
    if (n.type === 'LI') {
      if (parent !== 'L') at('09-005', n);
      for (const c of n.children) if (c.type !== 'Lbl' && c.type !== 'LBody') at('09-005', c);
      const lbl = n.children.findIndex((c) => c.type === 'Lbl');
      const body = n.children.findIndex((c) => c.type === 'LBody');
      if (lbl >= 0 && body >= 0 && lbl > body) at('09-005', n.children[lbl]!);
    }
    if (n.type === 'LBody' && parent !== 'LI') at('09-005', n);
    // contents
    if (n.type === 'TOC') for (const c of n.children) if (!['TOC', 'TOCI', 'Caption'].includes(c.type)) at('09-006', c);
    if (n.type === 'TOCI') {
      if (parent !== 'TOC') at('09-006', n);
      for (const c of n.children) if (!['Lbl', 'Reference', 'P', 'NonStruct', 'TOC'].includes(c.type)) at('09-006', c);
    }
    // a Link element is a link: its annotation, and text to read
    if (n.type === 'Link' && (!n.kids.some((k) => 'objr' in k) || !textOf(n).trim())) at('Link', n);
    // language of text in another script
    if (n.kids.some((k) => 'mcid' in k)) {
      const langOf = (x: StructNode | null): string | undefined => (x ? (x.lang ?? langOf(x.parent)) : m.lang);
      if (!/^(zh|ja|ko)/i.test(langOf(n) ?? '')) {
        const foreign = n.kids.some((k) => 'mcid' in k && marksAt.get(`${k.page}/${k.mcid}`)?.foreign);
        if (foreign) at('11-001', n);
      }
    }
  }
  // headings
  if (headings.some((h) => h.type === 'H') && headings.some((h) => h.type !== 'H')) at('14-007', headings.find((h) => h.type === 'H')!);
  const numbered = headings.filter((h) => h.type !== 'H');
  if (numbered.length && numbered[0]!.type !== 'H1') at('14-002', numbered[0]!);
  for (let i = 1; i < numbered.length; i++) {
    const level = Number(numbered[i]!.type.slice(1));
    const prev = Number(numbered[i - 1]!.type.slice(1));
    if (level > prev + 1) at('14-003', numbered[i]!);
  }

  // annotations: in the tree, described, pages tabbed in structure order
  const objrs = new Map<string, StructNode>();
  for (const n of m.nodes) for (const k of n.kids) if ('objr' in k) objrs.set(k.objr, n);
  const annotPages = new Set<number>();
  for (const a of m.annots) {
    if (a.subtype === 'Popup') continue;
    annotPages.add(a.page);
    const el = objrs.get(a.ref);
    const label = `${a.subtype} annotation${a.contents ? ` "${a.contents}"` : ''}`;
    if (a.subtype === 'Link') {
      if (el?.type !== 'Link') fail('28-011', a.page, label);
      if (!a.contents?.trim()) fail('28-012', a.page, el ? describe(el) : label);
    } else if (!['Widget', 'PrinterMark', 'TrapNet'].includes(a.subtype) && el?.type !== 'Annot') fail('28-002', a.page, label);
    if (el) {
      const entry = a.structParent === undefined ? undefined : m.parentTree.get(a.structParent);
      if (entry !== el) fail('ParentTree', a.page, `${label}: its StructParent does not lead to ${describe(el)}`);
    }
  }
  for (const p of annotPages) {
    const tabs = m.pages[p - 1]?.tabs;
    if (tabs === undefined) fail('28-007', p);
    else if (tabs !== 'S') fail('28-008', p, `/Tabs /${tabs}`);
  }

  // ParentTree: each marked sequence leads to the element that holds it, and back
  const holder = new Map<string, StructNode>();
  for (const n of m.nodes) for (const k of n.kids) if ('mcid' in k) holder.set(`${k.page}/${k.mcid}`, n);
  const marked = new Set<string>();
  for (const mk of m.marks) {
    if (mk.mcid === undefined) continue;
    const key = `${mk.page}/${mk.mcid}`;
    marked.add(key);
    const el = holder.get(key);
    if (!el) {
      once('ParentTree', mk.page, `marked content ${mk.mcid} (${mk.tag}) belongs to no element`);
      continue;
    }
    const sp = m.pages[mk.page - 1]?.structParents;
    const entry = sp === undefined ? undefined : m.parentTree.get(sp);
    if (!Array.isArray(entry) || entry[mk.mcid] !== el) once('ParentTree', mk.page, `marked content ${mk.mcid}: the ParentTree does not lead to ${describe(el)}`);
  }
  for (const [key, el] of holder) if (!marked.has(key)) once('ParentTree', Number(key.split('/')[0]), `${describe(el)} points at marked content ${key.split('/')[1]} the page does not have`);

  // fonts
  for (const f of m.fonts) {
    if (!f.embedded) fail('31-009', f.page, f.name);
    if (!f.toUnicode && f.subtype !== 'Type3') fail('31-027', f.page, f.name);
  }
  return out;
}

/** Every row of a table spans as many columns (ColSpan, RowSpan counted). */
function tableRegularity(table: StructNode, at: (id: string, n: StructNode) => void): void {
  const rows: StructNode[] = [];
  for (const c of table.children) {
    if (c.type === 'TR') rows.push(c);
    else if (['THead', 'TBody', 'TFoot'].includes(c.type)) rows.push(...c.children.filter((r) => r.type === 'TR'));
  }
  if (rows.length < 2) return;
  const carry: number[] = []; // rows still covered by a cell above, per column
  const widths = rows.map(() => 0);
  rows.forEach((r, i) => {
    let col = 0;
    const next: number[] = carry.map((n) => Math.max(0, n - 1));
    const skip = () => {
      while ((carry[col] ?? 0) > 0) col++;
    };
    for (const cell of r.children) {
      if (cell.type !== 'TH' && cell.type !== 'TD') continue;
      skip();
      const span = Math.max(1, Number(cell.attrs.ColSpan ?? 1));
      const rowSpan = Math.max(1, Number(cell.attrs.RowSpan ?? 1));
      for (let c = 0; c < span; c++) next[col + c] = Math.max(next[col + c] ?? 0, rowSpan - 1);
      col += span;
    }
    skip();
    widths[i] = col;
    carry.length = 0;
    carry.push(...next);
  });
  const width = Math.max(...widths);
  rows.forEach((r, i) => {
    if (widths[i] !== width) at('TableRegular', r);
  });
}

/** One failure as a line of BK330: the condition, its id, the page and the element. */
export function describeFailure(f: UaFailure): string {
  return `${f.id} ${f.condition}${f.page !== undefined ? `, page ${f.page}` : ''}${f.element ? `: ${f.element}` : ''}`;
}
