/**
 * Lists the files whose documentation the `doc:test` and `doc:lint` gates
 * check, one path per line, relative to the project root and sorted.
 *
 * The entry points are `mod.ts` and every `src/**\/mod.ts`. `deno test --doc`
 * only runs the examples of the files it is given, so by default the list
 * also holds every project file an entry point re-exports from (`export …
 * from "./x.ts"`): each export's example then runs. `deno doc --lint`
 * follows the exports itself, so it takes the entry points alone
 * (`--entries`).
 *
 * ```sh
 * deno run --allow-read scripts/doc_files.ts [--entries]
 * ```
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";

const ROOT = join(dirname(fromFileUrl(import.meta.url)), "..");

/** `mod.ts` and every `src/**\/mod.ts`, relative to the project root. */
function entryPoints(): string[] {
  const found = ["mod.ts"];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(join(ROOT, dir))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (entry.isFile && entry.name === "mod.ts") found.push(path);
    }
  };
  walk("src");
  return found;
}

const RE_EXPORT = /^export\s[^;]*?\sfrom\s+"(\.\.?\/[^"]+)"/gm;

/** The project files `entry` re-exports from. */
function reExported(entry: string): string[] {
  const text = Deno.readTextFileSync(join(ROOT, entry));
  return [...text.matchAll(RE_EXPORT)].map((m) => relative(ROOT, join(ROOT, dirname(entry), m[1])));
}

if (import.meta.main) {
  const entries = entryPoints();
  const files = new Set(entries);
  if (!Deno.args.includes("--entries")) {
    for (const entry of entries) for (const file of reExported(entry)) files.add(file);
  }
  console.log([...files].sort().join("\n"));
}
