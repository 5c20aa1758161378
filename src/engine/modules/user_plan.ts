/**
 * What `user` must run, decided from the account snapshot exactly as
 * Ansible 2.14's `create_user_useradd`, `modify_user_usermod` and
 * `remove_user_userdel` decide it (option by option, in their order). Pure:
 * the module runs the plan. The password hash never goes into an argv: it
 * is set afterwards through `chpasswd -e` on stdin.
 *
 * @module
 */
import type { UserArgs } from "./user_args.ts";
import { type AccountSnapshot, findGroup } from "./user_accounts.ts";

/** The tool run for one task. */
export interface UserCommand {
  /** `useradd …`, `usermod …` or `userdel …`; undefined when only the password changes. */
  readonly argv?: readonly string[];
  /** The shadow field to set (`!`-prefixed to lock), never in an argv. */
  readonly password?: string;
}

/**
 * A plan, or the failure Ansible reports before running anything.
 *
 * @example
 * ```ts
 * const plan: UserPlan = { command: { argv: ["userdel", "deploy"] } };
 * ```
 */
export type UserPlan =
  | { readonly command?: UserCommand; readonly failure?: undefined }
  | { readonly failure: string; readonly command?: undefined };

/**
 * `time.strftime('%Y-%m-%d', time.gmtime(seconds))`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { expiryDate } from "./user_plan.ts";
 * assert.equal(expiryDate(1893456000), "2030-01-01");
 * ```
 */
export function expiryDate(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 10);
}

/** Ansible's `get_groups_set`: the named groups, failing on a missing one. */
function groupsSet(
  args: UserArgs,
  snap: AccountSnapshot,
  removePrimary: boolean,
): string[] | string {
  const names = [...new Set((args.groups ?? "").split(",").filter((x) => x).map((x) => x.trim()))];
  for (const g of [...names]) {
    const info = findGroup(snap, g);
    if (!info) return `Group ${g} does not exist`;
    if (removePrimary && snap.user && info.gid === snap.user.gid) names.splice(names.indexOf(g), 1);
  }
  return names;
}

/**
 * `useradd`'s argv for a new user (`homeParentMissing`: the home's parent
 * directory does not exist, so the module makes the home first).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planCreate } from "./user_plan.ts";
 * import { parseUserArgs } from "./user_args.ts";
 * const plan = planCreate(parseUserArgs({ name: "deploy", shell: "/bin/bash" }), { groups: [], lookups: new Map() });
 * assert.deepEqual(plan.command?.argv, ["useradd", "-s", "/bin/bash", "-m", "deploy"]);
 * ```
 */
export function planCreate(args: UserArgs, snap: AccountSnapshot): UserPlan {
  const argv = ["useradd"];
  if (args.uid !== undefined) {
    argv.push("-u", String(args.uid));
    if (args.nonUnique) argv.push("-o");
  }
  if (args.group !== undefined) {
    if (!findGroup(snap, args.group)) return { failure: `Group ${args.group} does not exist` };
    argv.push("-g", args.group);
  } else if (findGroup(snap, args.name)) {
    argv.push("-N");
  }
  if (args.groups !== undefined && args.groups.length > 0) {
    const groups = groupsSet(args, snap, true);
    if (typeof groups === "string") return { failure: groups };
    argv.push("-G", groups.join(","));
  }
  if (args.comment !== undefined) argv.push("-c", args.comment);
  if (args.home !== undefined) argv.push("-d", args.home);
  if (args.shell !== undefined) argv.push("-s", args.shell);
  if (args.expires !== undefined) {
    argv.push("-e", Math.floor(args.expires) < 0 ? "" : expiryDate(args.expires));
  }
  if (args.createHome) {
    argv.push("-m");
    if (args.skeleton !== undefined) argv.push("-k", args.skeleton);
    if (args.umask !== undefined) argv.push("-K", `UMASK=${args.umask}`);
  } else {
    argv.push("-M");
  }
  if (args.system) argv.push("-r");
  argv.push(args.name);
  const password = args.password === undefined
    ? undefined
    : (args.passwordLock ? `!${args.password}` : args.password);
  return { command: { argv, password } };
}

/**
 * `usermod`'s argv (and the password to set) for an existing user; no
 * command when nothing differs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planModify } from "./user_plan.ts";
 * import { parseUserArgs } from "./user_args.ts";
 * const user = { name: "deploy", password: "x", uid: 1001, gid: 1001, comment: "", home: "/home/deploy", shell: "/bin/sh" };
 * const plan = planModify(parseUserArgs({ name: "deploy", shell: "/bin/bash" }), { user, groups: [], lookups: new Map() });
 * assert.deepEqual(plan.command?.argv, ["usermod", "-s", "/bin/bash", "deploy"]);
 * ```
 */
export function planModify(args: UserArgs, snap: AccountSnapshot): UserPlan {
  const info = snap.user!;
  const currentPassword = info.password.length <= 1 ? (snap.shadow?.password ?? "") : info.password;
  let options: string[] = [];
  if (args.uid !== undefined && info.uid !== args.uid) {
    options.push("-u", String(args.uid));
    if (args.nonUnique) options.push("-o");
  }
  if (args.group !== undefined) {
    const group = findGroup(snap, args.group);
    if (!group) return { failure: `Group ${args.group} does not exist` };
    if (info.gid !== group.gid) options.push("-g", String(group.gid));
  }
  if (args.groups !== undefined) {
    const current = snap.groups.filter((g) => g.members.includes(args.name)).map((g) => g.name);
    let needed = false;
    let groups: string[] = [];
    if (args.groups === "") {
      needed = current.length > 0 && !args.append;
    } else {
      const set = groupsSet(args, snap, false);
      if (typeof set === "string") return { failure: set };
      groups = set;
      const diff = [
        ...current.filter((g) => !groups.includes(g)),
        ...groups.filter((g) => !current.includes(g)),
      ];
      if (diff.length > 0) {
        if (args.append) {
          if (groups.some((g) => diff.includes(g))) {
            options.push("-a");
            needed = true;
          }
        } else {
          needed = true;
        }
      }
    }
    if (needed) options.push("-G", groups.join(","));
  }
  if (args.comment !== undefined && info.comment !== args.comment) options.push("-c", args.comment);
  if (args.home !== undefined && info.home !== args.home) {
    options.push("-d", args.home);
    if (args.moveHome) options.push("-m");
  }
  if (args.shell !== undefined && info.shell !== args.shell) options.push("-s", args.shell);
  if (args.expires !== undefined) {
    const current = snap.shadow?.expire ?? -1;
    if (Math.floor(args.expires) < 0) {
      if (current >= 0) options.push("-e", "");
    } else if (current < 0 || expiryDate(current * 86400) !== expiryDate(args.expires)) {
      options.push("-e", expiryDate(args.expires));
    }
  }
  if (args.passwordLock === true && !currentPassword.startsWith("!")) options.push("-L");
  else if (args.passwordLock === false && currentPassword.startsWith("!")) options.push("-U");
  let password: string | undefined;
  if (
    args.updatePassword === "always" && args.password !== undefined &&
    stripBangs(currentPassword) !== stripBangs(args.password)
  ) {
    options = options.filter((o) => o !== "-U" && o !== "-L");
    password = args.passwordLock ? `!${args.password}` : args.password;
  }
  if (options.length === 0 && password === undefined) return {};
  return {
    command: {
      argv: options.length > 0 ? ["usermod", ...options, args.name] : undefined,
      password,
    },
  };
}

/**
 * `userdel`'s argv.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { planRemove } from "./user_plan.ts";
 * import { parseUserArgs } from "./user_args.ts";
 * const plan = planRemove(parseUserArgs({ name: "deploy", state: "absent", remove: true }));
 * assert.deepEqual(plan.command?.argv, ["userdel", "-r", "deploy"]);
 * ```
 */
export function planRemove(args: UserArgs): UserPlan {
  const argv = ["userdel"];
  if (args.force) argv.push("-f");
  if (args.remove) argv.push("-r");
  argv.push(args.name);
  return { command: { argv } };
}

function stripBangs(text: string): string {
  return text.replace(/^!+/, "");
}
