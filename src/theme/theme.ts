/**
 * The theme, in one place: page, fonts, type scale, colours and spacing for the PDF, and the
 * chart theme derived from it (same font files, palette and sizes). Profiles may override the
 * palette, the body font (TrueType files in the project's fonts/), body size, line height and
 * justification.
 */
import type { Profile } from '../profile/schema.js';

export const MM = 72 / 25.4;
/** Vega draws in CSS px; the PDF places 1 px at 0.75 pt. */
export const PX_TO_PT = 0.75;

export interface FontFaces {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

/**
 * Font files (TrueType only). Roboto comes from the pdfmake npm package; the Chinese font is a
 * GB2312 subset of Noto Sans SC (from the @expo-google-fonts/noto-sans-sc npm package, OFL),
 * vendored under fonts/ because the full family would add ~96 MB to every install
 * (see fonts/noto-sans-sc/README.md and scripts/subset-cjk.mjs).
 */
export const FONT_FILES: Record<string, FontFaces & { area: 'modules' | 'fonts' }> = {
  Roboto: {
    area: 'modules',
    normal: 'pdfmake/fonts/Roboto/Roboto-Regular.ttf',
    bold: 'pdfmake/fonts/Roboto/Roboto-Medium.ttf',
    italics: 'pdfmake/fonts/Roboto/Roboto-Italic.ttf',
    bolditalics: 'pdfmake/fonts/Roboto/Roboto-MediumItalic.ttf',
  },
  BriefkitSC: {
    area: 'fonts',
    normal: 'noto-sans-sc/NotoSansSC-Regular-GB2312.ttf',
    bold: 'noto-sans-sc/NotoSansSC-Regular-GB2312.ttf',
    italics: 'noto-sans-sc/NotoSansSC-Regular-GB2312.ttf',
    bolditalics: 'noto-sans-sc/NotoSansSC-Regular-GB2312.ttf',
  },
  // Arabic script (fontkit shapes it: joined forms, right to left), from @expo-google-fonts/noto-sans-arabic (OFL)
  NotoSansArabic: {
    area: 'fonts',
    normal: 'noto-sans-arabic/NotoSansArabic-Regular.ttf',
    bold: 'noto-sans-arabic/NotoSansArabic-Regular.ttf',
    italics: 'noto-sans-arabic/NotoSansArabic-Regular.ttf',
    bolditalics: 'noto-sans-arabic/NotoSansArabic-Regular.ttf',
  },
  // emoji and symbols in outline (monochrome) form, from @expo-google-fonts/noto-emoji (OFL)
  NotoEmoji: {
    area: 'fonts',
    normal: 'noto-emoji/NotoEmoji-Regular.ttf',
    bold: 'noto-emoji/NotoEmoji-Regular.ttf',
    italics: 'noto-emoji/NotoEmoji-Regular.ttf',
    bolditalics: 'noto-emoji/NotoEmoji-Regular.ttf',
  },
};

/** The bundled Arabic font, and the bundled emoji font. */
export const ARABIC_FONT = 'NotoSansArabic';
export const EMOJI_FONT = 'NotoEmoji';
/** Fonts whose runs read right to left: a run set in one is kept whole on its line (fontkit orders its glyphs). */
export const RTL_FONTS: ReadonlySet<string> = new Set([ARABIC_FONT]);

/** The bundled body font (a profile may choose its own with theme.font). */
export const BODY_FONT = 'Roboto';
/** The family set for runs of Chinese text. */
export const CJK_FONT = 'BriefkitSC';
/** The bundled fonts of the fallback chain, after the body font and the profile's own fallbacks. */
export const FALLBACK_FONTS = [CJK_FONT, 'NotoSansArabic', 'NotoEmoji'] as const;
/**
 * Line height factor for Chinese runs: the bundled Noto Sans SC's line box (ascent − descent)
 * is 1.448 em against Roboto's 1.172 em, so at the body's line height a line holding Chinese
 * text would be a quarter taller than its neighbours; this factor gives it the same leading.
 */
export const CJK_LEADING = 1.171875 / 1.448;
/** Han ideographs, CJK punctuation and full-width forms. */
// a quotation mark that touches Chinese text belongs to it (“十四五”): set in the CJK font, and kept
// as typed by the quotation-mark pass (src/layout/typography.ts), which sees it beside the text
export const CJK_RUN = /(?:[\u2018\u201c]?[\u2E80-\u2FDF\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]+[\u2019\u201d]?)+/g;

export interface Theme {
  /**
   * The font fallback chain: the body font, the profile's `theme.fallbacks`, then the bundled
   * Chinese, Arabic and emoji fonts. Each character is set in the first of them that has it
   * (src/theme/fonts.ts), in the text and in charts; one none has is BK307.
   */
  fonts: string[];
  page: { size: 'A4'; width: number; height: number; margins: [number, number, number, number] };
  font: string;
  fontSize: number;
  lineHeight: number;
  justify: boolean;
  /** Body text hyphenated with the patterns of the profile's language (src/layout/hyphenate.ts). */
  hyphenate: boolean;
  scale: { h1: number; h2: number; h3: number; small: number; caption: number; cover: number; coverSub: number; keyFigure: number };
  palette: {
    accent: string;
    accentSoft: string;
    text: string;
    muted: string;
    rule: string;
    calloutFill: string;
    tableStripe: string;
    series: string[];
  };
  space: { paragraph: number; block: number; headingAbove: number; headingBelow: number };
  contentWidth: number;
}

export function makeTheme(profile?: Profile): Theme {
  const o = profile?.theme ?? {};
  const margins: [number, number, number, number] = [22 * MM, 24 * MM, 22 * MM, 22 * MM];
  const width = 595.28;
  const palette = {
    accent: '#1f4e79',
    accentSoft: '#dbe6f1',
    text: '#1f2328',
    muted: '#5f6670',
    rule: '#c9ced6',
    calloutFill: '#f1f5f9',
    tableStripe: '#f5f7fa',
    series: ['#1f4e79', '#c8553d', '#2a9d8f', '#e9a03b', '#6c4f8f', '#7a8b99'],
    ...(o?.palette ?? {}),
  };
  return {
    page: { size: 'A4', width, height: 841.89, margins },
    font: o?.font?.family ?? BODY_FONT,
    fonts: [...new Set([o?.font?.family ?? BODY_FONT, ...(o?.fallbacks ?? []).map((f) => f.family), ...FALLBACK_FONTS])],
    fontSize: o?.fontSize ?? 9.5,
    lineHeight: o?.lineHeight ?? 1.3,
    justify: o?.justify ?? false,
    hyphenate: o?.hyphenate ?? o?.justify ?? false,
    scale: { h1: 17, h2: 12.5, h3: 10.5, small: 8, caption: 8.5, cover: 30, coverSub: 14, keyFigure: 20 },
    palette,
    space: { paragraph: 5, block: 10, headingAbove: 10, headingBelow: 5 },
    contentWidth: width - margins[0] - margins[2],
  };
}

/** Vega-Lite config derived from the PDF theme: same font, palette and sizes (in px). */
export function chartConfig(theme: Theme): Record<string, unknown> {
  const pt = (n: number) => n / PX_TO_PT;
  const label = pt(7.5);
  const title = pt(8);
  return {
    font: theme.font,
    background: 'white',
    padding: 4,
    view: { stroke: null },
    axis: {
      labelFont: theme.font,
      titleFont: theme.font,
      labelFontSize: label,
      titleFontSize: title,
      titleFontWeight: 'normal',
      labelColor: theme.palette.text,
      titleColor: theme.palette.muted,
      domainColor: '#8a929c',
      tickColor: '#8a929c',
      gridColor: '#e3e7ec',
      labelOverlap: true,
      labelFlush: false,
    },
    axisX: { grid: false },
    legend: { labelFont: theme.font, titleFont: theme.font, labelFontSize: label, titleFontSize: title, titleFontWeight: 'normal', titleColor: theme.palette.muted, orient: 'top', symbolSize: 80 },
    header: { labelFont: theme.font, titleFont: theme.font, labelFontSize: title, titleFontSize: title, labelFontWeight: 'bold' },
    title: { font: theme.font, fontSize: pt(9), fontWeight: 'bold', anchor: 'start', color: theme.palette.text },
    text: { font: theme.font, fontSize: label, color: theme.palette.text },
    mark: { font: theme.font },
    range: { category: theme.palette.series, ordinal: { scheme: 'blues' }, heatmap: { scheme: 'blues' } },
    // one colour for every single-series chart in the document: the theme's accent
    line: { strokeWidth: 2, color: theme.palette.accent },
    point: { filled: true, size: 36, color: theme.palette.accent },
    bar: { color: theme.palette.accent },
    area: { color: theme.palette.accent, opacity: 0.85 },
    rule: { color: '#8a929c' },
    arc: { stroke: 'white', strokeWidth: 1 },
  };
}
