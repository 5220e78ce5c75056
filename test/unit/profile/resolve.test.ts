import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Area } from '../../../src/io/project.js';
import { deepMerge, listAudiences, resolveProfile } from '../../../src/profile/resolve.js';
import { tempDir, thrownSync, writeTree } from '../../support.js';

function templates(files: Record<string, string>): Area {
  const root = tempDir('briefkit-prof-');
  writeTree(root, files);
  return new Area(path.join(root, 'templates'), 'templates');
}
const BASE = 'title: Base title\npublisher: P\nauthor: A\nsections: [one, two]\ncover:\n  kicker: Briefing\n  note: base note\n';

describe('deepMerge', () => {
  it('merges maps recursively and replaces lists and scalars', () => {
    expect(deepMerge({ a: { x: 1, y: [1, 2] }, b: 1, l: [1] }, { a: { y: [3] }, l: [], c: 2 })).toEqual({ a: { x: 1, y: [3] }, b: 1, l: [], c: 2 });
  });
  it('does not modify its inputs', () => {
    const a = { m: { x: 1 } };
    deepMerge(a, { m: { x: 2 } });
    expect(a).toEqual({ m: { x: 1 } });
  });
});

describe('resolveProfile', () => {
  it('overlays the audience profile on the base, with defaults filled in', () => {
    const t = templates({
      'templates/profile.yaml': BASE,
      'templates/audiences/exec/profile.yaml': 'label: Exec\nsections: [two]\ncover:\n  note: exec note\n',
      'templates/audiences/empty/README.md': 'not an audience',
    });
    expect(listAudiences(t)).toEqual(['exec']);
    const r = resolveProfile(t, 'exec');
    expect(r.profile).toMatchObject({ audience: 'exec', title: 'Base title', label: 'Exec', sections: ['two'], cover: { kicker: 'Briefing', note: 'exec note' }, locale: 'en-GB', dateStyle: 'd MMMM yyyy' });
    expect(r.files).toEqual(['templates/profile.yaml', 'templates/audiences/exec/profile.yaml']);
  });

  it('lets an audience override a section or partial template', () => {
    const t = templates({
      'templates/profile.yaml': BASE,
      'templates/audiences/exec/profile.yaml': 'label: Exec\n',
      'templates/sections/one.md.hbs': 'base one',
      'templates/sections/two.md.hbs': 'base two',
      'templates/partials/foot.md.hbs': 'base foot',
      'templates/audiences/exec/sections/two.md.hbs': 'exec two',
    });
    const r = resolveProfile(t, 'exec');
    expect(r.templates.get('sections/one.md.hbs')).toBe('templates/sections/one.md.hbs');
    expect(r.templates.get('sections/two.md.hbs')).toBe('templates/audiences/exec/sections/two.md.hbs');
    expect(r.templates.get('partials/foot.md.hbs')).toBe('templates/partials/foot.md.hbs');
  });

  it('refuses an unknown audience with a usage error (BK501, exit code 2) listing the known ones', () => {
    const t = templates({ 'templates/profile.yaml': BASE, 'templates/audiences/exec/profile.yaml': 'label: E\n' });
    const e = thrownSync(() => resolveProfile(t, 'board'));
    expect(e.code).toBe('BK501');
    expect(e.exitCode).toBe(2);
    expect(e.expected).toContain('exec');
  });

  it('says which file and line set a field (the overlay over the base)', () => {
    const t = templates({
      'templates/profile.yaml': BASE + 'theme:\n  font:\n    family: Base Sans\n    normal: base/Regular.ttf\n',
      'templates/audiences/exec/profile.yaml': 'label: Exec\ntheme:\n  font:\n    family: Exec Sans\n    normal: exec/Regular.ttf\n',
      'templates/audiences/plain/profile.yaml': 'label: Plain\n',
    });
    const exec = resolveProfile(t, 'exec');
    expect(exec.profile.theme?.font?.family).toBe('Exec Sans');
    expect(exec.origin(['theme', 'font', 'normal'])).toEqual({ file: 'templates/audiences/exec/profile.yaml', line: 5 });
    expect(resolveProfile(t, 'plain').origin(['theme', 'font', 'family'])).toEqual({ file: 'templates/profile.yaml', line: 10 });
  });

  it('accepts a body font only as .ttf files inside fonts/', () => {
    for (const bad of ['../x.ttf', 'brand/x.woff2', '/abs/x.ttf', 'a/./x.ttf']) {
      const t = templates({ 'templates/profile.yaml': BASE, 'templates/audiences/a/profile.yaml': `theme:\n  font:\n    family: B\n    normal: "${bad}"\n` });
      const e = thrownSync(() => resolveProfile(t, 'a'));
      expect(e.code, bad).toBe('BK503');
      expect(e.where).toMatchObject({ file: 'templates/audiences/a/profile.yaml', field: 'theme.font.normal', line: 4 });
    }
  });

  it('names the field of an invalid overlay value', () => {
    const t = templates({ 'templates/profile.yaml': BASE, 'templates/audiences/exec/profile.yaml': 'label: E\nlanguage: English\n' });
    const e = thrownSync(() => resolveProfile(t, 'exec'));
    expect(e.where).toMatchObject({ file: 'templates/audiences/exec/profile.yaml', field: 'language' });
  });

  it('blames the base profile, not the overlay, for a mistake that is in the base profile', () => {
    const t = templates({ 'templates/profile.yaml': BASE + 'titel: typo\n', 'templates/audiences/exec/profile.yaml': 'label: E\n' });
    const e = thrownSync(() => resolveProfile(t, 'exec'));
    expect(e.summary).toContain('titel');
    expect(e.where.file).toBe('templates/profile.yaml');
  });

  it('suggests the field a misspelt key meant, at its own level of the profile (issue 26: did-you-mean for every option)', () => {
    const at = (overlay: string) => thrownSync(() => resolveProfile(templates({ 'templates/profile.yaml': BASE, 'templates/audiences/exec/profile.yaml': `label: E\n${overlay}` }), 'exec'));
    expect(at('covr: { enabled: false }\n').summary).toMatch(/unknown field "covr"\. Did you mean "cover"\?$/);
    expect(at('notes: { placment: footnotes }\n').summary).toMatch(/unknown field "placment"\. Did you mean "placement"\?$/);
    expect(at('cover: { kickr: X }\n').summary).toMatch(/Did you mean "kicker"\?$/);
    expect(at('zzzzz: 1\n').summary).toMatch(/unknown field "zzzzz"$/);
  });

  it('reports YAML syntax errors in a profile with file and line', () => {
    const t = templates({ 'templates/profile.yaml': BASE, 'templates/audiences/exec/profile.yaml': 'label: E\nsections: [one\n' });
    const e = thrownSync(() => resolveProfile(t, 'exec'));
    expect(e.code).toBe('BK012');
    expect(e.where.file).toBe('templates/audiences/exec/profile.yaml');
  });
});
