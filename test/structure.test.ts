import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { expect } from 'chai';
import { fromRoot } from '../src/paths.js';
import { sourceFiles } from './helpers/sourceFiles.js';

/**
 * The two rules that keep the tree's layout true (README, "How it is built"):
 * no import circles, and domain code that knows nothing of the Bot Framework.
 * Imports are read as text: every `from '…'`, `import '…'` and `import('…')`, type-only
 * ones included, since a type circle is a design circle too.
 */

const ROOTS = ['src', 'dialogs'];
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;


const files = ROOTS.flatMap((root) => sourceFiles(fromRoot(root)));
const rel = (path: string): string => relative(fromRoot('.'), path);

/** Each file's imports: relative ones resolved to files, packages by name. */
const imports = new Map<string, { local: string[]; packages: string[] }>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1]!;
    if (spec.startsWith('.')) local.push(resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
    else packages.push(spec);
  }
  imports.set(file, { local, packages });
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function circles(): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of imports.get(v)?.local ?? []) {
      if (!imports.has(w)) continue;
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1 || (imports.get(v)?.local ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const file of files) if (!indexOf.has(file)) visit(file);
  return found;
}

const isSdk = (spec: string): boolean => /^(botbuilder|botframework-)/.test(spec);

describe('the house plan', () => {
  it('has files to check (the rules below cannot pass on an empty tree)', () => {
    expect(files.length).to.be.greaterThan(100);
    expect([...imports.values()].some((i) => i.packages.includes('botbuilder'))).to.equal(true);
  });

  it('has no import circles', () => {
    expect(circles()).to.deep.equal([]);
  });

  it('domain code imports nothing from the Bot Framework, nor from the layers that do', () => {
    const domain = fromRoot('src/domain');
    const outer = ['src/botframework', 'src/turn', 'src/replies', 'src/hosting', 'src/features', 'dialogs'].map((d) => fromRoot(d));
    const problems: string[] = [];
    for (const [file, { local, packages }] of imports) {
      if (!file.startsWith(domain)) continue;
      for (const spec of packages.filter(isSdk)) problems.push(`${rel(file)} imports ${spec}`);
      for (const target of local) if (outer.some((d) => target.startsWith(d))) problems.push(`${rel(file)} imports ${rel(target)}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it("the SDK's internals (deep package paths) are reached only from src/botframework/", () => {
    const door = fromRoot('src/botframework');
    const problems: string[] = [];
    for (const [file, { packages }] of imports) {
      if (file.startsWith(door)) continue;
      for (const spec of packages) if (isSdk(spec) && spec.includes('/lib/')) problems.push(`${rel(file)} imports ${spec}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('every dialog lives in dialogs/', () => {
    const problems: string[] = [];
    for (const file of files) {
      if (file.startsWith(fromRoot('dialogs'))) continue;
      const text = readFileSync(file, 'utf8');
      if (/class\s+\w+\s+extends\s+(ComponentDialog|Dialog|WaterfallDialog|Prompt)\b/.test(text)) problems.push(rel(file));
    }
    expect(problems).to.deep.equal([]);
  });
});
