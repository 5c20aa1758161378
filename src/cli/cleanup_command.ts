/**
 * `ansible-runner worker cleanup …`: the options of the reference's
 * `cleanup.add_cleanup_args`, parsed by argparse's rules, then the cleanup
 * (`cleanup.ts`).
 *
 * @module
 */
import type { ArgParserSpec } from "../worker/argparse.ts";
import { parseKnownArgs } from "../worker/argparse.ts";
import { type CliCommand, type PreparedCommand, printing } from "./command.ts";
import { CLEANUP_HELP, CLEANUP_USAGE, PROGRAM } from "./usage.ts";

/** Default `--grace-period`, in minutes (the reference's `GRACE_PERIOD_DEFAULT`). */
const GRACE_PERIOD_DEFAULT = 60;

/**
 * The parser of `worker cleanup`, as `cleanup.add_cleanup_args` builds it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLEANUP_PARSER } from "./cleanup_command.ts";
 *
 * assert.equal(CLEANUP_PARSER.prog, "ansible-runner worker cleanup");
 * ```
 */
export const CLEANUP_PARSER: ArgParserSpec = {
  prog: `${PROGRAM} worker cleanup`,
  usage: CLEANUP_USAGE,
  options: [
    { flags: ["-h", "--help"], dest: "help", action: "exit" },
    { flags: ["--file-pattern"], dest: "file_pattern" },
    { flags: ["--exclude-strings"], dest: "exclude_strings", nargs: "*" },
    { flags: ["--remove-images"], dest: "remove_images", nargs: "*" },
    { flags: ["--grace-period"], dest: "grace_period", type: "int" },
    { flags: ["--image-prune"], dest: "image_prune", action: "store_true" },
    { flags: ["--process-isolation-executable"], dest: "process_isolation_executable" },
  ],
};

/**
 * `worker cleanup`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CLEANUP_COMMAND } from "./cleanup_command.ts";
 *
 * const prepared = await CLEANUP_COMMAND.prepare(["--grace-period=0", "extra"]);
 * assert.deepEqual(prepared.extras, ["extra"]);
 * ```
 */
export const CLEANUP_COMMAND: CliCommand = {
  prepare(argv: readonly string[]): Promise<PreparedCommand> {
    const parsed = parseKnownArgs(argv, CLEANUP_PARSER);
    if (parsed.exit === "help") return Promise.resolve(printing(CLEANUP_HELP));
    // Receptor passes `--exclude-strings="a b"` as one word: several strings.
    const words = (dest: string) =>
      parsed.strings(dest).flatMap((v) => v.split(/\s+/)).filter((v) => v !== "");
    return Promise.resolve({
      extras: parsed.extras,
      run: async () => {
        const { runCleanup } = await import("./cleanup.ts");
        return await runCleanup({
          pattern: parsed.string("file_pattern") ?? "",
          excludes: words("exclude_strings"),
          images: words("remove_images"),
          graceMinutes: parsed.number("grace_period") ?? GRACE_PERIOD_DEFAULT,
          prune: parsed.flag("image_prune"),
          runtime: parsed.string("process_isolation_executable") ?? "podman",
        });
      },
    });
  },
};
