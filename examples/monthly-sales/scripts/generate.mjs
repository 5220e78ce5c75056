#!/usr/bin/env node
/**
 * Writes the monthly-sales tutorial's data: synthetic monthly revenue of a fictitious retailer by
 * region and product, January 2023 to December 2025 (data/sales.csv), and revenue targets for
 * 2025 by region (data/targets.json). Nothing here describes a real company: the numbers come
 * from a seeded pseudo-random generator (mulberry32), so every run writes the same bytes.
 *
 *   node scripts/generate.mjs [out-dir]      (default: ../data next to this script)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'data');
fs.mkdirSync(out, { recursive: true });

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20260107);

const SOURCE = 'synthetic-sales';
const regions = { North: 1.0, South: 0.8, East: 1.25, West: 0.9 };
/** Yearly growth of each region's trend. */
const growth = { North: 0.04, South: 0.09, East: 0.05, West: 0.02 };
const products = ['Espresso beans', 'Filter coffee', 'Decaf coffee', 'Green tea', 'Black tea', 'Herbal tea', 'Chai mix', 'Hot chocolate', 'Mugs', 'Grinders', 'Kettles', 'Paper filters', 'Syrups', 'Biscuits', 'Gift boxes'];
/** Each product's typical monthly revenue in a region of weight 1, in euros. */
const base = Object.fromEntries(products.map((p) => [p, 2000 + Math.round(random() * 18000)]));

const months = [];
for (let y = 2023; y <= 2025; y++) for (let m = 1; m <= 12; m++) months.push(`${y}-${String(m).padStart(2, '0')}`);

const rows = [];
months.forEach((month, i) => {
  const m = Number(month.slice(5));
  // more sales towards the end of the year, fewer in summer
  const season = 1 + 0.12 * Math.cos(((m - 12) / 12) * 2 * Math.PI);
  for (const [region, weight] of Object.entries(regions)) {
    const trend = (1 + growth[region]) ** (i / 12);
    for (const product of products) {
      const noise = 0.85 + random() * 0.3;
      rows.push({ month, region, product, revenue: Math.round(base[product] * weight * season * trend * noise) });
    }
  }
});

const csv = ['month,region,product,revenue,source', ...rows.map((r) => `${r.month},${r.region},${r.product},${r.revenue},${SOURCE}`)].join('\n') + '\n';
fs.writeFileSync(path.join(out, 'sales.csv'), csv);

// targets for 2025: 2024 revenue plus 6%, rounded to the thousand
const targets = Object.keys(regions).map((region) => {
  const revenue2024 = rows.filter((r) => r.region === region && r.month.startsWith('2024')).reduce((s, r) => s + r.revenue, 0);
  return { region, year: 2025, target: Math.round((revenue2024 * 1.06) / 1000) * 1000, source: ['synthetic-targets'] };
});
fs.writeFileSync(path.join(out, 'targets.json'), JSON.stringify({ title: 'Revenue targets for 2025 by region (synthetic)', unit: 'euros', rows: targets }, null, 2) + '\n');
