/**
 * `script`: sends a controller-side script through the exec's stdin and
 * runs it on the host, in one exec (with its `creates`/`removes` check).
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { ControllerFileError, readControllerFile } from "./controller_files.ts";
import { shellQuote } from "../connection/connection.ts";
import { parseKeyValue } from "../key_value.ts";
import { execResult } from "./exec_result.ts";

/** Arguments of `script`. */
export interface ScriptArgs {
  /** The script (absolute, or under the project dir / its `files/`). */
  path: string;
  /** The rest of the command line, passed to the host's shell as is. */
  args: string;
  /** Skip when this path exists on the host. */
  creates?: string;
  /** Skip unless this path exists on the host. */
  removes?: string;
  /** Directory to run in on the host. */
  chdir?: string;
  /** Interpreter to run the script with (`EXECUTABLE SCRIPT ARGS`). */
  executable?: string;
}

const KNOWN = ["creates", "removes", "chdir", "executable"];

function freeForm(text: string): Record<string, unknown> {
  const { params, raw } = parseKeyValue(text);
  const kept: Record<string, unknown> = {};
  const extra: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (KNOWN.includes(k)) kept[k] = v;
    else extra.push(`${k}=${shellQuote(v)}`);
  }
  return { ...kept, _raw_params: [raw, ...extra].filter((s) => s !== "").join(" ") };
}

/**
 * The `script` module: `{ rc, stdout, stderr, stdout_lines, stderr_lines,
 * changed: true }`. Check mode skips it, as Ansible does.
 *
 * @example
 * ```ts
 * await play.task("script", "scripts/bootstrap.sh --fast creates=/etc/bootstrapped");
 * ```
 */
export const scriptModule: ModuleDefinition<ScriptArgs> = {
  name: "script",
  fqcn: "ansible.builtin.script",
  supportsCheckMode: true,
  parseArgs(input) {
    const a = ArgReader.from(
      "script",
      input,
      [{ name: "_raw_params" }, { name: "cmd" }, ...KNOWN.map((name) => ({ name }))],
      freeForm,
    );
    const line = (a.string("_raw_params") ?? a.string("cmd") ?? "").trim();
    if (line === "") throw a.error("script requires a path to the script");
    const sp = line.search(/\s/);
    return {
      path: sp < 0 ? line : line.slice(0, sp),
      args: sp < 0 ? "" : line.slice(sp + 1).trim(),
      creates: a.string("creates"),
      removes: a.string("removes"),
      chdir: a.string("chdir"),
      executable: a.string("executable"),
    };
  },
  async run(ctx, args) {
    if (ctx.check) {
      return { changed: false, skipped: true, msg: "Check mode is not supported for this task." };
    }
    let data: Uint8Array;
    try {
      data = (await readControllerFile(ctx.controller, args.path)).data;
    } catch (error) {
      if (error instanceof ControllerFileError) {
        return { changed: false, failed: true, msg: error.message };
      }
      throw error;
    }
    const skip = `__TACHYON_SKIP_${crypto.randomUUID()}__`;
    const lines: string[] = [];
    if (args.creates !== undefined) {
      lines.push(`if [ -e ${shellQuote(args.creates)} ]; then printf '%s' '${skip}c'; exit 0; fi`);
    }
    if (args.removes !== undefined) {
      lines.push(
        `if [ ! -e ${shellQuote(args.removes)} ]; then printf '%s' '${skip}r'; exit 0; fi`,
      );
    }
    lines.push(
      `t=$(mktemp "\${TMPDIR:-/tmp}/.tachyon-script.XXXXXX" 2>/dev/null) || ` +
        `t="\${TMPDIR:-/tmp}/.tachyon-script.$$"`,
      `cat > "$t" && chmod 700 "$t" || { rm -f -- "$t"; echo 'cannot stage the script' >&2; exit 1; }`,
    );
    if (args.chdir !== undefined) {
      lines.push(`cd ${shellQuote(args.chdir)} || { rm -f -- "$t"; exit 1; }`);
    }
    const run = args.executable !== undefined ? `${shellQuote(args.executable)} "$t"` : `"$t"`;
    lines.push(`${run} ${args.args} </dev/null`, `rc=$?`, `rm -f -- "$t"`, `exit $rc`);
    const connection = await ctx.connection();
    const { rc, stdout, stderr } = await connection.exec(lines.join("\n"), {
      stdin: data,
      signal: ctx.signal,
    });
    if (stdout === `${skip}c`) {
      return {
        changed: false,
        skipped: true,
        msg: `${args.creates} exists, matching creates option`,
      };
    }
    if (stdout === `${skip}r`) {
      return {
        changed: false,
        skipped: true,
        msg: `${args.removes} does not exist, matching removes option`,
      };
    }
    return execResult({ rc, stdout, stderr });
  },
};
