/** The peer workload (../shared/peers/workload), ported by make.mjs: synthetic figures for benchmarking. */
import { dataset, defineConfig, namedFigures, provenance, z } from 'briefkit';

export default defineConfig({
  sources: 'sources.json',
  datasets: {
    'invention-grants': dataset({ file: 'invention-grants.json', row: { year: z.number(), grants: z.number(), ...provenance } }),
    'applications-by-type': dataset({ file: 'applications-by-type.json', row: { year: z.number(), type: z.string(), applications: z.number(), ...provenance } }),
    'pct-filings': dataset({ file: 'pct-filings.json', row: { year: z.number(), origin: z.string(), applications: z.number(), ...provenance } }),
    'royalties': dataset({ file: 'royalties.json', row: { year: z.number(), flow: z.string(), usd_bn: z.number(), ...provenance } }),
    'litigation-by-court': dataset({ file: 'litigation-by-court.json', row: { court: z.string(), cases: z.number(), ...provenance } }),
    'provinces-rd': dataset({ file: 'provinces-rd.json', row: { province: z.string(), region: z.string(), rd_intensity: z.number(), patents_per_10k: z.number(), gdp_trn_cny: z.number(), ...provenance } }),
    'trademarks-by-sector': dataset({ file: 'trademarks-by-sector.json', row: { year: z.number(), sector: z.string(), applications: z.number(), ...provenance } }),
    'grants-by-field': dataset({ file: 'grants-by-field.json', row: { field: z.string(), grants: z.number(), ...provenance } }),
    'table-provincial-filings': dataset({ file: 'table-provincial-filings.json', row: { c0: z.string(), c1: z.string(), c2: z.string(), c3: z.string(), c4: z.string(), ...provenance } }),
    'table-litigation-outcomes': dataset({ file: 'table-litigation-outcomes.json', row: { c0: z.string(), c1: z.string(), c2: z.string(), c3: z.string(), c4: z.string(), ...provenance } }),
    'table-top-applicants': dataset({ file: 'table-top-applicants.json', row: { c0: z.string(), c1: z.string(), c2: z.string(), c3: z.string(), c4: z.string(), ...provenance } }),
    'table-trademark-classes': dataset({ file: 'table-trademark-classes.json', row: { c0: z.string(), c1: z.string(), c2: z.string(), c3: z.string(), ...provenance } }),
    'key-figures': namedFigures({ file: 'key-figures.json' }),
  },
});
