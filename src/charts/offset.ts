/**
 * Offsets about a band's centre. Vega-Lite places a mark with an xOffset/yOffset at the START of
 * its band plus the offset, while the band's axis label stands at the band's centre. With the
 * default offset range ([0, bandwidth]) that is right; but a spec that gives the offset scale
 * its own range reaching both sides of zero (e.g. [-8.5, 8.5], lanes on either side of a row)
 * means offsets about the row's centre line, and Vega-Lite drew every such row half a band above
 * (or left of) its label. This moves those marks to the band's centre (Vega's `band: 0.5`).
 */
type Ref = { scale?: string; band?: number; offset?: unknown };
type Scale = { name: string; type?: string; range?: unknown };

/** Sets `band: 0.5` on positions of band scales whose offset scale has a range about zero; returns how many. */
export function centreOffsets(vgSpec: unknown): number {
  const scales = new Map<string, Scale>();
  const collect = (node: { scales?: Scale[]; marks?: unknown[] }) => {
    for (const s of node.scales ?? []) scales.set(s.name, s);
    for (const m of (node.marks ?? []) as { scales?: Scale[]; marks?: unknown[] }[]) collect(m);
  };
  collect(vgSpec as never);
  const aboutZero = (name: unknown) => {
    const r = typeof name === 'string' ? scales.get(name)?.range : undefined;
    return Array.isArray(r) && r.length === 2 && r.every((v) => typeof v === 'number') && Math.min(...(r as number[])) < 0 && Math.max(...(r as number[])) > 0;
  };
  let n = 0;
  const fix = (ref: Ref | Ref[] | undefined) => {
    for (const r of Array.isArray(ref) ? ref : ref ? [ref] : []) {
      const off = r.offset as { scale?: unknown } | undefined;
      if (r.scale && scales.get(r.scale)?.type === 'band' && r.band === undefined && off && typeof off === 'object' && aboutZero(off.scale)) {
        r.band = 0.5;
        n++;
      }
    }
  };
  const visit = (node: { marks?: unknown[] }) => {
    for (const m of (node.marks ?? []) as { encode?: Record<string, Record<string, Ref | Ref[]>>; marks?: unknown[] }[]) {
      for (const set of Object.values(m.encode ?? {})) for (const ch of ['x', 'y', 'xc', 'yc']) fix(set?.[ch]);
      visit(m);
    }
  };
  visit(vgSpec as never);
  return n;
}
