import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Folder → the folders its (non-test) files import, read from the sources. */
function folderImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(path)) {
        const folder = relative(root, dir).split(sep)[0] ?? '';
        if (folder === '') continue; // the entry points only re-export
        const targets = edges.get(folder) ?? new Set<string>();
        for (const match of readFileSync(path, 'utf8').matchAll(/from '\.\.\/([a-z-]+)\//g)) targets.add(match[1]!);
        edges.set(folder, targets);
      }
    }
  };
  walk(root);
  return edges;
}

/** A cycle of the folder graph, or undefined. */
function findCycle(edges: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe("core's folders", () => {
  it('import one another without a cycle', () => {
    const edges = folderImports();
    expect(edges.size).toBeGreaterThan(5);
    expect(findCycle(edges), 'a cycle between folders of @derand/core').toBeUndefined();
  });

  it('the check finds a cycle when there is one', () => {
    expect(findCycle(new Map([['optim', new Set(['certificate'])], ['certificate', new Set(['optim'])]]))).toEqual(['optim', 'certificate', 'optim']);
  });
});
