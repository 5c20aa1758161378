/**
 * The unit tier: every `tests/**\/*_test.ts` that is not an interop test,
 * run as one module per core that imports them all. `deno test` pays about
 * 0.3 s of CPU per test module before its first test runs (a fresh isolate,
 * and Deno's bench harness allocating a 10-million-slot array), which on this
 * project's two cores was half the tier's time. Same tests, same permission
 * set (`-P=unit`), same output; the recorded oracles answer from every
 * fixture (`tests/_oracles/recorded.ts`). A single test file still runs on
 * its own: `deno test -P=unit --no-prompt tests/python/repr_test.ts`.
 *
 *   deno task test:unit [deno test options, e.g. --filter repr]
 *
 * @module
 */
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const TESTS = join(ROOT, "tests");

/** The unit test files under `dir`, sorted. */
function unitTestFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      if (entry.name !== "_fixtures") found.push(...unitTestFiles(path));
    } else if (entry.name.endsWith("_test.ts") && !entry.name.endsWith("_interop_test.ts")) {
      found.push(path);
    }
  }
  return found.sort();
}

const files = unitTestFiles(TESTS);
const parts = Math.max(1, Math.min(navigator.hardwareConcurrency, files.length));
const dir = await Deno.makeTempDir({ prefix: "tachyon_unit_tier_" });
try {
  const modules: string[] = [];
  for (let part = 0; part < parts; part++) {
    const module = join(dir, `unit_${part}.ts`);
    const imports = files.filter((_, i) => i % parts === part)
      .map((file) => `import ${JSON.stringify(file)}; // ${relative(ROOT, file)}\n`);
    await Deno.writeTextFile(module, imports.join(""));
    modules.push(module);
  }
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "-P=unit",
      "--no-prompt",
      "--parallel",
      "--config",
      join(ROOT, "deno.json"),
      ...Deno.args,
      ...modules,
    ],
    cwd: ROOT,
    stdin: "null",
  }).spawn().status;
  Deno.exitCode = code;
} finally {
  await Deno.remove(dir, { recursive: true });
}
