/**
 * The layering of ../shared/design.md, checked on the source: the kernel imports nothing of ours
 * outside it, the client knows nothing of the CLI, printers see only message types, and no
 * module imports itself back through others.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'generated' ? [] : files(p);
    return n.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of each module (static and dynamic), as paths below src/. */
const graph = new Map<string, { static: string[]; all: string[] }>();
for (const f of files(src)) {
  const text = readFileSync(f, 'utf8');
  const rel = (spec: string): string => path.relative(src, path.resolve(path.dirname(f), spec)).replace(/\.js$/, '.ts');
  const stat = [...text.matchAll(/^(?:import|export)[^'";]*?from\s+'(\.[^']+)'/gms)].map((m) => rel(m[1]!));
  const dyn = [...text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => rel(m[1]!));
  graph.set(path.relative(src, f), { static: stat, all: [...stat, ...dyn] });
}

const layer = (p: string): string => p.split(path.sep)[0]!;

describe('architecture', () => {
  it('finds the modules', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('core/errors.ts')).toBeDefined();
    expect(graph.get('cli/program.ts')!.static).toContain('commands/index.ts');
    expect(graph.get('cli/context.ts')!.all).toContain('output/printer.ts');
  });

  it.each([
    ['core', ['core']],
    ['client', ['client', 'core']],
    ['output', ['output', 'core', 'client/types.ts', 'client/wire.ts', 'client/generated', 'transfer/jsonl.ts']],
  ])('%s imports only from %j', (from, allowed) => {
    const bad: string[] = [];
    for (const [file, deps] of graph) {
      if (layer(file) !== from) continue;
      for (const d of deps.all) if (!allowed.some((a) => d === a || d.startsWith(`${a}/`) || d.startsWith(a))) bad.push(`${file} → ${d}`);
    }
    expect(bad).toEqual([]);
  });

  it('nothing below commands/ is imported by the layers under it', () => {
    const bad: string[] = [];
    for (const [file, deps] of graph) {
      if (['core', 'client', 'output', 'etcd', 'formats'].includes(layer(file))) {
        for (const d of deps.all) if (layer(d) === 'commands' || d === 'main.ts') bad.push(`${file} → ${d}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no cycle of static imports', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (n: string): void => {
      state.set(n, 'open');
      stack.push(n);
      for (const d of graph.get(n)?.static ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(n, 'done');
    };
    for (const n of graph.keys()) if (!state.has(n)) visit(n);
    expect(cycles).toEqual([]);
  });
});
