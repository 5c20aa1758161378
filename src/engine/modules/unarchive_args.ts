/**
 * The arguments of `unarchive`, read with Ansible's names, aliases, defaults
 * and messages (its action plugin's and its module's checks). Arguments
 * tachyon does not implement fail here, each naming itself.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import { type ModeSpec, parseMode } from "./file_mode.ts";
import type { ModuleArgsInput } from "./module.ts";

/** Arguments of `unarchive`, normalized. */
export interface UnarchiveArgs {
  /** The archive: a controller file, or with `remoteSrc` a path (or URL) on the host. */
  src: string;
  /** An existing directory on the host to unpack into. */
  dest: string;
  /** `src` is on the host (`remote_src`, or `copy: false`). */
  remoteSrc: boolean;
  /** Skip when this path exists on the host. */
  creates?: string;
  /** Return the archive's entries as `files`. */
  listFiles: boolean;
  /** Leave files that are newer on the host than in the archive. */
  keepNewer: boolean;
  /** Entries not to unpack (shell patterns). */
  exclude: string[];
  /** Only these entries (shell patterns). */
  include: string[];
  /** More options for `tar` / `unzip`, one word each. */
  extraOpts: string[];
  /** Check the certificate of an `https` URL (`curl -k` when false). */
  validateCerts: boolean;
  /** Decrypt a vault-encrypted controller file (not supported: such a file fails). */
  decrypt: boolean;
  /** Mode of every unpacked path. */
  mode?: ModeSpec;
  /** Owner of every unpacked path. */
  owner?: string;
  /** Group of every unpacked path. */
  group?: string;
}

/** Every parameter Ansible's `unarchive` accepts (with its file-common ones). */
const PARAMS = [
  { name: "src" },
  { name: "dest" },
  { name: "remote_src" },
  { name: "copy" },
  { name: "creates" },
  { name: "list_files" },
  { name: "keep_newer" },
  { name: "exclude" },
  { name: "include" },
  { name: "extra_opts" },
  { name: "validate_certs" },
  { name: "io_buffer_size" },
  { name: "decrypt" },
  { name: "mode" },
  { name: "owner" },
  { name: "group" },
  { name: "unsafe_writes" },
  { name: "attributes", aliases: ["attr"] },
  { name: "selevel" },
  { name: "serole" },
  { name: "setype" },
  { name: "seuser" },
] as const;

/** Accepted by Ansible but not implemented by tachyon: named when given. */
const UNSUPPORTED = ["attributes", "selevel", "serole", "setype", "seuser"] as const;

/**
 * Reads `unarchive`'s arguments; throws `ModuleArgsError` with Ansible's
 * text (`src (or content) and dest are required`, `parameters are mutually
 * exclusive: include|exclude`, …).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseUnarchiveArgs } from "./unarchive_args.ts";
 * const args = parseUnarchiveArgs({ src: "app.tar.gz", dest: "/srv/app", exclude: "a,b" });
 * assert.deepEqual(args.exclude, ["a", "b"]);
 * assert.equal(args.remoteSrc, false);
 * ```
 */
export function parseUnarchiveArgs(input: ModuleArgsInput): UnarchiveArgs {
  const a = ArgReader.from("unarchive", input, PARAMS);
  if (a.has("copy") && a.has("remote_src")) {
    throw a.error("parameters are mutually exclusive: ('copy', 'remote_src')");
  }
  if (!a.has("src") || !a.has("dest")) throw a.error("src (or content) and dest are required");
  a.exclusive("include", "exclude");
  for (const name of UNSUPPORTED) {
    if (a.has(name)) throw a.error(`${name} is not supported by tachyon's unarchive yet`);
  }
  a.number("io_buffer_size", 65536);
  a.bool("unsafe_writes", false);
  const remoteSrc = a.has("copy") ? !a.bool("copy", true) : a.bool("remote_src", false);
  return {
    src: a.requiredString("src"),
    dest: a.requiredString("dest"),
    remoteSrc,
    creates: a.string("creates") || undefined,
    listFiles: a.bool("list_files", false),
    keepNewer: a.bool("keep_newer", false),
    exclude: a.list("exclude") ?? [],
    include: a.list("include") ?? [],
    extraOpts: a.list("extra_opts") ?? [],
    validateCerts: a.bool("validate_certs", true),
    decrypt: a.bool("decrypt", true),
    mode: parseMode("unarchive", a.values.mode),
    owner: a.string("owner"),
    group: a.string("group"),
  };
}
