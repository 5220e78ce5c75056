/**
 * The monthly-sales tutorial: synthetic monthly revenue by region and product (data/sales.csv,
 * written by scripts/generate.mjs) and 2025 targets by region (data/targets.json). Every total,
 * share and growth rate in the report is a derived dataset below, computed at build time.
 */
import { dataset, defineConfig, derived, isoMonth, provenance, z } from 'briefkit';

const region = z.enum(['North', 'South', 'East', 'West']);

export default defineConfig({
  sources: 'sources.json',
  datasets: {
    sales: dataset({
      file: 'sales.csv',
      row: { month: isoMonth, region, product: z.string().min(1), revenue: z.number().int().nonnegative(), ...provenance },
      key: ['month', 'region', 'product'],
    }),
    targets: dataset({
      file: 'targets.json',
      row: { region, year: z.number().int(), target: z.number().positive(), ...provenance },
      key: ['region'],
    }),
    // Revenue by region in 2025, its share of the total and the region's target.
    'region-totals': derived({
      from: 'sales',
      title: 'Revenue by region, 2025',
      steps: [
        { period: 'month', to: 'year' },
        { where: { year: 2025 } },
        { groupBy: ['region'], measures: { revenue: { sum: 'revenue' }, share: { share: 'revenue' } } },
        { join: 'targets', on: 'region', fields: ['target'] },
        { compute: { attainment: 'datum.revenue / datum.target * 100' } },
        { sort: '-revenue' },
      ],
      numbers: { attainment: { digits: 1, unit: '%' } },
    }),
    // The region with the most revenue in 2025.
    'best-region': derived({ from: 'region-totals', top: 1, sort: '-revenue' }),
    // Revenue of every month, all regions and products together: the line chart.
    monthly: derived({ from: 'sales', groupBy: ['month'], measures: { revenue: { sum: 'revenue' } } }),
    // Revenue by region and month: the line chart's series.
    'monthly-by-region': derived({ from: 'sales', groupBy: ['month', 'region'], measures: { revenue: { sum: 'revenue' } } }),
    // Revenue of each year and its change on the year before.
    yearly: derived({
      from: 'sales',
      steps: [
        { period: 'month', to: 'year' },
        { groupBy: ['year'], measures: { revenue: { sum: 'revenue' } } },
        { change: 'revenue', period: 'year', lag: 'period', as: 'growth' },
      ],
    }),
    // Revenue of each region and year, with its change on the year before.
    'region-yearly': derived({
      from: 'sales',
      steps: [
        { period: 'month', to: 'year' },
        { groupBy: ['year', 'region'], measures: { revenue: { sum: 'revenue' } } },
        { change: 'revenue', period: 'year', lag: 'period', groupBy: ['region'], as: 'growth' },
      ],
    }),
    // The five products with the most revenue in 2025.
    'top-products': derived({
      from: 'sales',
      steps: [
        { period: 'month', to: 'year' },
        { where: { year: 2025 } },
        { groupBy: ['product'], measures: { revenue: { sum: 'revenue' }, share: { share: 'revenue' } } },
        { top: 5, by: 'revenue' },
      ],
    }),
  },
});
