/** The audiences a project's templates define (a folder with a profile.yaml each); light enough for the main thread. */
import type { Area } from '../io/project.js';

export function listAudiences(templates: Area): string[] {
  return templates.folders('audiences').filter((a) => templates.exists(`audiences/${a}/profile.yaml`));
}
