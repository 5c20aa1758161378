/**
 * Fails when the project's own modules import each other in a cycle.
 *
 * It asks Deno for the module graph of each entrypoint (`deno info --json`:
 * static, dynamic and type-only imports alike), keeps the project's files,
 * finds the strongly connected components (Tarjan) and prints one cycle of
 * each, e.g. `src/cli/dispatch.ts → src/cli/worker_command.ts →
 * src/cli/dispatch.ts`. Exit code 0 when there is none, 1 otherwise.
 *
 * ```sh
 * deno run --allow-read --allow-run --allow-env scripts/check_cycles.ts [entrypoint …]
 * ```
 *
 * Default entrypoints: `main.ts` and `mod.ts`.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

const ROOT = join(dirname(fromFileUrl(import.meta.url)), "..");

interface InfoModule {
  specifier: string;
  dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
}

/**
 * The project's import graph: file → the project files it imports.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { importGraph } from "./check_cycles.ts";
 *
 * const graph = await importGraph(["main.ts"]);
 * assert.ok(graph.get("main.ts")?.has("src/cli/dispatch.ts"));
 * ```
 */
export async function importGraph(
  entrypoints: readonly string[],
): Promise<Map<string, Set<string>>> {
  const graph = new Map<string, Set<string>>();
  const own = (specifier: string | undefined) =>
    specifier?.startsWith("file://") && !relative(ROOT, fromFileUrl(specifier)).startsWith("..")
      ? relative(ROOT, fromFileUrl(specifier))
      : undefined;
  for (const entry of entrypoints) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", entry],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(`deno info ${entry} failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    const info = JSON.parse(new TextDecoder().decode(out.stdout)) as { modules: InfoModule[] };
    for (const module of info.modules) {
      const from = own(module.specifier);
      if (from === undefined) continue;
      const edges = graph.get(from) ?? new Set<string>();
      graph.set(from, edges);
      for (const dependency of module.dependencies ?? []) {
        for (const target of [dependency.code?.specifier, dependency.type?.specifier]) {
          const to = own(target);
          if (to !== undefined) edges.add(to);
        }
      }
    }
  }
  return graph;
}

/**
 * One cycle (first file repeated at the end) for every strongly connected
 * component of `graph` that has one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findCycles } from "./check_cycles.ts";
 *
 * const graph = new Map([["a", new Set(["b"])], ["b", new Set(["a", "c"])], ["c", new Set<string>()]]);
 * assert.deepEqual(findCycles(graph), [["a", "b", "a"]]);
 * ```
 */
export function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleWithin(graph, new Set(component)));
}

/** A shortest cycle through the component's first file (in sorted order). */
function cycleWithin(graph: ReadonlyMap<string, ReadonlySet<string>>, members: Set<string>) {
  const start = [...members].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return [...path, start];
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

if (import.meta.main) {
  const entrypoints = Deno.args.length > 0 ? Deno.args : ["main.ts", "mod.ts"];
  const cycles = findCycles(await importGraph(entrypoints));
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(" → ")}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s) among the project's modules`);
    Deno.exit(1);
  }
  console.log(`no import cycle (${entrypoints.join(", ")})`);
}
