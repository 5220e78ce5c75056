/**
 * Simple words are shaped from the font's tables, without fontkit's shaper.
 *
 * Why: fontkit shapes every word with its full OpenType machinery (a glyph run, a shaping plan,
 * script selection, every GSUB and GPOS lookup walked over every glyph), and a cold build spends
 * most of its font time there (about 0.7 s of the policy edition), although nearly every word of a
 * Latin, Greek or Cyrillic text comes out as its cmap glyphs, their advance widths and the pair
 * kerning between them. Here such a word is shaped directly: cmap, hmtx and the GPOS pair-kerning
 * lookups fontkit would apply, with fontkit's own semantics (the same lookups in the same order,
 * the first subtable that applies wins, values added as fontkit adds them), so the result is the
 * same numbers. Everything the fast path cannot prove unchanged goes to fontkit: another script,
 * combining marks, default-ignorable characters, a fraction slash, variable fonts, AAT fonts, a
 * `kern` table fontkit would use, and any word where a GSUB lookup of the features fontkit enables
 * by default (ccmp, liga, calt…) or a GPOS lookup other than pair kerning (marks, cursive, single
 * adjustments, contextual positioning) could fire at some glyph. "Could fire" is decided
 * generously (a contextual rule counts as firing if its input and lookahead match, whatever its
 * backtrack), so a word with a ligature such as "fi" always takes fontkit's path.
 *
 * pdfkit and pdfmake ask for no OpenType features beyond fontkit's defaults (briefkit sets
 * `fontFeatures` only on right-to-left runs, which shared-layouts.ts leaves to pdfkit), so the
 * features are fontkit's default shaper's: rvrn, ltra, ltrm, ccmp, locl, rlig, mark, mkmk, calt,
 * clig, liga, rclt, curs, kern (frac, numr and dnom only around U+2044, which is never fast).
 *
 * Used by shared-layouts.ts (pdfkit's word layouts) and charts/metrics.ts (chart text widths);
 * the tables are fontkit's decoded ones, shared per font file (shared-font-tables.ts).
 */
import { createRequire } from 'node:module';

type Lazy<T> = { length: number; get?(i: number): T; toArray?(): T[] } & Partial<ArrayLike<T>>;
type Coverage = { version: number; glyphs?: ArrayLike<number>; rangeRecords?: { start: number; end: number; startCoverageIndex: number }[] };
type ClassDef = { version: number; startGlyph?: number; classValueArray?: ArrayLike<number>; classRangeRecord?: { start: number; end: number; class: number }[] };
type Value = { xAdvance?: number; yAdvance?: number; xPlacement?: number; yPlacement?: number } | undefined;
// a GSUB/GPOS subtable, as fontkit decodes it (only the fields read here)
type Table = Record<string, unknown> & { version: number };
type Lookup = { lookupType: number; flags?: { flags?: { ignoreBaseGlyphs?: boolean } }; subTables: Table[] };
type Processor = {
  features: Record<string, unknown>;
  findScript(s: string | string[]): unknown;
  selectScript(script: string, language: null, direction: string): string;
  lookupsForFeatures(features: string[]): { feature: string; lookup: Lookup }[];
};
/** The fontkit font fields read here. */
export type FontkitFont = {
  stream?: { buffer: Uint8Array };
  postscriptName?: string;
  unitsPerEm: number;
  directory?: { tables: Record<string, unknown> };
  hmtx: { metrics: Lazy<{ advance: number }> };
  GDEF?: { glyphClassDef?: ClassDef };
  _cmapProcessor: { lookup(cp: number): number };
  _layoutEngine: { engine: { GSUBProcessor?: Processor | null; GPOSProcessor?: Processor | null } | null; isDefaultIgnorable(cp: number): boolean };
};

/** A word shaped here: glyph ids (one per character), unscaled positions, and the space glyph fontkit looks up last. */
export interface SimpleRun {
  codePoints: number[];
  ids: number[];
  advances: number[];
  xAdvance: Int32Array;
  yAdvance: Int32Array;
  xOffset: Int32Array;
  yOffset: Int32Array;
  space: number;
}

/** fontkit's default shaper's global features (DefaultShaper.plan, left to right). */
export const DEFAULT_FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'];
/** The OpenType script tags (fontkit's, from Unicode scripts) this path shapes; others go to fontkit. */
const SCRIPTS: Record<string, string> = { Latin: 'latn', Greek: 'grek', Cyrillic: 'cyrl' };
const DEFAULT_SCRIPTS = ['DFLT', 'dflt', 'latn'];

/** Words shaped here and words handed to fontkit (for tests). */
export const simpleCounts = { simple: 0, declined: 0 };

type UnicodeProperties = { getScript(cp: number): string; isMark(cp: number): boolean };
let unicode: UnicodeProperties | undefined;
/** The unicode-properties fontkit uses (its copy, so its Unicode version). */
function props(): UnicodeProperties {
  if (!unicode) {
    const req = createRequire(import.meta.url);
    const pdfkit = createRequire(createRequire(req.resolve('pdfmake')).resolve('pdfkit'));
    unicode = createRequire(pdfkit.resolve('fontkit'))('unicode-properties') as UnicodeProperties;
  }
  return unicode;
}

/** Per code point: 0 not simple, 1 Common, else an index into SCRIPT_TAGS. */
const SCRIPT_TAGS = ['', 'zzzz', 'latn', 'grek', 'cyrl'];
const charKinds = new Map<number, number>();
function kind(cp: number): number {
  let k = charKinds.get(cp);
  if (k === undefined) {
    const u = props();
    const s = u.getScript(cp);
    k = u.isMark(cp) ? 0 : s === 'Common' ? 1 : SCRIPTS[s] ? SCRIPT_TAGS.indexOf(SCRIPTS[s]!) : 0;
    charKinds.set(cp, k);
  }
  return k;
}

function at<T>(a: unknown, i: number): T | undefined {
  if (a == null) return undefined;
  const l = a as Lazy<T>;
  return typeof l.get === 'function' ? l.get(i) : (l as ArrayLike<T>)[i];
}
function list<T>(a: unknown): T[] {
  if (a == null) return [];
  if (Array.isArray(a)) return a as T[];
  const l = a as Lazy<T>;
  return typeof l.toArray === 'function' ? l.toArray() : Array.from(l as ArrayLike<T>);
}

/** A format-1 coverage's glyphs by their first index (fontkit searches the array with indexOf). */
const glyphIndexes = new WeakMap<object, Map<number, number>>();
/** fontkit's OTProcessor.coverageIndex. */
function coverageIndex(c: Coverage | undefined, g: number): number {
  if (!c) return -1;
  if (c.version === 1) {
    let m = glyphIndexes.get(c);
    if (!m) {
      m = new Map();
      const glyphs = c.glyphs!;
      for (let i = 0; i < glyphs.length; i++) if (!m.has(glyphs[i]!)) m.set(glyphs[i]!, i);
      glyphIndexes.set(c, m);
    }
    return m.get(g) ?? -1;
  }
  if (c.version === 2) for (const r of c.rangeRecords!) if (r.start <= g && g <= r.end) return r.startCoverageIndex + g - r.start;
  return -1;
}
/** fontkit's OTProcessor.getClassID. */
function classOf(cd: ClassDef | undefined, g: number): number {
  if (!cd) return 0;
  if (cd.version === 1) {
    const i = g - cd.startGlyph!;
    if (i >= 0 && i < cd.classValueArray!.length) return cd.classValueArray![i]!;
  } else if (cd.version === 2) for (const r of cd.classRangeRecord!) if (r.start <= g && g <= r.end) return r.class;
  return 0;
}
function coverageGlyphs(c: Coverage | undefined): number[] {
  if (!c) return [];
  if (c.version === 1) return Array.from(c.glyphs!);
  const out: number[] = [];
  if (c.version === 2) for (const r of c.rangeRecords!) for (let g = r.start; g <= r.end; g++) out.push(g);
  return out;
}

/** A subtable that could change a word, by the kind of its lookup (GSUB types; GPOS types + 100). */
type Trigger = { type: number; t: Table };
const CONTEXT = new Set([5, 107]);
const CHAINING = new Set([6, 108]);

/** The coverage a subtable's current glyph must be in for it to apply at all. */
function firstCoverage(type: number, t: Table): Coverage | undefined {
  if (type === 104 || type === 105) return t.markCoverage as Coverage;
  if (type === 106) return t.mark1Coverage as Coverage;
  if (CONTEXT.has(type) && t.version === 3) return at<Coverage>(t.coverages, 0);
  if (CHAINING.has(type) && t.version === 3) return at<Coverage>(t.inputCoverage, 0);
  return t.coverage as Coverage;
}

// Sequences are matched in a window of a word's glyphs; `open`: the word goes on after the
// window, and a sequence that runs past its end may match.
function idsMatch(g: number[], start: number, seq: unknown, open: boolean): boolean {
  const s = list<number>(seq);
  for (let k = 0; k < s.length; k++) if (start + k >= g.length) return open;
  else if (g[start + k] !== s[k]) return false;
  return true;
}
function classesMatch(g: number[], start: number, seq: unknown, cd: ClassDef | undefined, open: boolean): boolean {
  const s = list<number>(seq);
  for (let k = 0; k < s.length; k++) if (start + k >= g.length) return open;
  else if (classOf(cd, g[start + k]!) !== s[k]) return false;
  return true;
}
function coveragesMatch(g: number[], start: number, seq: unknown, open: boolean): boolean {
  const s = list<Coverage>(seq);
  for (let k = 0; k < s.length; k++) if (start + k >= g.length) return open;
  else if (coverageIndex(s[k], g[start + k]!) < 0) return false;
  return true;
}

/**
 * Whether the subtable could apply at the window's first glyph (which is in its first coverage):
 * exact for ligatures within the window, generous for contextual rules (the backtrack is not
 * checked) and past the window, true for every other kind.
 */
function fires(tr: Trigger, g: number[], open: boolean): boolean {
  const { type, t } = tr;
  const cur = g[0]!;
  if (type === 4) {
    const set = at<unknown>(t.ligatureSets, coverageIndex(t.coverage as Coverage, cur));
    return list<{ components: unknown }>(set).some((lig) => idsMatch(g, 1, lig.components, open));
  }
  if (CONTEXT.has(type)) {
    if (t.version === 1) return list<{ input: unknown }>(at(t.ruleSets, coverageIndex(t.coverage as Coverage, cur))).some((r) => idsMatch(g, 1, r.input, open));
    if (t.version === 2) {
      const cd = t.classDef as ClassDef;
      return list<{ classes: unknown }>(at(t.classSet, classOf(cd, cur))).some((r) => classesMatch(g, 1, r.classes, cd, open));
    }
    return coveragesMatch(g, 0, t.coverages, open);
  }
  if (CHAINING.has(type)) {
    if (t.version === 1) return list<{ input: unknown; lookahead: unknown }>(at(t.chainRuleSets, coverageIndex(t.coverage as Coverage, cur))).some((r) => idsMatch(g, 1, r.input, open) && idsMatch(g, 1 + list(r.input).length, r.lookahead, open));
    if (t.version === 2) {
      const input = t.inputClassDef as ClassDef;
      return list<{ input: unknown; lookahead: unknown }>(at(t.chainClassSet, classOf(input, cur))).some((r) => classesMatch(g, 1, r.input, input, open) && classesMatch(g, 1 + list(r.input).length, r.lookahead, t.lookaheadClassDef as ClassDef, open));
    }
    return coveragesMatch(g, 0, t.inputCoverage, open) && coveragesMatch(g, list(t.inputCoverage).length, t.lookaheadCoverage, open);
  }
  return true;
}

/** What fontkit would do to simple words of one script in one font. */
interface Plan {
  triggers: Map<number, Trigger[]>;
  /** The pair-kerning lookups in fontkit's order (a lookup listed under two features comes twice). */
  pairs: Table[][];
  kerned: Map<number, Int32Array | null>;
  /** Whether a lookup could fire at a glyph, by the glyph, the next one and whether the word goes on after. */
  fired: Map<number, boolean>;
}

/** Per font (file and name): its plans by script tag (null: not simple), cmap and advances. */
interface FontData {
  plans: Map<string, Plan | null>;
  cmap: Map<number, number>;
  advances: Map<number, number>;
  classes: Map<number, number>;
}
/**
 * A value kept per font: per font file (its bytes, by identity, which every font object over the
 * same file shares) and per font name (a collection holds several fonts over the same bytes).
 */
export function perFont<T>(store: WeakMap<Uint8Array, Map<string, T>>, font: { stream?: { buffer: Uint8Array }; postscriptName?: string }, make: () => T): T | undefined {
  const bytes = font.stream?.buffer;
  if (!(bytes instanceof Uint8Array)) return undefined;
  let perFile = store.get(bytes);
  if (!perFile) store.set(bytes, (perFile = new Map()));
  const name = font.postscriptName ?? '';
  let v = perFile.get(name);
  if (v === undefined) perFile.set(name, (v = make()));
  return v;
}
const fonts = new WeakMap<Uint8Array, Map<string, FontData>>();
const dataOf = (font: FontkitFont) => perFont(fonts, font, () => ({ plans: new Map(), cmap: new Map(), advances: new Map(), classes: new Map() }));

function unwrap(type: number, t: Table, extension: number): [number, Table] {
  return type === extension ? [t.lookupType as number, t.extension as Table] : [type, t];
}

function planFor(font: FontkitFont, tag: string): Plan | null {
  const tables = font.directory?.tables ?? {};
  // variable fonts adjust advances and kerning; AAT fonts are shaped by morx
  if (tables.fvar || tables.morx) return null;
  const engine = font._layoutEngine.engine;
  const gsub = engine?.GSUBProcessor ?? null;
  const gpos = engine?.GPOSProcessor ?? null;
  if (engine && !('GSUBProcessor' in engine)) return null;
  // fontkit selects the script in GPOS, then GSUB, and chooses the shaper by what GSUB selected;
  // when a table has neither the script nor a default, fontkit keeps its previous selection
  let selected = '';
  for (const p of [gpos, gsub]) {
    if (!p) continue;
    if (!p.findScript(tag) && !p.findScript(DEFAULT_SCRIPTS)) return null;
    selected = p.selectScript(tag, null, 'ltr');
  }
  if (selected && !['latn', 'grek', 'cyrl', 'DFLT', 'dflt'].includes(selected)) return null;
  // a kern table fontkit would apply (no kern feature in GPOS for the script)
  if (tables.kern && !(gpos && gpos.features.kern)) return null;
  const plan: Plan = { triggers: new Map(), pairs: [], kerned: new Map(), fired: new Map() };
  const add = (type: number, t: Table) => {
    for (const g of coverageGlyphs(firstCoverage(type, t))) {
      let l = plan.triggers.get(g);
      if (!l) plan.triggers.set(g, (l = []));
      l.push({ type, t });
    }
  };
  for (const [p, base, extension] of [[gsub, 0, 7], [gpos, 100, 109]] as const) {
    if (!p) continue;
    for (const { lookup } of p.lookupsForFeatures(DEFAULT_FEATURES)) {
      // a lookup that skips base glyphs sees a word's glyphs in another order than they stand
      if (lookup.flags?.flags?.ignoreBaseGlyphs) return null;
      const subs = lookup.subTables.map((s) => unwrap(lookup.lookupType, s, extension));
      if (base === 100 && subs.every(([type]) => type === 2)) plan.pairs.push(subs.map(([, t]) => t));
      else for (const [type, t] of subs) add(base + type, t);
    }
  }
  return plan;
}

/** Whether a GSUB lookup or a GPOS lookup other than pair kerning could fire at glyph i, judged by it and the next glyph. */
function firesAt(plan: Plan, ids: number[], i: number): boolean {
  const triggers = plan.triggers.get(ids[i]!);
  if (!triggers) return false;
  const n = ids.length;
  const open = i + 2 < n;
  const key = (ids[i]! * 65537 + (i + 1 < n ? ids[i + 1]! + 1 : 0)) * 2 + (open ? 1 : 0);
  let f = plan.fired.get(key);
  if (f === undefined) {
    const window = ids.slice(i, i + 2);
    f = triggers.some((t) => fires(t, window, open));
    if (plan.fired.size > 100_000) plan.fired.clear();
    plan.fired.set(key, f);
  }
  return f;
}

/** The adjustments of glyphs a and b when b follows a, as fontkit's GPOS pair lookups add them; null when none. */
function kerning(plan: Plan, a: number, b: number): Int32Array | null {
  const key = a * 65536 + b;
  let k = plan.kerned.get(key);
  if (k !== undefined) return k;
  const d = new Int32Array(8);
  const apply = (v: Value, o: number) => {
    if (!v) return;
    if (v.xAdvance != null) d[o] = d[o]! + v.xAdvance;
    if (v.yAdvance != null) d[o + 1] = d[o + 1]! + v.yAdvance;
    if (v.xPlacement != null) d[o + 2] = d[o + 2]! + v.xPlacement;
    if (v.yPlacement != null) d[o + 3] = d[o + 3]! + v.yPlacement;
  };
  for (const subs of plan.pairs) {
    for (const t of subs) {
      const index = coverageIndex(t.coverage as Coverage, a);
      if (index === -1) continue;
      if (t.version === 1) {
        const pair = list<{ secondGlyph: number; value1: Value; value2: Value }>(at(t.pairSets, index)).find((p) => p.secondGlyph === b);
        if (!pair) continue;
        apply(pair.value1, 0);
        apply(pair.value2, 4);
        break;
      }
      if (t.version === 2) {
        const pair = at<{ value1: Value; value2: Value }>(at(t.classRecords, classOf(t.classDef1 as ClassDef, a)), classOf(t.classDef2 as ClassDef, b));
        apply(pair?.value1, 0);
        apply(pair?.value2, 4);
        break;
      }
    }
  }
  k = d.some((x) => x !== 0) ? d : null;
  if (plan.kerned.size > 100_000) plan.kerned.clear();
  plan.kerned.set(key, k);
  return k;
}

function glyphId(font: FontkitFont, data: FontData, cp: number): number {
  let id = data.cmap.get(cp);
  if (id === undefined) data.cmap.set(cp, (id = font._cmapProcessor.lookup(cp)));
  return id;
}
/** fontkit's Glyph._getTableMetrics(hmtx).advance. */
function advance(font: FontkitFont, data: FontData, id: number): number {
  let a = data.advances.get(id);
  if (a === undefined) {
    const m = font.hmtx.metrics;
    a = id < m.length ? at<{ advance: number }>(m, id)!.advance : (at<{ advance: number }>(m, m.length - 1)?.advance ?? 0);
    data.advances.set(id, a);
  }
  return a;
}
/** The glyph's GDEF class (0 without GDEF). */
function glyphClass(font: FontkitFont, data: FontData, id: number): number {
  let c = data.classes.get(id);
  if (c === undefined) data.classes.set(id, (c = classOf(font.GDEF?.glyphClassDef, id)));
  return c;
}

/**
 * The word shaped without fontkit's shaper, or undefined when only fontkit can shape it. The
 * result is what `font.layout(text)` gives: its glyphs' ids and unscaled positions.
 */
export function shapeSimple(font: FontkitFont, text: string): SimpleRun | undefined {
  const run = simple(font, text);
  if (run) simpleCounts.simple++;
  else simpleCounts.declined++;
  return run;
}

function simple(font: FontkitFont, text: string): SimpleRun | undefined {
  if (!text) return undefined;
  const data = dataOf(font);
  if (!data) return undefined;
  let script = 1;
  const codePoints: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    // surrogates (another plane), variation selectors and what fontkit hides (soft hyphen, ZWJ…)
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0x2044 || font._layoutEngine.isDefaultIgnorable(cp)) return undefined;
    const k = kind(cp);
    if (k === 0) return undefined;
    if (script === 1 && k > 1) script = k;
    codePoints.push(cp);
  }
  const tag = SCRIPT_TAGS[script]!;
  let plan = data.plans.get(tag);
  if (plan === undefined) data.plans.set(tag, (plan = planFor(font, tag)));
  if (!plan) return undefined;
  const n = codePoints.length;
  const ids = codePoints.map((cp) => glyphId(font, data, cp));
  for (const id of ids) {
    // a ligature or a mark glyph (by GDEF) is treated differently by lookups that skip such glyphs
    const c = glyphClass(font, data, id);
    if (c === 2 || c === 3) return undefined;
  }
  for (let i = 0; i < n; i++) if (firesAt(plan, ids, i)) return undefined;
  const advances = ids.map((id) => advance(font, data, id));
  const xAdvance = Int32Array.from(advances);
  const yAdvance = new Int32Array(n);
  const xOffset = new Int32Array(n);
  const yOffset = new Int32Array(n);
  if (plan.pairs.length)
    for (let i = 0; i + 1 < n; i++) {
      const d = kerning(plan, ids[i]!, ids[i + 1]!);
      if (!d) continue;
      for (const [arr, o] of [[xAdvance, 0], [yAdvance, 1], [xOffset, 2], [yOffset, 3]] as const) {
        arr[i] = arr[i]! + d[o]!;
        arr[i + 1] = arr[i + 1]! + d[o + 4]!;
      }
    }
  return { codePoints, ids, advances, xAdvance, yAdvance, xOffset, yOffset, space: glyphId(font, data, 0x20) };
}

/** The advance width of `text` in font units, as fontkit's layout gives it, or undefined when it must shape it. */
export function simpleWidth(font: FontkitFont, text: string): number | undefined {
  const run = shapeSimple(font, text);
  if (!run) return undefined;
  let w = 0;
  for (const x of run.xAdvance) w += x;
  return w;
}
