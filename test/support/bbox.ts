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

/** A page's words grouped into lines by their baseline, top to bottom, each line left to right. */
export function linesOf(page: Word[]): Word[][] {
  const lines = new Map<number, Word[]>();
  for (const w of page) {
    const key = Math.round(w.yMax);
    const near = [...lines.keys()].find((k) => Math.abs(k - key) <= 1);
    const k = near ?? key;
    lines.set(k, [...(lines.get(k) ?? []), w]);
  }
  return [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, ws]) => ws.sort((a, b) => a.xMin - b.xMin));
}

const isSource = (l: Word[]) => /^Sources?:$/.test(l[0]?.text ?? '');

/**
 * The cells of a table as set: its column-header line, then every body line, from its caption
 * line ("Table 12 …", matching `caption`) to its source line. A table that runs onto later pages
 * is followed there: each such page starts it again with "Table N (continued)" and the column
 * headers, which are skipped; the running header and footer are not part of the table. Empty
 * when the caption or the source line is not found.
 */
export function tableLines(pages: Word[][], caption: RegExp): Word[][] {
  // the first page where a matching caption line starts a whole table (a contents entry does not)
  for (let p = 0; p < pages.length; p++) {
    const found = tableFrom(pages, p, caption);
    if (found.length) return found;
  }
  return [];
}

function tableFrom(pages: Word[][], p: number, caption: RegExp): Word[][] {
  const lines = linesOf(pages[p]!);
  const start = lines.findIndex((l) => l[0]?.text === 'Table' && caption.test(l.map((w) => w.text).join(' ')));
  if (start < 0) return [];
  const label = lines[start]![1]?.text;
  const out: Word[][] = [];
  let body = lines.slice(start + 1);
  for (let q = p; q < pages.length; q++) {
    const end = body.findIndex(isSource);
    if (end >= 0) return [...out, ...body.slice(0, end)];
    // the page ends inside the table: drop the running footer (the last line), go on where it continues
    out.push(...body.slice(0, -1));
    const next = q + 1 < pages.length ? linesOf(pages[q + 1]!) : [];
    const again = next.findIndex((l) => l[0]?.text === 'Table' && l[1]?.text === label && l[2]?.text === '(continued)');
    if (again < 0) return [];
    body = next.slice(again + 2);
  }
  return [];
}
