/**
 * `user`'s arguments: Ansible 2.14's names, aliases, defaults and checks,
 * plus `int`/`float` readers with Ansible's conversion messages (shared with
 * `group`). Arguments that only matter on other platforms (`hidden`,
 * `login_class`, `profile`, `authorization`, `role`) are accepted and
 * ignored, as Ansible ignores them on Linux; those tachyon cannot honour yet
 * (`seuser`, `local`, `ssh_key_passphrase`) fail by name.
 *
 * @module
 */
import { ArgReader } from "./args.ts";
import type { ModuleArgsInput } from "./module.ts";
import type { SshKeySpec } from "./user_ssh_key.ts";

/** Parsed arguments of `user`. */
export interface UserArgs {
  /** The login name (alias `user`). */
  name: string;
  /** `present` (default) or `absent`. */
  state: "present" | "absent";
  /** Wanted uid. */
  uid?: number;
  /** Allow a non-unique uid (`-o`). */
  nonUnique: boolean;
  /** Primary group (a name or a gid). */
  group?: string;
  /** Supplementary groups, comma-joined (`""`: none); undefined when not given. */
  groups?: string;
  /** Add `groups` to the current ones instead of replacing them. */
  append: boolean;
  /** The GECOS field. */
  comment?: string;
  /** Home directory. */
  home?: string;
  /** Move the home directory's content when `home` changes. */
  moveHome: boolean;
  /** Create the home directory (alias `createhome`; default true). */
  createHome: boolean;
  /** Skeleton directory for a new home. */
  skeleton?: string;
  /** `UMASK` for the new home. */
  umask?: string;
  /** Login shell. */
  shell?: string;
  /** A system account (`-r`), only when the user is created. */
  system: boolean;
  /** The crypted password hash (never logged). */
  password?: string;
  /** `always` (default) or `on_create`. */
  updatePassword: "always" | "on_create";
  /** Lock (`true`) or unlock (`false`) the password. */
  passwordLock?: boolean;
  /** Account expiry, seconds since the epoch (negative: never). */
  expires?: number;
  /** `chage -M`. */
  passwordExpireMax?: number;
  /** `chage -m`. */
  passwordExpireMin?: number;
  /** `userdel -f`. */
  force: boolean;
  /** `userdel -r`. */
  remove: boolean;
  /** The key to generate (`generate_ssh_key`), if any. */
  sshKey?: SshKeySpec;
  /** Ansible's warnings about the arguments. */
  warnings: string[];
}

/** Every parameter of Ansible 2.14's `user`, with its aliases. */
const SPECS = [
  { name: "name", aliases: ["user"] },
  { name: "state" },
  { name: "uid" },
  { name: "non_unique" },
  { name: "group" },
  { name: "groups" },
  { name: "comment" },
  { name: "home" },
  { name: "shell" },
  { name: "password" },
  { name: "login_class" },
  { name: "password_expire_max" },
  { name: "password_expire_min" },
  { name: "hidden" },
  { name: "seuser" },
  { name: "force" },
  { name: "remove" },
  { name: "create_home", aliases: ["createhome"] },
  { name: "skeleton" },
  { name: "system" },
  { name: "move_home" },
  { name: "append" },
  { name: "generate_ssh_key" },
  { name: "ssh_key_bits" },
  { name: "ssh_key_type" },
  { name: "ssh_key_file" },
  { name: "ssh_key_comment" },
  { name: "ssh_key_passphrase" },
  { name: "update_password" },
  { name: "expires" },
  { name: "password_lock" },
  { name: "local" },
  { name: "profile" },
  { name: "authorization" },
  { name: "role" },
  { name: "umask" },
];

/** Characters a crypt hash's last field never has (Ansible's `_HASH_RE`). */
const NOT_HASH = /[^a-zA-Z0-9./=]/;

/**
 * Parses `user`'s arguments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseUserArgs } from "./user_args.ts";
 * const args = parseUserArgs({ name: "deploy", groups: "adm,sudo", append: true });
 * assert.equal(args.groups, "adm,sudo");
 * assert.equal(args.createHome, true);
 * ```
 * @throws {ModuleArgsError} with Ansible's message
 */
export function parseUserArgs(input: ModuleArgsInput): UserArgs {
  const a = ArgReader.from("user", input, SPECS);
  const name = a.requiredString("name");
  if (a.has("seuser")) throw a.error("tachyon's user module does not support 'seuser' yet");
  if (a.bool("local", false)) {
    throw a.error("tachyon's user module does not support 'local' (luseradd) yet");
  }
  const sshKey: SshKeySpec = {
    type: a.string("ssh_key_type") ?? "rsa",
    bits: intArg(a, "ssh_key_bits") ?? 0,
    file: a.string("ssh_key_file"),
    comment: a.string("ssh_key_comment"),
    force: a.bool("force", false),
  };
  const generateSshKey = a.bool("generate_ssh_key", false);
  if (generateSshKey && a.has("ssh_key_passphrase")) {
    throw a.error(
      "tachyon's user module does not support 'ssh_key_passphrase' yet " +
        "(ssh-keygen would need it on a terminal or in its argv)",
    );
  }
  const groups = a.has("groups") ? a.list("groups")!.join(",") : undefined;
  const args: UserArgs = {
    name,
    state: a.choice("state", ["absent", "present"] as const, "present"),
    uid: intArg(a, "uid"),
    nonUnique: a.bool("non_unique", false),
    group: a.string("group"),
    groups,
    append: a.bool("append", false),
    comment: a.string("comment"),
    home: a.string("home"),
    moveHome: a.bool("move_home", false),
    createHome: a.bool("create_home", true),
    skeleton: a.string("skeleton"),
    umask: a.string("umask"),
    shell: a.string("shell"),
    system: a.bool("system", false),
    password: a.string("password"),
    updatePassword: a.choice("update_password", ["always", "on_create"] as const, "always"),
    passwordLock: a.has("password_lock") ? a.bool("password_lock", false) : undefined,
    expires: floatArg(a, "expires"),
    passwordExpireMax: intArg(a, "password_expire_max"),
    passwordExpireMin: intArg(a, "password_expire_min"),
    force: a.bool("force", false),
    remove: a.bool("remove", false),
    sshKey: generateSshKey ? sshKey : undefined,
    warnings: [],
  };
  for (const key of ["hidden"]) if (a.has(key)) a.bool(key, false);
  if (args.groups === undefined && args.append) {
    args.warnings.push(
      "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups." +
        "This will change to an error in Ansible 2.14.",
    );
  }
  if (args.password && !plausibleHash(args.password)) {
    args.warnings.push(
      "The input password appears not to have been hashed. " +
        "The 'password' argument must be encrypted for this module to work properly.",
    );
  }
  return args;
}

/**
 * Ansible's `check_password_encrypted`: whether `password` looks like a
 * crypt hash (or one of the values that disable an account).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { plausibleHash } from "./user_args.ts";
 * assert.equal(plausibleHash("!"), true);
 * assert.equal(plausibleHash("hunter2"), false);
 * ```
 */
export function plausibleHash(password: string): boolean {
  if (["*", "!", "*************"].includes(password)) return true;
  if ([":", "*", "!"].some((c) => password.includes(c))) return false;
  if (!password.includes("$")) return false;
  const fields = password.split("$");
  if (fields.length < 3) return false;
  const last = fields[fields.length - 1];
  if (NOT_HASH.test(last)) return false;
  const lengths: Record<string, number> = { "1": 22, "5": 43, "6": 86 };
  const wanted = lengths[fields[1]];
  return wanted === undefined || last.length === wanted;
}

/**
 * An `int` parameter, converted as Ansible's `check_type_int` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ArgReader } from "./args.ts";
 * import { intArg } from "./user_args.ts";
 * assert.equal(intArg(new ArgReader("group", { gid: "1042" }), "gid"), 1042);
 * ```
 * @throws {ModuleArgsError} `argument 'gid' is of type <class 'str'> and we were unable to convert to int: …`
 */
export function intArg(a: ArgReader, name: string): number | undefined {
  const v = a.values[name];
  if (v === undefined) return undefined;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && /^\s*[+-]?\d+(_\d+)*\s*$/.test(v)) {
    return Number(v.replaceAll("_", "").trim());
  }
  const type = pythonType(v);
  throw a.error(
    `argument '${name}' is of type ${type} and we were unable to convert to int: ` +
      `${type} cannot be converted to an int`,
  );
}

/**
 * A `float` parameter, converted as Ansible's `check_type_float` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ArgReader } from "./args.ts";
 * import { floatArg } from "./user_args.ts";
 * assert.equal(floatArg(new ArgReader("user", { expires: "1.5e9" }), "expires"), 1.5e9);
 * ```
 * @throws {ModuleArgsError} `argument 'expires' is of type <class 'str'> and we were unable to convert to float: …`
 */
export function floatArg(a: ArgReader, name: string): number | undefined {
  const v = a.values[name];
  if (v === undefined) return undefined;
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    const text = v.trim().replaceAll("_", "");
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  }
  const type = pythonType(v);
  throw a.error(
    `argument '${name}' is of type ${type} and we were unable to convert to float: ` +
      `${type} cannot be converted to a float`,
  );
}

function pythonType(v: unknown): string {
  if (typeof v === "string") return "<class 'str'>";
  if (typeof v === "number") return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (typeof v === "boolean") return "<class 'bool'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}
