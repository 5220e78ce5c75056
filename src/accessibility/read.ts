/**
 * Reads a written PDF into the model the PDF/UA check works on (src/accessibility/check.ts): the
 * catalog's accessibility entries, the XMP packet, each page's marked content (with the text
 * it shows, decoded through the fonts' ToUnicode maps), the fonts, the annotations and the
 * structure tree with its ParentTree. The file is parsed with @cantoo/pdf-lib (a maintained
 * fork of pdf-lib; pdfkit, which writes the file, cannot read one), so the check sees what a
 * validator sees, not what the writer meant to write.
 */
import { decodePDFRawStream, PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, type PDFObject } from '@cantoo/pdf-lib';

export interface StructNode {
  /** Index in reading order (depth first): names the element in messages. */
  index: number;
  /** The type as written (S) and as mapped through the RoleMap. */
  raw: string;
  type: string;
  parent: StructNode | null;
  children: StructNode[];
  /** Kids in order: an element, marked content on a page, or an object (annotation). */
  kids: ({ node: StructNode } | { page: number; mcid: number } | { page: number; objr: string })[];
  page?: number;
  alt?: string;
  actualText?: string;
  lang?: string;
  id?: string;
  /** Attributes (A) of any owner, flattened: Scope, ColSpan, RowSpan, Headers, … */
  attrs: Record<string, string | number>;
}

export interface MarkedContent {
  page: number;
  tag: string;
  mcid?: number;
  text: string;
  lang?: string;
  actualText?: string;
  /** It shows text in another script (CJK) with no language of its own in the content. */
  foreign?: boolean;
}

const CJK_TEXT = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

export interface PaintEvent {
  page: number;
  op: string;
  /** The marked-content sequences it is inside, outermost first. */
  stack: { tag: string; mcid?: number }[];
}

export interface FontInfo {
  page: number;
  name: string;
  subtype: string;
  embedded: boolean;
  toUnicode: boolean;
}

export interface AnnotInfo {
  page: number;
  subtype: string;
  ref: string;
  contents?: string;
  structParent?: number;
}

export interface PdfModel {
  version: string;
  marked: boolean;
  suspects: boolean;
  lang?: string;
  hasViewerPreferences: boolean;
  displayDocTitle?: boolean;
  infoTitle?: string;
  xmp?: string;
  pages: { tabs?: string; structParents?: number }[];
  roleMap: Record<string, string>;
  root?: StructNode;
  nodes: StructNode[];
  marks: MarkedContent[];
  paints: PaintEvent[];
  fonts: FontInfo[];
  annots: AnnotInfo[];
  /** ParentTree entries: key → the element (annotation) or elements by MCID (page). */
  parentTree: Map<number, StructNode | (StructNode | undefined)[] | undefined>;
  /** Problems met while reading (a broken reference, a ParentTree entry that is not an element). */
  readProblems: string[];
}

const name = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);
const text = (o: PDFObject | undefined): string | undefined => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);
const num = (o: PDFObject | undefined): number | undefined => (o instanceof PDFNumber ? o.asNumber() : undefined);

export async function readPdf(bytes: Uint8Array): Promise<PdfModel> {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  const version = /%PDF-(\d\.\d)/.exec(head)?.[1] ?? '?';
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: false });
  const ctx = doc.context;
  const look = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const dict = (o: PDFObject | undefined): PDFDict | undefined => {
    const v = look(o);
    return v instanceof PDFDict ? v : v instanceof PDFStream ? (v as unknown as { dict: PDFDict }).dict : undefined;
  };
  const arr = (o: PDFObject | undefined): PDFObject[] => {
    const v = look(o);
    return v instanceof PDFArray ? v.asArray() : v === undefined ? [] : [v];
  };
  const get = (d: PDFDict | undefined, key: string) => (d ? look(d.get(PDFName.of(key))) : undefined);
  const raw = (d: PDFDict | undefined, key: string) => d?.get(PDFName.of(key));
  const streamBytes = (o: PDFObject | undefined): Uint8Array | undefined => {
    const v = look(o);
    if (v instanceof PDFRawStream) return decodePDFRawStream(v).decode();
    if (v instanceof PDFStream) return v.getContents();
    return undefined;
  };

  const catalog = doc.catalog;
  const markInfo = dict(catalog.get(PDFName.of('MarkInfo')));
  const prefs = dict(catalog.get(PDFName.of('ViewerPreferences')));
  const ddt = get(prefs, 'DisplayDocTitle');
  const info = dict(ctx.trailerInfo.Info);
  const xmpBytes = streamBytes(catalog.get(PDFName.of('Metadata')));
  const model: PdfModel = {
    version,
    marked: get(markInfo, 'Marked') instanceof PDFBool && (get(markInfo, 'Marked') as PDFBool).asBoolean(),
    suspects: get(markInfo, 'Suspects') instanceof PDFBool && (get(markInfo, 'Suspects') as PDFBool).asBoolean(),
    ...(text(get(catalog, 'Lang')) !== undefined ? { lang: text(get(catalog, 'Lang'))! } : {}),
    hasViewerPreferences: prefs !== undefined,
    ...(ddt instanceof PDFBool ? { displayDocTitle: ddt.asBoolean() } : {}),
    ...(text(get(info, 'Title')) !== undefined ? { infoTitle: text(get(info, 'Title'))! } : {}),
    ...(xmpBytes ? { xmp: Buffer.from(xmpBytes).toString('utf8') } : {}),
    pages: [],
    roleMap: {},
    nodes: [],
    marks: [],
    paints: [],
    fonts: [],
    annots: [],
    parentTree: new Map(),
    readProblems: [],
  };

  // pages: marked content, painting, fonts, annotations
  const pageOf = new Map<string, number>();
  const pages = doc.getPages();
  pages.forEach((p, i) => pageOf.set(p.ref.toString(), i + 1));
  const fontSeen = new Set<string>();
  pages.forEach((p, i) => {
    const n = i + 1;
    const node = p.node as unknown as PDFDict;
    model.pages.push({ ...(name(get(node, 'Tabs')) ? { tabs: name(get(node, 'Tabs'))! } : {}), ...(num(get(node, 'StructParents')) !== undefined ? { structParents: num(get(node, 'StructParents'))! } : {}) });
    const resources = dict(get(node, 'Resources')) ?? dict((p.node as unknown as { Resources(): PDFDict | undefined }).Resources());
    const fonts = new Map<string, (codes: Uint8Array) => string>();
    const fontDict = dict(get(resources, 'Font'));
    for (const [key, ref] of fontDict?.entries() ?? []) {
      const f = dict(ref);
      if (!f) continue;
      const subtype = name(get(f, 'Subtype')) ?? '?';
      let descriptor = dict(get(f, 'FontDescriptor'));
      if (subtype === 'Type0') descriptor = dict(get(dict(arr(get(f, 'DescendantFonts'))[0]), 'FontDescriptor'));
      const embedded = subtype === 'Type3' || Boolean(descriptor && (get(descriptor, 'FontFile') || get(descriptor, 'FontFile2') || get(descriptor, 'FontFile3')));
      const cmap = streamBytes(raw(f, 'ToUnicode'));
      const id = ref instanceof PDFRef ? ref.toString() : `${n}/${key.decodeText()}`;
      if (!fontSeen.has(id)) {
        fontSeen.add(id);
        model.fonts.push({ page: n, name: name(get(f, 'BaseFont')) ?? key.decodeText(), subtype, embedded, toUnicode: Boolean(cmap) });
      }
      fonts.set(key.decodeText(), cmap ? toUnicode(Buffer.from(cmap).toString('latin1')) : (codes) => Buffer.from(codes).toString('latin1'));
    }
    for (const a of arr(get(node, 'Annots'))) {
      const ad = dict(a);
      if (!ad) continue;
      const sp = num(get(ad, 'StructParent'));
      model.annots.push({ page: n, subtype: name(get(ad, 'Subtype')) ?? '?', ref: a.toString(), ...(text(get(ad, 'Contents')) !== undefined ? { contents: text(get(ad, 'Contents'))! } : {}), ...(sp !== undefined ? { structParent: sp } : {}) });
    }
    const chunks = arr(raw(node, 'Contents')).map((c) => streamBytes(c) ?? new Uint8Array());
    const content = Buffer.concat(chunks.map((c) => Buffer.concat([Buffer.from(c), Buffer.from('\n')])));
    scanContent(content, n, fonts, model);
  });

  // the structure tree
  const treeRoot = dict(catalog.get(PDFName.of('StructTreeRoot')));
  if (treeRoot) {
    for (const [k, v] of dict(get(treeRoot, 'RoleMap'))?.entries() ?? []) if (name(look(v))) model.roleMap[k.decodeText()] = name(look(v))!;
    const byRef = new Map<string, StructNode>();
    const visiting = new Set<string>();
    const mapType = (s: string) => {
      let t = s;
      for (let i = 0; i < 10 && model.roleMap[t] && !STANDARD.has(t); i++) t = model.roleMap[t]!;
      return t;
    };
    const walk = (ref: PDFObject, parent: StructNode | null, inherited?: number): StructNode | undefined => {
      const key = ref.toString();
      const d = dict(ref);
      if (!d) return undefined;
      if (visiting.has(key)) {
        model.readProblems.push(`the structure tree has a cycle at ${key}`);
        return undefined;
      }
      visiting.add(key);
      const s = name(get(d, 'S')) ?? '?';
      const pg = pageOf.get(raw(d, 'Pg')?.toString() ?? '') ?? inherited;
      const attrs: Record<string, string | number> = {};
      for (const a of arr(raw(d, 'A'))) {
        const ad = dict(a);
        for (const [k, v] of ad?.entries() ?? []) {
          const lv = look(v);
          const val = name(lv) ?? num(lv) ?? text(lv);
          if (val !== undefined && k.decodeText() !== 'O') attrs[k.decodeText()] = val;
          if (lv instanceof PDFArray) attrs[k.decodeText()] = lv.asArray().map((x) => text(look(x)) ?? '').join(' ');
        }
      }
      const node: StructNode = {
        index: model.nodes.length,
        raw: s,
        type: mapType(s),
        parent,
        children: [],
        kids: [],
        ...(pg !== undefined ? { page: pg } : {}),
        ...(text(get(d, 'Alt')) !== undefined ? { alt: text(get(d, 'Alt'))! } : {}),
        ...(text(get(d, 'ActualText')) !== undefined ? { actualText: text(get(d, 'ActualText'))! } : {}),
        ...(text(get(d, 'Lang')) !== undefined ? { lang: text(get(d, 'Lang'))! } : {}),
        ...(text(get(d, 'ID')) !== undefined ? { id: text(get(d, 'ID'))! } : {}),
        attrs,
      };
      model.nodes.push(node);
      byRef.set(key, node);
      for (const k of arr(raw(d, 'K'))) {
        const kv = look(k);
        if (kv instanceof PDFNumber) {
          if (pg !== undefined) node.kids.push({ page: pg, mcid: kv.asNumber() });
          continue;
        }
        const kd = dict(k);
        if (!kd) continue;
        const type = name(get(kd, 'Type'));
        const kpg = pageOf.get(raw(kd, 'Pg')?.toString() ?? '') ?? pg ?? 0;
        if (type === 'MCR') node.kids.push({ page: kpg, mcid: num(get(kd, 'MCID')) ?? -1 });
        else if (type === 'OBJR') node.kids.push({ page: kpg, objr: raw(kd, 'Obj')?.toString() ?? '?' });
        else {
          const child = walk(k, node, pg);
          if (child) {
            node.children.push(child);
            node.kids.push({ node: child });
          }
        }
      }
      visiting.delete(key);
      return node;
    };
    const root: StructNode = { index: -1, raw: 'StructTreeRoot', type: 'StructTreeRoot', parent: null, children: [], kids: [], attrs: {} };
    for (const k of arr(raw(treeRoot, 'K'))) {
      const child = walk(k, root);
      if (child) {
        root.children.push(child);
        root.kids.push({ node: child });
      }
    }
    model.root = root;
    // the ParentTree (a number tree)
    const nums = (d: PDFDict | undefined, depth = 0): void => {
      if (!d || depth > 20) return;
      const list = arr(raw(d, 'Nums'));
      for (let i = 0; i + 1 < list.length; i += 2) {
        const key = num(look(list[i]));
        const value = list[i + 1]!;
        if (key === undefined) continue;
        const v = look(value);
        if (v instanceof PDFArray) model.parentTree.set(key, v.asArray().map((x) => byRef.get(x.toString())));
        else model.parentTree.set(key, byRef.get(value.toString()));
      }
      for (const kid of arr(raw(d, 'Kids'))) nums(dict(kid), depth + 1);
    };
    nums(dict(raw(treeRoot, 'ParentTree')));
  }
  return model;
}

const STANDARD = new Set([
  'Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'TOC', 'TOCI', 'Index', 'NonStruct', 'Private',
  'P', 'H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'THead', 'TBody', 'TFoot',
  'Span', 'Quote', 'Note', 'Reference', 'BibEntry', 'Code', 'Link', 'Annot', 'Ruby', 'RB', 'RT', 'RP', 'Warichu', 'WT', 'WP',
  'Figure', 'Formula', 'Form',
]);
export const STANDARD_TYPES: ReadonlySet<string> = STANDARD;

/** A ToUnicode CMap as a decoder of shown strings (two-byte codes when the codespace says so). */
function toUnicode(cmap: string): (codes: Uint8Array) => string {
  const map = new Map<number, string>();
  const hex = (h: string) => {
    let s = '';
    const d = h.replace(/\s+/g, '');
    for (let i = 0; i + 4 <= d.length; i += 4) s += String.fromCharCode(parseInt(d.slice(i, i + 4), 16));
    return s;
  };
  const width = /begincodespacerange\s*<([0-9a-fA-F]+)>/.exec(cmap)?.[1]?.length === 2 ? 1 : 2;
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]*)>/g)) map.set(parseInt(m[1]!, 16), hex(m[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F\s]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      const dst = m[3]!;
      if (dst.startsWith('[')) [...dst.matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach((x, i) => map.set(lo + i, hex(x[1]!)));
      else {
        const base = dst.slice(1, -1).replace(/\s+/g, '');
        for (let c = lo; c <= hi && c - lo < 65536; c++) {
          const last = parseInt(base.slice(-4), 16) + (c - lo);
          map.set(c, hex(base.slice(0, -4)) + String.fromCharCode(last));
        }
      }
    }
  }
  return (codes) => {
    let s = '';
    for (let i = 0; i + width <= codes.length; i += width) {
      const c = width === 2 ? (codes[i]! << 8) | codes[i + 1]! : codes[i]!;
      s += map.get(c) ?? '\ufffd';
    }
    return s;
  };
}

type Token = { k: 'op'; v: string } | { k: 'str'; v: Uint8Array } | { k: 'name'; v: string } | { k: 'num'; v: number } | { k: 'open' | 'close' | 'dopen' | 'dclose' };

/** Tokens of a content stream (enough for marked content, fonts and shown text). */
function* tokens(b: Buffer): Generator<Token> {
  let i = 0;
  const n = b.length;
  const ws = (c: number) => c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 0;
  const delim = (c: number) => ws(c) || '()<>[]{}/%'.includes(String.fromCharCode(c));
  while (i < n) {
    const c = b[i]!;
    if (ws(c)) i++;
    else if (c === 37) while (i < n && b[i] !== 10 && b[i] !== 13) i++;
    else if (c === 40) {
      const out: number[] = [];
      let depth = 1;
      i++;
      while (i < n && depth > 0) {
        const ch = b[i]!;
        if (ch === 92) {
          const e = b[i + 1]!;
          const esc: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
          if (e >= 48 && e <= 55) {
            let j = i + 1;
            let v = 0;
            while (j < i + 4 && b[j]! >= 48 && b[j]! <= 55) v = v * 8 + (b[j++]! - 48);
            out.push(v & 255);
            i = j;
            continue;
          }
          if (e === 10 || e === 13) {
            i += 2;
            continue;
          }
          out.push(esc[e] ?? e);
          i += 2;
          continue;
        }
        if (ch === 40) depth++;
        if (ch === 41 && --depth === 0) break;
        out.push(ch);
        i++;
      }
      i++;
      yield { k: 'str', v: Uint8Array.from(out) };
    } else if (c === 60 && b[i + 1] === 60) {
      i += 2;
      yield { k: 'dopen' };
    } else if (c === 62 && b[i + 1] === 62) {
      i += 2;
      yield { k: 'dclose' };
    } else if (c === 60) {
      const end = b.indexOf(62, i);
      const h = b.subarray(i + 1, end).toString('latin1').replace(/\s+/g, '');
      i = end + 1;
      yield { k: 'str', v: Uint8Array.from(Buffer.from(h.length % 2 ? `${h}0` : h, 'hex')) };
    } else if (c === 91) {
      i++;
      yield { k: 'open' };
    } else if (c === 93) {
      i++;
      yield { k: 'close' };
    } else if (c === 47) {
      let j = i + 1;
      while (j < n && !delim(b[j]!)) j++;
      yield { k: 'name', v: b.subarray(i + 1, j).toString('latin1').replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
      i = j;
    } else {
      let j = i;
      while (j < n && !delim(b[j]!)) j++;
      if (j === i) j++;
      const w = b.subarray(i, j).toString('latin1');
      i = j;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) yield { k: 'num', v: Number(w) };
      else if (w === 'BI') {
        // an inline image: skip to EI
        const end = b.indexOf('EI', i);
        i = end < 0 ? n : end + 2;
        yield { k: 'op', v: 'BI' };
      } else yield { k: 'op', v: w };
    }
  }
}

const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const PAINT = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Do', 'sh', 'BI']);

function scanContent(content: Buffer, page: number, fonts: Map<string, (codes: Uint8Array) => string>, model: PdfModel): void {
  const operands: (Token | { k: 'dict'; v: Record<string, unknown> } | { k: 'arr'; v: unknown[] })[] = [];
  const stack: { tag: string; mcid?: number; mark?: MarkedContent; lang?: string; actual?: string }[] = [];
  let path = false;
  let decode: (codes: Uint8Array) => string = (c) => Buffer.from(c).toString('latin1');
  // nested [ ] and << >> operands are collected into values
  const frames: { kind: 'arr' | 'dict'; items: unknown[] }[] = [];
  const value = (t: Token): unknown => (t.k === 'str' ? t.v : t.k === 'name' ? { name: t.v } : t.k === 'num' ? t.v : t.k === 'op' ? t.v : undefined);
  const textOf = (v: unknown): string | undefined => (v instanceof Uint8Array ? decodeTextString(v) : undefined);
  const shown = (s: string) => {
    // inside a span with /ActualText the glyphs are not read (its text was added when it opened)
    if (stack.some((x) => x.actual !== undefined)) return;
    const target = [...stack].reverse().find((x) => x.mark?.mcid !== undefined)?.mark ?? [...stack].reverse().find((x) => x.mark)?.mark;
    if (!target) return;
    target.text += s;
    if (CJK_TEXT.test(s) && ![...stack].some((x) => x.lang)) target.foreign = true;
  };
  for (const t of tokens(content)) {
    if (t.k === 'open' || t.k === 'dopen') {
      frames.push({ kind: t.k === 'open' ? 'arr' : 'dict', items: [] });
      continue;
    }
    if (t.k === 'close' || t.k === 'dclose') {
      const f = frames.pop();
      if (!f) continue;
      let v: unknown = f.items;
      if (f.kind === 'dict') {
        const d: Record<string, unknown> = {};
        for (let i = 0; i + 1 < f.items.length; i += 2) d[(f.items[i] as { name: string }).name] = f.items[i + 1];
        v = d;
      }
      if (frames.length) frames.at(-1)!.items.push(v);
      else operands.push(f.kind === 'arr' ? { k: 'arr', v: v as unknown[] } : { k: 'dict', v: v as Record<string, unknown> });
      continue;
    }
    if (frames.length) {
      frames.at(-1)!.items.push(value(t));
      continue;
    }
    if (t.k !== 'op') {
      operands.push(t);
      continue;
    }
    const op = t.v;
    if (op === 'BDC' || op === 'BMC') {
      const tag = (operands[0] as { v: string } | undefined)?.v ?? '?';
      const props = op === 'BDC' && operands[1]?.k === 'dict' ? (operands[1].v as Record<string, unknown>) : {};
      const mcid = typeof props.MCID === 'number' ? props.MCID : undefined;
      const lang = textOf(props.Lang);
      const actual = textOf(props.ActualText);
      const mark: MarkedContent | undefined = tag === 'Artifact' ? undefined : { page, tag, text: '', ...(mcid !== undefined ? { mcid } : {}), ...(lang !== undefined ? { lang } : {}), ...(actual !== undefined ? { actualText: actual } : {}) };
      if (mark) model.marks.push(mark);
      if (actual !== undefined) shown(actual);
      stack.push({ tag, ...(mcid !== undefined ? { mcid } : {}), ...(mark ? { mark } : {}), ...(lang !== undefined ? { lang } : {}), ...(actual !== undefined ? { actual } : {}) });
    } else if (op === 'EMC') stack.pop();
    else if (op === 'Tf') {
      const f = operands[0] as { k: string; v: string } | undefined;
      decode = (f && fonts.get(f.v)) ?? ((c) => Buffer.from(c).toString('latin1'));
    }
    // a path painted with no path built (pdfkit writes "f" around links) draws nothing
    if (op === 'm' || op === 're') path = true;
    const empty = PATH_PAINT.has(op) && !path;
    if (PATH_PAINT.has(op) || op === 'n') path = false;
    if (PAINT.has(op) && !empty) {
      model.paints.push({ page, op, stack: stack.map((s) => ({ tag: s.tag, ...(s.mcid !== undefined ? { mcid: s.mcid } : {}) })) });
      if (op === 'Tj' || op === "'" || op === '"') {
        const s = operands.at(-1);
        if (s?.k === 'str') shown(decode(s.v as Uint8Array));
      } else if (op === 'TJ') {
        const a = operands.at(-1);
        if (a?.k === 'arr') for (const x of a.v) if (x instanceof Uint8Array) shown(decode(x)); else if (typeof x === 'number' && x < -200) shown(' ');
      }
    }
    operands.length = 0;
  }
}

/** A PDF text string (UTF-16BE with a BOM, else PDFDocEncoding read as Latin-1). */
function decodeTextString(b: Uint8Array): string {
  if (b[0] === 0xfe && b[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  return Buffer.from(b).toString('latin1');
}
