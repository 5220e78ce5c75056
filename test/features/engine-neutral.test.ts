/**
 * The engine knows no report: nothing under src/ names the flagship's datasets, its actor groups
 * or its PCT origins (doc comments may, as examples). Names that are also the engine's own
 * building blocks ("caveats", "glossary": generic kinds of dataset it offers every project) are
 * checked as identifiers only where they are not those blocks.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as blocks from '../../src/config/blocks.js';
import { loadConfig } from '../../src/config/load.js';
import { Project } from '../../src/io/project.js';
import { ROOT } from '../support.js';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every string literal and template piece in a file (comments are not nodes, so they are skipped). */
function strings(file: string): string[] {
  const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) out.push(n.text);
    n.forEachChild(visit);
  };
  visit(src);
  return out;
}

/** The words of `words` that `s` names as a whole word (not as part of a longer name). */
function named(s: string, words: string[]): string[] {
  return words.filter((w) => new RegExp(`(^|[^A-Za-z0-9-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9-])`).test(s));
}

const enumValues = (s: unknown): string[] => {
  const def = (s as { _zod?: { def?: { type?: string; entries?: Record<string, string>; innerType?: unknown; out?: unknown } } })._zod?.def;
  if (!def) return [];
  if (def.type === 'enum') return Object.values(def.entries ?? {});
  if (def.innerType) return enumValues(def.innerType);
  if (def.out) return enumValues(def.out); // a CSV field: text coerced, then the declared schema
  return [];
};

describe('the engine holds no knowledge of the flagship', () => {
  it('no string in src/ names a flagship dataset, actor group or origin', async () => {
    const config = await loadConfig(new Project(ROOT).rootArea);
    const engineBlocks = new Set(Object.keys(blocks));
    const names = config.datasets.map((d) => d.name).filter((n) => !engineBlocks.has(n));
    const groups = enumValues(config.datasets.find((d) => d.name === 'reactions')!.row.shape.actorGroup);
    const origins = enumValues(config.datasets.find((d) => d.name === 'pct-by-origin')!.row.shape.origin);
    expect(names.length).toBeGreaterThan(15);
    expect(groups).toContain('WIPO');
    expect(origins).toEqual(['China', 'United States', 'Japan']);
    const words = [...names, ...groups, ...origins];
    const hits: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, 'src'))) {
      for (const s of strings(file)) {
        for (const w of named(s, words)) hits.push(`${path.relative(ROOT, file)}: "${w}" in ${JSON.stringify(s.slice(0, 80))}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('the check itself finds a planted name', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'neutral-'));
    const f = path.join(dir, 'x.ts');
    fs.writeFileSync(f, "// invention-grants in a comment is fine\nconst a = `data/${x}/invention-grants.json`;\nconst b = 'pct-by-origin';\n");
    expect(strings(f).join('|')).toContain('invention-grants.json');
    expect(strings(f)).toContain('pct-by-origin');
    expect(strings(f).join('|')).not.toContain('in a comment');
    // and the matching the check applies to them finds the names, whole words only
    const words = ['invention-grants', 'pct-by-origin', 'grants'];
    expect(strings(f).flatMap((s) => named(s, words))).toEqual(['invention-grants', 'pct-by-origin']);
    expect(named('WIPO (U.S.)', ['U.S.', 'WIPO'])).toEqual(['U.S.', 'WIPO']);
    expect(named('USA', ['U.S.'])).toEqual([]);
  });
});
