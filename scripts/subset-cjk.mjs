#!/usr/bin/env node
/**
 * subset-cjk.mjs — regenerate fonts/noto-sans-sc/NotoSansSC-Regular-GB2312.ttf
 *
 * A maintenance script, run by hand when the subset has to change. It is NOT
 * part of the build, the tests or CI, and its two tools are NOT dependencies
 * of briefkit. Install them in a scratch folder first:
 *
 *   mkdir -p /tmp/cjk && cd /tmp/cjk
 *   npm init -y
 *   npm install subset-font@2.9.0 @expo-google-fonts/noto-sans-sc@0.4.3
 *
 * (Or `npm pack @expo-google-fonts/noto-sans-sc@0.4.3 && tar xzf *.tgz`: the
 * script also looks in <tools>/package/, the folder that tarball unpacks to.)
 *
 * Then, from the repository root:
 *
 *   node scripts/subset-cjk.mjs /tmp/cjk
 *   # or: BRIEFKIT_CJK_TOOLS=/tmp/cjk node scripts/subset-cjk.mjs
 *   # optional: --out=/some/other/file.ttf   (default: the committed file)
 *
 * What it keeps (see fonts/noto-sans-sc/README.md):
 *   - Basic Latin U+0020–U+007E
 *   - Latin-1 punctuation and symbols U+00A0–U+00BF, plus × U+00D7 and ÷ U+00F7
 *   - General Punctuation used in mixed text: U+2010–U+2027, ‰ U+2030,
 *     ′ ″ U+2032–U+2033, ‵ U+2035, ※ U+203B
 *   - CJK Symbols and Punctuation U+3000–U+303F
 *   - Halfwidth and Fullwidth Forms U+FF00–U+FFEF
 *   - every character of GB2312: each 2-byte pair with lead byte 0xA1–0xF7 and
 *     trail byte 0xA1–0xFE, decoded with TextDecoder('gb18030'), kept when it
 *     decodes to one code point that is not U+FFFD. Private-use code points
 *     (U+E000–U+F8FF, the unassigned GB2312 cells) are dropped: the font has
 *     no glyphs for them. The few GBK additions that fall in the same rows
 *     (e.g. vertical forms U+FE30…) are kept.
 *   - explicitly, every character of REQUIRED below and of every "chinese"
 *     field of data/glossary.json (whether or not it is in GB2312).
 * Code points the source font has no glyph for are silently left out by
 * HarfBuzz; the script lists them.
 *
 * Output is plain TrueType (sfnt, glyf outlines, header 0x00010000), not
 * WOFF/WOFF2, because pdfmake/pdfkit embed TrueType. All OpenType layout
 * features are kept (HarfBuzz layout closure), the font is unhinted already.
 *
 * Naming: the result is a Modified Version under the SIL OFL 1.1 and is
 * called "BriefkitSC" in briefkit's docs. subset-font has no option to
 * rewrite the `name` table, so the internal names stay those of the source
 * ("Noto Sans SC" / "NotoSansSC-Regular"); see the README.
 *
 * After writing, the script verifies the file: sfnt header, parsed by
 * fontkit (briefkit's own dependency), and fontkit hasGlyphForCodePoint()
 * for every required character. Exit code 1 if anything is missing.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(REPO, 'fonts/noto-sans-sc/NotoSansSC-Regular-GB2312.ttf');
const GLOSSARY = join(REPO, 'data/glossary.json');
const SOURCE_PACKAGE = '@expo-google-fonts/noto-sans-sc';
const SOURCE_VERSION = '0.4.3';
const SOURCE_FILE = '400Regular/NotoSansSC_400Regular.ttf';

/** Strings that must render; checked with fontkit after subsetting. */
const REQUIRED = [
  '国家知识产权局', '中华人民共和国国家知识产权局', '国务院', '中共中央',
  '最高人民法院', '全国人民代表大会', '商务部', '国家外汇管理局', '专利法',
  '商标法', '著作权法', '反垄断法', '外商投资法', '民法典',
  '国家知识产权战略纲要', '知识产权强国建设纲要（2021－2035年）', '一带一路',
  '关于强化知识产权保护的意见', '蓝天行动', '“十四五”国家知识产权保护和运用规划',
  '知识产权保护中心', '中央政治局', '世界知识产权组织', '世界贸易组织',
  '科学技术进步法', '经济贸易协议',
];

/** [first, last] inclusive code point ranges kept besides GB2312. */
const RANGES = [
  [0x0020, 0x007e], // Basic Latin (printable)
  [0x00a0, 0x00bf], // Latin-1 punctuation and symbols
  [0x00d7, 0x00d7], // ×
  [0x00f7, 0x00f7], // ÷
  [0x2010, 0x2027], // dashes, quotes, bullets, ellipsis
  [0x2030, 0x2030], // ‰
  [0x2032, 0x2033], // ′ ″
  [0x2035, 0x2035], // ‵
  [0x203b, 0x203b], // ※
  [0x3000, 0x303f], // CJK Symbols and Punctuation
  [0xff00, 0xffef], // Halfwidth and Fullwidth Forms
];

/** GB2312 repertoire via the WHATWG gb18030 decoder (GB2312 ⊂ GB18030). */
function gb2312CodePoints() {
  const decoder = new TextDecoder('gb18030');
  const out = new Set();
  for (let lead = 0xa1; lead <= 0xf7; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      const s = decoder.decode(new Uint8Array([lead, trail]));
      const cps = [...s];
      if (cps.length !== 1 || s === '\ufffd') continue;
      const cp = s.codePointAt(0);
      if (cp >= 0xe000 && cp <= 0xf8ff) continue; // private use = unassigned cell
      out.add(cp);
    }
  }
  return out;
}

function glossaryChinese() {
  if (!existsSync(GLOSSARY)) return [];
  const data = JSON.parse(readFileSync(GLOSSARY, 'utf8'));
  return (data.terms ?? []).map((t) => t.chinese).filter((s) => typeof s === 'string' && s);
}

const hex = (cp) => 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');

function findSource(tools) {
  const candidates = [
    join(tools, 'node_modules', SOURCE_PACKAGE),
    join(tools, 'package'), // `npm pack` + `tar xzf`
  ];
  for (const dir of candidates) {
    const pj = join(dir, 'package.json');
    if (!existsSync(pj)) continue;
    const meta = JSON.parse(readFileSync(pj, 'utf8'));
    if (meta.name !== SOURCE_PACKAGE) continue;
    if (meta.version !== SOURCE_VERSION) {
      console.warn(`warning: ${SOURCE_PACKAGE}@${meta.version} found, README documents ${SOURCE_VERSION}`);
    }
    return { ttf: join(dir, SOURCE_FILE), version: meta.version };
  }
  throw new Error(`${SOURCE_PACKAGE} not found under ${tools} (node_modules/ or package/)`);
}

async function main() {
  const args = process.argv.slice(2);
  const outArg = args.find((a) => a.startsWith('--out='));
  const out = outArg ? resolve(outArg.slice(6)) : DEFAULT_OUT;
  const toolsArg = args.find((a) => !a.startsWith('--')) ?? process.env.BRIEFKIT_CJK_TOOLS;
  if (!toolsArg) {
    console.error('usage: node scripts/subset-cjk.mjs <tools-folder> [--out=file.ttf]\n' +
      '   or: BRIEFKIT_CJK_TOOLS=<tools-folder> node scripts/subset-cjk.mjs\n' +
      'The tools folder must contain subset-font and @expo-google-fonts/noto-sans-sc (see the header).');
    process.exit(2);
  }
  const tools = resolve(toolsArg);
  const toolsRequire = createRequire(join(tools, 'noop.js'));
  const subsetFont = toolsRequire('subset-font');
  const fontkit = createRequire(import.meta.url)('fontkit'); // briefkit's dependency

  const source = findSource(tools);
  const srcBuf = readFileSync(source.ttf);
  const srcFont = fontkit.create(srcBuf);

  // Character set.
  const gb = gb2312CodePoints();
  const wanted = new Set(gb);
  for (const [a, b] of RANGES) for (let cp = a; cp <= b; cp++) wanted.add(cp);
  const explicit = [...REQUIRED, ...glossaryChinese()];
  const extra = new Set();
  for (const s of explicit) {
    for (const ch of s) {
      const cp = ch.codePointAt(0);
      if (cp < 0x20) continue;
      if (!wanted.has(cp)) extra.add(cp);
      wanted.add(cp);
    }
  }
  const text = String.fromCodePoint(...[...wanted].sort((a, b) => a - b));
  const notInSource = [...wanted].filter((cp) => !srcFont.hasGlyphForCodePoint(cp));

  const subset = await subsetFont(srcBuf, text, {
    targetFormat: 'sfnt', // TrueType, not WOFF/WOFF2
    // Keep copyright/licence/trademark/vendor records (0–6 are kept anyway).
    preserveNameIds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
  });

  // Verify.
  const problems = [];
  if (subset.readUInt32BE(0) !== 0x00010000) problems.push('output does not start with 0x00010000');
  const font = fontkit.create(subset);
  if (!font.directory.tables.glyf) problems.push('no glyf table');
  const missing = new Set();
  for (const s of explicit) {
    for (const ch of s) {
      const cp = ch.codePointAt(0);
      if (cp >= 0x20 && !font.hasGlyphForCodePoint(cp)) missing.add(cp);
    }
  }
  const gbMissing = [...gb].filter((cp) => !font.hasGlyphForCodePoint(cp));

  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, subset);

  console.log(`source:   ${SOURCE_PACKAGE}@${source.version} ${SOURCE_FILE} (${srcBuf.length} bytes, ${srcFont.numGlyphs} glyphs)`);
  console.log(`output:   ${out} (${subset.length} bytes, ${font.numGlyphs} glyphs, ${font.characterSet.length} mapped code points)`);
  console.log(`GB2312:   ${gb.size} code points, ${gbMissing.length} without glyph${gbMissing.length ? ': ' + gbMissing.map(hex).join(' ') : ''}`);
  console.log(`requested ${wanted.size} code points; not in source font (dropped): ${notInSource.length}` +
    (notInSource.length ? ` (${notInSource.map(hex).join(' ')})` : ''));
  console.log(`explicit extras outside GB2312+ranges: ${extra.size ? [...extra].map((cp) => String.fromCodePoint(cp) + ' ' + hex(cp)).join(', ') : 'none'}`);
  if (missing.size) problems.push('required characters without glyph: ' + [...missing].map((cp) => String.fromCodePoint(cp) + ' ' + hex(cp)).join(', '));
  if (problems.length) {
    console.error('FAILED:\n  ' + problems.join('\n  '));
    process.exit(1);
  }
  console.log(`verified: sfnt 0x00010000, fontkit parse, all ${explicit.length} required/glossary strings covered`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
