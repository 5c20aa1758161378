/**
 * How to run this program again, for `start`'s daemon (Deno cannot fork:
 * the daemon is a second process of the same program).
 *
 * - The compiled binary (`Deno.build.standalone`) is `Deno.execPath()`
 *   itself; its permission set is embedded, so the daemon gets exactly the
 *   set the binary has.
 * - From source, it is `deno run -P… --no-prompt --quiet --config
 *   <repo>/deno.json <repo>/main.ts`, both paths found from this module
 *   (`Deno.mainModule` is a test's module under the CLI test session, not
 *   main.ts). Deno does not tell a process which permission set it was given,
 *   so the set is the one of deno.json's named sets this process's grants
 *   match: `dev` when it may read every path (`deno task dev`; also the test
 *   sets, which are broader), `emitter` when it may reach the network, else
 *   the binary's (`-P`, what the tests and `deno run -P main.ts` use).
 *
 * Either way the program is not started directly but through `/bin/sh`
 * (`exec`): the binary's `run` list (`permissions.default`) does not include
 * the binary, whose path is only known once it is installed (the EE puts it
 * in `/usr/local/bin`, a user anywhere), and adding it would not narrow
 * anything: `/bin/sh` is in that list already, and a shell can run any
 * program. So the permission set does not grow.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/**
 * The argv that runs this program with `args` (program first).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selfCommand } from "./daemon_self.ts";
 *
 * const argv = selfCommand(["--version"]);
 * assert.equal(argv[0], Deno.execPath());
 * assert.equal(argv.at(-1), "--version");
 * ```
 */
export function selfCommand(args: readonly string[]): string[] {
  if (Deno.build.standalone) return [Deno.execPath(), ...args];
  return [
    Deno.execPath(),
    "run",
    sourcePermissionFlag(),
    "--no-prompt",
    "--quiet",
    "--config",
    fileURLToPath(new URL("../../deno.json", import.meta.url)),
    fileURLToPath(new URL("../../main.ts", import.meta.url)),
    ...args,
  ];
}

/**
 * The `-P` flag of the named permission set (deno.json) that this process,
 * run from source, has: `-P=dev`, `-P=emitter` or `-P` (the binary's).
 *
 * @example
 * ```ts
 * import { sourcePermissionFlag } from "./daemon_self.ts";
 *
 * sourcePermissionFlag(); // "-P" under `deno run -P main.ts`
 * ```
 */
export function sourcePermissionFlag(): string {
  const granted = (descriptor: Deno.PermissionDescriptor) =>
    Deno.permissions.querySync(descriptor).state === "granted";
  if (granted({ name: "read" })) return "-P=dev";
  if (granted({ name: "net" })) return "-P=emitter";
  return "-P";
}
