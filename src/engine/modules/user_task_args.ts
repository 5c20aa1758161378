/**
 * The typed task arguments of `user` (types only; `task_args.ts` maps the
 * module name to them).
 *
 * @module
 */

import type { OneOf } from "./file_task_args.ts";

/**
 * `user`: a local account present or absent.
 *
 * @example
 * ```ts
 * import type { UserTaskArgs } from "./user_task_args.ts";
 * const args: UserTaskArgs = { name: "deploy", groups: ["adm"], append: true, shell: "/bin/bash" };
 * ```
 */
export type UserTaskArgs = OneOf<"name" | "user", string> & {
  /** `present` (default) or `absent`. */
  state?: "present" | "absent";
  /** Its uid. */
  uid?: number;
  /** Allow a uid another user has. */
  non_unique?: boolean;
  /** Primary group (a name or a gid). */
  group?: string;
  /** Supplementary groups (a list, or a comma-separated string; empty: none). */
  groups?: string | readonly string[];
  /** Add `groups` to the current ones instead of replacing them. */
  append?: boolean;
  /** The GECOS field. */
  comment?: string;
  /** Home directory. */
  home?: string;
  /** Move the old home's content when `home` changes. */
  move_home?: boolean;
  /** Create the home directory (default true). */
  create_home?: boolean;
  /** The same as `create_home`. */
  createhome?: boolean;
  /** Skeleton directory for a new home. */
  skeleton?: string;
  /** `UMASK` used to create a new home. */
  umask?: string;
  /** Login shell. */
  shell?: string;
  /** A system account, when created. */
  system?: boolean;
  /** A crypted password hash (`$6$…`); never logged. */
  password?: string;
  /** `always` (default) or `on_create`. */
  update_password?: "always" | "on_create";
  /** Lock (`true`) or unlock (`false`) the password. */
  password_lock?: boolean;
  /** Account expiry in seconds since the epoch (negative: never). */
  expires?: number;
  /** Maximum days between password changes. */
  password_expire_max?: number;
  /** Minimum days between password changes. */
  password_expire_min?: number;
  /** With `state: absent`: `userdel --force`; with `generate_ssh_key`: overwrite the key. */
  force?: boolean;
  /** With `state: absent`: also remove the home directory and mail spool. */
  remove?: boolean;
  /** Generate an SSH key pair for the user (without a passphrase); kept if one exists unless `force`. */
  generate_ssh_key?: boolean;
  /** Key size (default: ssh-keygen's). */
  ssh_key_bits?: number;
  /** Key type (default `rsa`). */
  ssh_key_type?: string;
  /** Key file, absolute or relative to the home (default `.ssh/id_<type>`). */
  ssh_key_file?: string;
  /** Key comment (default `ansible-generated on <hostname>`). */
  ssh_key_comment?: string;
  /** Not supported by tachyon yet with `generate_ssh_key` (fails naming it: it would need a terminal or an argv). */
  ssh_key_passphrase?: string;
  /** Not supported by tachyon yet (fails naming it). */
  seuser?: string;
  /** Not supported by tachyon yet (fails naming it). */
  local?: boolean;
  /** Ignored on Linux, as in Ansible (Solaris only). */
  profile?: string;
  /** Ignored on Linux, as in Ansible (Solaris only). */
  authorization?: string;
  /** Ignored on Linux, as in Ansible (Solaris only). */
  role?: string;
  /** Ignored on Linux, as in Ansible (macOS only). */
  hidden?: boolean;
  /** Ignored on Linux, as in Ansible (BSD only). */
  login_class?: string;
};
