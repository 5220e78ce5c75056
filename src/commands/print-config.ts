/** `briefkit build --print-config`: the fully resolved profile of each audience and where every template comes from. */
import YAML from 'yaml';
import type { BuildOptions } from '../build.js';
import { Project } from '../io/project.js';
import { listAudiences, resolveProfile } from '../profile/resolve.js';

export function printConfig(opts: BuildOptions): string {
  const project = new Project(opts.root, opts);
  const audiences = opts.audiences?.length ? opts.audiences : listAudiences(project.templates);
  const doc = audiences.map((a) => {
    const r = resolveProfile(project.templates, a);
    return {
      audience: a,
      profileFiles: r.files,
      profile: r.profile,
      templates: Object.fromEntries([...r.templates.entries()].sort(([x], [y]) => x.localeCompare(y))),
    };
  });
  return YAML.stringify(doc.length === 1 ? doc[0] : doc, { lineWidth: 0 });
}
