/**
 * The typed task arguments of `unarchive` (types only; `task_args.ts` maps
 * the module name to them). Left out on purpose (rejected at run time as
 * not supported yet): `attributes`/`attr` and the SELinux ones.
 *
 * @module
 */
import type { FileAttributes } from "./file_task_args.ts";

/**
 * `unarchive`: a tar or zip archive unpacked into an existing directory.
 *
 * @example
 * ```ts
 * import type { UnarchiveTaskArgs } from "./unarchive_task_args.ts";
 * const args: UnarchiveTaskArgs = {
 *   src: "app-1.2.tar.gz", dest: "/opt/app", owner: "app", exclude: ["docs/*"],
 * };
 * ```
 */
export type UnarchiveTaskArgs = FileAttributes & {
  /** The archive: a controller file (under the project or its `files/`), or with `remote_src` a path or URL on the host. */
  src: string;
  /** An existing directory on the host. */
  dest: string;
  /** `src` is on the host already (or a URL the host downloads with curl). */
  remote_src?: boolean;
  /** The opposite of `remote_src` (deprecated by Ansible). */
  copy?: boolean;
  /** Skip when this path exists on the host. */
  creates?: string;
  /** Return the archive's entries as `files`. */
  list_files?: boolean;
  /** Leave files that are newer on the host than in the archive. */
  keep_newer?: boolean;
  /** Entries not to unpack (shell patterns); not with `include`. */
  exclude?: string | readonly string[];
  /** Only these entries (shell patterns); not with `exclude`. */
  include?: string | readonly string[];
  /** More options for `tar` or `unzip`, one word per element. */
  extra_opts?: string | readonly string[];
  /** Check the certificate of an `https` URL (default true). */
  validate_certs?: boolean;
  /** Accepted (Ansible's read buffer size). */
  io_buffer_size?: number;
  /** Accepted (vault-encrypted archives are not decrypted). */
  decrypt?: boolean;
  /** Accepted and ignored, as by Ansible's unarchive. */
  unsafe_writes?: boolean;
};
