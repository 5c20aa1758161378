/**
 * Test support: a copy of the repository's build inputs with another build
 * policy (`tachyon.policy.json`) or permission set, as an image builder would
 * edit them before `deno task compile`. Run it with `runTachyon(args, { root })`.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "./worker_process.ts";

/** What the copy changes. */
export interface RepoCopyOptions {
  /** The `tachyon.policy.json` to write (a JSON value). */
  policy?: Record<string, unknown>;
  /** Paths added to `permissions.default.run`. */
  extraRun?: string[];
}

const BUILD_INPUTS = ["main.ts", "mod.ts", "deno.json", "deno.lock", "src", "automation"];

/**
 * Copies the build inputs into `dir` (made if missing) and applies `options`;
 * returns `dir`.
 *
 * @example
 * ```ts
 * const root = await repoCopy(join(tmp, "repo"), { policy: { playbook_mode: "default-automation" } });
 * const out = await runTachyon(["worker"], { root, stdin });
 * ```
 */
export async function repoCopy(dir: string, options: RepoCopyOptions = {}): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  for (const name of BUILD_INPUTS) await copyTree(join(ROOT, name), join(dir, name));
  const policy = options.policy ??
    JSON.parse(await Deno.readTextFile(join(ROOT, "tachyon.policy.json")));
  await Deno.writeTextFile(join(dir, "tachyon.policy.json"), JSON.stringify(policy, null, 2));
  if (options.extraRun?.length) {
    const config = JSON.parse(await Deno.readTextFile(join(dir, "deno.json")));
    config.permissions.default.run.push(...options.extraRun);
    await Deno.writeTextFile(join(dir, "deno.json"), JSON.stringify(config, null, 2));
  }
  return dir;
}

async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from);
  if (!info.isDirectory) {
    await Deno.copyFile(from, to);
    return;
  }
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copyTree(join(from, entry.name), join(to, entry.name));
  }
}
