/** The audiences a project's templates define (a folder with a profile.yaml each); light enough for the main thread. */
import fs from 'node:fs';
import path from 'node:path';
import type { Area } from '../io/project.js';
import * as msg from '../log/message.js';

/** Every audience, sorted; BK413 when there is none (no templates/audiences/, or no profile.yaml in it). */
export function listAudiences(templates: Area): string[] {
  const found = templates.folders('audiences').filter((a) => templates.exists(`audiences/${a}/profile.yaml`));
  if (found.length === 0) {
    const dir = path.join(templates.dir, 'audiences');
    const there = fs.existsSync(dir) && fs.statSync(dir).isDirectory();
    throw msg.noAudiences(templates.name('audiences/'), there ? `${templates.name('audiences/')} has no folder with a profile.yaml` : `${templates.name('audiences/')} does not exist`);
  }
  return found;
}
