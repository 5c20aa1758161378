/**
 * `user`: a local account present (uid, groups, home, shell, password,
 * expiry, lock) or absent, through the target's `useradd`/`usermod`/
 * `userdel`, as Ansible 2.14 does on Linux: the same commands, results,
 * check mode, missing-home repair and `chage` for password ageing. One exec
 * reads the account database; a second runs the plan and reads it again.
 * The password hash travels on stdin to `chpasswd -e`, never in an argv,
 * and the result says `NOT_LOGGING_PASSWORD`.
 *
 * @module
 */
import type { ModuleDefinition } from "./module.ts";
import { runLibraryScript, shellQuote } from "./remote_sh.ts";
import { parseUserArgs, type UserArgs } from "./user_args.ts";
import { type AccountSnapshot, accountsScript, readAccounts } from "./user_accounts.ts";
import { addOutputs, commandScript, readCommand, SBIN_PATH } from "./user_command.ts";
import { planCreate, planModify, planRemove, type UserCommand } from "./user_plan.ts";
import { readSshKey, sshKeyScript } from "./user_ssh_key.ts";
import type { ModuleResult } from "../types.ts";

export type { UserArgs } from "./user_args.ts";

/** The groups a task names (looked up by the probe besides the full list). */
function namedGroups(args: UserArgs): string[] {
  const names = [args.name, ...(args.group === undefined ? [] : [args.group])];
  for (const g of (args.groups ?? "").split(",")) if (g.trim()) names.push(g.trim());
  return [...new Set(names)];
}

/**
 * The sh of Ansible's `create_homedir` for the path in `$_th`: a copy of the
 * skeleton (or an empty dir), mode from `/etc/login.defs`'s `UMASK`.
 */
function createHomeScript(skeleton: string | undefined): string {
  const skel = shellQuote(skeleton ?? "/etc/skel");
  return `if [ ! -e "$_th" ]; then
  if [ -e ${skel} ]; then mkdir -p -- "$(dirname -- "$_th")" && cp -RPp -- ${skel} "$_th"
  else mkdir -p -- "$_th"; fi || { printf 'E cannot create %s\\n' "$_th"; exit 0; }
  _tu=$(sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs 2>/dev/null | tail -n 1)
  if [ -n "$_tu" ]; then chmod "$(printf '%o' $((0777 & ~0$_tu)))" "$_th"; fi
fi`;
}

/** The sh of Ansible's `chown_homedir` for `$_th`, to the user's uid and gid. */
function chownHomeScript(name: string): string {
  return `_tpw=$(getent passwd ${shellQuote(name)}) && ` +
    `chown -R "$(echo "$_tpw" | cut -d: -f3):$(echo "$_tpw" | cut -d: -f4)" -- "$_th"`;
}

/** The sh that runs `command` (the password through chpasswd's stdin, read from ours). */
function runScript(args: UserArgs, command: UserCommand, homeParentMissing: boolean): string {
  const lines = ["_trc=0"];
  if (homeParentMissing) {
    lines.push(`_th=${shellQuote(args.home!)}`, createHomeScript(args.skeleton));
  }
  if (command.argv) lines.push(commandScript("C", command.argv));
  if (command.password !== undefined) {
    lines.push(
      `if [ "$_trc" = 0 ]; then`,
      commandScript("P", ["chpasswd", "-e"], "<&0"),
      `fi`,
    );
  }
  if (homeParentMissing) {
    lines.push(`if [ "$_trc" = 0 ]; then ${chownHomeScript(args.name)}; fi`);
  }
  return lines.join("\n") + "\n";
}

/** The sh run after the command: repair a missing home, password ageing. */
function afterScript(args: UserArgs): string {
  const n = shellQuote(args.name);
  const lines = [`if getent passwd ${n} >/dev/null; then :`];
  if (args.createHome) {
    lines.push(
      args.home !== undefined
        ? `_th=${shellQuote(args.home)}`
        : `_th=$(getent passwd ${n} | cut -d: -f6)`,
      `if [ ! -e "$_th" ]; then`,
      createHomeScript(args.skeleton),
      chownHomeScript(args.name),
      `echo 'HC 1'`,
      `fi`,
    );
  }
  if (args.sshKey) lines.push(sshKeyScript(args.name, args.sshKey, false));
  if (args.passwordExpireMin !== undefined || args.passwordExpireMax !== undefined) {
    lines.push(`_tsp=$(getent shadow ${n}) && {`, `_tch=`);
    if (args.passwordExpireMin !== undefined) {
      const v = String(args.passwordExpireMin);
      lines.push(
        `_tv=$(echo "$_tsp" | cut -d: -f4); [ "\${_tv:--1}" = ${v} ] || _tch="$_tch -m ${v}"`,
      );
    }
    if (args.passwordExpireMax !== undefined) {
      const v = String(args.passwordExpireMax);
      lines.push(
        `_tv=$(echo "$_tsp" | cut -d: -f5); [ "\${_tv:--1}" = ${v} ] || _tch="$_tch -M ${v}"`,
      );
    }
    lines.push(
      `if [ -n "$_tch" ]; then`,
      // _tch holds only the options built above (numbers): split on purpose.
      `_to=$(mktemp) && _te=$(mktemp) && { chage $_tch ${n} </dev/null >"$_to" 2>"$_te"; ` +
        `printf 'XR %s\\n' "$?"; _tenc XO "$_to"; _tenc XE "$_te"; rm -f -- "$_to" "$_te"; }`,
      `fi`,
      `}`,
    );
  }
  lines.push(`fi`);
  return lines.join("\n") + "\n";
}

/** `user_info`'s keys of a result. */
function infoKeys(snap: AccountSnapshot, args: UserArgs): ModuleResult {
  const u = snap.user!;
  const keys: ModuleResult = {
    uid: u.uid,
    group: u.gid,
    comment: u.comment,
    home: u.home,
    shell: u.shell,
  };
  if (args.groups !== undefined) keys.groups = args.groups;
  return keys;
}

/** In check mode: what the after-script would change (home, ageing). */
function predictedAfter(args: UserArgs, snap: AccountSnapshot, homeExists: boolean): boolean {
  if (!snap.user) return false;
  if (args.createHome && !homeExists) return true;
  const sh = snap.shadow;
  if (!sh) return false;
  return (args.passwordExpireMin !== undefined && args.passwordExpireMin !== sh.min) ||
    (args.passwordExpireMax !== undefined && args.passwordExpireMax !== sh.max);
}

/**
 * The `user` module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { userModule } from "./user.ts";
 * const args = userModule.parseArgs({ name: "deploy", groups: ["adm"], append: true });
 * assert.equal(args.groups, "adm");
 * ```
 */
export const userModule: ModuleDefinition<UserArgs> = {
  name: "user",
  fqcn: "ansible.builtin.user",
  supportsCheckMode: true,
  targetPaths: ["home", "sshKey.file"],
  parseArgs: parseUserArgs,
  async run(ctx, args) {
    const warnings = args.warnings.length > 0 ? { warnings: [...args.warnings] } : {};
    const homeTest = args.home !== undefined
      ? `_th=${shellQuote(args.home)}`
      : `_th=$(getent passwd ${shellQuote(args.name)} | cut -d: -f6)`;
    const probe = await runLibraryScript(
      ctx,
      accountsScript(args.name, namedGroups(args)) +
        `${homeTest}\nif [ -n "$_th" ] && [ -e "$_th" ]; then echo 'HX 1'; fi\n` +
        (args.home !== undefined ? `if [ -d "$(dirname -- "$_th")" ]; then echo 'HP 1'; fi\n` : ""),
    );
    const snap = readAccounts(probe, args.name);
    const base: ModuleResult = { name: args.name, state: args.state };
    let plan;
    let creating = false;
    if (args.state === "absent") {
      if (!snap.user) return { ...base, changed: false, ...warnings };
      if (ctx.check) return { changed: true, ...warnings };
      plan = planRemove(args);
    } else if (!snap.user) {
      if (ctx.check) return { changed: true, ...warnings };
      plan = planCreate(args, snap);
      creating = true;
    } else {
      plan = planModify(args, snap);
    }
    if (plan.failure !== undefined) return { failed: true, msg: plan.failure, ...warnings };

    const extra: ModuleResult = args.state === "absent"
      ? { force: args.force, remove: args.remove }
      : creating
      ? { system: args.system, create_home: args.createHome }
      : { append: args.append, move_home: args.moveHome };
    if (ctx.check) {
      let changed = plan.command !== undefined ||
        predictedAfter(args, snap, probe.first("HX") !== undefined);
      const result: ModuleResult = { ...base, ...extra, ...infoKeys(snap, args) };
      if (args.password !== undefined) result.password = "NOT_LOGGING_PASSWORD";
      const keyWarnings: string[] = [];
      if (args.state === "present" && args.sshKey) {
        const key = readSshKey(
          await runLibraryScript(ctx, sshKeyScript(args.name, args.sshKey, true)),
        );
        keyWarnings.push(...key.warnings);
        if (key.changed) changed = true;
        Object.assign(result, key.keys);
      }
      const all = [...args.warnings, ...keyWarnings];
      return { ...result, changed, ...(all.length > 0 ? { warnings: all } : {}) };
    }

    const homeParentMissing = creating && args.home !== undefined && args.createHome &&
      probe.first("HP") === undefined;
    const script = SBIN_PATH +
      (plan.command ? runScript(args, plan.command, homeParentMissing) : "_trc=0\n") +
      (args.state === "present"
        ? `if [ "$_trc" = 0 ]; then\n${afterScript(args)}${accountsScript(args.name, [], "A")}fi\n`
        : "");
    const stdin = plan.command?.password === undefined
      ? undefined
      : new TextEncoder().encode(`${args.name}:${plan.command.password}\n`);
    const out = await runLibraryScript(ctx, script, stdin);
    const error = out.first("E");
    if (error !== undefined) return { failed: true, msg: error, ...warnings };
    const ran = readCommand(out, "C");
    if (ran && ran.rc !== 0) {
      return { failed: true, name: args.name, msg: ran.stderr, rc: ran.rc, ...warnings };
    }
    const chpasswd = readCommand(out, "P");
    if (chpasswd && chpasswd.rc !== 0) {
      return { failed: true, name: args.name, msg: chpasswd.stderr, rc: chpasswd.rc, ...warnings };
    }
    const result: ModuleResult = { ...base, ...extra };
    if (args.state === "present" && args.password !== undefined) {
      result.password = "NOT_LOGGING_PASSWORD";
    }
    result.changed = plan.command !== undefined;
    if (ran) addOutputs(result, ran);
    if (args.state === "present") {
      const after = readAccounts(out, args.name, "A");
      if (!after.user) {
        return { ...result, failed: true, msg: `failed to look up user name: ${args.name}` };
      }
      Object.assign(result, infoKeys(after, args));
      if (out.first("HC") !== undefined) result.changed = true;
      if (args.sshKey) {
        const key = readSshKey(out);
        const all = [...args.warnings, ...key.warnings];
        const keyWarnings = all.length > 0 ? { warnings: all } : {};
        if (key.failure !== undefined) {
          return { failed: true, name: args.name, msg: key.failure, rc: key.rc, ...keyWarnings };
        }
        if (key.changed) result.changed = true;
        Object.assign(result, key.keys, keyWarnings);
      }
      const chage = readCommand(out, "X");
      if (chage) {
        if (chage.rc !== 0) {
          return { failed: true, name: args.name, msg: chage.stderr, rc: chage.rc, ...warnings };
        }
        result.changed = true;
      }
    }
    return { ...warnings, ...result };
  },
};
