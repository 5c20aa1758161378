/**
 * `fetch`: copies a file from the host to the controller, inside the
 * private data dir; the content travels only when its checksum differs.
 *
 * @module
 */
import { basename, dirname, join, normalize } from "node:path";
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { checksumOf, md5Hex, posixCksum, sha1Hex } from "./checksum.ts";
import { ControllerFileError, privateDataPath } from "./controller_files.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";

/** Arguments of `fetch`. */
export interface FetchArgs {
  /** The file on the host. */
  src: string;
  /** Controller-side destination (relative to the project dir; inside the private data dir). */
  dest: string;
  /** Write to `dest` itself (or `dest/<basename>` when it ends with `/`), not `dest/<host>/<src>`. */
  flat: boolean;
  /** Fail when `src` is missing (default true). */
  failOnMissing: boolean;
  /** Compare the written file's checksum with the host's (default true). */
  validateChecksum: boolean;
}

const MESSAGES: Record<string, string> = {
  missing: "the remote file does not exist, not transferring, ignored",
  unreadable: "no read permission on remote file, not transferring, ignored",
  dir: "remote file is a directory, fetch cannot work on directories",
};

/**
 * The `fetch` module: `{ changed, checksum, dest, md5sum, remote_checksum,
 * remote_md5sum }`. In check mode it reports whether the file would change
 * and writes nothing (Ansible 2.14 skips fetch in check mode).
 *
 * @example
 * ```ts
 * await play.task("fetch", { src: "/etc/os-release", dest: "fetched/" });
 * ```
 */
export const fetchModule: ModuleDefinition<FetchArgs> = {
  name: "fetch",
  fqcn: "ansible.builtin.fetch",
  supportsCheckMode: true,
  parseArgs(input) {
    const a = ArgReader.from("fetch", input, [
      { name: "src" },
      { name: "dest" },
      { name: "flat" },
      { name: "fail_on_missing" },
      { name: "validate_checksum" },
    ]);
    if (!a.has("src") || !a.has("dest")) throw a.error("src and dest are required");
    return {
      src: a.requiredString("src"),
      dest: a.requiredString("dest"),
      flat: a.bool("flat", false),
      failOnMissing: a.bool("fail_on_missing", true),
      validateChecksum: a.bool("validate_checksum", true),
    };
  },
  async run(ctx, args) {
    let dest: string;
    if (args.flat) {
      dest = args.dest.endsWith("/") ? join(args.dest, basename(args.src)) : args.dest;
    } else {
      dest = join(args.dest, ctx.host, normalize("/" + args.src));
    }
    try {
      dest = await privateDataPath(ctx.controller, dest);
    } catch (error) {
      if (error instanceof ControllerFileError) {
        return { changed: false, failed: true, msg: error.message };
      }
      throw error;
    }
    let local: Uint8Array | undefined;
    try {
      local = await Deno.readFile(dest);
    } catch {
      local = undefined;
    }
    const sums = local === undefined
      ? "''"
      : [`H sha1 ${sha1Hex(local)}`, `H md5 ${md5Hex(local)}`, `H cksum ${posixCksum(local)}`]
        .map(shellQuote).join("|");
    const out = await runLibraryScript(
      ctx,
      `p=${shellQuote(args.src)}
if [ ! -e "$p" ]; then echo 'E missing'; exit 0; fi
if [ -d "$p" ]; then echo 'E dir'; exit 0; fi
if [ ! -r "$p" ]; then echo 'E unreadable'; exit 0; fi
h=$(_tsum H "$p"); printf '%s\\n' "$h"
case "$h" in ${sums}) echo 'SAME'; exit 0;; esac
[ ${ctx.check ? 1 : 0} = 1 ] || _tdata "$p"
`,
    );
    const error = out.first("E");
    if (error !== undefined) {
      if (error === "missing" && !args.failOnMissing) {
        return { changed: false, file: args.src, msg: MESSAGES.missing };
      }
      return { changed: false, failed: true, msg: MESSAGES[error] ?? error };
    }
    if (out.first("SAME") !== undefined) {
      return {
        changed: false,
        checksum: sha1Hex(local!),
        dest,
        file: args.src,
        md5sum: md5Hex(local!),
      };
    }
    const remoteSum = out.checksum("H");
    const remoteSha1 = remoteSum?.algorithm === "sha1" ? remoteSum.value : undefined;
    if (ctx.check) return { changed: true, dest, remote_checksum: remoteSha1 ?? null };
    const data = out.data ?? new Uint8Array();
    const checksum = sha1Hex(data);
    const remote = remoteSha1 ?? checksum;
    const valid = !remoteSum || remoteSum.value === checksumOf(remoteSum.algorithm, data);
    if (args.validateChecksum && !valid) {
      return {
        changed: false,
        failed: true,
        msg: "checksum mismatch",
        file: args.src,
        dest,
        checksum,
        remote_checksum: remote,
      };
    }
    await Deno.mkdir(dirname(dest), { recursive: true });
    await Deno.writeFile(dest, data);
    return {
      changed: true,
      checksum,
      dest,
      md5sum: md5Hex(data),
      remote_checksum: remote,
      remote_md5sum: null,
    };
  },
};
