/**
 * `slurp`: reads a file from the host, base64-encoded.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";

/** Arguments of `slurp`. */
export interface SlurpArgs {
  /** The file to read (`src`, alias `path`). */
  src: string;
}

const MESSAGES: Record<string, string> = {
  missing: "file not found",
  dir: "source is a directory and must be a file",
  unreadable: "file is not readable",
};

/**
 * The `slurp` module: `{ content, encoding: "base64", source }`, in one exec.
 *
 * @example
 * ```ts
 * const r = await play.task("slurp", { src: "/etc/hostname" });
 * ```
 */
export const slurpModule: ModuleDefinition<SlurpArgs> = {
  name: "slurp",
  fqcn: "ansible.builtin.slurp",
  supportsCheckMode: true,
  targetPaths: ["src"],
  parseArgs(input) {
    const a = ArgReader.from("slurp", input, [{ name: "src", aliases: ["path"] }]);
    return { src: a.requiredString("src") };
  },
  async run(ctx, args) {
    const p = shellQuote(args.src);
    const out = await runLibraryScript(
      ctx,
      `p=${p}
if [ ! -e "$p" ]; then echo 'E missing'
elif [ -d "$p" ]; then echo 'E dir'
elif [ ! -r "$p" ]; then echo 'E unreadable'
else _tdata "$p"; fi
`,
    );
    const error = out.first("E");
    if (error !== undefined || !out.data) {
      return {
        changed: false,
        failed: true,
        msg: `${MESSAGES[error ?? ""] ?? "cannot read file"}: ${args.src}`,
      };
    }
    return {
      changed: false,
      content: Buffer.from(out.data).toString("base64"),
      encoding: "base64",
      source: args.src,
    };
  },
};
