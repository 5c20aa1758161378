/**
 * `authorized_key` (ansible.posix's): SSH keys present in or absent from a
 * user's `authorized_keys`, with `exclusive`, `key_options`, `comment`,
 * `manage_dir` (`.ssh` 0700, the file 0600, owned by the user), `follow`,
 * check mode and diff. One exec reads the user and the file; a second
 * writes it, only on change. Keys from URLs are not fetched (no network from
 * the target on tachyon's behalf): such a `key` fails and says so.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { ArgReader } from "./args.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { editKeys, InvalidKeyError } from "./authorized_key_keys.ts";
import { pathInfo, readStat } from "./remote_stat.ts";
import { pyStringRepr } from "../../python/repr.ts";
import type { ModuleResult } from "../types.ts";

/** Arguments of `authorized_key`. */
export interface AuthorizedKeyArgs {
  /** The user whose file it is. */
  user: string;
  /** One key per line. */
  key: string;
  /** Another file than `~user/.ssh/authorized_keys`. */
  path?: string;
  /** Create and fix the key file's directory (default true). */
  manageDir: boolean;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** Options for every key (replacing the key's own). */
  keyOptions?: string;
  /** Remove every other key. */
  exclusive: boolean;
  /** A comment for every key (replacing the key's own). */
  comment?: string;
  /** Accepted (keys are never fetched). */
  validateCerts: boolean;
  /** Write through a symlinked key file instead of replacing the link. */
  follow: boolean;
}

/**
 * Parses `authorized_key`'s arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseAuthorizedKeyArgs } from "./authorized_key.ts";
 * const args = parseAuthorizedKeyArgs({ user: "deploy", key: "ssh-ed25519 AAAA me" });
 * assert.equal(args.manageDir, true);
 * ```
 * @throws {ModuleArgsError} with Ansible's message, or naming a `key` URL
 */
export function parseAuthorizedKeyArgs(
  input: Parameters<ModuleDefinition["parseArgs"]>[0],
): AuthorizedKeyArgs {
  const a = ArgReader.from("authorized_key", input, [
    { name: "user" },
    { name: "key" },
    { name: "path" },
    { name: "manage_dir" },
    { name: "state" },
    { name: "key_options" },
    { name: "exclusive" },
    { name: "comment" },
    { name: "validate_certs" },
    { name: "follow" },
  ]);
  const missing = ["key", "user"].filter((k) => !a.has(k));
  if (missing.length > 0) throw a.error(`missing required arguments: ${missing.join(", ")}`);
  const args: AuthorizedKeyArgs = {
    user: a.requiredString("user"),
    key: a.requiredString("key"),
    path: a.string("path"),
    manageDir: a.bool("manage_dir", true),
    state: a.choice("state", ["absent", "present"] as const, "present"),
    keyOptions: a.string("key_options"),
    exclusive: a.bool("exclusive", false),
    comment: a.string("comment"),
    validateCerts: a.bool("validate_certs", true),
    follow: a.bool("follow", false),
  };
  if (args.key.startsWith("http")) {
    throw a.error(
      `tachyon's authorized_key does not fetch keys from URLs (key: ${args.key}); ` +
        "give the key text itself",
    );
  }
  return args;
}

function dirname(path: string): string {
  const at = path.lastIndexOf("/");
  if (at < 0) return "";
  return path.slice(0, at).replace(/\/+$/, "") || "/";
}

/**
 * The `authorized_key` module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { authorizedKeyModule } from "./authorized_key.ts";
 * const args = authorizedKeyModule.parseArgs({ user: "deploy", key: "ssh-ed25519 AAAA ci" });
 * assert.equal(args.exclusive, false);
 * ```
 */
export const authorizedKeyModule: ModuleDefinition<AuthorizedKeyArgs> = {
  name: "authorized_key",
  fqcn: "ansible.posix.authorized_key",
  supportsCheckMode: true,
  targetPaths: ["path"],
  parseArgs: parseAuthorizedKeyArgs,
  async run(ctx, args) {
    const u = shellQuote(args.user);
    const probe = await runLibraryScript(
      ctx,
      `if _tl=$(getent passwd ${u}); then printf 'PW %s\\n' "$_tl"; fi
${
        args.path !== undefined
          ? `p=${shellQuote(args.path)}`
          : `p=$(getent passwd ${u} | cut -d: -f6)/.ssh/authorized_keys`
      }
printf 'KF %s\\n' "$p"
${args.path !== undefined ? `if [ -e "$p" ]; then _tst S "$p" 0; fi` : ""}
printf 'RP %s\\n' "$(readlink -m -- "$p" 2>/dev/null || printf '%s' "$p")"
if [ -f "$p" ]; then _tenc C "$p"; fi
`,
    );
    const entry = probe.all("PW").map((l) => l.split(":")).find((f) => f[0] === args.user);
    const params: ModuleResult = {
      user: args.user,
      key: args.key,
      path: args.path ?? null,
      manage_dir: args.manageDir,
      state: args.state,
      key_options: args.keyOptions ?? null,
      exclusive: args.exclusive,
      comment: args.comment ?? null,
      validate_certs: args.validateCerts,
      follow: args.follow,
    };
    if (!entry && !(ctx.check && args.path !== undefined)) {
      const msg = ctx.check
        ? "Either user must exist or you must provide full path to key file in check mode"
        : `Failed to lookup user ${args.user}: ${
          pyStringRepr(`getpwnam(): name not found: ${pyStringRepr(args.user)}`)
        }`;
      return { failed: true, changed: false, msg };
    }
    const keyfile = probe.first("KF")!;
    const filename = args.follow ? probe.first("RP")! : keyfile;
    const existing = new TextDecoder().decode(probe.bytes("C") ?? new Uint8Array());
    let edit;
    try {
      edit = editKeys(existing, {
        key: args.key,
        state: args.state,
        keyOptions: args.keyOptions,
        comment: args.comment,
        exclusive: args.exclusive,
      });
    } catch (error) {
      if (!(error instanceof InvalidKeyError)) throw error;
      return { failed: true, changed: false, msg: error.message };
    }
    const result: ModuleResult = { ...params, keyfile, changed: edit.write };
    // AnsibleModule adds the facts of an existing `path` to every result.
    const withPath = (out: typeof probe) =>
      args.path === undefined ? result : { ...result, ...pathInfo(readStat(out, "S")) };
    if (!edit.write) return withPath(probe);
    if (ctx.diff) {
      result.diff = {
        before_header: keyfile,
        after_header: filename,
        before: existing,
        after: edit.text,
      };
    }
    if (ctx.check) return withPath(probe);
    const owner = `${entry![2]}:${entry![3]}`;
    const sshDir = args.path === undefined ? `${entry![5]}/.ssh` : dirname(args.path);
    const f = shellQuote(filename);
    const lines: string[] = [];
    if (args.manageDir) {
      const d = shellQuote(sshDir);
      const failed = (errno: string) =>
        shellQuote(
          `E Failed to create directory ${sshDir} : [Errno ${errno}: ${pyStringRepr(sshDir)}`,
        );
      lines.push(
        `if [ ! -e ${d} ]; then`,
        `  [ -d "$(dirname -- ${d})" ] || { echo ${
          failed("2] No such file or directory")
        }; exit 0; }`,
        `  mkdir -m 0700 -- ${d} 2>/dev/null || { echo ${
          failed("13] Permission denied")
        }; exit 0; }`,
        `fi`,
        `chown ${owner} -- ${d} && chmod 0700 -- ${d} || ` +
          `{ echo 'E cannot set the owner of the key directory'; exit 0; }`,
      );
    }
    lines.push(
      `if [ ! -e ${f} ]; then mkdir -p -- "$(dirname -- ${f})" && : > ${f} || ` +
        `{ printf 'E Failed to write to file %s\\n' ${f}; exit 0; }; fi`,
      `chown ${owner} -- ${f} 2>/dev/null; chmod 0600 -- ${f} 2>/dev/null`,
      `_twrite ${f} || { printf 'E Failed to write to file %s\\n' ${f}; exit 0; }`,
    );
    if (args.path !== undefined) {
      lines.push(`if [ -e ${shellQuote(args.path)} ]; then _tst S ${shellQuote(args.path)} 0; fi`);
    }
    const out = await runLibraryScript(
      ctx,
      lines.join("\n") + "\n",
      new TextEncoder().encode(edit.text),
    );
    const error = out.first("E");
    if (error !== undefined) return { failed: true, changed: false, msg: error };
    return withPath(out);
  },
};
