/** Words with their boxes (pt, from the top left) per page, from `pdftotext -bbox`. */
import { execFileSync } from 'node:child_process';

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export function wordsByPage(pdf: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return html
    .split('<page ')
    .slice(1)
    .map((p) =>
      [...p.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: unescape(m[5]!),
      })),
    );
}

/**
 * The cells of a table as set on a page: the words between its caption line ("Table 12 …",
 * matching `caption`) and the next source line, grouped into lines by their baseline.
 */
export function tableLines(page: Word[], caption: RegExp): Word[][] {
  const lines = new Map<number, Word[]>();
  for (const w of page) {
    const key = Math.round(w.yMax);
    const near = [...lines.keys()].find((k) => Math.abs(k - key) <= 1);
    const k = near ?? key;
    lines.set(k, [...(lines.get(k) ?? []), w]);
  }
  const sorted = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => ws.sort((a, b) => a.xMin - b.xMin));
  const start = sorted.findIndex((l) => l[0]?.text === 'Table' && caption.test(l.map((w) => w.text).join(' ')));
  if (start < 0) return [];
  const end = sorted.findIndex((l, i) => i > start && /^Sources?:$/.test(l[0]?.text ?? ''));
  return end < 0 ? [] : sorted.slice(start + 1, end);
}
