/**
 * `deno task compile` really builds the binary: with DENORT_BIN pointing at
 * this deno (no runtime download here), compile embeds the whole module graph
 * and the permission set; a missing static import or a bad flag fails here.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, run, tempDir } from "./_support/worker_process.ts";

Deno.test("deno task compile embeds main.ts, every automation and the permission set", async () => {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const task: string = config.tasks.compile;
  assert.match(task, /^deno compile -P -o dist\/tachyon main\.ts$/);
  const tmp = await tempDir();
  try {
    const output = join(tmp.path, "tachyon");
    const args = task.split(" ").slice(1).map((a) => a === "dist/tachyon" ? output : a);
    const out = await run(Deno.execPath(), args, {
      cwd: ROOT,
      env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
    });
    const listing = new TextDecoder().decode(out.stdout) + out.stderr;
    assert.equal(out.code, 0, listing);
    assert.match(listing, /Embedded Files/);
    // Loaded lazily (dynamic import), yet embedded: YAML inventories work in the binary.
    assert.match(listing, /node_modules\/localhost\/yaml\/2\.9\.1/);
    const binary = await Deno.readFile(output);
    const text = new TextDecoder("latin1").decode(binary);
    const graph = await run(Deno.execPath(), ["info", "--json", "main.ts"], { cwd: ROOT });
    const modules = runtimeModules(JSON.parse(new TextDecoder().decode(graph.stdout)));
    for (const entry of Deno.readDirSync(join(ROOT, "automation"))) {
      if (!entry.name.endsWith(".ts")) continue;
      assert.ok(
        modules.some((m) => m.endsWith(`/automation/${entry.name}`)),
        `automation/${entry.name} is statically imported`,
      );
    }
    assert.ok(modules.length > 20, `module graph: ${modules.length} local modules`);
    for (const specifier of modules) {
      const name = specifier.slice(specifier.lastIndexOf("/") + 1);
      assert.ok(text.includes(`{"n":${JSON.stringify(name)}`), `${specifier} is embedded`);
    }
    for (const path of config.permissions.default.read as string[]) {
      assert.ok(text.includes(JSON.stringify(path)), `permission ${path} recorded in the binary`);
    }
    for (const program of config.permissions.default.run as string[]) {
      assert.ok(text.includes(JSON.stringify(program)), `run permission ${program} recorded`);
    }
  } finally {
    await tmp.remove();
  }
});

interface GraphModule {
  specifier: string;
  dependencies?: { code?: { specifier: string } }[];
}

/** Local modules reachable from the root through runtime (not type-only) imports. */
function runtimeModules(graph: { roots: string[]; modules: GraphModule[] }): string[] {
  const bySpecifier = new Map(graph.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const queue = [...graph.roots];
  while (queue.length > 0) {
    const specifier = queue.pop()!;
    if (seen.has(specifier) || !specifier.startsWith("file://")) continue;
    seen.add(specifier);
    for (const dep of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dep.code) queue.push(dep.code.specifier);
    }
  }
  return [...seen];
}
