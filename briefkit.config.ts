/**
 * The flagship report's datasets: China's intellectual-property trajectory and the international
 * reactions to it. Each entry names its file in data/, and its schema is both the validator and
 * the TypeScript type of a row. Templates read them by name ({{fig "invention-grants" 2023}}).
 */
import { caveats, count, dataset, defineConfig, events, glossary, isoDate, namedFigures, provenance, yearlySeries, z } from 'briefkit';

const growthStated = z.number().finite().optional();
/**
 * Growth rates are derived from two counts: sources state some to two decimals (+24.74%,
 * −18.17%), but one is what is meaningful next to counts rounded to thousands, so they print with
 * at most one (24 stays 24%). Counts and amounts are printed as the sources give them.
 */
const rate = { digits: 1, unit: '%' };
/** A yearly count as CNIPA and WIPO report it: the growth rate the source states, the domestic share. */
const countSeries = (file: string) => yearlySeries({ file, fields: { growthStated, domestic: count.optional() }, numbers: { growthStated: rate } });
const byMeasure = (file: string) => yearlySeries({ file, by: { measure: z.string().min(1) }, fields: { growthStated }, numbers: { growthStated: rate } });
const byKind = (file: string) => yearlySeries({ file, by: { kind: z.enum(['utility-model', 'design']) } });

export const actorGroups = ['United States', 'European Union', 'WIPO', 'Business', 'China', 'WTO', 'Independent'] as const;
export const reactionKinds = ['accusation', 'sanction-tariff', 'agreement', 'litigation', 'recognition', 'reform'] as const;

export default defineConfig({
  sources: 'sources.json',
  datasets: {
    'invention-grants': countSeries('invention-grants.json'),
    'invention-applications': countSeries('invention-applications.json'),
    'utility-design-grants': byKind('utility-design-grants.json'),
    'utility-design-applications': byKind('utility-design-applications.json'),
    'pct-by-origin': yearlySeries({ file: 'pct-by-origin.csv', by: { origin: z.enum(['China', 'United States', 'Japan']) } }),
    'pct-cnipa-receiving-office': countSeries('pct-cnipa-receiving-office.json'),
    'gii-rank': yearlySeries({ file: 'gii-rank.json', value: false, fields: { rank: z.number().int().positive(), clusters: count.optional() } }),
    'trademark-registrations': countSeries('trademark-registrations.json'),
    'trademark-applications': byMeasure('trademark-applications.json'),
    'court-ip-cases': yearlySeries({
      file: 'court-ip-cases.json',
      value: false,
      fields: { received: count, concluded: count.optional(), change: z.number().finite().optional(), scope: z.string().min(1) },
      numbers: { change: rate },
    }),
    'admin-enforcement': byMeasure('admin-enforcement.json'),
    'protection-centres': dataset({
      file: 'protection-centres.json',
      row: { date: isoDate, count, scope: z.string().min(1), ...provenance },
      key: (r) => `date ${r.date}, scope "${String(r.scope)}"`,
    }),
    'ip-fee-trade': dataset({
      file: 'ip-fee-trade.json',
      row: {
        period: z.string().min(1),
        year: z.number().int().min(1900).max(2100),
        measure: z.enum(['total', 'payments', 'receipts', 'exports', 'imports', 'deficit', 'target-total']),
        value: z.number().finite(),
        currency: z.enum(['USD', 'CNY']),
        scale: z.enum(['bn', 'unit']),
        growthStated,
        ...provenance,
      },
      numbers: { growthStated: rate },
      // one figure per period, measure and currency as each source reports it
      key: (r) => `period "${String(r.period)}", ${String(r.measure)}, ${String(r.currency)}, ${(r.source as string[]).join('+')}`,
    }),
    'special-301': yearlySeries({
      file: 'special-301.json',
      value: false,
      fields: {
        status: z.string().min(1),
        section306: z.boolean().optional(),
        inferred: z.boolean().optional(),
        pwlCountries: count.optional(),
        consecutiveYear: z.number().int().positive().optional(),
      },
    }),
    'enforcement-2023': namedFigures({ file: 'enforcement-2023.json', fields: { growthStated }, numbers: { growthStated: rate } }),
    snapshots: namedFigures({ file: 'snapshots.json', fields: { growthStated }, numbers: { growthStated: rate } }),
    reactions: events({
      file: 'reactions.csv',
      fields: { actor: z.string().min(1), actorGroup: z.enum(actorGroups), kind: z.enum(reactionKinds) },
    }),
    caveats: caveats({ file: 'caveats.json' }),
    glossary: glossary({
      file: 'glossary.json',
      fields: { english: z.string().min(1), chinese: z.string().min(1), kind: z.enum(['institution', 'law', 'programme', 'event']) },
    }),
  },
});
